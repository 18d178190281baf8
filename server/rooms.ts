/**
 * A Room is one board in memory: its Y.Doc, the awareness of the people in it and their
 * connections. The RoomManager loads a room from storage on its first connection and unloads it
 * a grace period after the last one leaves.
 *
 * Write path: a client update is checked (size; the roots it changes against the role of the
 * client's token and the board lock; entry validation: server/updateValidation.ts), then applied
 * with the connection as origin. A refused update is never applied: `forbidden` closes (after a
 * y-protocols/auth permission-denied message), invalid content closes with `protocolError`, and an
 * update with a missing dependency is dropped (see `acceptUpdate`). The doc's `update` event hands us exactly the bytes that were integrated;
 * they go to the room's write queue (server/roomLog.ts) and are broadcast to the other connections
 * (and other nodes) only once committed. Answers to sync step 1 wait for the same commits.
 * If storage fails, nothing is broadcast: every connection of the room is closed with
 * `storageFailed` and the in-memory room is dropped. Clients still hold their edits and send them
 * again when they reconnect, so nothing that was acknowledged (broadcast) is lost.
 *
 * Several nodes (server/cluster/): updates committed by another node arrive through the room's
 * channel with `remoteOrigin`; they are relayed to this node's clients and never stored again.
 * Awareness of this node's clients goes out through the channel, which also says which awareness
 * clientIDs connections on other nodes own.
 *
 * The server writes too, in transactions with `serverOrigin` that take the same path to storage
 * and every client: the `people` roster from awareness, and version restores.
 *
 * Awareness (presence) is never stored. Each connection owns the first clientID it announces;
 * changes are relayed at most every `awarenessRelayIntervalMs`, coalesced into one frame, to
 * every client including the sender (as the reference server does: the stock provider counts on
 * hearing back within 30 s).
 */
import type { TLSchema } from '@tldraw/tlschema'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { BoardRecords } from '../shared/BoardRecords'
import {
  getLegacyRecordsArray,
  legacyRecordsArrayName,
  metaMapName,
  recordsArrayName,
  type StoredRecord,
} from '../shared/docLayout'
import { closeCodes } from '../shared/protocol'
import { personKey } from '../shared/workshop/entryKeys'
import type { Role } from '../shared/workshop/roles'
import {
  awarenessUserField,
  awarenessUserSchema,
  boardLockSchema,
  boardRoots,
  commentsArrayName,
  peopleArrayName,
  personSchema,
  votesArrayName,
  workshopArrayName,
  writableRootsByRole,
  type Person,
} from '../shared/workshop/workshopLayout'
import { withArticle, type AuthContext } from './auth'
import { readEntries, readEntry, writeEntries } from '../shared/keyValueEntries'
import type { Logger } from './log'
import type { RoomChannel } from './cluster/roomChannel'
import { RoomLog, type CompactionDone } from './roomLog'
import type { GroupCommit } from './storage/groupCommit'
import type { LoadedRoom, RoomStore } from './storage/serverStorage'
import {
  CloseError,
  decodeAwarenessEntries,
  encodeAwarenessFrame,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  protocolError,
} from './protocol'
import { findParentLoops } from '../shared/parentLoops'
import type { PlacementRestore } from './recordValidation'
import { inspectUpdate } from './updateValidation'
import { isBoardDocCurrent, upgradeBoardDoc } from './upgradeRoom'

/** One client socket as a room sees it (implemented by Connection). */
export interface RoomClient {
  /** What the client's token grants (its role decides what it may write). */
  readonly auth: AuthContext
  /** Sends one binary frame; must not throw. */
  send(frame: Uint8Array): void
  /** Closes the socket with a close code and reason; must not throw. */
  close(code: number, reason: string): void
  /**
   * Checks soon whether the client is still there and drops it if not (another connection claims
   * its awareness clientID: maybe the same browser, reconnected over a new socket while this one
   * is half-open). Optional; must not throw.
   */
  probe?(): void
}

/** Transaction origin of the server's own writes (people roster, restores). */
export const serverOrigin = Symbol('server')

/** Transaction origin of updates and awareness another node committed or owns (never stored again). */
export const remoteOrigin = Symbol('remote')

/** Transaction origin of the upgrade a room gets when it loads (stored with a backup, not logged). */
export const upgradeOrigin = Symbol('upgrade')

/** A person's `lastSeenAt` is rewritten at most this often (ms) while they stay present. */
export const personSeenIntervalMs = 60_000

/** Words for the roots in refusal reasons. */
const rootLabels: Record<string, string> = {
  [recordsArrayName]: 'the board',
  [legacyRecordsArrayName]: 'the board',
  [metaMapName]: 'the board metadata',
  [commentsArrayName]: 'comments',
  [votesArrayName]: 'votes',
  [workshopArrayName]: 'the workshop settings',
  [peopleArrayName]: 'the people list',
  data: 'the customer data',
}

/** Rejected by `Room.upgrade` when another node stored its upgrade of the room first. */
export class UpgradeRaceError extends Error {
  override name = 'UpgradeRaceError'
}

/** Rejected by `Room.applyServerChange` when the change could not be stored. */
export class StorageFailedError extends Error {
  override name = 'StorageFailedError'
}

/** Reason sent with `forbidden` for board edits while the board is locked. */
export const boardLockedReason = 'the board is locked by the facilitator'

/** A CloseError with `closeCodes.forbidden`; the connection sends a permission-denied message first. */
export function forbiddenError(reason: string): CloseError {
  return new CloseError(closeCodes.forbidden, reason)
}

/** Size caps and compaction thresholds of a room. */
export interface RoomLimits {
  /** Largest single update a client may send (bytes); larger closes with `tooLarge`. */
  maxUpdateBytes: number
  /** Largest encoded room state (bytes); growth beyond it closes with `tooLarge`. */
  maxRoomBytes: number
  /** Compact once the log holds this many updates... */
  compactAfterUpdates: number
  /** ...or this many bytes. */
  compactAfterBytes: number
  /** Largest awareness update a client may send (bytes); larger closes with `tooLarge`. */
  maxAwarenessBytes: number
}

/**
 * Defaults: 4 MB per update (below the 8 MB frame cap), 64 MB per room, compact at 500 updates or
 * 1 MB, 256 KB per awareness update (a cursor is ~1 KB; selecting 5,000 shapes ~150 KB).
 */
export const defaultRoomLimits: RoomLimits = {
  maxUpdateBytes: 4 * 1024 * 1024,
  maxRoomBytes: 64 * 1024 * 1024,
  compactAfterUpdates: 500,
  compactAfterBytes: 1024 * 1024,
  maxAwarenessBytes: 256 * 1024,
}

/**
 * Awareness changes are relayed at most this often per room (ms): everything that changed in the
 * meantime goes out in one frame, so 10 people moving cursors at 20 Hz cost each of them 20
 * frames a second, not 200 (the stock provider also echoes every frame it receives).
 */
export const awarenessRelayIntervalMs = 50

/**
 * The awareness clock of a clientID whose connection left is kept this long (ms), so late echoes
 * of its old state are recognised as stale; then it is forgotten (else every visit would leave an
 * entry behind while the room stays loaded). Providers drop remote states after 30 s anyway.
 */
export const defaultDepartedAwarenessTtlMs = 60_000

interface ClientState {
  /** The awareness clientID this connection announced first; it may set only this one. */
  clientId: number | null
  /** Yjs client ids of the updates this connection sent that were applied. */
  writers: Set<number>
}

/** What a Room needs (see RoomManagerOptions). */
export interface RoomOptions {
  storage: Pick<RoomStore, 'loadRoom' | 'compactRoom' | 'replaceRoomState'>
  commits: GroupCommit
  /** The room's link to other nodes, or null on a single node. */
  channel: RoomChannel | null
  schema: TLSchema
  limits: RoomLimits
  log: Logger
  now: () => number
  onFailed: (room: Room) => void
  /** See `defaultDepartedAwarenessTtlMs`. */
  departedAwarenessTtlMs?: number
}

/** One loaded board: a Y.Doc, its awareness and its connections. Create through RoomManager. */
export class Room {
  readonly doc: Y.Doc
  /** The board's tldraw records (read here; the server writes them only in server changes). */
  readonly records: BoardRecords
  readonly awareness: awarenessProtocol.Awareness
  private readonly clients = new Map<RoomClient, ClientState>()
  private readonly storage: RoomOptions['storage']
  private readonly roomLog: RoomLog
  private readonly channel: RoomChannel | null
  private readonly schema: TLSchema
  private readonly limits: RoomLimits
  private readonly log: Logger
  private readonly now: () => number
  private readonly onFailed: (room: Room) => void
  private isFailed = false
  private resyncing: Promise<void> | null = null
  /** The people roster as last written (only the server writes it); read from the doc once. */
  private people: Map<string, Person> | null = null
  /** Awareness clientIDs changed since the last relay. */
  private readonly awarenessChanged = new Set<number>()
  private awarenessRelayTimer: NodeJS.Timeout | null = null
  private lastAwarenessRelayAt = Number.NEGATIVE_INFINITY
  /** ClientIDs of connections that left (monotonic ms), oldest first; see departedAwarenessTtlMs. */
  private readonly departed = new Map<number, number>()
  private readonly departedAwarenessTtlMs: number
  /** Awareness clientIDs changed by this node's clients since the last relay (for other nodes). */
  private readonly awarenessChangedHere = new Set<number>()

  /** Builds the room from what `loaded` read from storage (see RoomManager). */
  constructor(
    readonly id: string,
    loaded: LoadedRoom,
    options: RoomOptions,
  ) {
    this.storage = options.storage
    this.channel = options.channel
    this.schema = options.schema
    this.limits = options.limits
    this.log = options.log
    this.now = options.now
    this.onFailed = options.onFailed
    this.departedAwarenessTtlMs = options.departedAwarenessTtlMs ?? defaultDepartedAwarenessTtlMs
    const startedAt = performance.now()
    this.doc = new Y.Doc()
    this.doc.transact(() => {
      for (const update of loaded.updates) Y.applyUpdate(this.doc, update)
    })
    if (dropPendingStructs(this.doc)) this.log('room.pending.dropped', { room: id })
    this.roomLog = new RoomLog(id, loaded, {
      commits: options.commits,
      storage: options.storage,
      log: options.log,
      onFailed: (error) => this.fail(error),
    })
    this.records = new BoardRecords(this.doc)
    // Attached after loading: stored updates must not be stored again.
    this.doc.on('update', this.handleDocUpdate)
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.handleAwarenessUpdate)
    this.log('room.loaded', {
      room: id,
      ms: Number((performance.now() - startedAt).toFixed(1)),
      bytes: loaded.snapshotBytes + loaded.logBytes,
      logUpdates: loaded.logIds.length,
    })
  }

  /**
   * Puts one shape of every loop of parents on its board's first page, as a stored change: a room
   * stored before loops were refused must not freeze whoever opens it. RoomManager calls it once
   * the room is loaded and upgraded; resolves once the change is committed.
   */
  async breakParentLoops(): Promise<void> {
    const loops = findParentLoops(this.records.all(), (id) => this.records.get(id))
    if (loops.length === 0) return
    const page = this.records
      .all()
      .filter((record) => record.typeName === 'page')
      .sort((a, b) => String(a.index).localeCompare(String(b.index)))[0]
    if (!page) return
    const put = loops.flatMap((id) => {
      const shape = this.records.get(id)
      return shape ? [{ ...shape, parentId: page.id }] : []
    })
    await this.applyServerChange(() => this.records.write({ put }))
    this.log('room.loops.broken', { room: this.id, shapes: put.length })
  }

  /**
   * Brings a room stored by an older version to the current layout and schema before anyone
   * syncs (RoomManager calls it right after loading), and stores the result with a backup of the
   * old state in one transaction, in place of the snapshot and log it covers. Rejects when that
   * cannot be stored, or with an UpgradeRaceError when another node stored first: the room then
   * does not load (the manager loads it again, upgraded).
   */
  async upgrade(): Promise<void> {
    if (isBoardDocCurrent(this.doc, this.schema)) return
    const backup = Y.encodeStateAsUpdate(this.doc)
    const report = upgradeBoardDoc(this.doc, this.schema, upgradeOrigin)
    if (!report) return
    const isStored = await this.roomLog.replaceState(Y.encodeStateAsUpdate(this.doc), {
      reason: `upgrade from doc layout ${report.fromLayout}`,
      state: backup,
    })
    if (!isStored) throw new UpgradeRaceError(`room ${this.id} was upgraded by another node`)
    this.log('room.upgraded', {
      room: this.id,
      fromLayout: report.fromLayout,
      migratedSchema: report.migratedSchema,
      converted: report.converted,
      written: report.written,
      unmigrated: report.unmigrated.length,
    })
  }

  /** Puts shapes back where they were (their placement fields as recorded before the update). */
  private restorePlacements(restores: readonly PlacementRestore[]): void {
    const put: StoredRecord[] = []
    for (const { recordId, fields } of restores) {
      const record = this.records.get(recordId)
      if (record) put.push({ ...record, ...Object.fromEntries(fields) })
    }
    this.records.write({ put })
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.clients.size
  }

  /** Sizes of the room's internal tables (leak checks, `server.stats`). */
  get sizes(): { clients: number; awarenessClocks: number } {
    return { clients: this.clients.size, awarenessClocks: this.awareness.meta.size }
  }

  /** False once storage failed; the manager drops the room and the next connection reloads it. */
  get isUsable(): boolean {
    return !this.isFailed
  }

  /** Adds a client and greets it like the reference server: sync step 1, then awareness states. */
  addClient(client: RoomClient): void {
    this.clients.set(client, { clientId: null, writers: new Set() })
    client.send(encodeSyncStep1(this.doc))
    const present = [...this.awareness.getStates().keys()]
    if (present.length > 0) client.send(encodeAwarenessFrame(this.awareness, present))
  }

  /** Removes a client and its awareness state (others are told). Idempotent. */
  removeClient(client: RoomClient): void {
    const state = this.clients.get(client)
    if (!state) return
    this.clients.delete(client)
    if (state.clientId !== null) this.channel?.release(state.clientId)
    if (state.clientId !== null && !this.isFailed) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [state.clientId], 'disconnect')
      this.departed.delete(state.clientId)
      this.departed.set(state.clientId, performance.now())
    }
    this.forgetDeparted()
  }

  /** Forgets the awareness clocks of clientIDs that left more than the TTL ago. */
  private forgetDeparted(): void {
    const cutoff = performance.now() - this.departedAwarenessTtlMs
    for (const [clientId, leftAt] of this.departed) {
      if (leftAt > cutoff) break
      this.departed.delete(clientId)
      if (!this.awareness.states.has(clientId) && !this.ownerOf(clientId)) {
        this.awareness.meta.delete(clientId)
      }
    }
  }

  /**
   * Answers a client's sync step 1 with everything it lacks, once the updates in the answer are
   * committed (the doc may hold some still being written).
   */
  answerSyncStep1(client: RoomClient, stateVector: Uint8Array): void {
    let frame: Uint8Array
    try {
      frame = encodeSyncStep2(this.doc, stateVector)
    } catch {
      throw protocolError('malformed state vector')
    }
    this.roomLog.afterCommitted(() => client.send(frame))
  }

  /** Sends every awareness state to one client (answer to queryAwareness). */
  sendAwarenessStates(client: RoomClient): void {
    client.send(encodeAwarenessFrame(this.awareness, [...this.awareness.getStates().keys()]))
  }

  /**
   * The one write path for clients (sync step 2 and updates alike): checks `update` and applies it
   * with `client` as origin. Throws a CloseError without touching the doc when it is refused:
   * - `forbidden` when it changes a root the client's role may not write (inserted items and
   *   deletions of live items; see updateValidation.ts), or the board while it is locked (all but
   *   the facilitator). A viewer may not send anything that changes the doc at all.
   * - `protocolError` for invalid content, `tooLarge` for the size caps.
   * An update that depends on structs the server lacks (a missing origin or deletion target) is
   * dropped without closing: Yjs would park it and integrate it later, unchecked. Honest
   * y-websocket clients only send one in the moment between reconnecting and their sync step 2
   * (an edit made right then, on top of offline edits), and that step 2 carries it again with
   * its dependencies; any later reconnect's step 2 would too.
   */
  acceptUpdate(client: RoomClient, update: Uint8Array): void {
    if (this.isFailed) return
    const { maxUpdateBytes, maxRoomBytes } = this.limits
    if (update.byteLength > maxUpdateBytes) {
      throw new CloseError(
        closeCodes.tooLarge,
        `update of ${update.byteLength} bytes exceeds the limit of ${maxUpdateBytes}`,
      )
    }
    const { role } = client.auth
    const writable = writableRootsByRole[role]
    let isLocked: boolean | undefined
    const isBoardLockedForClient = () =>
      role !== 'facilitator' && (isLocked ??= this.isBoardLocked())
    const mayWrite = (root: string) =>
      writable.has(root) && !(boardRoots.has(root) && isBoardLockedForClient())
    let inspection
    try {
      inspection = inspectUpdate(update, {
        doc: this.doc,
        schema: this.schema,
        records: this.records,
        ownClients: this.clients.get(client)?.writers,
        mayChangeLocked: role === 'facilitator',
        mayWrite,
      })
    } catch {
      throw protocolError('malformed update')
    }
    const { forbiddenRoot } = inspection
    if (forbiddenRoot !== null) {
      throw forbiddenError(
        boardRoots.has(forbiddenRoot) && writable.has(forbiddenRoot)
          ? boardLockedReason
          : `${withArticle(role)} may not change ${rootLabels[forbiddenRoot] ?? forbiddenRoot}`,
      )
    }
    const changesAnything =
      inspection.isInsert || inspection.touchedRoots.size > 0 || inspection.unresolved !== null
    if (writable.size === 0 && changesAnything) {
      throw forbiddenError(`${withArticle(role)} may not change the board`)
    }
    if (inspection.problem) throw protocolError(inspection.problem.message)
    if (inspection.forbiddenReason !== null) throw forbiddenError(inspection.forbiddenReason)
    if (inspection.unresolved !== null) {
      this.log('update.dropped', { room: this.id, role, reason: inspection.unresolved })
      return
    }
    // Deletions are always let through, so a full room can still be cleaned up.
    if (inspection.isInsert && this.storedBytes + update.byteLength > maxRoomBytes) {
      // The stored size over-counts superseded updates; measure exactly before refusing.
      const state = Y.encodeStateAsUpdate(this.doc)
      if (state.byteLength + update.byteLength > maxRoomBytes) {
        throw new CloseError(closeCodes.tooLarge, `room would grow beyond ${maxRoomBytes} bytes`)
      }
      void this.compact()
    }
    try {
      Y.applyUpdate(this.doc, update, client)
    } catch {
      throw protocolError('update could not be applied')
    }
    // Everything integrated was inspected; anything Yjs parked would integrate later, unchecked.
    if (dropPendingStructs(this.doc)) {
      throw protocolError('malformed update: parts of it cannot be placed')
    }
    const writers = this.clients.get(client)?.writers
    for (const writer of inspection.clients) writers?.add(writer)
    this.tidyRecords(inspection.recordIds, inspection.restores)
  }

  /**
   * After a client's update: undoes a move that closed a parent loop with someone else's
   * concurrent move, converts layout 1 entries it brought (an old client's offline work) and
   * deletes fields of records that no longer exist (an edit that raced a delete), as server
   * changes that everyone receives.
   */
  private tidyRecords(recordIds: Iterable<string>, restores: readonly PlacementRestore[]): void {
    // Storage failed: the room is closing; the next load tidies up.
    const logFailure = (error: unknown) =>
      this.log('room.tidy.failed', { room: this.id, error: errorMessage(error) })
    if (restores.length > 0) {
      this.applyServerChange(() => this.restorePlacements(restores)).catch(logFailure)
      this.log('room.loop.undone', { room: this.id, records: restores.length })
    }
    if (getLegacyRecordsArray(this.doc).length > 0) {
      this.applyServerChange(() => upgradeBoardDoc(this.doc, this.schema, serverOrigin)).catch(
        logFailure,
      )
    }
    const leftovers = this.records.leftoverIds(recordIds)
    if (leftovers.length > 0) {
      this.applyServerChange(() => this.records.write({ remove: leftovers }, serverOrigin)).catch(
        logFailure,
      )
    }
  }

  /**
   * Applies a change made by the server (`change` runs in one transaction with `serverOrigin`):
   * stored and broadcast to every client like any accepted update. Resolves once it is committed;
   * rejects with a StorageFailedError when it could not be stored.
   */
  async applyServerChange(change: (doc: Y.Doc) => void): Promise<void> {
    if (this.isFailed) throw new StorageFailedError(`room ${this.id} could not be stored`)
    this.doc.transact(() => change(this.doc), serverOrigin)
    await this.roomLog.flushed()
    if (this.isFailed) {
      throw new StorageFailedError(`storage failed: the change to room ${this.id} was not saved`)
    }
  }

  /**
   * Applies updates another node committed (their log row ids with them): relayed to this node's
   * clients, never stored again. An update that depends on something this node missed is not
   * kept half-integrated: the room reloads from storage, which has both.
   */
  applyRemoteUpdates(updates: readonly { update: Uint8Array; rowId: number }[]): void {
    if (this.isFailed) return
    this.people = null
    this.doc.transact(() => {
      for (const { update } of updates) Y.applyUpdate(this.doc, update)
    }, remoteOrigin)
    if (dropPendingStructs(this.doc)) {
      this.log('room.remote.gap', { room: this.id })
      void this.resync()
      return
    }
    for (const { update, rowId } of updates) this.roomLog.addRow(rowId, update.byteLength)
  }

  /** Applies awareness of another node's clients; relayed to this node's clients. */
  applyRemoteAwareness(update: Uint8Array): void {
    if (this.isFailed) return
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, remoteOrigin)
    } catch (error) {
      this.log('room.remote.failed', { room: this.id, error: errorMessage(error) })
    }
  }

  /** Drops the awareness of clients of a node that is gone. */
  removeRemoteAwareness(clientIds: readonly number[]): void {
    if (this.isFailed) return
    // A client that already reconnected to this node keeps its state.
    const present = clientIds.filter(
      (clientId) => this.awareness.states.has(clientId) && !this.ownerOf(clientId),
    )
    awarenessProtocol.removeAwarenessStates(this.awareness, present, remoteOrigin)
  }

  /** Another node asks for the awareness of this node's clients (it just loaded the room). */
  publishLocalAwareness(): void {
    const owned = [...this.clients.values()].flatMap((state) =>
      state.clientId !== null && this.awareness.states.has(state.clientId) ? [state.clientId] : [],
    )
    if (owned.length > 0) {
      this.channel?.publishAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, owned))
    }
  }

  /** Probes this node's connection that owns `clientId` (another node's connection claims it). */
  probeOwner(clientId: number): void {
    this.ownerOf(clientId)?.probe?.()
  }

  /** Another node compacted this room's log (see RoomLog.noteCompaction). */
  noteCompaction(done: CompactionDone): void {
    this.roomLog.noteCompaction(done)
  }

  /**
   * Reads the room from storage again and merges it (with `remoteOrigin`): after messages from
   * other nodes may have been missed. One at a time.
   */
  resync(): Promise<void> {
    this.resyncing ??= (async () => {
      try {
        const loaded = await this.storage.loadRoom(this.id)
        if (this.isFailed) return
        this.people = null
        this.doc.transact(() => {
          for (const update of loaded.updates) Y.applyUpdate(this.doc, update)
        }, remoteOrigin)
        dropPendingStructs(this.doc)
        const firstRow = loaded.updates.length - loaded.logIds.length
        loaded.logIds.forEach((id, index) =>
          this.roomLog.addRow(id, loaded.updates[firstRow + index]!.byteLength),
        )
        this.roomLog.noteSnapshot(loaded.epoch)
        this.log('room.resynced', { room: this.id })
      } catch (error) {
        this.log('room.resync.failed', { room: this.id, error: errorMessage(error) })
      } finally {
        this.resyncing = null
      }
    })()
    return this.resyncing
  }

  /** Resolves once every update accepted so far is committed (or failed). */
  flushed(): Promise<void> {
    return this.roomLog.flushed()
  }

  /** Closes every client whose token `shouldClose` picks, with `code` and `reason`. */
  closeClients(shouldClose: (auth: AuthContext) => boolean, code: number, reason: string): void {
    for (const client of [...this.clients.keys()]) {
      if (shouldClose(client.auth)) client.close(code, reason)
    }
  }

  /** True while the workshop's `boardLock` entry says the board is locked. */
  isBoardLocked(): boolean {
    const lock = boardLockSchema.safeParse(
      readEntry(this.doc.getArray(workshopArrayName), 'boardLock'),
    )
    return lock.success && lock.data.isLocked
  }

  /**
   * Applies a client's awareness update. A client owns the first clientID it announces and may
   * change only that one; echoes of other clients' states that change nothing are let through
   * (the stock provider relays every awareness change it sees). A clientID another open connection
   * owns closes this one with `awarenessConflict` (try again later) and probes the owner: an
   * honest browser that reconnected while its old socket is half-open gets its id back once the
   * old socket is found dead; a spoofer gets nothing.
   */
  applyAwarenessUpdate(client: RoomClient, update: Uint8Array): void {
    const state = this.clients.get(client)
    if (!state || this.isFailed) return
    const { maxAwarenessBytes } = this.limits
    if (update.byteLength > maxAwarenessBytes) {
      throw new CloseError(
        closeCodes.tooLarge,
        `awareness update of ${update.byteLength} bytes exceeds the limit of ${maxAwarenessBytes}`,
      )
    }
    for (const entry of decodeAwarenessEntries(update)) {
      const currentClock = this.awareness.meta.get(entry.clientId)?.clock ?? 0
      const isChange =
        currentClock < entry.clock ||
        (currentClock === entry.clock &&
          entry.state === null &&
          this.awareness.states.has(entry.clientId))
      if (!isChange || entry.clientId === state.clientId) continue
      if (entry.clientId === this.awareness.clientID) {
        throw protocolError(`awareness of client ${entry.clientId} belongs to the server`)
      }
      const owner = this.ownerOf(entry.clientId)
      if (owner || this.channel?.isOwnedElsewhere(entry.clientId)) {
        if (owner) owner.probe?.()
        else this.channel?.probe(entry.clientId)
        throw new CloseError(
          closeCodes.awarenessConflict,
          `awareness of client ${entry.clientId} belongs to another connection`,
        )
      }
      if (state.clientId !== null) {
        throw protocolError(
          `awareness of client ${entry.clientId}: this connection is client ${state.clientId}`,
        )
      }
      state.clientId = entry.clientId
      this.departed.delete(entry.clientId)
      this.channel?.claim(entry.clientId, () =>
        client.close(
          closeCodes.awarenessConflict,
          `awareness of client ${entry.clientId} belongs to another connection`,
        ),
      )
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, client)
    } catch {
      throw protocolError('malformed awareness update')
    }
    if (state.clientId !== null) this.recordPerson(state.clientId)
  }

  /**
   * Upserts `person:<id>` in the people roster from the `user` field of a client's awareness
   * state (when it passes awarenessUserSchema): written when new or changed, and otherwise at most
   * every `personSeenIntervalMs` to refresh `lastSeenAt`.
   */
  private recordPerson(clientId: number): void {
    if (this.isFailed) return
    const announced: unknown = this.awareness.getStates().get(clientId)?.[awarenessUserField]
    if (announced === undefined) return
    const user = awarenessUserSchema.safeParse(announced)
    if (!user.success) return
    const now = this.now()
    const people = this.readPeople()
    const known = people.get(user.data.id)
    const isSame =
      known !== undefined &&
      known.name === user.data.name &&
      known.color === user.data.color &&
      known.function === user.data.function
    if (isSame && now - known.lastSeenAt < personSeenIntervalMs) return
    // Only the roster's fields: the awareness user may carry more (e.g. its role).
    const { id, name, color } = user.data
    const person: Person = {
      kind: 'person',
      id,
      name,
      color,
      function: user.data.function,
      lastSeenAt: now,
    }
    people.set(person.id, person)
    this.applyServerChange((doc) =>
      writeEntries(doc.getArray(peopleArrayName), {
        set: new Map([[personKey(person), person]]),
      }),
    ).catch(() => {
      // Storage failed: the room is closing; the next load reads the roster from disk.
    })
  }

  private readPeople(): Map<string, Person> {
    if (!this.people) {
      this.people = new Map()
      for (const value of readEntries(this.doc.getArray(peopleArrayName)).values()) {
        const person = personSchema.safeParse(value)
        if (person.success) this.people.set(person.data.id, person.data)
      }
    }
    return this.people
  }

  /**
   * Writes the doc as the new snapshot and drops the log rows it covers (server/roomLog.ts); other
   * nodes are told. Logs and swallows failures: the log stays intact and the next threshold retries.
   */
  async compact(): Promise<void> {
    const done = await this.roomLog.compact({
      encodeState: () => Y.encodeStateAsUpdate(this.doc),
      merge: (snapshot) => {
        this.doc.transact(() => Y.applyUpdate(this.doc, snapshot), remoteOrigin)
        dropPendingStructs(this.doc)
      },
    })
    if (done) this.channel?.publishCompaction(done)
  }

  /** Bytes the room holds in storage: its snapshot plus the update log since. */
  get storedBytes(): number {
    return this.roomLog.storedBytes
  }

  /** Closes every client with `code` and frees the doc. Does not compact. */
  destroy(code: number, reason: string): void {
    if (this.awarenessRelayTimer) clearTimeout(this.awarenessRelayTimer)
    this.awarenessRelayTimer = null
    this.awarenessChanged.clear()
    this.awarenessChangedHere.clear()
    this.channel?.close()
    const clients = [...this.clients.keys()]
    // Cleared first so closing clients do not broadcast awareness removals to each other.
    this.clients.clear()
    for (const client of clients) client.close(code, reason)
    this.awareness.destroy()
    this.records.destroy()
    this.doc.destroy()
  }

  private ownerOf(clientId: number): RoomClient | undefined {
    for (const [client, state] of this.clients) if (state.clientId === clientId) return client
    return undefined
  }

  private readonly handleDocUpdate = (update: Uint8Array, origin: unknown): void => {
    // An upgrade is stored whole, with its backup (see `upgrade`).
    if (this.isFailed || origin === upgradeOrigin) return
    if (origin === remoteOrigin) {
      // Committed by the node that accepted it: relay only.
      const frame = encodeSyncUpdate(update)
      for (const client of this.clients.keys()) client.send(frame)
      return
    }
    this.roomLog.write(update, (rowId) => {
      const frame = encodeSyncUpdate(update)
      for (const client of this.clients.keys()) if (client !== origin) client.send(frame)
      this.channel?.publishUpdate(update, rowId)
      const { compactAfterUpdates, compactAfterBytes } = this.limits
      if (
        this.roomLog.logCount >= compactAfterUpdates ||
        this.roomLog.logBytes >= compactAfterBytes
      ) {
        void this.compact()
      }
    })
  }

  private readonly handleAwarenessUpdate = (
    {
      added,
      updated,
      removed,
    }: {
      added: number[]
      updated: number[]
      removed: number[]
    },
    origin: unknown,
  ): void => {
    // Other nodes hear about this node's clients only; each node times out remote states itself.
    const isHere = origin !== remoteOrigin && origin !== 'timeout'
    for (const clientId of [...added, ...updated, ...removed]) {
      this.awarenessChanged.add(clientId)
      if (isHere && this.channel) this.awarenessChangedHere.add(clientId)
    }
    if (this.awarenessRelayTimer) return
    const wait = this.lastAwarenessRelayAt + awarenessRelayIntervalMs - performance.now()
    if (wait <= 0) {
      this.relayAwareness()
      return
    }
    this.awarenessRelayTimer = setTimeout(() => {
      this.awarenessRelayTimer = null
      this.relayAwareness()
    }, wait)
  }

  /**
   * Sends every awareness change since the last relay in one frame to every client, the sender
   * included: like the reference server, because the stock provider reconnects after 30 s without
   * a message, and its own 15 s awareness renewal is all a lone, idle client would ever get.
   */
  private relayAwareness(): void {
    if (this.awarenessChanged.size === 0 || this.isFailed) return
    const frame = encodeAwarenessFrame(this.awareness, [...this.awarenessChanged])
    this.awarenessChanged.clear()
    this.lastAwarenessRelayAt = performance.now()
    for (const client of this.clients.keys()) client.send(frame)
    if (this.awarenessChangedHere.size > 0) {
      const here = [...this.awarenessChangedHere]
      this.awarenessChangedHere.clear()
      this.channel?.publishAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, here))
    }
  }

  private fail(error: unknown): void {
    this.isFailed = true
    this.log('room.storage.failed', { room: this.id, error: errorMessage(error) })
    const clients = [...this.clients.keys()]
    this.clients.clear()
    for (const client of clients) {
      client.close(
        closeCodes.storageFailed,
        'storage failed: your edit was not saved; reconnecting',
      )
    }
    this.onFailed(this)
  }
}

/**
 * Drops structs and deletions Yjs parked because they depend on something the doc lacks; true when
 * there were any. The room never keeps them: they would be integrated later without inspection.
 */
function dropPendingStructs(doc: Y.Doc): boolean {
  const { store } = doc
  if (store.pendingStructs === null && store.pendingDs === null) return false
  store.pendingStructs = null
  store.pendingDs = null
  return true
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Opens a room's channel to the other nodes (server/cluster/redisCluster.ts). */
export interface RoomChannels {
  /** Subscribes to the room; what arrives before `attach` is buffered. */
  openRoom(roomId: string): Promise<RoomChannel>
}

/** Options of a RoomManager. */
export interface RoomManagerOptions {
  storage: RoomOptions['storage']
  /** The group commit every room writes through. */
  commits: GroupCommit
  /** Links rooms to other nodes; absent on a single node. */
  cluster?: RoomChannels
  schema: TLSchema
  log: Logger
  limits: RoomLimits
  /** How long an empty room stays loaded, so a quick reconnect does not reload it. */
  unloadGraceMs: number
  /** Clock (ms since the epoch) for the people roster; default `Date.now`. */
  now?: () => number
  /** See `defaultDepartedAwarenessTtlMs`. */
  departedAwarenessTtlMs?: number
  /**
   * Called when a room is loaded, with its live doc (observers such as notifications read it,
   * never write); the function it returns is called when the room is unloaded or dropped.
   */
  onRoomLoaded?: (roomId: string, doc: Y.Doc) => () => void
}

/** Sizes of the manager's internal tables: all zero once every client left and rooms unloaded. */
export interface RoomManagerStats {
  /** Rooms in memory. */
  rooms: number
  /** Empty rooms waiting for their unload. */
  unloadTimers: number
  /** Clients in all rooms. */
  clients: number
  /** Awareness clocks kept in all rooms (present and recently departed clients). */
  awarenessClocks: number
}

/**
 * Loads rooms on demand (asynchronously, once per room however many connections arrive meanwhile)
 * and unloads them when they have been empty for the grace period. A room being unloaded is
 * loaded again only after its last writes and compaction are done.
 */
export class RoomManager {
  private readonly rooms = new Map<string, Room>()
  private readonly loading = new Map<string, Promise<Room>>()
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()
  /** Server-side users of a room (`withRoom`) that keep it loaded while they run. */
  private readonly users = new Map<Room, number>()
  private readonly observers = new Map<string, () => void>()

  constructor(private readonly options: RoomManagerOptions) {}

  /** The board schema every room is validated and upgraded with. */
  get schema(): TLSchema {
    return this.options.schema
  }

  /** Sizes of the internal tables, for leak checks and the `server.stats` log event. */
  stats(): RoomManagerStats {
    const stats = { rooms: this.rooms.size, unloadTimers: this.unloadTimers.size }
    let clients = 0
    let awarenessClocks = 0
    for (const room of this.rooms.values()) {
      const sizes = room.sizes
      clients += sizes.clients
      awarenessClocks += sizes.awarenessClocks
    }
    return { ...stats, clients, awarenessClocks }
  }

  /** The live doc of a room in memory, or undefined; for readers that must not load or join it. */
  loadedDoc(roomId: string): Y.Doc | undefined {
    return this.rooms.get(roomId)?.doc
  }

  /**
   * Loads the room if needed, then adds the client `connect` makes (and sends the greeting). When
   * `connect` returns null (the socket went away during the load) the room is left to its unload
   * and null is returned. Rejects when the room cannot be loaded.
   */
  async join(roomId: string, connect: (room: Room) => RoomClient | null): Promise<Room | null> {
    const room = await this.load(roomId)
    const client = connect(room)
    if (!client) {
      this.scheduleUnload(room)
      return null
    }
    room.addClient(client)
    return room
  }

  /**
   * Runs `use` on the room, loading it first if needed (for server-side changes such as
   * restores); a room nobody is connected to is unloaded after the grace period. Rejects when the
   * room cannot be loaded, and with whatever `use` throws.
   */
  async withRoom<T>(roomId: string, use: (room: Room) => T | Promise<T>): Promise<T> {
    const room = await this.load(roomId)
    this.users.set(room, (this.users.get(room) ?? 0) + 1)
    try {
      return await use(room)
    } finally {
      const left = (this.users.get(room) ?? 1) - 1
      if (left > 0) this.users.set(room, left)
      else this.users.delete(room)
      this.scheduleUnload(room)
    }
  }

  /**
   * Closes the connections to `roomId` holding a `role` token older than `generation` (after a
   * link rotation) with `code` and `reason`.
   */
  closeRevoked(roomId: string, role: Role, generation: number, code: number, reason: string): void {
    this.rooms
      .get(roomId)
      ?.closeClients((auth) => auth.role === role && auth.generation < generation, code, reason)
  }

  /** Removes `client`; an empty room is unloaded after the grace period. Idempotent. */
  leave(room: Room, client: RoomClient): void {
    room.removeClient(client)
    this.scheduleUnload(room)
  }

  private load(roomId: string): Promise<Room> {
    const timer = this.unloadTimers.get(roomId)
    if (timer) {
      clearTimeout(timer)
      this.unloadTimers.delete(roomId)
    }
    const room = this.rooms.get(roomId)
    if (room) return Promise.resolve(room)
    let loading = this.loading.get(roomId)
    if (!loading) {
      loading = this.open(roomId).finally(() => this.loading.delete(roomId))
      this.loading.set(roomId, loading)
    }
    return loading
  }

  private async open(roomId: string): Promise<Room> {
    await this.unloading.get(roomId)
    const {
      storage,
      commits,
      cluster,
      schema,
      limits,
      log,
      now = Date.now,
      departedAwarenessTtlMs,
    } = this.options
    for (let attempt = 1; ; attempt++) {
      // Subscribed before storage is read, so nothing another node commits meanwhile is missed.
      const channel = cluster ? await cluster.openRoom(roomId) : null
      let room: Room | undefined
      try {
        const loaded = await storage.loadRoom(roomId)
        room = new Room(roomId, loaded, {
          storage,
          commits,
          channel,
          schema,
          limits,
          log,
          now,
          departedAwarenessTtlMs,
          onFailed: (failed) => this.drop(failed),
        })
        await room.upgrade()
        await room.breakParentLoops()
      } catch (error) {
        if (room) room.destroy(closeCodes.storageFailed, 'the room could not be loaded')
        else channel?.close()
        if (error instanceof UpgradeRaceError && attempt < 3) {
          log('room.upgrade.lost', { room: roomId, attempt })
          continue
        }
        throw error
      }
      this.rooms.set(roomId, room)
      const stop = this.options.onRoomLoaded?.(roomId, room.doc)
      if (stop) this.observers.set(roomId, stop)
      channel?.attach(room)
      return room
    }
  }

  private scheduleUnload(room: Room): void {
    if (
      room.clientCount > 0 ||
      this.users.has(room) ||
      this.rooms.get(room.id) !== room ||
      this.unloadTimers.has(room.id)
    ) {
      return
    }
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.id)
      if (room.clientCount === 0 && !this.users.has(room)) void this.unload(room)
    }, this.options.unloadGraceMs)
    this.unloadTimers.set(room.id, timer)
  }

  /**
   * Closes every connection with `code`, then lets every room finish its writes, compacts and
   * unloads it (shutdown).
   */
  async unloadAll(code: number, reason: string): Promise<void> {
    await Promise.all([...this.loading.values()].map((loading) => loading.catch(() => undefined)))
    await Promise.all([...this.rooms.values()].map((room) => this.unload(room, code, reason)))
  }

  private unload(room: Room, code = 1001, reason = 'room unloaded'): Promise<void> {
    const timer = this.unloadTimers.get(room.id)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(room.id)
    this.rooms.delete(room.id)
    this.stopObserving(room.id)
    const unloading = (async () => {
      // Closed first so no new edit arrives while the last ones are written.
      room.closeClients(() => true, code, reason)
      await room.flushed()
      // Compacts only when updates came in since the last snapshot (an unchanged room costs nothing).
      await room.compact()
      room.destroy(code, reason)
      this.options.log('room.unloaded', { room: room.id, bytes: room.storedBytes })
    })().finally(() => {
      if (this.unloading.get(room.id) === unloading) this.unloading.delete(room.id)
    })
    this.unloading.set(room.id, unloading)
    return unloading
  }

  private stopObserving(roomId: string): void {
    this.observers.get(roomId)?.()
    this.observers.delete(roomId)
  }

  private drop(room: Room): void {
    if (this.rooms.get(room.id) === room) {
      this.rooms.delete(room.id)
      this.stopObserving(room.id)
    }
    const timer = this.unloadTimers.get(room.id)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(room.id)
    // Destroyed later: we may be inside the doc's own update event.
    setImmediate(() => room.destroy(closeCodes.storageFailed, 'storage failed'))
  }
}
