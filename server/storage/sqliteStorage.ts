/**
 * The embedded backend of the storage contract (server/storage/serverStorage.ts): rooms, link
 * generations and versions in `<dataDir>/rooms.sqlite`, imported data sets in
 * `<dataDir>/datasets.sqlite`, board webhooks in `<dataDir>/notifications.sqlite`
 * (server/notifications/webhookStore.ts), the token secret in `<dataDir>/secret.key`. better-sqlite3 is
 * synchronous; the contract's promises resolve once a call's transaction has committed.
 *
 * A room is a snapshot (a full Yjs update) plus a log of the updates accepted since. Loading
 * applies the snapshot then the log in order; compaction replaces the snapshot and deletes the
 * rows it covers in a single transaction, so a crash at any point leaves either the old or the
 * new state.
 *
 * Durability: WAL mode with `synchronous = NORMAL`. Every committed transaction is in the WAL file
 * before its promise resolves, so a killed or crashed process loses nothing it acknowledged. Only
 * an OS crash or power cut can lose the last transactions (they were not fsynced yet); the database
 * stays consistent. That trade buys about an order of magnitude in write throughput over FULL, and
 * clients still hold their own edits and re-send them when they reconnect.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { loadOrCreateSecretFile, secretFileName } from '../auth'
import type { Logger } from '../log'
import { createWebhookStore } from '../notifications/webhookStore'
import {
  encodeDataset,
  parseDatasetMeta,
  type DatasetInput,
  type DatasetStore,
} from '../datasets/datasetStore'
import * as Y from 'yjs'
import type {
  Compaction,
  CompactionResult,
  LoadedRoom,
  LogAppend,
  ServerStorage,
  StoredVersion,
} from './serverStorage'
import {
  backupInfo,
  versionInfo,
  versionRowValues,
  type BackupRow,
  type VersionInfoRow,
} from './storedRows'

/** The SQLite backend, plus its raw databases for maintenance and failure tests. */
export interface SqliteStorage extends ServerStorage {
  readonly backend: 'sqlite'
  /** rooms.sqlite */
  readonly database: Database.Database
  /** Absolute path of rooms.sqlite. */
  readonly file: string
}

/** Name of the rooms database file inside the data directory. */
export const databaseFileName = 'rooms.sqlite'

/** Name of the data sets database file inside the data directory. */
export const datasetsFileName = 'datasets.sqlite'

/**
 * Schema versions of rooms.sqlite (`PRAGMA user_version`), applied in order on open. Version 1 is
 * the schema before snapshots had an epoch; `CREATE TABLE IF NOT EXISTS` keeps it valid for files
 * made before versions were counted.
 */
const roomsMigrations: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS rooms (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS room_snapshots (
    room_id TEXT PRIMARY KEY REFERENCES rooms(id),
    snapshot BLOB NOT NULL
  );
  CREATE TABLE IF NOT EXISTS room_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id TEXT NOT NULL REFERENCES rooms(id),
    data BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS room_updates_by_room ON room_updates (room_id, id);
  CREATE TABLE IF NOT EXISTS room_link_generations (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    role TEXT NOT NULL,
    generation INTEGER NOT NULL,
    PRIMARY KEY (room_id, role)
  );
  CREATE TABLE IF NOT EXISTS room_versions (
    id TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms(id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT,
    icp_count INTEGER NOT NULL,
    compiled TEXT NOT NULL,
    snapshot BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS room_versions_by_room ON room_versions (room_id, created_at);
  CREATE TABLE IF NOT EXISTS room_backups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id TEXT NOT NULL REFERENCES rooms(id),
    created_at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    state BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS room_backups_by_room ON room_backups (room_id, id);`,
  `ALTER TABLE room_snapshots ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;`,
  `CREATE TABLE IF NOT EXISTS room_client_owners (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    client_id INTEGER NOT NULL,
    owner TEXT NOT NULL,
    PRIMARY KEY (room_id, client_id)
  );
  CREATE TABLE IF NOT EXISTS room_participant_owners (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    participant_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    PRIMARY KEY (room_id, participant_id)
  );`,
]

const datasetsSchemaSql = `
  CREATE TABLE IF NOT EXISTS datasets (
    room_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    meta TEXT,
    body BLOB,
    PRIMARY KEY (room_id, kind)
  );
`

/** Options of `createSqliteStorage`. */
export interface SqliteStorageOptions {
  /** Clock of `created_at`/`updated_at` (ms since the epoch); tests pin it. */
  now?: () => number
  /**
   * Test hook: runs inside every compaction transaction, after its writes and before its commit
   * (crash tests make it slow to kill the process mid-compaction).
   */
  duringCompaction?: (roomId: string) => void
  /** Told when the token secret is created. */
  log?: Logger
}

/** Opens `database` and brings its schema to the newest of `migrations` (`PRAGMA user_version`). */
function migrate(db: Database.Database, migrations: readonly string[]): void {
  const version = db.pragma('user_version', { simple: true }) as number
  for (let next = version; next < migrations.length; next++) {
    db.transaction(() => {
      db.exec(migrations[next]!)
      db.pragma(`user_version = ${next + 1}`)
    })()
  }
}

/**
 * Opens (creating if needed) the SQLite files in `dataDir`. `now` is injectable so tests can pin
 * times.
 */
export function createSqliteStorage(
  dataDir: string,
  { now = Date.now, duringCompaction, log }: SqliteStorageOptions = {},
): SqliteStorage {
  fs.mkdirSync(dataDir, { recursive: true })
  assertDatabaseBesideSecret(dataDir)
  const file = path.resolve(dataDir, databaseFileName)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  migrate(db, roomsMigrations)
  let datasets: DatasetStore & { close(): Promise<void> }
  let webhooks: ReturnType<typeof createWebhookStore>
  try {
    datasets = createSqliteDatasetStore(path.resolve(dataDir, datasetsFileName))
  } catch (error) {
    db.close()
    throw error
  }
  try {
    webhooks = createWebhookStore(dataDir)
  } catch (error) {
    void datasets.close()
    db.close()
    throw error
  }

  const insertRoom = db.prepare<[string, number, number]>(
    'INSERT INTO rooms (id, created_at, updated_at) VALUES (?, ?, ?)',
  )
  const insertSnapshot = db.prepare<[string, Uint8Array]>(
    'INSERT INTO room_snapshots (room_id, snapshot, epoch) VALUES (?, ?, 0)',
  )
  const selectRoom = db.prepare<[string], { created_at: number; updated_at: number }>(
    'SELECT created_at, updated_at FROM rooms WHERE id = ?',
  )
  const selectSnapshot = db.prepare<[string], { snapshot: Buffer; epoch: number }>(
    'SELECT snapshot, epoch FROM room_snapshots WHERE room_id = ?',
  )
  const selectUpdates = db.prepare<[string], { id: number; data: Buffer }>(
    'SELECT id, data FROM room_updates WHERE room_id = ? ORDER BY id',
  )
  const insertUpdate = db.prepare<[string, Uint8Array]>(
    'INSERT INTO room_updates (room_id, data) VALUES (?, ?)',
  )
  const touchRoom = db.prepare<[number, string]>('UPDATE rooms SET updated_at = ? WHERE id = ?')
  const swapSnapshot = db.prepare<[Uint8Array, string, number]>(
    'UPDATE room_snapshots SET snapshot = ?, epoch = epoch + 1 WHERE room_id = ? AND epoch = ?',
  )
  const deleteUpdate = db.prepare<[string, number]>(
    'DELETE FROM room_updates WHERE room_id = ? AND id = ?',
  )
  const selectGeneration = db.prepare<[string, string], { generation: number }>(
    'SELECT generation FROM room_link_generations WHERE room_id = ? AND role = ?',
  )
  const upsertGeneration = db.prepare<[string, string], { generation: number }>(
    `INSERT INTO room_link_generations (room_id, role, generation) VALUES (?, ?, 1)
     ON CONFLICT (room_id, role) DO UPDATE SET generation = generation + 1
     RETURNING generation`,
  )
  const insertVersion = db.prepare<
    [string, string, string, number, string | null, number, string, Uint8Array]
  >(
    `INSERT INTO room_versions (id, room_id, name, created_at, created_by, icp_count, compiled, snapshot)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const selectVersions = db.prepare<[string], VersionInfoRow>(
    `SELECT id, room_id, name, created_at, created_by, icp_count FROM room_versions
     WHERE room_id = ? ORDER BY created_at DESC, rowid DESC`,
  )
  const selectVersion = db.prepare<
    [string, string],
    VersionInfoRow & { compiled: string; snapshot: Buffer }
  >(
    `SELECT id, room_id, name, created_at, created_by, icp_count, compiled, snapshot
     FROM room_versions WHERE room_id = ? AND id = ?`,
  )

  const createRoomTx = db.transaction((roomId: string, initialUpdate: Uint8Array) => {
    const time = now()
    insertRoom.run(roomId, time, time)
    insertSnapshot.run(roomId, initialUpdate)
  })
  const selectClientOwners = db.prepare<[string], { client_id: number; owner: string }>(
    'SELECT client_id, owner FROM room_client_owners WHERE room_id = ?',
  )
  const selectParticipantOwners = db.prepare<[string], { participant_id: string; owner: string }>(
    'SELECT participant_id, owner FROM room_participant_owners WHERE room_id = ?',
  )
  const insertClientOwner = db.prepare<[string, number, string]>(
    'INSERT OR IGNORE INTO room_client_owners (room_id, client_id, owner) VALUES (?, ?, ?)',
  )
  const insertParticipantOwner = db.prepare<[string, string, string]>(
    'INSERT OR IGNORE INTO room_participant_owners (room_id, participant_id, owner) VALUES (?, ?, ?)',
  )
  const loadTx = db.transaction((roomId: string): LoadedRoom => {
    if (!selectRoom.get(roomId)) throw new Error(`room ${roomId} does not exist`)
    const stored = selectSnapshot.get(roomId)
    const rows = selectUpdates.all(roomId)
    const updates: Uint8Array[] = stored ? [stored.snapshot] : []
    let logBytes = 0
    for (const row of rows) {
      updates.push(row.data)
      logBytes += row.data.byteLength
    }
    return {
      updates,
      logIds: rows.map((row) => row.id),
      logBytes,
      snapshotBytes: stored?.snapshot.byteLength ?? 0,
      epoch: stored?.epoch ?? 0,
      owners: {
        clients: new Map(selectClientOwners.all(roomId).map((row) => [row.client_id, row.owner])),
        participants: new Map(
          selectParticipantOwners.all(roomId).map((row) => [row.participant_id, row.owner]),
        ),
      },
    }
  })
  const appendTx = db.transaction((updates: readonly LogAppend[]) => {
    const time = now()
    const ids = updates.map(({ roomId, update, claims = [] }) => {
      for (const { owner, clientIds, participantIds } of claims) {
        for (const clientId of clientIds) insertClientOwner.run(roomId, clientId, owner)
        for (const id of participantIds) insertParticipantOwner.run(roomId, id, owner)
      }
      return Number(insertUpdate.run(roomId, update).lastInsertRowid)
    })
    for (const roomId of new Set(updates.map((entry) => entry.roomId))) touchRoom.run(time, roomId)
    return ids
  })
  const insertBackup = db.prepare<[string, number, string, Uint8Array]>(
    'INSERT INTO room_backups (room_id, created_at, reason, state) VALUES (?, ?, ?, ?)',
  )
  const selectBackups = db.prepare<[string], BackupRow>(
    `SELECT id, room_id, created_at, reason, length(state) AS bytes FROM room_backups
     WHERE room_id = ? ORDER BY id DESC`,
  )
  const selectBackupState = db.prepare<[string, number], { state: Buffer }>(
    'SELECT state FROM room_backups WHERE room_id = ? AND id = ?',
  )
  const setSnapshot = db.prepare<[Uint8Array, string]>(
    'UPDATE room_snapshots SET snapshot = ?, epoch = epoch + 1 WHERE room_id = ?',
  )
  const deleteLog = db.prepare<[string]>('DELETE FROM room_updates WHERE room_id = ?')

  const compactTx = db.transaction(
    (
      roomId: string,
      { snapshot, expectedEpoch, coveredIds }: Compaction,
      backup?: { reason: string; state: Uint8Array },
    ): CompactionResult => {
      if (swapSnapshot.run(snapshot, roomId, expectedEpoch).changes === 0) {
        const stored = selectSnapshot.get(roomId)
        if (!stored) throw new Error(`room ${roomId} has no snapshot`)
        return { ok: false, epoch: stored.epoch, snapshot: stored.snapshot }
      }
      if (backup) insertBackup.run(roomId, now(), backup.reason, backup.state)
      for (const id of coveredIds) deleteUpdate.run(roomId, id)
      duringCompaction?.(roomId)
      return { ok: true, epoch: expectedEpoch + 1 }
    },
  )
  const restoreTx = db.transaction((roomId: string, backupId: number): boolean => {
    const backup = selectBackupState.get(roomId, backupId)
    if (!backup) return false
    // The state being replaced becomes a backup too: snapshot and log merged into one update.
    const replaced = Y.mergeUpdates(loadTx(roomId).updates)
    insertBackup.run(roomId, now(), `before restoring backup ${backupId}`, replaced)
    setSnapshot.run(backup.state, roomId)
    deleteLog.run(roomId)
    touchRoom.run(now(), roomId)
    return true
  })

  return {
    backend: 'sqlite',
    database: db,
    file,
    datasets,
    webhooks,
    createRoom: async (roomId, initialUpdate) => createRoomTx(roomId, initialUpdate),
    roomExists: async (roomId) => selectRoom.get(roomId) !== undefined,
    async getRoomInfo(roomId) {
      const row = selectRoom.get(roomId)
      return row ? { createdAt: row.created_at, updatedAt: row.updated_at } : null
    },
    // One read transaction so the snapshot and the log are from the same moment.
    loadRoom: async (roomId) => loadTx(roomId),
    appendUpdates: async (updates) => (updates.length === 0 ? [] : appendTx(updates)),
    compactRoom: async (roomId, compaction) => compactTx(roomId, compaction),
    replaceRoomState: async (roomId, compaction, backup) => compactTx(roomId, compaction, backup),
    listRoomBackups: async (roomId) => selectBackups.all(roomId).map(backupInfo),
    restoreRoomBackup: async (roomId, backupId) => restoreTx(roomId, backupId),
    getLinkGeneration: async (roomId, role) => selectGeneration.get(roomId, role)?.generation ?? 0,
    async bumpLinkGeneration(roomId, role) {
      const row = upsertGeneration.get(roomId, role)
      if (!row) throw new Error(`could not rotate the ${role} link of room ${roomId}`)
      return row.generation
    },
    async createVersion(version: StoredVersion) {
      insertVersion.run(...versionRowValues(version))
    },
    listVersions: async (roomId) => selectVersions.all(roomId).map(versionInfo),
    async getVersion(roomId, versionId) {
      const row = selectVersion.get(roomId, versionId)
      return row ? { ...versionInfo(row), compiled: row.compiled, snapshot: row.snapshot } : null
    },
    loadOrCreateSecret: async () => loadOrCreateSecretFile(dataDir, log),
    async ping() {
      db.prepare('SELECT 1').get()
    },
    async close() {
      await datasets.close()
      webhooks.close()
      db.close()
    },
  }
}

interface DatasetRowRecord {
  version: number
  meta: string | null
  body: Buffer | null
}

/**
 * Data sets in their own SQLite file (one row per room and kind; see server/datasets/datasetStore.ts
 * for why rows are kept gzipped).
 */
function createSqliteDatasetStore(file: string): DatasetStore & { close(): Promise<void> } {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec(datasetsSchemaSql)

  const select = db.prepare<[string, string], DatasetRowRecord>(
    'SELECT version, meta, body FROM datasets WHERE room_id = ? AND kind = ?',
  )
  const selectMetas = db.prepare<[string], { meta: string }>(
    'SELECT meta FROM datasets WHERE room_id = ? AND meta IS NOT NULL ORDER BY kind',
  )
  const upsert = db.prepare<[string, string, number, string | null, Buffer | null]>(
    `INSERT INTO datasets (room_id, kind, version, meta, body) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (room_id, kind) DO UPDATE
     SET version = excluded.version, meta = excluded.meta, body = excluded.body`,
  )
  const clear = db.prepare<[string, string]>(
    'UPDATE datasets SET meta = NULL, body = NULL WHERE room_id = ? AND kind = ? AND meta IS NOT NULL',
  )

  const putTx = db.transaction((roomId: string, input: DatasetInput) => {
    const version = (select.get(roomId, input.kind)?.version ?? 0) + 1
    const { meta, gzipped } = encodeDataset(input, version)
    upsert.run(roomId, input.kind, version, JSON.stringify(meta), gzipped)
    return meta
  })

  return {
    put: async (roomId, input) => putTx(roomId, input),
    async getMeta(roomId, kind) {
      const row = select.get(roomId, kind)
      return row?.meta ? parseDatasetMeta(row.meta) : null
    },
    async getBody(roomId, kind) {
      const row = select.get(roomId, kind)
      if (!row?.meta || !row.body) return null
      return { meta: parseDatasetMeta(row.meta), gzipped: row.body }
    },
    list: async (roomId) => selectMetas.all(roomId).map((row) => parseDatasetMeta(row.meta)),
    delete: async (roomId, kind) => clear.run(roomId, kind).changes > 0,
    async close() {
      db.close()
    },
  }
}

/**
 * Throws when `dataDir` holds `secret.key` but its rooms.sqlite is missing or empty: the server
 * ran there before, so the boards (and the link generations that revoke old links) are gone,
 * and starting would hand out an empty server that writes new rooms into the wrong file.
 */
function assertDatabaseBesideSecret(dataDir: string): void {
  if (!fs.existsSync(path.join(dataDir, secretFileName))) return
  const database = path.join(dataDir, databaseFileName)
  const size = fs.existsSync(database) ? fs.statSync(database).size : null
  if (size !== null && size > 0) return
  throw new Error(
    `${database} is ${size === null ? 'missing' : 'empty'}, but ${path.join(dataDir, secretFileName)} ` +
      'shows that this data directory held boards. Restore rooms.sqlite from a backup; to start ' +
      'over without any boards, move secret.key away as well.',
  )
}
