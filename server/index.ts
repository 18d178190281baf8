/**
 * Entry point (wiring only): reads the configuration from the environment, starts the server,
 * and stops it gracefully on SIGTERM/SIGINT. See server/config.ts for the variables. SIGUSR2 logs
 * `server.stats` (internal table sizes and memory, after a full GC when run with --expose-gc, and
 * since the last stats the longest event-loop stall and the time the event loop was busy).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { parseConfigOrExit } from './config'
import { createConsoleLogger } from './log'
import { startServer } from './startServer'

const log = createConsoleLogger()

const config = parseConfigOrExit(process.env)

const { compactionDelayMs, ...settings } = config
const server = await startServer({
  ...settings,
  log,
  duringCompaction:
    compactionDelayMs === undefined
      ? undefined
      : (roomId) => {
          log('test.compaction.held', { room: roomId, ms: compactionDelayMs })
          // Blocks on purpose: the crash test kills the process inside this transaction.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, compactionDelayMs)
        },
}).catch((error: unknown) => {
  // A data directory that cannot be used (lost or damaged database, port taken): say why, exit 1.
  console.error(
    `Cannot start the server: ${error instanceof Error ? error.message : String(error)}`,
  )
  process.exit(1)
})
// Tests and scripts parse this line to find the port (PORT=0 picks a free one).
log('server.started', {
  storage: config.databaseUrl ? 'postgres' : 'sqlite',
  dataDir: config.databaseUrl ? undefined : config.dataDir,
  staticDir: config.staticDir,
  node: server.nodeId ?? undefined,
})
console.log(`listening on ${server.url}`)

// How long the event loop stalled (everyone waits then), reported and reset with every stats line.
const loopDelay = monitorEventLoopDelay({ resolution: 10 })
loopDelay.enable()
// And how long the event loop was busy (not waiting for I/O) since the last stats line.
let loopUse = performance.eventLoopUtilization()

process.on('SIGUSR2', () => {
  const loopDelayMaxMs = Math.round(loopDelay.max / 1e6)
  const loopActiveMs = Math.round(performance.eventLoopUtilization(loopUse).active)
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  // Reset once the stall of this very GC has been recorded, so it counts for nobody.
  setTimeout(() => {
    loopDelay.reset()
    loopUse = performance.eventLoopUtilization()
  }, 50).unref()
  const memory = process.memoryUsage()
  log('server.stats', {
    ...server.stats(),
    heapUsed: memory.heapUsed,
    rss: memory.rss,
    isAfterGc: gc !== undefined,
    loopDelayMaxMs,
    loopActiveMs,
  })
})

let isStopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (isStopping) return
    isStopping = true
    log('server.stopping', { signal })
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  })
}
