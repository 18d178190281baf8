/**
 * Server configuration from environment variables:
 * - `PORT` (default 1234; 0 picks a free port), `HOST` (default 127.0.0.1),
 * - `DATA_DIR` (default ./data, where rooms.sqlite lives),
 * - `STATIC_DIR` (default the repository's dist/, the built client),
 * - `SECRET` (at least 32 characters) signs share-link tokens; unset, a random secret is generated
 *   once and kept in `<DATA_DIR>/secret.key` (mode 0600). Changing it invalidates every link.
 * Empty variables count as unset.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { minSecretLength } from './auth'

/** Validated server configuration. */
export interface ServerConfig {
  port: number
  host: string
  /** Absolute path. */
  dataDir: string
  /** Absolute path. */
  staticDir: string
  /** Token signing secret, or undefined to use `<dataDir>/secret.key`. */
  secret?: string
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
    secret: parseSecret(env.SECRET),
  }
}

function parseSecret(env: string | undefined): string | undefined {
  const value = nonEmpty(env)
  if (value !== undefined && value.length < minSecretLength) {
    throw new ConfigError(
      `SECRET must be at least ${minSecretLength} characters (e.g. \`openssl rand -base64 48\`), got ${value.length}`,
    )
  }
  return value
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
