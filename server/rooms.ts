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
  reactionsArrayName,
  votesArrayName,
  workshopArrayName,
  writableRootsByRole,
  type Person,
} from '../shared/workshop/workshopLayout'
import { orphanReactionKeys } from '../shared/workshop/reactionTally'
import { withArticle, type AuthContext } from './auth'
import { readEntries, readEntry, writeEntries } from '../shared/keyValueEntries'
import type { Logger } from './log'
import type { RoomPersistence } from './persistence'
import {
  CloseError,
  decodeAwarenessEntries,
  encodeAwarenessEntries,
  encodeAwarenessFrame,
  type AwarenessEntry,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  protocolError,
} from './protocol'
import { entryRuleRefusal, ruledEntryRoots } from './entryRules'
import { RoomOwnership, serverOwner, type ConnectionIdentity } from './ownership'
import type { OwnershipStore } from './persistence'
import { TokenBucket } from './rateLimit'
import { MalformedUpdateError, scanUpdate, updateCostProblem } from './updateCost'
import { findParentLoops } from '../shared/parentLoops'
import type { PlacementRestore } from './recordValidation'
import { inspectUpdate } from './updateValidation'
import { isBoardDocCurrent, upgradeBoardDoc } from './upgradeRoom'

/** One client socket as a room sees it (implemented by Connection). */
export interface RoomClient {
  /** What the client's token grants (its role decides what it may write). */
  readonly auth: AuthContext
  /** Who the client is: the owner it writes as and the participant it speaks for. */
  readonly identity: ConnectionIdentity
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
  [reactionsArrayName]: 'reactions',
  [votesArrayName]: 'votes',
  [workshopArrayName]: 'the workshop settings',
  [peopleArrayName]: 'the people list',
  data: 'the customer data',
}

/** Thrown by `Room.applyServerChange` when the change could not be stored. */
export class StorageFailedError extends Error {
  override name = 'StorageFailedError'
}

/** Thrown by `Room.applyServerChange` when the change would grow the room beyond its cap. */
export class RoomFullError extends Error {
  override name = 'RoomFullError'
}

/**
 * Bytes a snapshot may hold for each client id beyond the update's own: its state-vector entry
 * and its delete-set header (client id and count, up to 8 bytes each as varints).
 */
const stateBytesPerClientId = 16

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
  /** Structs one update may hold (server/updateCost.ts); more closes with `tooLarge`. */
  maxUpdateStructs: number
  /** Client ids one update may write new content under. */
  maxUpdateClientIds: number
  /** Delete-set ranges one update may hold. */
  maxUpdateDeleteRanges: number
  /** Client ids a room may hold (each costs about 1 KB of memory for good). */
  maxRoomClientIds: number
  /** People the roster may hold; newcomers beyond it are not added. */
  maxPeople: number
  /** Bytes of its own presence a connection may change per second, sustained... */
  presenceBytesPerSecond: number
  /** ...and at once. */
  presenceByteBurst: number
  /** Bytes of awareness the room sends per second at most, to all clients together (more waits). */
  relayBytesPerSecond: number
  /** Bytes of presence changes one relay frame carries at most (the rest go in the next). */
  relayFrameBytes: number
}

/**
 * Defaults: 4 MB per update (below the 8 MB frame cap), 64 MB per room, compact at 500 updates or
 * 1 MB, 256 KB per awareness update (a cursor is ~1 KB; selecting 5,000 shapes ~150 KB).
 * An honest update of 700 KB (5,000 offline card moves) holds about 1,700 structs, one client id
 * and 1,200 delete ranges; a room edited in 200 sessions holds 200 client ids. Presence: a cursor
 * at 20 Hz changes about 20 KB a second, so 50 people moving theirs make a room send about 20 MB a
 * second; relaying at most 16 MiB a second per room keeps 40 people with 256 KB presence states
 * from making the server send 14 times what they send (cursors then move every 60 ms, not 50).
 */
export const defaultRoomLimits: RoomLimits = {
  maxUpdateBytes: 4 * 1024 * 1024,
  maxRoomBytes: 64 * 1024 * 1024,
  compactAfterUpdates: 500,
  compactAfterBytes: 1024 * 1024,
  maxAwarenessBytes: 256 * 1024,
  maxUpdateStructs: 50_000,
  maxUpdateClientIds: 256,
  maxUpdateDeleteRanges: 100_000,
  maxRoomClientIds: 100_000,
  maxPeople: 1000,
  presenceBytesPerSecond: 64 * 1024,
  presenceByteBurst: 1024 * 1024,
  relayBytesPerSecond: 16 * 1024 * 1024,
  relayFrameBytes: 256 * 1024,
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
  /** The participant it speaks for: from `?participant=`, else its first presence `user.id`. */
  participantId: string | null
  /** Bytes of its own presence it may still change (see `presenceBytesPerSecond`). */
  presence: TokenBucket
  /** Yjs client ids of the updates this connection sent that were applied. */
  writers: Set<number>
}

/** What a Room needs (see RoomManagerOptions). */
export interface RoomOptions {
  persistence: RoomPersistence
  /** Where claims on client and participant ids are stored (server/ownership.ts). */
  ownership: OwnershipStore
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
  /** The people roster as last written; read from the doc again after a client removed some. */
  private people: Map<string, Person> | null = null
  private readonly ownership: RoomOwnership
  /**
   * Bytes the next snapshot may need beyond the stored log for the client ids added since the
   * last one (`stateBytesPerClientId` each): the cap holds on what a compaction will store.
   */
  private snapshotOverhead = 0
  /** Every awareness state as one frame (the answer to queryAwareness), until one changes. */
  private allStatesFrame: Uint8Array | null = null
  /** Bytes of each client's presence state (JSON), for the size of relay frames. */
  private readonly presenceBytes = new Map<number, number>()
  /** The sync step 2 frame answering an empty state vector, until the doc changes. */
  private fullStateFrame: Uint8Array | null = null
  /** Whether the server's own client id of this load is claimed (see `applyServerChange`). */
  private isServerIdClaimed = false
  /** Awareness clientIDs changed since the last relay. */
  private readonly awarenessChanged = new Set<number>()
  private awarenessRelayTimer: NodeJS.Timeout | null = null
  /** When the next relay may go out (monotonic ms): the interval, longer after a big frame. */
  private nextAwarenessRelayAt = Number.NEGATIVE_INFINITY
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
    this.ownership = new RoomOwnership(id, options.ownership)
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
    this.dropOrphanReactions()
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

  /**
   * Adds a client and greets it like the reference server: sync step 1, then awareness states.
   * Throws `forbidden` when the participant it says it is belongs to someone else.
   */
  addClient(client: RoomClient): void {
    const { participantId } = client.identity
    if (participantId !== null) this.checkParticipant(client, participantId)
    const { presenceBytesPerSecond, presenceByteBurst } = this.limits
    this.clients.set(client, {
      clientId: null,
      participantId,
      presence: new TokenBucket(presenceBytesPerSecond, presenceByteBurst),
      writers: new Set(),
    })
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
      this.presenceBytes.delete(state.clientId)
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
        this.ownership.forgetAwarenessClientId(clientId)
      }
    }
  }

  /**
   * Answers a client's sync step 1 with everything it lacks; returns the bytes sent. The answer to
   * an empty state vector (a browser without a local copy) is kept until the doc changes.
   */
  answerSyncStep1(client: RoomClient, stateVector: Uint8Array): number {
    const isEmpty = stateVector.byteLength === 1 && stateVector[0] === 0
    let frame = isEmpty ? this.fullStateFrame : null
    if (frame === null) {
      try {
        frame = encodeSyncStep2(this.doc, stateVector)
      } catch {
        throw protocolError('malformed state vector')
      }
      if (isEmpty) this.fullStateFrame = frame
    }
    client.send(frame)
    return frame.byteLength
  }

  /**
   * Sends every awareness state to one client (answer to queryAwareness); returns the bytes. The
   * frame is kept until awareness changes.
   */
  sendAwarenessStates(client: RoomClient): number {
    this.allStatesFrame ??= encodeAwarenessFrame(this.awareness, [
      ...this.awareness.getStates().keys(),
    ])
    client.send(this.allStatesFrame)
    return this.allStatesFrame.byteLength
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
    const state = this.clients.get(client)
    if (!state || this.isFailed) return
    const { maxUpdateBytes, maxRoomBytes } = this.limits
    if (update.byteLength > maxUpdateBytes) {
      throw new CloseError(
        closeCodes.tooLarge,
        `update of ${update.byteLength} bytes exceeds the limit of ${maxUpdateBytes}`,
      )
    }
    // The cheap pre-scan first: an update that would cost too much is never decoded.
    const { writers, newClientIds } = this.checkUpdateCost(update)
    const { owner } = client.identity
    const foreign = this.ownership.foreignClientId(writers, owner)
    if (foreign !== null) {
      throw forbiddenError(`client id ${foreign} belongs to someone else; write under your own`)
    }
    const { role } = client.auth
    const writable = writableRootsByRole[role]
    let isLocked: boolean | undefined
    const isBoardLockedForClient = () =>
      role !== 'facilitator' && (isLocked ??= this.isBoardLocked())
    const mayWrite = (root: string) =>
      writable.has(root) && !(boardRoots.has(root) && isBoardLockedForClient())
    // The facilitator removes people from the roster (only the server adds them).
    const mayDelete = (root: string) =>
      mayWrite(root) || (root === peopleArrayName && role === 'facilitator')
    let inspection
    try {
      inspection = inspectUpdate(update, {
        doc: this.doc,
        schema: this.schema,
        records: this.records,
        ownClients: state.writers,
        mayChangeLocked: role === 'facilitator',
        mayWrite,
        mayDelete,
        entryRoots: ruledEntryRoots,
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
    const refusal = entryRuleRefusal(inspection, {
      role,
      participantId: state.participantId,
      doc: this.doc,
      records: this.records,
      now: this.now(),
    })
    if (refusal !== null) throw forbiddenError(refusal)
    // Deletions are always let through, so a full room can still be cleaned up. The bound covers
    // what the update adds to the stored state: its bytes, and for each new client id the entries
    // of the state vector and delete set that a snapshot writes for it.
    const overhead = stateBytesPerClientId * newClientIds
    const growth = update.byteLength + overhead
    if (inspection.isInsert && this.storedBytes + this.snapshotOverhead + growth > maxRoomBytes) {
      // The stored size over-counts superseded updates; measure exactly before refusing.
      const current = Y.encodeStateAsUpdate(this.doc)
      if (current.byteLength + growth > maxRoomBytes) {
        throw new CloseError(closeCodes.tooLarge, `room would grow beyond ${maxRoomBytes} bytes`)
      }
      this.compact(current)
    }
    if (inspection.writtenEntries.length > 0 || inspection.removedEntries.length > 0) {
      if (state.participantId !== null) this.claimParticipant(state.participantId, owner)
    }
    if (inspection.touchedRoots.has(peopleArrayName)) this.people = null
    this.ownership.claimClientIds(writers, owner)
    try {
      Y.applyUpdate(this.doc, update, client)
    } catch {
      throw protocolError('update could not be applied')
    }
    this.snapshotOverhead += overhead
    // Everything integrated was inspected; anything Yjs parked would integrate later, unchecked.
    if (dropPendingStructs(this.doc)) {
      throw protocolError('malformed update: parts of it cannot be placed')
    }
    for (const writer of inspection.clients) state.writers.add(writer)
    this.tidyRecords(inspection.recordIds, inspection.restores)
    this.dropOrphanReactions(reactedOrChangedCards(inspection))
  }

  /**
   * Removes the reactions whose card is gone, as a server change everyone receives: of the cards
   * in `shapeIds` (after an update: the records it deleted, the cards it reacted to), else all.
   * A reaction that raced its card's deletion (or came back from offline after it) ends here.
   * Never throws (a storage failure closes the room; the next load tidies up).
   */
  dropOrphanReactions(shapeIds?: ReadonlySet<string>): void {
    const root = this.doc.getArray(reactionsArrayName)
    if (root.length === 0) return
    const hasCard = (shapeId: string) => this.records.has(shapeId)
    // Most updates delete no card: then the reactions are not even read.
    const gone = shapeIds && new Set([...shapeIds].filter((shapeId) => !hasCard(shapeId)))
    if (gone?.size === 0) return
    const orphans = orphanReactionKeys(readEntries(root), hasCard, gone)
    if (orphans.length === 0) return
    try {
      this.applyServerChange(() => writeEntries(root, { delete: orphans }))
      this.log('room.reactions.dropped', { room: this.id, reactions: orphans.length })
    } catch (error) {
      // Storage failed: the room is closing; the next load tidies up.
      this.log('room.tidy.failed', { room: this.id, error: errorMessage(error) })
    }
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
   * The pre-scan of server/updateCost.ts: refuses an update whose structs, client ids or delete
   * ranges exceed the limits (`tooLarge`) and returns the client ids it writes new content under.
   */
  private checkUpdateCost(update: Uint8Array): { writers: number[]; newClientIds: number } {
    let scan
    try {
      scan = scanUpdate(update, this.limits)
    } catch (error) {
      if (error instanceof MalformedUpdateError) throw protocolError('malformed update')
      throw error
    }
    const store = this.doc.store
    const stateOf = (client: number) => Y.getState(store, client)
    const { problem, writers } = updateCostProblem(
      scan,
      { stateOf, clientIds: store.clients.size },
      this.limits,
    )
    if (problem !== null) throw new CloseError(closeCodes.tooLarge, problem)
    return { writers, newClientIds: writers.filter((client) => stateOf(client) === 0).length }
  }

  /**
   * Applies a change made by the server (`change` runs in one transaction with `serverOrigin`):
   * stored and broadcast to every client like any accepted update. A change that `addsBytes` is
   * bounded by the room cap like a client's (RoomFullError). Throws when storage failed.
   */
  applyServerChange(change: (doc: Y.Doc) => void, addsBytes = 0): void {
    if (this.isFailed) throw new StorageFailedError(`room ${this.id} could not be stored`)
    const { maxRoomBytes } = this.limits
    if (addsBytes > 0 && this.storedBytes + addsBytes > maxRoomBytes) {
      const current = Y.encodeStateAsUpdate(this.doc)
      if (current.byteLength + addsBytes > maxRoomBytes) {
        throw new RoomFullError(`room ${this.id} would grow beyond ${maxRoomBytes} bytes`)
      }
      this.compact(current)
    }
    if (!this.isServerIdClaimed) {
      this.ownership.claimClientIds([this.doc.clientID], serverOwner)
      this.isServerIdClaimed = true
    }
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
   * (the stock provider relays every awareness change it sees). A clientID that belongs to
   * another owner (server/ownership.ts: another browser or link, even one that just left) is
   * refused with `forbidden`. A clientID another open connection of the same owner holds closes
   * this one with `awarenessConflict` (try again later) and probes the holder: an honest browser
   * that reconnected while its old socket is half-open gets its id back once the old socket is
   * found dead.
   *
   * The state's `user` (who the person is) must name the connection's participant, and its
   * `role` is stamped from the token: others trust it to find the facilitator to follow. A
   * connection may change at most `presenceBytesPerSecond` of its own state (`rateLimited`).
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
    const entries = decodeAwarenessEntries(update)
    let ownChange: AwarenessEntry | null = null
    for (const entry of entries) {
      const currentClock = this.awareness.meta.get(entry.clientId)?.clock ?? 0
      const isChange =
        currentClock < entry.clock ||
        (currentClock === entry.clock &&
          entry.state === null &&
          this.awareness.states.has(entry.clientId))
      if (!isChange) continue
      if (entry.clientId !== state.clientId) this.claimAwarenessClientId(client, state, entry)
      ownChange = entry
    }
    if (ownChange !== null) {
      const bytes = JSON.stringify(ownChange.state)?.length ?? 4
      this.presenceBytes.set(ownChange.clientId, bytes)
      if (!state.presence.take(bytes)) {
        const rate = Math.round(this.limits.presenceBytesPerSecond / 1024)
        throw new CloseError(
          closeCodes.rateLimited,
          `rate limit: presence changes of more than ${rate} KiB a second; reconnect later`,
        )
      }
      this.checkAnnouncedUser(client, state, ownChange)
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(
        this.awareness,
        ownChange === null ? update : encodeAwarenessEntries(entries),
        client,
      )
    } catch {
      throw protocolError('malformed awareness update')
    }
    if (state.participantId !== null && ownChange !== null) this.recordPerson(client, state)
  }

  /** Makes `entry.clientId` the connection's awareness client id, or throws why it may not. */
  private claimAwarenessClientId(client: RoomClient, state: ClientState, entry: AwarenessEntry) {
    const { clientId } = entry
    if (clientId === this.awareness.clientID) {
      throw protocolError(`awareness of client ${clientId} belongs to the server`)
    }
    const holder = this.ownership.clientOwner(clientId)
    if (holder !== null && holder !== client.identity.owner) {
      throw forbiddenError(`awareness of client ${clientId} belongs to someone else`)
    }
    const connection = this.ownerOf(clientId)
    if (connection) {
      connection.probe?.()
      throw new CloseError(
        closeCodes.awarenessConflict,
        `awareness of client ${clientId} belongs to another connection`,
      )
    }
    if (state.clientId !== null) {
      throw protocolError(
        `awareness of client ${clientId}: this connection is client ${state.clientId}`,
      )
    }
    state.clientId = clientId
    this.departed.delete(clientId)
    this.ownership.claimAwarenessClientId(clientId, client.identity.owner)
  }

  /**
   * Checks the `user` a connection announces in its own state: its id must be the connection's
   * participant (the first one it announces, unless `?participant=` named it), and that
   * participant must not belong to another owner. Stamps `role` with the token's role.
   */
  private checkAnnouncedUser(client: RoomClient, state: ClientState, entry: AwarenessEntry) {
    const announced = entry.state
    if (!isPlainObject(announced)) return
    const user = announced[awarenessUserField]
    if (!isPlainObject(user)) return
    const { id } = user
    if (typeof id === 'string') {
      if (state.participantId === null) {
        this.checkParticipant(client, id)
        state.participantId = id
      } else if (id !== state.participantId) {
        throw protocolError(
          `presence of participant ${id.slice(0, 40)}: this connection is participant ${state.participantId}`,
        )
      }
    }
    announced[awarenessUserField] = { ...user, role: client.auth.role }
  }

  /** Throws `forbidden` when `participantId` belongs to another owner than the client. */
  private checkParticipant(client: RoomClient, participantId: string): void {
    const holder = this.ownership.participantOwner(participantId)
    if (holder !== null && holder !== client.identity.owner) {
      throw forbiddenError(`participant ${participantId.slice(0, 40)} belongs to someone else`)
    }
  }

  /** Claims `participantId` for `owner` when nobody has; logs storage failures. */
  private claimParticipant(participantId: string, owner: string): void {
    this.ownership.claimParticipant(participantId, owner)
  }

  /**
   * Upserts `person:<id>` in the people roster from the `user` field of a client's awareness
   * state (when it passes awarenessUserSchema and names the connection's participant): written
   * when new or changed, and otherwise at most every `personSeenIntervalMs` to refresh
   * `lastSeenAt`. Server-made writes are bounded like client ones: one participant per
   * connection, `maxPeople` on the roster, nothing once the room is full.
   */
  private recordPerson(client: RoomClient, state: ClientState): void {
    if (this.isFailed || state.clientId === null) return
    const announced: unknown = this.awareness.getStates().get(state.clientId)?.[awarenessUserField]
    if (announced === undefined) return
    const user = awarenessUserSchema.safeParse(announced)
    if (!user.success || user.data.id !== state.participantId) return
    const now = this.now()
    const people = this.readPeople()
    const known = people.get(user.data.id)
    const isSame =
      known !== undefined &&
      known.name === user.data.name &&
      known.color === user.data.color &&
      known.function === user.data.function
    if (isSame && now - known.lastSeenAt < personSeenIntervalMs) return
    if (!known && people.size >= this.limits.maxPeople) {
      this.log('room.people.full', { room: this.id, people: people.size })
      return
    }
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
    try {
      this.claimParticipant(id, client.identity.owner)
      this.applyServerChange(
        (doc) =>
          writeEntries(doc.getArray(peopleArrayName), {
            set: new Map([[personKey(person), person]]),
          }),
        JSON.stringify(person).length,
      )
      people.set(person.id, person)
    } catch (error) {
      // Storage failed (the room is closing; the next load reads the roster from disk), or the
      // room is full (the person is added once there is room).
      if (error instanceof RoomFullError) this.log('room.people.skipped', { room: this.id })
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
    this.snapshotOverhead = 0
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
    this.fullStateFrame = null
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
    const { compactAfterUpdates, compactAfterBytes, maxRoomBytes } = this.limits
    const isOverCap = this.storedBytes > maxRoomBytes
    if (this.logCount >= compactAfterUpdates || this.logBytes >= compactAfterBytes || isOverCap) {
      this.compact()
    }
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
    this.allStatesFrame = null
    this.scheduleRelay()
  }

  private scheduleRelay(): void {
    if (this.isFailed) this.awarenessChanged.clear()
    if (this.awarenessRelayTimer || this.awarenessChanged.size === 0) return
    const wait = this.nextAwarenessRelayAt - performance.now()
    if (wait <= 0) {
      this.relayAwareness()
      // A relay leaves what did not fit in its frame for the next one.
      if (this.awarenessChanged.size > 0) this.scheduleRelay()
      return
    }
    this.awarenessRelayTimer = setTimeout(() => {
      this.awarenessRelayTimer = null
      this.relayAwareness()
      this.scheduleRelay()
    }, wait)
  }

  /**
   * Sends every awareness change since the last relay in one frame to every client, the sender
   * included: like the reference server, because the stock provider reconnects after 30 s without
   * a message, and its own 15 s awareness renewal is all a lone, idle client would ever get.
   * A frame carries changes up to about `relayFrameBytes`, the rest wait for the next one; and
   * the next relay waits until this frame, sent to every client, fits in `relayBytesPerSecond`.
   * So large presence states cannot make a room send more than that (changes meanwhile coalesce,
   * the latest state of each client wins).
   */
  private relayAwareness(): void {
    if (this.awarenessChanged.size === 0 || this.isFailed) return
    // Changes in the order they came, up to about `relayFrameBytes` (at least one).
    const relayed: number[] = []
    let bytes = 0
    for (const clientId of this.awarenessChanged) {
      const size = this.presenceBytes.get(clientId) ?? 0
      if (relayed.length > 0 && bytes + size > this.limits.relayFrameBytes) break
      relayed.push(clientId)
      bytes += size
    }
    for (const clientId of relayed) this.awarenessChanged.delete(clientId)
    const frame = encodeAwarenessFrame(this.awareness, relayed)
    const budgetMs =
      ((frame.byteLength * this.clients.size) / this.limits.relayBytesPerSecond) * 1000
    this.nextAwarenessRelayAt = performance.now() + Math.max(awarenessRelayIntervalMs, budgetMs)
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The records an update wrote or deleted and the cards its reactions are on. */
function reactedOrChangedCards(inspection: {
  recordIds: ReadonlySet<string>
  writtenEntries: readonly { root: string; value: unknown }[]
}): Set<string> {
  const ids = new Set(inspection.recordIds)
  for (const { root, value } of inspection.writtenEntries) {
    if (root === reactionsArrayName && isPlainObject(value) && typeof value.shapeId === 'string') {
      ids.add(value.shapeId)
    }
  }
  return ids
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Options of a RoomManager. */
export interface RoomManagerOptions {
  persistence: RoomPersistence
  /** Where claims on client and participant ids are stored (server/ownership.ts). */
  ownership: OwnershipStore
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
    try {
      room.addClient(client)
    } catch (error) {
      this.scheduleUnload(room)
      throw error
    }
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
        ownership,
        schema,
        limits,
        log,
        now = Date.now,
        departedAwarenessTtlMs,
      } = this.options
      room = new Room(roomId, {
        persistence,
        ownership,
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
