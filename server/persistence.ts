/**
 * Room storage in one SQLite file (`<dataDir>/rooms.sqlite`), behind a narrow seam in the spirit
 * of y-protocols persistence: create, exists, load, append, compact, close. The same file holds the
 * share-link generations (revocation, server/auth.ts) and saved versions (server/versions.ts). Everything is
 * synchronous (better-sqlite3), so a room is complete in memory before its first sync reply and
 * an update is on disk before it is broadcast.
 *
 * A room is a snapshot (a full Yjs update) plus a log of the updates accepted since. Loading
 * applies the snapshot then the log in order; compaction replaces both with one new snapshot in
 * a single transaction, so a crash at any point leaves either the old or the new state.
 *
 * Durability: WAL mode with `synchronous = NORMAL`. Every committed transaction is in the WAL file
 * before `appendUpdate` returns, so a killed or crashed process loses nothing it acknowledged. Only
 * an OS crash or power cut can lose the last transactions (they were not fsynced yet); the database
 * stays consistent. That trade buys about an order of magnitude in write throughput over FULL, and
 * clients still hold their own edits and re-send them when they reconnect.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'

/** What `loadRoom` returns: apply `updates` in order to an empty Y.Doc to get the room. */
export interface LoadedRoom {
  /** The snapshot first, then every logged update in the order it was accepted. */
  updates: Uint8Array[]
  /** Id of the last log row, or 0 when the log is empty (pass it to `compact`). */
  lastUpdateId: number
  /** Number of log rows since the snapshot. */
  logCount: number
  /** Total bytes of the log rows since the snapshot. */
  logBytes: number
  /** Bytes of the snapshot. */
  snapshotBytes: number
}

/** One saved version of a room's ICP (see server/versions.ts), without its payloads. */
export interface StoredVersionInfo {
  id: string
  roomId: string
  name: string
  /** Milliseconds since the epoch. */
  createdAt: number
  /** Name the facilitator gave when saving, or null. */
  createdBy: string | null
  /** Number of ICPs in `compiled`. */
  icpCount: number
}

/** A saved version with its compiled document (JSON text) and board snapshot (a Yjs update). */
export interface StoredVersion extends StoredVersionInfo {
  compiled: string
  snapshot: Uint8Array
}

/** A copy of a room's state kept before the server rewrote it (an upgrade, a restore). */
export interface RoomBackupInfo {
  id: number
  roomId: string
  /** Milliseconds since the epoch. */
  createdAt: number
  /** Why it was taken, e.g. `upgrade from doc layout 1`. */
  reason: string
  bytes: number
}

/** Creation and last-write times of a room, in milliseconds since the epoch. */
export interface RoomInfo {
  createdAt: number
  updatedAt: number
}

/** The storage seam used by the rooms and the HTTP routes. All methods are synchronous and throw on I/O errors. */
export interface RoomPersistence {
  /** Creates a room whose initial state is `initialUpdate`. Throws if the id is taken. */
  createRoom(roomId: string, initialUpdate: Uint8Array): void
  /** True when a room with this id was created. */
  roomExists(roomId: string): boolean
  /** Creation and update times, or `null` for an unknown room. */
  getRoomInfo(roomId: string): RoomInfo | null
  /** The stored state of a room. Throws for an unknown room. */
  loadRoom(roomId: string): LoadedRoom
  /** Appends one accepted update to the room's log; returns its log id. Durable on return. */
  appendUpdate(roomId: string, update: Uint8Array): number
  /** Replaces the snapshot with `snapshot` and deletes log rows with id <= `upToId`, atomically. */
  compact(roomId: string, snapshot: Uint8Array, upToId: number): void
  /**
   * Like `compact`, for a state the server rewrote (an upgrade): stores `backup.state`, the state
   * before, as a backup in the same transaction, so the room can be put back as it was.
   */
  replaceRoomState(
    roomId: string,
    snapshot: Uint8Array,
    upToId: number,
    backup: { reason: string; state: Uint8Array },
  ): void
  /** The backups of a room, newest first. */
  listRoomBackups(roomId: string): RoomBackupInfo[]
  /**
   * Puts a backup back as the room's whole state (log cleared), keeping the state it replaces as
   * a new backup. Returns false for an unknown backup.
   */
  restoreRoomBackup(roomId: string, backupId: number): boolean
  /** Closes the database; further calls throw. */
  close(): void
}

/**
 * Per-room, per-role generations of share-link tokens (server/auth.ts): a token is valid only for
 * its role's current generation, so bumping it revokes every token issued before.
 */
export interface LinkGenerationStore {
  /** The current generation of `role` in `roomId` (0 until first rotated). */
  getLinkGeneration(roomId: string, role: string): number
  /** Increments and returns the generation of `role` in `roomId`. Durable on return. */
  bumpLinkGeneration(roomId: string, role: string): number
}

/** Saved versions of rooms (see server/versions.ts). */
export interface VersionStore {
  /** Stores a version. Throws if the id is taken or the room does not exist. */
  createVersion(version: StoredVersion): void
  /** The versions of a room, newest first, without payloads. */
  listVersions(roomId: string): StoredVersionInfo[]
  /** One version of a room with its payloads, or null. */
  getVersion(roomId: string, versionId: string): StoredVersion | null
}

/** Everything the server stores: rooms, link generations and versions. */
export type ServerStorage = RoomPersistence & LinkGenerationStore & VersionStore

/** ServerStorage backed by SQLite, plus the raw database for maintenance and failure tests. */
export interface SqlitePersistence extends RoomPersistence, LinkGenerationStore, VersionStore {
  readonly database: Database.Database
  /** Absolute path of the database file. */
  readonly file: string
}

/** Name of the database file inside the data directory. */
export const databaseFileName = 'rooms.sqlite'

const schemaSql = `
  CREATE TABLE IF NOT EXISTS rooms (
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
  CREATE INDEX IF NOT EXISTS room_backups_by_room ON room_backups (room_id, id);
`

/** Options of `createSqlitePersistence`. */
export interface SqlitePersistenceOptions {
  /** Clock of `created_at`/`updated_at` (ms since the epoch); tests pin it. */
  now?: () => number
  /**
   * Test hook: runs inside every compaction transaction, after its writes and before its commit
   * (crash tests make it slow to kill the process mid-compaction).
   */
  duringCompaction?: (roomId: string) => void
}

/**
 * Opens (creating if needed) `<dataDir>/rooms.sqlite`. `now` is injectable so tests can pin times.
 */
export function createSqlitePersistence(
  dataDir: string,
  { now = Date.now, duringCompaction }: SqlitePersistenceOptions = {},
): SqlitePersistence {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.resolve(dataDir, databaseFileName)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.exec(schemaSql)

  const insertRoom = db.prepare<[string, number, number]>(
    'INSERT INTO rooms (id, created_at, updated_at) VALUES (?, ?, ?)',
  )
  const upsertSnapshot = db.prepare<[string, Uint8Array]>(
    `INSERT INTO room_snapshots (room_id, snapshot) VALUES (?, ?)
     ON CONFLICT (room_id) DO UPDATE SET snapshot = excluded.snapshot`,
  )
  const selectRoom = db.prepare<[string], { created_at: number; updated_at: number }>(
    'SELECT created_at, updated_at FROM rooms WHERE id = ?',
  )
  const selectSnapshot = db.prepare<[string], { snapshot: Buffer }>(
    'SELECT snapshot FROM room_snapshots WHERE room_id = ?',
  )
  const selectUpdates = db.prepare<[string], { id: number; data: Buffer }>(
    'SELECT id, data FROM room_updates WHERE room_id = ? ORDER BY id',
  )
  const insertUpdate = db.prepare<[string, Uint8Array]>(
    'INSERT INTO room_updates (room_id, data) VALUES (?, ?)',
  )
  const touchRoom = db.prepare<[number, string]>('UPDATE rooms SET updated_at = ? WHERE id = ?')
  const deleteUpdates = db.prepare<[string, number]>(
    'DELETE FROM room_updates WHERE room_id = ? AND id <= ?',
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
    upsertSnapshot.run(roomId, initialUpdate)
  })
  const appendTx = db.transaction((roomId: string, update: Uint8Array): number => {
    const { lastInsertRowid } = insertUpdate.run(roomId, update)
    touchRoom.run(now(), roomId)
    return Number(lastInsertRowid)
  })
  const compactTx = db.transaction((roomId: string, snapshot: Uint8Array, upToId: number) => {
    upsertSnapshot.run(roomId, snapshot)
    deleteUpdates.run(roomId, upToId)
    duringCompaction?.(roomId)
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
  const replaceTx = db.transaction(
    (roomId: string, snapshot: Uint8Array, upToId: number, reason: string, old: Uint8Array) => {
      insertBackup.run(roomId, now(), reason, old)
      upsertSnapshot.run(roomId, snapshot)
      deleteUpdates.run(roomId, upToId)
    },
  )
  const restoreTx = db.transaction((roomId: string, backupId: number): boolean => {
    const backup = selectBackupState.get(roomId, backupId)
    if (!backup) return false
    const current = selectSnapshot.get(roomId)?.snapshot
    const log = selectUpdates.all(roomId).map((row) => row.data)
    // The state being replaced becomes a backup too: snapshot and log merged into one update.
    const replaced = Y.mergeUpdates(current ? [current, ...log] : log)
    insertBackup.run(roomId, now(), `before restoring backup ${backupId}`, replaced)
    upsertSnapshot.run(roomId, backup.state)
    deleteUpdates.run(roomId, Number.MAX_SAFE_INTEGER)
    touchRoom.run(now(), roomId)
    return true
  })

  return {
    database: db,
    file,
    createRoom: (roomId, initialUpdate) => createRoomTx(roomId, initialUpdate),
    roomExists: (roomId) => selectRoom.get(roomId) !== undefined,
    getRoomInfo(roomId) {
      const row = selectRoom.get(roomId)
      return row ? { createdAt: row.created_at, updatedAt: row.updated_at } : null
    },
    loadRoom(roomId) {
      // One read transaction so the snapshot and the log are from the same moment.
      return db.transaction(() => {
        if (!selectRoom.get(roomId)) throw new Error(`room ${roomId} does not exist`)
        const snapshot = selectSnapshot.get(roomId)?.snapshot
        const rows = selectUpdates.all(roomId)
        const updates: Uint8Array[] = snapshot ? [snapshot] : []
        let logBytes = 0
        for (const row of rows) {
          updates.push(row.data)
          logBytes += row.data.byteLength
        }
        return {
          updates,
          lastUpdateId: rows.at(-1)?.id ?? 0,
          logCount: rows.length,
          logBytes,
          snapshotBytes: snapshot?.byteLength ?? 0,
        }
      })()
    },
    appendUpdate: (roomId, update) => appendTx(roomId, update),
    compact: (roomId, snapshot, upToId) => compactTx(roomId, snapshot, upToId),
    replaceRoomState: (roomId, snapshot, upToId, backup) =>
      replaceTx(roomId, snapshot, upToId, backup.reason, backup.state),
    listRoomBackups: (roomId) =>
      selectBackups.all(roomId).map((row) => ({
        id: row.id,
        roomId: row.room_id,
        createdAt: row.created_at,
        reason: row.reason,
        bytes: row.bytes,
      })),
    restoreRoomBackup: (roomId, backupId) => restoreTx(roomId, backupId),
    getLinkGeneration: (roomId, role) => selectGeneration.get(roomId, role)?.generation ?? 0,
    bumpLinkGeneration(roomId, role) {
      const row = upsertGeneration.get(roomId, role)
      if (!row) throw new Error(`could not rotate the ${role} link of room ${roomId}`)
      return row.generation
    },
    createVersion(version) {
      insertVersion.run(
        version.id,
        version.roomId,
        version.name,
        version.createdAt,
        version.createdBy,
        version.icpCount,
        version.compiled,
        version.snapshot,
      )
    },
    listVersions: (roomId) => selectVersions.all(roomId).map(versionInfo),
    getVersion(roomId, versionId) {
      const row = selectVersion.get(roomId, versionId)
      return row ? { ...versionInfo(row), compiled: row.compiled, snapshot: row.snapshot } : null
    },
    close: () => db.close(),
  }
}

interface BackupRow {
  id: number
  room_id: string
  created_at: number
  reason: string
  bytes: number
}

interface VersionInfoRow {
  id: string
  room_id: string
  name: string
  created_at: number
  created_by: string | null
  icp_count: number
}

function versionInfo(row: VersionInfoRow): StoredVersionInfo {
  return {
    id: row.id,
    roomId: row.room_id,
    name: row.name,
    createdAt: row.created_at,
    createdBy: row.created_by,
    icpCount: row.icp_count,
  }
}
