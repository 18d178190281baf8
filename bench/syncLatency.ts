/**
 * Fan-out latency: one client moves a shape, every other client in the room waits to see the
 * move. The same Node clients run against our server and against the y-websocket@2 reference
 * server, each server in its own process, in the same run.
 */
import { performance } from 'node:perf_hooks'
import { geoShape } from '../tests/helpers/records'
import { allSynced, connectBenchClient, putRecord, type BenchClient } from './lib/clients'
import type { BenchServer } from './lib/servers'
import { summarize, type Summary } from './lib/stats'

export interface LatencyResult {
  clients: number
  summary: Summary
}

/**
 * Measures `rounds` moves of one shape with `clientCount` clients in one room, spread in turn over
 * `syncUrls` (several nodes of a cluster; the writer is on the first), by default all on `server`.
 */
export async function measureFanOut(
  server: Pick<BenchServer, 'createRoom' | 'syncUrl'>,
  clientCount: number,
  rounds: number,
  syncUrls: readonly string[] = [server.syncUrl],
): Promise<LatencyResult> {
  const roomId = await server.createRoom()
  const clients: BenchClient[] = []
  for (let i = 0; i < clientCount; i++) {
    clients.push(connectBenchClient(syncUrls[i % syncUrls.length]!, roomId))
  }
  try {
    await allSynced(clients)
    const [writer, ...readers] = clients as [BenchClient, ...BenchClient[]]
    const shapeId = 'shape:bench'
    const samples: number[] = []
    for (let round = 0; round <= rounds; round++) {
      const seen = readers.map(
        (reader) =>
          new Promise<number>((resolve) => {
            const onChange = () => {
              if ((reader.records.get(shapeId) as { x?: number } | undefined)?.x !== round) return
              reader.records.off('change', onChange)
              resolve(performance.now())
            }
            reader.records.on('change', onChange)
          }),
      )
      const sentAt = performance.now()
      putRecord(writer, geoShape('bench', round, 0))
      const receivedAt = await Promise.all(seen)
      // Round 0 creates the shape and warms up both sides; it is not measured.
      if (round > 0) samples.push(...receivedAt.map((at) => at - sentAt))
    }
    return { clients: clientCount, summary: summarize(samples) }
  } finally {
    for (const client of clients) client.destroy()
  }
}
