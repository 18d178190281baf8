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
 * A room with a `RoomSpace` belongs to a board (a person's private doc, the board's vault:
 * server/privateDocs.ts): the space says what its clients may write and reads the board's state
 * for the entry rules; RoomManager loads the rooms a space holds and keeps them loaded with it.
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
import type { RemoteUpdate, RoomChannel } from './cluster/roomChannel'
import { RoomLog, type CompactionDone } from './roomLog'
import type { GroupCommit } from './storage/groupCommit'
import type { LoadedRoom, OwnerClaims, RoomStore } from './storage/serverStorage'
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
import { TokenBucket } from './rateLimit'
import { MalformedUpdateError, scanUpdate, updateCostProblem } from './updateCost'
import { findParentLoops } from '../shared/parentLoops'
import type { PlacementRestore } from './recordValidation'
import type { RoomSpace } from './roomSpace'
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
  [reactionsArrayName]: 'reactions',
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
  /** The rules of a room that belongs to a board (see RoomSpace); none for a board. */
  space?: RoomSpace | null
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
  /** See RoomSpace; null for a board. */
  readonly space: RoomSpace | null
  private isFailed = false
  private resyncing: Promise<void> | null = null
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
  /** Claims to store with the doc change being made (see `acceptUpdate`, `applyServerChange`). */
  private pendingClaims: readonly OwnerClaims[] = []
  /** Awareness clientIDs changed since the last relay. */
  private readonly awarenessChanged = new Set<number>()
  private awarenessRelayTimer: NodeJS.Timeout | null = null
  /** When the next relay may go out (monotonic ms): the interval, longer after a big frame. */
  private nextAwarenessRelayAt = Number.NEGATIVE_INFINITY
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
    this.space = options.space ?? null
    this.departedAwarenessTtlMs = options.departedAwarenessTtlMs ?? defaultDepartedAwarenessTtlMs
    this.ownership = new RoomOwnership(loaded.owners)
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

  /** The board this room is or belongs to. */
  get boardId(): string {
    return this.space?.boardId ?? this.id
  }

  /** The doc whose workshop state and roster decide what clients may write: the board's. */
  private get rulesDoc(): Y.Doc {
    return this.space?.rulesDoc ?? this.doc
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
    const refusal = this.space?.joinRefusal(client) ?? null
    if (refusal !== null) throw forbiddenError(refusal)
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
    if (state.clientId !== null) this.channel?.release(state.clientId)
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
   * Answers a client's sync step 1 with everything it lacks, once the updates in the answer are
   * committed (the doc may hold some still being written); returns the bytes sent. The answer to
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
    const answer = frame
    this.roomLog.afterCommitted(() => client.send(answer))
    return answer.byteLength
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
    const writable = this.space?.writableRoots(role) ?? writableRootsByRole[role]
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
        records: this.space?.recordsView(this.records) ?? this.records,
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
      doc: this.rulesDoc,
      records: this.records,
      now: this.now(),
      ballots: this.space ? 'secret' : 'public',
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
      void this.compact()
    }
    const writesEntries =
      inspection.writtenEntries.length > 0 || inspection.removedEntries.length > 0
    const participantIds =
      writesEntries && state.participantId !== null ? [state.participantId] : []
    const claims = this.ownership.unclaimed(owner, writers, participantIds)
    if (inspection.touchedRoots.has(peopleArrayName)) this.people = null
    // Server changes that must be stored with the update go first: same commit, or before it.
    this.space?.beforeApply(this, client, state.participantId, inspection)
    this.pendingClaims = claims ? [claims] : []
    try {
      Y.applyUpdate(this.doc, update, client)
    } catch {
      throw protocolError('update could not be applied')
    } finally {
      this.pendingClaims = []
    }
    this.snapshotOverhead += overhead
    // Everything integrated was inspected; anything Yjs parked would integrate later, unchecked.
    if (dropPendingStructs(this.doc)) {
      throw protocolError('malformed update: parts of it cannot be placed')
    }
    for (const writer of inspection.clients) state.writers.add(writer)
    this.space?.afterApply(this, inspection)
    this.tidyRecords(inspection.recordIds, inspection.restores)
    void this.dropOrphanReactions(reactedOrChangedCards(inspection))
  }

  /**
   * Removes the reactions whose card is gone, as a server change everyone receives: of the cards
   * in `shapeIds` (after an update: the records it deleted, the cards it reacted to), else all.
   * A reaction that raced its card's deletion (or came back from offline after it) ends here.
   * Never rejects (a storage failure closes the room; the next load tidies up).
   */
  async dropOrphanReactions(shapeIds?: ReadonlySet<string>): Promise<void> {
    const root = this.doc.getArray(reactionsArrayName)
    if (root.length === 0) return
    const hasCard = (shapeId: string) => this.records.has(shapeId)
    // Most updates delete no card: then the reactions are not even read.
    const gone = shapeIds && new Set([...shapeIds].filter((shapeId) => !hasCard(shapeId)))
    if (gone?.size === 0) return
    const orphans = orphanReactionKeys(readEntries(root), hasCard, gone)
    if (orphans.length === 0) return
    try {
      await this.applyServerChange(() => writeEntries(root, { delete: orphans }))
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
   * bounded by the room cap like a client's (RoomFullError). `claims` are stored with it (the
   * server's own client id is claimed with its first change). Resolves once it is committed;
   * rejects with a StorageFailedError when it could not be stored.
   */
  async applyServerChange(
    change: (doc: Y.Doc) => void,
    addsBytes = 0,
    claims: readonly OwnerClaims[] = [],
  ): Promise<void> {
    if (this.isFailed) throw new StorageFailedError(`room ${this.id} could not be stored`)
    const { maxRoomBytes } = this.limits
    if (addsBytes > 0 && this.storedBytes + addsBytes > maxRoomBytes) {
      const current = Y.encodeStateAsUpdate(this.doc)
      if (current.byteLength + addsBytes > maxRoomBytes) {
        throw new RoomFullError(`room ${this.id} would grow beyond ${maxRoomBytes} bytes`)
      }
      void this.compact()
    }
    const serverClaims = this.ownership.unclaimed(serverOwner, [this.doc.clientID])
    this.pendingClaims = serverClaims ? [serverClaims, ...claims] : [...claims]
    try {
      this.doc.transact(() => change(this.doc), serverOrigin)
    } finally {
      this.pendingClaims = []
    }
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
  applyRemoteUpdates(updates: readonly RemoteUpdate[]): void {
    if (this.isFailed) return
    this.people = null
    for (const { claims } of updates) for (const claim of claims) this.ownership.note(claim)
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
      readEntry(this.rulesDoc.getArray(workshopArrayName), 'boardLock'),
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
    // The roster is the board's: presence in a private doc is only its owner's other tabs.
    if (state.participantId !== null && ownChange !== null && !this.space) {
      this.recordPerson(client, state)
    }
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
    if (connection || this.channel?.isOwnedElsewhere(clientId)) {
      if (connection) connection.probe?.()
      else this.channel?.probe(clientId)
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
    this.channel?.claim(clientId, () =>
      client.close(
        closeCodes.awarenessConflict,
        `awareness of client ${clientId} belongs to another connection`,
      ),
    )
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

  /** The owner `participantId` belongs to in this room, or null when nobody claimed it. */
  participantOwner(participantId: string): string | null {
    return this.ownership.participantOwner(participantId)
  }

  /** Throws `forbidden` when `participantId` belongs to another owner than the client. */
  private checkParticipant(client: RoomClient, participantId: string): void {
    const holder = this.ownership.participantOwner(participantId)
    if (holder !== null && holder !== client.identity.owner) {
      throw forbiddenError(`participant ${participantId.slice(0, 40)} belongs to someone else`)
    }
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
    people.set(person.id, person)
    const claims = this.ownership.unclaimed(client.identity.owner, [], [id])
    this.applyServerChange(
      (doc) =>
        writeEntries(doc.getArray(peopleArrayName), {
          set: new Map([[personKey(person), person]]),
        }),
      JSON.stringify(person).length,
      claims ? [claims] : [],
    ).catch((error: unknown) => {
      // The room is full (the person is added once there is room), or storage failed (the room
      // is closing; the next load reads the roster from disk).
      this.people = null
      if (error instanceof RoomFullError) this.log('room.people.skipped', { room: this.id })
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
    if (done) {
      this.snapshotOverhead = 0
      this.channel?.publishCompaction(done)
    }
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
    this.fullStateFrame = null
    // An upgrade is stored whole, with its backup (see `upgrade`).
    if (this.isFailed || origin === upgradeOrigin) return
    if (origin === remoteOrigin) {
      // Committed by the node that accepted it: relay only.
      const frame = encodeSyncUpdate(update)
      for (const client of this.clients.keys()) client.send(frame)
      return
    }
    const claims = this.pendingClaims
    for (const claim of claims) this.ownership.note(claim)
    this.roomLog.write(update, claims, (rowId) => {
      const frame = encodeSyncUpdate(update)
      for (const client of this.clients.keys()) if (client !== origin) client.send(frame)
      this.channel?.publishUpdate(update, rowId, claims)
      const { compactAfterUpdates, compactAfterBytes, maxRoomBytes } = this.limits
      if (
        this.roomLog.logCount >= compactAfterUpdates ||
        this.roomLog.logBytes >= compactAfterBytes ||
        this.storedBytes > maxRoomBytes
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
  onRoomLoaded?: (room: Room) => () => void
  /**
   * The space of a room that belongs to a board (server/privateDocs.ts), made before the room is
   * read from storage; null for a board. Rejects when the room may not be loaded.
   */
  spaceFor?: (roomId: string) => Promise<RoomSpace | null>
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

  /** A room in memory, or undefined; for server code that must not load it. */
  loadedRoom(roomId: string): Room | undefined {
    return this.rooms.get(roomId)
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
   * restores); a room nobody is connected to is unloaded after the grace period. Rejects when the
   * room cannot be loaded, and with whatever `use` throws.
   */
  async withRoom<T>(roomId: string, use: (room: Room) => T | Promise<T>): Promise<T> {
    const room = await this.acquire(roomId)
    try {
      return await use(room)
    } finally {
      this.release(room)
    }
  }

  /**
   * Loads the room if needed and keeps it loaded until `release` (for a room another one needs:
   * a private doc holds its board). Rejects when the room cannot be loaded.
   */
  async acquire(roomId: string): Promise<Room> {
    const room = await this.load(roomId)
    this.users.set(room, (this.users.get(room) ?? 0) + 1)
    return room
  }

  /** Lets go of a room `acquire` returned; unloaded after the grace period once unused. */
  release(room: Room): void {
    const left = (this.users.get(room) ?? 1) - 1
    if (left > 0) this.users.set(room, left)
    else this.users.delete(room)
    this.scheduleUnload(room)
  }

  /** The rooms in memory that belong to board `boardId` (its private docs and vault). */
  roomsOfBoard(boardId: string): Room[] {
    return [...this.rooms.values()].filter((room) => room.space?.boardId === boardId)
  }

  /**
   * Closes the connections to `roomId` (and its private docs) holding a `role` token older than
   * `generation` (after a link rotation) with `code` and `reason`.
   */
  closeRevoked(roomId: string, role: Role, generation: number, code: number, reason: string): void {
    const shouldClose = (auth: AuthContext) => auth.role === role && auth.generation < generation
    this.rooms.get(roomId)?.closeClients(shouldClose, code, reason)
    for (const room of this.roomsOfBoard(roomId)) room.closeClients(shouldClose, code, reason)
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
      // The rooms it belongs to first: they are loaded (and held) before it.
      const space = (await this.options.spaceFor?.(roomId)) ?? null
      let channel: RoomChannel | null = null
      let room: Room | undefined
      try {
        // Subscribed before storage is read, so nothing another node commits meanwhile is missed.
        channel = cluster ? await cluster.openRoom(roomId) : null
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
          space,
        })
        await room.upgrade()
        await room.breakParentLoops()
        await room.dropOrphanReactions()
      } catch (error) {
        if (room) room.destroy(closeCodes.storageFailed, 'the room could not be loaded')
        else channel?.close()
        space?.release()
        if (error instanceof UpgradeRaceError && attempt < 3) {
          log('room.upgrade.lost', { room: roomId, attempt })
          continue
        }
        throw error
      }
      this.rooms.set(roomId, room)
      const stop = this.options.onRoomLoaded?.(room)
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
      room.space?.release()
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
    // Rooms that hold it (a board's private docs) would go on checking against a dead room.
    for (const dependent of [...this.rooms.values()]) {
      if (dependent.space?.holds(room.id)) this.drop(dependent)
    }
    const timer = this.unloadTimers.get(room.id)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(room.id)
    // Destroyed later: we may be inside the doc's own update event.
    setImmediate(() => {
      room.destroy(closeCodes.storageFailed, 'storage failed')
      room.space?.release()
    })
  }
}
