/**
 * Server configuration from environment variables:
 * - `PORT` (default 1234; 0 picks a free port), `HOST` (default 127.0.0.1),
 * - `DATA_DIR` (default ./data, where rooms.sqlite lives),
 * - `STATIC_DIR` (default the repository's dist/, the built client).
 * Empty variables count as unset.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Validated server configuration. */
export interface ServerConfig {
  port: number
  host: string
  /** Absolute path. */
  dataDir: string
  /** Absolute path. */
  staticDir: string
}

/** Thrown for an environment variable that cannot be used; the message says which and why. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** The repository's dist/ directory (the server runs from source with tsx). */
export const defaultStaticDir = fileURLToPath(new URL('../dist', import.meta.url))

/** Parses the configuration from `env`; throws a ConfigError naming the bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): ServerConfig {
  return {
    port: parsePort(env.PORT),
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    dataDir: path.resolve(cwd, nonEmpty(env.DATA_DIR) ?? 'data'),
    staticDir: path.resolve(cwd, nonEmpty(env.STATIC_DIR) ?? defaultStaticDir),
  }
}

function parsePort(env: string | undefined): number {
  const value = nonEmpty(env)
  if (value === undefined) return 1234
  const port = Number(value)
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got "${value}"`)
  }
  return port
}

/** Empty variables count as unset (`PORT=` in an env file). */
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
