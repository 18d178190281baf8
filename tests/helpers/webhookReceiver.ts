import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { NotificationPayload } from '../../shared/workshop/notificationApi'

/** A real HTTP receiver on loopback: records every request and answers with scripted statuses. */
export interface Receiver {
  url: string
  requests: { at: number; headers: http.IncomingHttpHeaders; body: NotificationPayload }[]
  /** Statuses of the next answers, in order; 200 once empty. */
  statuses: number[]
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const requests: Receiver['requests'] = []
  const statuses: number[] = []
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      requests.push({
        at: performance.now(),
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as NotificationPayload,
      })
      response.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' })
      response.end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/secretpath`,
    requests,
    statuses,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
