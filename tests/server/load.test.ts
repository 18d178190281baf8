/**
 * The short version of `npm run bench -- load`: 100 clients in 10 rooms move cards and cursors for
 * 8 seconds against the real server process; afterwards every room has converged (zero
 * divergence, also with what the server stored), nobody was closed, and the server is still up.
 * The numbers are printed, not asserted: the machine is shared.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { measureLoad } from '../../bench/load'
import { removeDataDir, startOurServer, type BenchServer } from '../../bench/lib/servers'
import { formatBytes, formatMs } from '../../bench/lib/stats'

let server: BenchServer | undefined

afterAll(async () => {
  await server?.stop()
  removeDataDir(server?.dataDir)
})

describe('load', () => {
  it(
    'keeps 100 clients in 10 rooms in sync for 8 s of card and cursor moves',
    { timeout: 180_000 },
    async () => {
      // Every y-websocket provider in Node adds a process 'exit' listener.
      process.setMaxListeners(0)
      server = await startOurServer()
      const result = await measureLoad(server, {
        rooms: 10,
        clientsPerRoom: 10,
        durationMs: 8000,
        editsPerSecond: 2,
        cursorsPerSecond: 10,
        settleTimeoutMs: 60_000,
      })
      console.log(
        `load (8 s): ${result.edits} card moves, ${result.cursorMoves} cursor moves; propagation p50 ${formatMs(result.latency.p50)}, p99 ${formatMs(result.latency.p99)} (${result.latency.count} deliveries); server CPU ${result.serverCpuPercent.toFixed(0)}% of a core, RSS ${formatBytes(result.serverRssStartBytes)} -> peak ${formatBytes(result.serverRssPeakBytes)}; awareness changes per client per second ${result.awarenessPerClientPerSecond.toFixed(1)}`,
      )
      expect(result.divergentClients).toBe(0)
      expect(result.closedClients).toBe(0)
      expect(result.latency.count).toBeGreaterThan(0)
      const health = await fetch(`${server.url}/api/health`)
      expect(await health.json()).toMatchObject({ ok: true })
    },
  )
})
