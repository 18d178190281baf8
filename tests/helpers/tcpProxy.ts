/**
 * A loopback TCP proxy in front of a test server that can turn the connections it carries into
 * half-open ones: `blackhole()` stops forwarding in both directions without closing anything, as
 * when a laptop changes networks. Connections made afterwards are forwarded normally, unless the
 * network is `setDown(true)`: then new connections are held open and silent too (as when packets
 * go nowhere), until `setDown(false)`.
 */
import net from 'node:net'
import type { AddressInfo } from 'node:net'

/** A running proxy. */
export interface TcpProxy {
  /** `http://127.0.0.1:<port>` of the proxy. */
  url: string
  /** Stops forwarding on every connection open now; neither side is told. */
  blackhole(): void
  /** The network drops (every connection, and new ones, go silent) or comes back. */
  setDown(isDown: boolean): void
  /** Destroys every connection and stops listening. */
  close(): Promise<void>
}

/** Starts a proxy to `target` (`http://host:port`). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target)
  const pairs = new Set<[net.Socket, net.Socket]>()
  const held: net.Socket[] = []
  let isDown = false
  const server = net.createServer((client) => {
    if (isDown) {
      client.on('data', () => undefined)
      client.on('error', () => undefined)
      held.push(client)
      return
    }
    const upstream = net.connect(Number(port), hostname)
    const pair: [net.Socket, net.Socket] = [client, upstream]
    pairs.add(pair)
    client.pipe(upstream)
    upstream.pipe(client)
    const drop = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', drop)
    upstream.on('error', drop)
    client.on('close', drop)
    upstream.on('close', drop)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const proxy: TcpProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setDown(down) {
      isDown = down
      if (down) proxy.blackhole()
    },
    blackhole() {
      for (const pair of pairs) {
        const [client, upstream] = pair
        client.unpipe(upstream)
        upstream.unpipe(client)
        // Read and discard, so neither side sees backpressure or an end.
        client.removeAllListeners('close')
        upstream.removeAllListeners('close')
        client.on('data', () => undefined)
        upstream.on('data', () => undefined)
        held.push(client, upstream)
      }
      pairs.clear()
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy()
        upstream.destroy()
      }
      for (const socket of held.splice(0)) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return proxy
}
