/**
 * The storage contract of the server: rooms (a snapshot plus a log of updates), share-link
 * generations, saved versions, room backups, imported data sets, board webhooks and the token
 * secret. Two backends implement
 * it: SQLite (server/storage/sqliteStorage.ts, the embedded default) and PostgreSQL
 * (server/storage/postgresStorage.ts, `DATABASE_URL`). One contract test suite runs against both
 * (tests/server/storageContract.test.ts).
 *
 * Every method is asynchronous and rejects on I/O errors. A method resolves only once its write
 * is durable (committed), so callers relay nothing before it resolves.
 *
 * Several server processes may share one database (see server/cluster/). The log is append-only
 * and compaction is a compare-and-set on the snapshot's `epoch`: a compactor replaces the snapshot
 * only if it is still the one its document contains, and deletes only the log rows its document
 * contains, so two processes compacting the same room at once never lose an update.
 */
import type { DatasetStore } from '../datasets/datasetStore'
import type { WebhookStore } from '../notifications/webhookStore'

/**
 * Ownership claims (server/ownership.ts) made by one owner with an update: the Yjs client ids it
 * wrote under and the participant ids it spoke for. The first claim stored wins; later ones are
 * ignored.
 */
export interface OwnerClaims {
  owner: string
  clientIds: readonly number[]
  participantIds: readonly string[]
}

/** The stored claims of a room: owner by client id, owner by participant id. */
export interface StoredOwners {
  clients: ReadonlyMap<number, string>
  participants: ReadonlyMap<string, string>
}

/** What `loadRoom` returns: apply `updates` in order to an empty Y.Doc to get the room. */
export interface LoadedRoom {
  /** The snapshot first (when there is one), then every logged update in log order. */
  updates: Uint8Array[]
  /** Ids of the log rows, in the order their updates follow the snapshot in `updates`. */
  logIds: number[]
  /** Total bytes of the log rows. */
  logBytes: number
  /** Bytes of the snapshot. */
  snapshotBytes: number
  /** The snapshot's epoch: 0 for the first, incremented by every compaction (see `compactRoom`). */
  epoch: number
  /** Ownership claims stored with the room's updates, read at the same moment. */
  owners: StoredOwners
}

/** One update to append to a room's log, with the ownership claims it makes. */
export interface LogAppend {
  roomId: string
  update: Uint8Array
  claims?: readonly OwnerClaims[]
}

/** What `compactRoom` is asked to do. */
export interface Compaction {
  /** The new snapshot: a document state containing the snapshot at `expectedEpoch` and every row of `coveredIds`. */
  snapshot: Uint8Array
  /** The snapshot epoch the compactor's document contains. */
  expectedEpoch: number
  /** Log rows the new snapshot contains; they are deleted. */
  coveredIds: readonly number[]
}

/**
 * Result of `compactRoom`: done (with the new epoch), or refused because another process
 * compacted first; then `snapshot` is the stored snapshot at `epoch` to merge before retrying.
 */
export type CompactionResult =
  { ok: true; epoch: number } | { ok: false; epoch: number; snapshot: Uint8Array }

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

/** Rooms: created with an initial state, then an append-only log compacted into snapshots. */
export interface RoomStore {
  /** Creates a room whose initial state is `initialUpdate`. Rejects if the id is taken. */
  createRoom(roomId: string, initialUpdate: Uint8Array): Promise<void>
  /** True when a room with this id was created. */
  roomExists(roomId: string): Promise<boolean>
  /** Creation and update times, or `null` for an unknown room. */
  getRoomInfo(roomId: string): Promise<RoomInfo | null>
  /** The stored state of a room, snapshot and log read at one moment. Rejects for an unknown room. */
  loadRoom(roomId: string): Promise<LoadedRoom>
  /**
   * Appends updates to the logs of their rooms in ONE transaction (a group commit); resolves with
   * the new row ids in the order of `updates` once committed.
   */
  appendUpdates(updates: readonly LogAppend[]): Promise<number[]>
  /** Replaces the snapshot and deletes the rows it covers, atomically, if the epoch still matches. */
  compactRoom(roomId: string, compaction: Compaction): Promise<CompactionResult>
  /**
   * Like `compactRoom`, for a state the server rewrote (an upgrade): stores `backup.state`, the
   * state before, as a backup in the same transaction, so the room can be put back as it was.
   */
  replaceRoomState(
    roomId: string,
    compaction: Compaction,
    backup: { reason: string; state: Uint8Array },
  ): Promise<CompactionResult>
  /** The backups of a room, newest first. */
  listRoomBackups(roomId: string): Promise<RoomBackupInfo[]>
  /**
   * Puts a backup back as the room's whole state (log cleared, epoch bumped), keeping the state
   * it replaces as a new backup. Resolves false for an unknown backup. For maintenance while no
   * server runs (scripts/roomBackups.ts).
   */
  restoreRoomBackup(roomId: string, backupId: number): Promise<boolean>
}

/**
 * Per-room, per-role generations of share-link tokens (server/auth.ts): a token is valid only for
 * its role's current generation, so bumping it revokes every token issued before.
 */
export interface LinkGenerationStore {
  /** The current generation of `role` in `roomId` (0 until first rotated). */
  getLinkGeneration(roomId: string, role: string): Promise<number>
  /** Increments and returns the generation of `role` in `roomId`. Durable on return. */
  bumpLinkGeneration(roomId: string, role: string): Promise<number>
}

/** Saved versions of rooms (see server/versions.ts). */
export interface VersionStore {
  /** Stores a version. Rejects if the id is taken or the room does not exist. */
  createVersion(version: StoredVersion): Promise<void>
  /** The versions of a room, newest first, without payloads. */
  listVersions(roomId: string): Promise<StoredVersionInfo[]>
  /** One version of a room with its payloads, or null. */
  getVersion(roomId: string, versionId: string): Promise<StoredVersion | null>
}

/** Everything the server stores, behind one contract (see the module comment). */
export interface ServerStorage extends RoomStore, LinkGenerationStore, VersionStore {
  /** Which backend this is, for logs and `/api/health`. */
  readonly backend: 'sqlite' | 'postgres'
  /** Imported customer and account data (server/datasets/). */
  readonly datasets: DatasetStore
  /** Board webhooks and their delivery logs (server/notifications/). */
  readonly webhooks: WebhookStore
  /**
   * The token signing secret kept with the data (`<DATA_DIR>/secret.key`, or a row in
   * PostgreSQL), created with 32 random bytes on first use. Every process sharing the storage
   * gets the same one.
   */
  loadOrCreateSecret(): Promise<Buffer>
  /** Resolves when the database answers a trivial query (health checks). */
  ping(): Promise<void>
  /** Closes the database; later calls reject. */
  close(): Promise<void>
}
