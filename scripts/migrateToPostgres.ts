// Moves a SQLite deployment (DATA_DIR: rooms.sqlite, datasets.sqlite, notifications.sqlite,
// secret.key) into an empty PostgreSQL database (DATABASE_URL), in one transaction, then checks
// every room reads back the same. Stop the server first; start it again with DATABASE_URL afterwards. Share links keep
// working: the token secret moves too (unless you set SECRET, which then stays the secret).
//
//   DATA_DIR=./data DATABASE_URL=postgres://user:pass@host/icp npm run migrate:postgres
//
// The SQLite files are only read; keep them as the backup until the new deployment runs.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import * as Y from 'yjs'
import { secretFileName } from '../server/auth'
import { parseConfigOrExit } from '../server/config'
import {
  createPostgresStorage,
  migratePostgres,
  transaction,
} from '../server/storage/postgresStorage'
import {
  createSqliteStorage,
  databaseFileName,
  datasetsFileName,
} from '../server/storage/sqliteStorage'
import type { ServerStorage } from '../server/storage/serverStorage'
import { notificationsFileName } from '../server/notifications/webhookStore'

const config = parseConfigOrExit(process.env)
if (!config.databaseUrl) {
  console.error('Set DATABASE_URL to the PostgreSQL database to move the data into.')
  process.exit(2)
}
const roomsFile = path.join(config.dataDir, databaseFileName)
if (!fs.existsSync(roomsFile)) {
  console.error(`No ${roomsFile}: set DATA_DIR to the directory of the SQLite deployment.`)
  process.exit(2)
}

type Row = Record<string, unknown>

/** Every row of `table` in `file`, in insertion order; an absent file or table reads as none. */
function readTable(file: string, table: string): Row[] {
  if (!fs.existsSync(file)) return []
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const exists = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(table)
    return exists ? (db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Row[]) : []
  } finally {
    db.close()
  }
}

const source = {
  rooms: readTable(roomsFile, 'rooms'),
  snapshots: readTable(roomsFile, 'room_snapshots'),
  updates: readTable(roomsFile, 'room_updates'),
  generations: readTable(roomsFile, 'room_link_generations'),
  versions: readTable(roomsFile, 'room_versions'),
  backups: readTable(roomsFile, 'room_backups'),
  datasets: readTable(path.join(config.dataDir, datasetsFileName), 'datasets'),
  webhooks: readTable(path.join(config.dataDir, notificationsFileName), 'webhooks'),
  deliveries: readTable(path.join(config.dataDir, notificationsFileName), 'webhook_deliveries'),
}
const secretFile = path.join(config.dataDir, secretFileName)
const secret = fs.existsSync(secretFile) ? fs.readFileSync(secretFile, 'utf8').trim() : null
const lastWriteOf = new Map(source.rooms.map((room) => [room.id, room.updated_at]))

const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1 })
try {
  await migratePostgres(pool)
  await transaction(pool, async (client) => {
    const existing = await client.query<{ count: string }>('SELECT count(*) FROM rooms')
    if (Number(existing.rows[0]?.count) > 0) {
      throw new Error(
        `the database already holds ${existing.rows[0]?.count} rooms: migrate into an empty database`,
      )
    }
    const insert = async (sql: string, rows: Row[], values: (row: Row) => unknown[]) => {
      for (const row of rows) await client.query(sql, values(row))
    }
    await insert(
      'INSERT INTO rooms (id, created_at, updated_at) VALUES ($1, $2, $3)',
      source.rooms,
      (row) => [row.id, row.created_at, row.updated_at],
    )
    await insert(
      'INSERT INTO room_snapshots (room_id, snapshot, epoch) VALUES ($1, $2, $3)',
      source.snapshots,
      (row) => [row.room_id, row.snapshot, row.epoch ?? 0],
    )
    // In log order; each row dated by its room's last write (SQLite keeps no time per row).
    await insert(
      'INSERT INTO room_updates (room_id, data, created_at) VALUES ($1, $2, $3)',
      source.updates,
      (row) => [row.room_id, row.data, lastWriteOf.get(row.room_id) ?? 0],
    )
    await insert(
      'INSERT INTO room_link_generations (room_id, role, generation) VALUES ($1, $2, $3)',
      source.generations,
      (row) => [row.room_id, row.role, row.generation],
    )
    await insert(
      `INSERT INTO room_versions (id, room_id, name, created_at, created_by, icp_count, compiled, snapshot)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      source.versions,
      (row) => [
        row.id,
        row.room_id,
        row.name,
        row.created_at,
        row.created_by,
        row.icp_count,
        row.compiled,
        row.snapshot,
      ],
    )
    await insert(
      'INSERT INTO room_backups (room_id, created_at, reason, state) VALUES ($1, $2, $3, $4)',
      source.backups,
      (row) => [row.room_id, row.created_at, row.reason, row.state],
    )
    await insert(
      'INSERT INTO datasets (room_id, kind, version, meta, body) VALUES ($1, $2, $3, $4, $5)',
      source.datasets,
      (row) => [row.room_id, row.kind, row.version, row.meta, row.body],
    )
    await insert(
      'INSERT INTO webhooks (room_id, url, updated_at) VALUES ($1, $2, $3)',
      source.webhooks,
      (row) => [row.room_id, row.url, row.updated_at],
    )
    await insert(
      `INSERT INTO webhook_deliveries
         (room_id, event, summary, status, attempts, response_status, error, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      source.deliveries,
      (row) => [
        row.room_id,
        row.event,
        row.summary,
        row.status,
        row.attempts,
        row.response_status,
        row.error,
        row.created_at,
        row.updated_at,
      ],
    )
    if (secret !== null) {
      await client.query(
        `INSERT INTO server_settings (key, value) VALUES ('token_secret', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [secret],
      )
    }
  })
} catch (error) {
  console.error(`Nothing was moved: ${error instanceof Error ? error.message : String(error)}`)
  await pool.end()
  process.exit(1)
}
await pool.end()

// Check: every room reads back the same document through both backends' own code.
const before: ServerStorage = createSqliteStorage(config.dataDir)
const after: ServerStorage = await createPostgresStorage(config.databaseUrl)
const mismatched: string[] = []
try {
  for (const room of source.rooms) {
    const roomId = String(room.id)
    const [a, b] = await Promise.all([before.loadRoom(roomId), after.loadRoom(roomId)])
    if (!sameDocument(a.updates, b.updates)) mismatched.push(roomId)
  }
} finally {
  await Promise.all([before.close(), after.close()])
}
if (mismatched.length > 0) {
  console.error(`These rooms read back differently: ${mismatched.join(', ')}`)
  process.exit(1)
}
console.log(
  [
    `Moved into PostgreSQL: ${source.rooms.length} rooms (${source.updates.length} log updates), ` +
      `${source.generations.length} link generations, ${source.versions.length} versions, ` +
      `${source.backups.length} room backups, ` +
      `${source.datasets.length} data sets, ${source.webhooks.length} webhooks ` +
      `(${source.deliveries.length} logged deliveries), ${secret === null ? 'no' : 'the'} token secret.`,
    `Every room reads back the same. Start the server with DATABASE_URL set; keep ${config.dataDir} as the backup.`,
  ].join('\n'),
)

function sameDocument(left: readonly Uint8Array[], right: readonly Uint8Array[]): boolean {
  const docs = [left, right].map((updates) => {
    const doc = new Y.Doc()
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update)
    })
    return doc
  })
  const [a, b] = docs as [Y.Doc, Y.Doc]
  // The same structs and the same deletions: the same document.
  const isSame = Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))
  for (const doc of docs) doc.destroy()
  return isSame
}
