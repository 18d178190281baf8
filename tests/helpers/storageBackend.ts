/**
 * Where a spawned test server keeps its data, and how a test reads it back with plain SQL (never
 * through the server's own storage code): SQLite files in the data directory, or, in the cluster
 * project, a PostgreSQL database of the test file's own (in the PostgreSQL the project's global
 * setup started) with a Redis of its own, so the server runs as a node of a cluster.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { startRedis } from '../../scripts/localServices'
import { readBoardRecords } from '../../shared/BoardRecords'
import type { StoredRecord } from '../../shared/docLayout'
import { dumpRows, dumpStorage, type DatabaseDump } from './hostile'
import { readStoredLog } from './syncServer'

/** A running storage backend for spawned servers. */
export interface StorageBackend {
  kind: 'sqlite' | 'postgres'
  /** Environment for the server (`DATABASE_URL`, `REDIS_URL`, or nothing for SQLite). */
  env: Record<string, string>
  /** The PostgreSQL URL, when there is one. */
  databaseUrl?: string
  /** Every stored row (see `dumpStorage`), without the rows of `exceptRooms`. */
  dump(exceptRooms?: readonly string[]): Promise<DatabaseDump>
  /** The stored room as updates to apply in order (snapshot first). */
  storedUpdates(roomId: string): Promise<Uint8Array[]>
  /** The entries of a key-value root of the stored room, by key. */
  storedEntries(roomId: string, rootName: string): Promise<Record<string, unknown>>
  /** The stored tldraw records of a room, by id. */
  storedRecords(roomId: string): Promise<Record<string, StoredRecord>>
  /** Stops what it started (the database stays until the project's PostgreSQL stops). */
  stop(): Promise<void>
}

/** The shared PostgreSQL of the cluster project, or undefined in the other projects. */
export function sharedPostgresUrl(): string | undefined {
  return inject('postgresUrl')
}

/** Creates an empty database of its own in the shared PostgreSQL and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = sharedPostgresUrl()
  if (!adminUrl) throw new Error('PostgreSQL is started by the cluster test project only')
  const name = `icp_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  return adminUrl.replace(/\/[^/]*$/, `/${name}`)
}

/** A room's stored updates read from PostgreSQL with plain SQL (snapshot first, then the log). */
export async function readPostgresUpdates(
  databaseUrl: string,
  roomId: string,
): Promise<Uint8Array[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    // One statement, so a compaction by a running node cannot fall between the two reads.
    const { rows } = await client.query<{ isSnapshot: boolean; data: Buffer }>(
      `SELECT true AS "isSnapshot", snapshot AS data, 0 AS id FROM room_snapshots WHERE room_id = $1
       UNION ALL
       SELECT false, data, id FROM room_updates WHERE room_id = $1
       ORDER BY 1 DESC, 3`,
      [roomId],
    )
    if (!rows[0]?.isSnapshot) throw new Error(`room ${roomId} is not stored`)
    return rows.map((row) => row.data)
  } finally {
    await client.end()
  }
}

/** Every row of every table of the database, by table, ordered, blobs as base64. */
export async function dumpPostgres(
  databaseUrl: string,
  exceptRooms: readonly string[] = [],
): Promise<DatabaseDump> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name`,
    )
    const dump: DatabaseDump = {}
    for (const { table_name: table } of tables.rows) {
      const { rows } = await client.query<Record<string, unknown>>(
        `SELECT * FROM ${pg.escapeIdentifier(table)} ORDER BY 1, 2`,
      )
      dump[table] = dumpRows(rows, exceptRooms)
    }
    return dump
  } finally {
    await client.end()
  }
}

/** The entries of a key-value root of a doc made of `updates`. */
export function entriesOf(
  updates: readonly Uint8Array[],
  rootName: string,
): Record<string, unknown> {
  const doc = new Y.Doc()
  try {
    for (const update of updates) Y.applyUpdate(doc, update)
    const entries = new YKeyValue<unknown>(doc.getArray(rootName))
    return Object.fromEntries([...entries.map.entries()].map(([key, entry]) => [key, entry.val]))
  } finally {
    doc.destroy()
  }
}

/** The tldraw records of a doc made of `updates`, by id. */
export function recordsOf(updates: readonly Uint8Array[]): Record<string, StoredRecord> {
  const doc = new Y.Doc()
  try {
    for (const update of updates) Y.applyUpdate(doc, update)
    return Object.fromEntries(readBoardRecords(doc).map((record) => [record.id, record]))
  } finally {
    doc.destroy()
  }
}

/**
 * SQLite in `dataDir`, or in the cluster project PostgreSQL (a database of its own) and a Redis of
 * its own.
 */
export async function startStorageBackend(dataDir: string): Promise<StorageBackend> {
  const reading = (storedUpdates: (roomId: string) => Promise<Uint8Array[]>) => ({
    storedUpdates,
    storedEntries: async (roomId: string, rootName: string) =>
      entriesOf(await storedUpdates(roomId), rootName),
    storedRecords: async (roomId: string) => recordsOf(await storedUpdates(roomId)),
  })
  if (!sharedPostgresUrl()) {
    return {
      kind: 'sqlite',
      env: {},
      dump: async (exceptRooms) => dumpStorage(dataDir, exceptRooms),
      ...reading(async (roomId) => readStoredLog(dataDir, roomId).updates),
      stop: async () => undefined,
    }
  }
  const [databaseUrl, redis] = await Promise.all([createTestDatabase(), startRedis()])
  return {
    kind: 'postgres',
    env: { DATABASE_URL: databaseUrl, REDIS_URL: redis.url },
    databaseUrl,
    dump: (exceptRooms) => dumpPostgres(databaseUrl, exceptRooms),
    ...reading((roomId) => readPostgresUpdates(databaseUrl, roomId)),
    stop: () => redis.stop(),
  }
}
