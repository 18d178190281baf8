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
 * they are appended to storage synchronously and only then broadcast to the other connections.
 * If storage throws, nothing is broadcast: every connection of the room is closed with
 * `storageFailed` and the in-memory room is dropped. Clients still hold their edits and send them
 * again when they reconnect, so nothing that was acknowledged (broadcast) is lost.
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
import type { RoomPersistence } from './persistence'
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

/** Thrown by `Room.applyServerChange` when the change could not be stored. */
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
  persistence: RoomPersistence
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
  private readonly persistence: RoomPersistence
  private readonly schema: TLSchema
  private readonly limits: RoomLimits
  private readonly log: Logger
  private readonly now: () => number
  private readonly onFailed: (room: Room) => void
  private lastUpdateId: number
  private logCount: number
  private logBytes: number
  private snapshotBytes: number
  private isFailed = false
  /** The people roster as last written (only the server writes it); read from the doc once. */
  private people: Map<string, Person> | null = null
  /** Awareness clientIDs changed since the last relay. */
  private readonly awarenessChanged = new Set<number>()
  private awarenessRelayTimer: NodeJS.Timeout | null = null
  private lastAwarenessRelayAt = Number.NEGATIVE_INFINITY
  /** ClientIDs of connections that left (monotonic ms), oldest first; see departedAwarenessTtlMs. */
  private readonly departed = new Map<number, number>()
  private readonly departedAwarenessTtlMs: number

  constructor(
    readonly id: string,
    options: RoomOptions,
  ) {
    this.persistence = options.persistence
    this.schema = options.schema
    this.limits = options.limits
    this.log = options.log
    this.now = options.now
    this.onFailed = options.onFailed
    this.departedAwarenessTtlMs = options.departedAwarenessTtlMs ?? defaultDepartedAwarenessTtlMs
    const startedAt = performance.now()
    const loaded = this.persistence.loadRoom(id)
    this.doc = new Y.Doc()
    this.doc.transact(() => {
      for (const update of loaded.updates) Y.applyUpdate(this.doc, update)
    })
    if (dropPendingStructs(this.doc)) this.log('room.pending.dropped', { room: id })
    this.lastUpdateId = loaded.lastUpdateId
    this.logCount = loaded.logCount
    this.logBytes = loaded.logBytes
    this.snapshotBytes = loaded.snapshotBytes
    this.upgrade()
    this.records = new BoardRecords(this.doc)
    // Attached after loading: stored updates must not be stored again.
    this.doc.on('update', this.handleDocUpdate)
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.handleAwarenessUpdate)
    this.breakParentLoops()
    this.log('room.loaded', {
      room: id,
      ms: Number((performance.now() - startedAt).toFixed(1)),
      bytes: loaded.snapshotBytes + loaded.logBytes,
      logUpdates: loaded.logCount,
    })
  }

  /**
   * Puts one shape of every loop of parents on its board's first page, as a stored change: a room
   * stored before loops were refused must not freeze whoever opens it.
   */
  private breakParentLoops(): void {
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
    this.applyServerChange(() => this.records.write({ put }))
    this.log('room.loops.broken', { room: this.id, shapes: put.length })
  }

  /**
   * Brings a room stored by an older version to the current layout and schema before anyone
   * syncs, and stores the result with a backup of the old state in one transaction (the log
   * it covers is dropped). Throws when that cannot be stored: the room then does not load.
   */
  private upgrade(): void {
    if (isBoardDocCurrent(this.doc, this.schema)) return
    const backup = Y.encodeStateAsUpdate(this.doc)
    const report = upgradeBoardDoc(this.doc, this.schema, upgradeOrigin)
    if (!report) return
    const state = Y.encodeStateAsUpdate(this.doc)
    this.persistence.replaceRoomState(this.id, state, this.lastUpdateId, {
      reason: `upgrade from doc layout ${report.fromLayout}`,
      state: backup,
    })
    this.logCount = 0
    this.logBytes = 0
    this.snapshotBytes = state.byteLength
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

  /** Answers a client's sync step 1 with everything it lacks. */
  answerSyncStep1(client: RoomClient, stateVector: Uint8Array): void {
    let frame: Uint8Array
    try {
      frame = encodeSyncStep2(this.doc, stateVector)
    } catch {
      throw protocolError('malformed state vector')
    }
    client.send(frame)
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
      this.compact(state)
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
    try {
      if (restores.length > 0) {
        this.applyServerChange(() => this.restorePlacements(restores))
        this.log('room.loop.undone', { room: this.id, records: restores.length })
      }
      if (getLegacyRecordsArray(this.doc).length > 0) {
        this.applyServerChange(() => upgradeBoardDoc(this.doc, this.schema, serverOrigin))
      }
      const leftovers = this.records.leftoverIds(recordIds)
      if (leftovers.length > 0) {
        this.applyServerChange(() => this.records.write({ remove: leftovers }, serverOrigin))
      }
    } catch (error) {
      // Storage failed: the room is closing; the next load tidies up.
      this.log('room.tidy.failed', { room: this.id, error: errorMessage(error) })
    }
  }

  /**
   * Applies a change made by the server (`change` runs in one transaction with `serverOrigin`):
   * stored and broadcast to every client like any accepted update. Throws when storage failed.
   */
  applyServerChange(change: (doc: Y.Doc) => void): void {
    if (this.isFailed) throw new StorageFailedError(`room ${this.id} could not be stored`)
    this.doc.transact(() => change(this.doc), serverOrigin)
    if (this.isFailed) {
      throw new StorageFailedError(`storage failed: the change to room ${this.id} was not saved`)
    }
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
      if (owner) {
        owner.probe?.()
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
    try {
      this.applyServerChange((doc) =>
        writeEntries(doc.getArray(peopleArrayName), {
          set: new Map([[personKey(person), person]]),
        }),
      )
    } catch {
      // Storage failed: the room is closing; the next load reads the roster from disk.
    }
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

  /** Writes the doc as the new snapshot and drops the log it covers. Logs and swallows failures. */
  compact(state?: Uint8Array): void {
    if (this.isFailed || this.logCount === 0) return
    const startedAt = performance.now()
    state ??= Y.encodeStateAsUpdate(this.doc)
    try {
      this.persistence.compact(this.id, state, this.lastUpdateId)
    } catch (error) {
      // The log is intact (the transaction rolled back); the next threshold retries.
      this.log('room.compaction.failed', { room: this.id, error: errorMessage(error) })
      return
    }
    this.log('room.compacted', {
      room: this.id,
      logUpdates: this.logCount,
      logBytes: this.logBytes,
      bytes: state.byteLength,
      ms: Number((performance.now() - startedAt).toFixed(1)),
    })
    this.logCount = 0
    this.logBytes = 0
    this.snapshotBytes = state.byteLength
  }

  /** Bytes the room holds in storage: its snapshot plus the update log since. */
  get storedBytes(): number {
    return this.snapshotBytes + this.logBytes
  }

  /** Closes every client with `code` and frees the doc. Does not compact. */
  destroy(code: number, reason: string): void {
    if (this.awarenessRelayTimer) clearTimeout(this.awarenessRelayTimer)
    this.awarenessRelayTimer = null
    this.awarenessChanged.clear()
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
    if (this.isFailed) return
    try {
      this.lastUpdateId = this.persistence.appendUpdate(this.id, update)
    } catch (error) {
      this.fail(error)
      return
    }
    this.logCount += 1
    this.logBytes += update.byteLength
    const frame = encodeSyncUpdate(update)
    for (const client of this.clients.keys()) if (client !== origin) client.send(frame)
    const { compactAfterUpdates, compactAfterBytes } = this.limits
    if (this.logCount >= compactAfterUpdates || this.logBytes >= compactAfterBytes) this.compact()
  }

  private readonly handleAwarenessUpdate = ({
    added,
    updated,
    removed,
  }: {
    added: number[]
    updated: number[]
    removed: number[]
  }): void => {
    for (const clientId of [...added, ...updated, ...removed]) this.awarenessChanged.add(clientId)
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

/** Options of a RoomManager. */
export interface RoomManagerOptions {
  persistence: RoomPersistence
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

/** Loads rooms on demand and unloads them when they have been empty for the grace period. */
export class RoomManager {
  private readonly rooms = new Map<string, Room>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()
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
   * Adds `client` to the room, loading it (synchronously) first if needed, and sends the greeting.
   * Throws when the room cannot be loaded.
   */
  join(roomId: string, client: RoomClient): Room {
    const room = this.load(roomId)
    room.addClient(client)
    return room
  }

  /**
   * Runs `use` on the room, loading it first if needed (for server-side changes such as
   * restores); a room nobody is connected to is unloaded after the grace period. Throws when the
   * room cannot be loaded, and whatever `use` throws.
   */
  withRoom<T>(roomId: string, use: (room: Room) => T): T {
    const room = this.load(roomId)
    try {
      return use(room)
    } finally {
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

  private load(roomId: string): Room {
    const timer = this.unloadTimers.get(roomId)
    if (timer) {
      clearTimeout(timer)
      this.unloadTimers.delete(roomId)
    }
    let room = this.rooms.get(roomId)
    if (!room) {
      const {
        persistence,
        schema,
        limits,
        log,
        now = Date.now,
        departedAwarenessTtlMs,
      } = this.options
      room = new Room(roomId, {
        persistence,
        schema,
        limits,
        log,
        now,
        departedAwarenessTtlMs,
        onFailed: (failed) => this.drop(failed),
      })
      this.rooms.set(roomId, room)
      const stop = this.options.onRoomLoaded?.(roomId, room.doc)
      if (stop) this.observers.set(roomId, stop)
    }
    return room
  }

  private scheduleUnload(room: Room): void {
    if (
      room.clientCount > 0 ||
      this.rooms.get(room.id) !== room ||
      this.unloadTimers.has(room.id)
    ) {
      return
    }
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.id)
      if (room.clientCount === 0) this.unload(room)
    }, this.options.unloadGraceMs)
    this.unloadTimers.set(room.id, timer)
  }

  /** Closes every connection with `code`, compacts and unloads every room (shutdown). */
  unloadAll(code: number, reason: string): void {
    for (const room of [...this.rooms.values()]) this.unload(room, code, reason)
  }

  private unload(room: Room, code = 1001, reason = 'room unloaded'): void {
    const timer = this.unloadTimers.get(room.id)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(room.id)
    this.rooms.delete(room.id)
    this.stopObserving(room.id)
    // Compacts only when updates came in since the last snapshot (an unchanged room costs nothing).
    room.compact()
    room.destroy(code, reason)
    this.options.log('room.unloaded', { room: room.id, bytes: room.storedBytes })
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
    // Destroyed later: we are inside the doc's own update event.
    setImmediate(() => room.destroy(closeCodes.storageFailed, 'storage failed'))
  }
}
