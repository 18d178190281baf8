/**
 * Entry point (wiring only): reads the configuration from the environment, starts the server,
 * and stops it gracefully on SIGTERM/SIGINT. See server/config.ts for the variables.
 */
import { ConfigError, parseConfig } from './config'
import { createConsoleLogger } from './log'
import { startServer } from './startServer'

const log = createConsoleLogger()

let config
try {
  config = parseConfig(process.env)
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(`Configuration error: ${error.message}`)
  process.exit(1)
}

const server = await startServer({ ...config, log })
// Tests and scripts parse this line to find the port (PORT=0 picks a free one).
log('server.started', { dataDir: config.dataDir, staticDir: config.staticDir })
console.log(`listening on ${server.url}`)

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
