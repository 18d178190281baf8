/**
 * Server configuration from environment variables:
 * - `PORT` (default 1234; 0 picks a free port), `HOST` (default 127.0.0.1),
 * - `DATA_DIR` (default ./data, where rooms.sqlite lives),
 * - `DATABASE_URL` (`postgres://...`): store everything in PostgreSQL instead of SQLite,
 * - `REDIS_URL` (`redis://...`): serve rooms together with the other nodes on this Redis,
 * - `STATIC_DIR` (default the repository's dist/, the built client),
 * - `SECRET` (at least 32 characters) signs share-link tokens; unset, a random secret is generated
 *   once and kept with the data (`<DATA_DIR>/secret.key`, mode 0600, or in PostgreSQL). Changing
 *   it invalidates every link.
 * - `CREATE_ROOMS_TOKEN`: when set, creating a room needs it as `Authorization: Bearer <key>`
 *   (server/roomCreation.ts); `ROOMS_PER_MINUTE` rooms one client address may create (default 20).
 * - Tuning (positive integers; defaults in server/rooms.ts): `MAX_UPDATE_BYTES`, `MAX_ROOM_BYTES`,
 *   `MAX_ROOM_CLIENT_IDS`, `MAX_PEOPLE`, `COMPACT_AFTER_UPDATES`, `COMPACT_AFTER_BYTES`,
 *   `UNLOAD_GRACE_MS`.
 * - `DRAIN_DELAY_MS`: on SIGTERM, serve this long with `/api/ready` failing before stopping.
 * - `PUBLIC_URL` (e.g. https://icp.example.com): the address links in webhook messages use;
 *   default the listening address. `WEBHOOK_ALLOWED_HOSTS`: comma-separated hosts board webhooks
 *   may post to (see server/notifications/webhookPolicy.ts); default any public host.
 * - Test hook: `TEST_COMPACTION_DELAY_MS` holds every compaction open that long before it
 *   commits (the crash tests kill the process then). Never set it in production.
 * Empty variables count as unset.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { minSecretLength } from './auth'
import { parseAllowedHosts, type WebhookPolicy } from './notifications/webhookPolicy'
import type { RoomLimits } from './rooms'

/** Validated server configuration. */
export interface ServerConfig {
  port: number
  host: string
  /** Absolute path. */
  dataDir: string
  /** Absolute path. */
  staticDir: string
  /** PostgreSQL connection URL, or undefined for SQLite in `dataDir`. */
  databaseUrl?: string
  /** Redis URL of the cluster, or undefined for a single node. */
  redisUrl?: string
  /** Token signing secret, or undefined to use the one kept with the data. */
  secret?: string
  /** Size caps and compaction thresholds set in the environment (the rest keep their defaults). */
  limits?: Partial<RoomLimits>
  /** How long an empty room stays loaded (ms), when set. */
  unloadGraceMs?: number
  /** On SIGTERM, how long (ms) to keep serving with readiness failing before stopping. */
  drainDelayMs?: number
  /** Test hook: ms every compaction is held open before it commits. */
  compactionDelayMs?: number
  /** Who may create rooms and how fast. */
  roomCreation?: { createRoomsToken?: string; limits?: { perMinute: number; burst: number } }
  /** Where links in notifications point, when set. */
  publicUrl?: string
  /** Where board webhooks may post, when `WEBHOOK_ALLOWED_HOSTS` is set. */
  webhookPolicy?: WebhookPolicy
}

/** Environment variables of the room limits. */
const limitVariables = {
  MAX_UPDATE_BYTES: 'maxUpdateBytes',
  MAX_ROOM_BYTES: 'maxRoomBytes',
  MAX_ROOM_CLIENT_IDS: 'maxRoomClientIds',
  MAX_PEOPLE: 'maxPeople',
  COMPACT_AFTER_UPDATES: 'compactAfterUpdates',
  COMPACT_AFTER_BYTES: 'compactAfterBytes',
} as const satisfies Record<string, keyof RoomLimits>

/** Thrown for an environment variable that cannot be used; the message says which and why. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * The repository's dist/ directory: the server runs from server/ (tsx, in development) or from its
 * build in dist-server/, both one level below the repository.
 */
export const defaultStaticDir = fileURLToPath(new URL('../dist', import.meta.url))

/**
 * The configuration from `env` for an entry point (the server, scripts): a bad variable is
 * printed as `Configuration error: ...` and the process exits with 1.
 */
export function parseConfigOrExit(env: NodeJS.ProcessEnv): ServerConfig {
  try {
    return parseConfig(env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`Configuration error: ${error.message}`)
    process.exit(1)
  }
}

/** Parses the configuration from `env`; throws a ConfigError naming the bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): ServerConfig {
  return {
    port: parsePort(env.PORT),
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    dataDir: path.resolve(cwd, nonEmpty(env.DATA_DIR) ?? 'data'),
    staticDir: path.resolve(cwd, nonEmpty(env.STATIC_DIR) ?? defaultStaticDir),
    databaseUrl: parseUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: parseUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    secret: parseSecret(env.SECRET),
    limits: parseLimits(env),
    unloadGraceMs: parsePositiveInteger(env, 'UNLOAD_GRACE_MS'),
    drainDelayMs: parsePositiveInteger(env, 'DRAIN_DELAY_MS'),
    compactionDelayMs: parsePositiveInteger(env, 'TEST_COMPACTION_DELAY_MS'),
    roomCreation: parseRoomCreation(env),
    publicUrl: parsePublicUrl(env.PUBLIC_URL),
    webhookPolicy: parseWebhookPolicy(env.WEBHOOK_ALLOWED_HOSTS),
  }
}

function parseRoomCreation(env: NodeJS.ProcessEnv): ServerConfig['roomCreation'] {
  const createRoomsToken = nonEmpty(env.CREATE_ROOMS_TOKEN)?.trim()
  if (createRoomsToken !== undefined && createRoomsToken.length < 16) {
    throw new ConfigError(
      `CREATE_ROOMS_TOKEN must be at least 16 characters (e.g. \`openssl rand -base64 24\`), got ${createRoomsToken.length}`,
    )
  }
  const perMinute = parsePositiveInteger(env, 'ROOMS_PER_MINUTE')
  if (createRoomsToken === undefined && perMinute === undefined) return undefined
  return {
    createRoomsToken,
    limits: perMinute === undefined ? undefined : { perMinute, burst: perMinute },
  }
}

function parseWebhookPolicy(env: string | undefined): WebhookPolicy | undefined {
  const allowedHosts = parseAllowedHosts(env)
  return allowedHosts ? { allowedHosts } : undefined
}

function parsePublicUrl(env: string | undefined): string | undefined {
  const value = nonEmpty(env)
  if (value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(
      `PUBLIC_URL must be a URL such as https://icp.example.com, got "${value}"`,
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`PUBLIC_URL must start with https:// or http://, got "${value}"`)
  }
  return url.origin + url.pathname.replace(/\/+$/, '')
}

function parseLimits(env: NodeJS.ProcessEnv): Partial<RoomLimits> | undefined {
  const limits: Partial<RoomLimits> = {}
  for (const [variable, key] of Object.entries(limitVariables)) {
    const value = parsePositiveInteger(env, variable)
    if (value !== undefined) limits[key] = value
  }
  return Object.keys(limits).length > 0 ? limits : undefined
}

function parsePositiveInteger(env: NodeJS.ProcessEnv, variable: string): number | undefined {
  const value = nonEmpty(env[variable])
  if (value === undefined) return undefined
  const number = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new ConfigError(`${variable} must be a positive integer, got "${value}"`)
  }
  return number
}

function parseUrl(
  env: NodeJS.ProcessEnv,
  variable: string,
  protocols: readonly string[],
): string | undefined {
  const value = nonEmpty(env[variable])
  if (value === undefined) return undefined
  let protocol: string
  try {
    protocol = new URL(value).protocol
  } catch {
    throw new ConfigError(`${variable} is not a URL: use ${protocols[0]}//host:port/...`)
  }
  if (!protocols.includes(protocol)) {
    throw new ConfigError(
      `${variable} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got ${protocol}//`,
    )
  }
  return value
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
