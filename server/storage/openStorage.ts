/**
 * Opens the storage backend the configuration names: PostgreSQL when `databaseUrl` is set
 * (schema migrated on open), otherwise SQLite in `dataDir`.
 */
import type { Logger } from '../log'
import type { ServerStorage } from './serverStorage'
import { createSqliteStorage } from './sqliteStorage'

/** What `openStorage` needs. */
export interface OpenStorageOptions {
  dataDir: string
  /** `postgres://...`, or undefined for SQLite. */
  databaseUrl?: string
  /** Test hook of the SQLite backend (see SqliteStorageOptions). */
  duringCompaction?: (roomId: string) => void
  log: Logger
}

/** The configured backend, ready to use. */
export async function openStorage(options: OpenStorageOptions): Promise<ServerStorage> {
  if (options.databaseUrl) {
    // Loaded only when used: a single SQLite node starts without the PostgreSQL client.
    const { createPostgresStorage } = await import('./postgresStorage')
    return createPostgresStorage(options.databaseUrl, { log: options.log })
  }
  return createSqliteStorage(options.dataDir, {
    duringCompaction: options.duringCompaction,
    log: options.log,
  })
}
