/**
 * Secrecy that holds on the wire: what the board hides from people never reaches their browsers.
 *
 * - A PRIVATE DOC per board and owner (a browser, server/ownership.ts): room
 *   `<boardId>.p.<owner>`, an id no client can name (room ids have no dots). The app syncs it as
 *   `/sync/<boardId>~private` with the board's token (editors and the facilitator) and its
 *   browser key; the server maps that to the owner's room (`ensurePrivateDoc`). It has the
 *   board's layout: the person's private-brainstorm cards (field entries in `records`: shapes and
 *   bindings only) and their ballots of secret votes (`votes`). Being an ordinary room, it is
 *   stored, compacted and relayed between nodes like a board.
 * - The board's VAULT: room `<boardId>.v`, server only: a copy of every secret ballot (so a vote
 *   is tallied without loading every private doc) and a marker per private doc that may hold
 *   cards (so the reveal knows whom to ask). Its copies are written before the private doc's
 *   update, in the same group commit or an earlier one, so it is never behind.
 * - A private doc's updates are checked against its board (`PrivateDocSpace`): the board's lock,
 *   the facilitator's frame locks and parent loops over both docs' records, ballots for the
 *   board's secret votes only, by the participant the owner holds on the board's roster; no
 *   record may take the id of one the board has.
 * - Results: after every secret ballot the server publishes `tally:<sessionId>` in the board's
 *   `votes` root (shared/workshop/voteTally.ts `publishTally`): the dots per card by function for
 *   an anonymous vote, live; for a vote hidden until the end only how many voted until it closes,
 *   then the results. Never a participant id.
 * - The reveal: when the facilitator turns private mode off, the node that accepted it (and any
 *   node that loads the board later, or holds private docs of it) moves every private doc's
 *   records into the board (`moveCards`): one server change on the board with all of them, as
 *   placed; once it is committed, the private docs are emptied. A record the board already holds
 *   is not written again (two nodes revealing at once, a retry after a crash). Cards that reach a
 *   private doc while private mode is off (an author who was offline) are moved at once.
 *
 * Not secret: the server sees everything; presence (cursors, selections) shows where someone
 * works; how many people voted in a hidden vote; comments pinned to a private card.
 */
import type * as Y from 'yjs'
import type { BoardRecords } from '../shared/BoardRecords'
import {
  assembleRecord,
  recordFields,
  recordsArrayName,
  type StoredRecord,
} from '../shared/docLayout'
import { readEntries, writeEntries } from '../shared/keyValueEntries'
import { closeCodes } from '../shared/protocol'
import { personKey, tallyKey } from '../shared/workshop/entryKeys'
import { isFacilitatorLocked } from '../shared/workshop/facilitatorLock'
import { hasRole, type Role } from '../shared/workshop/roles'
import {
  isSecretSession,
  publishTally,
  readBallots,
  readPublishedTallies,
  readVoteSessions,
} from '../shared/workshop/voteTally'
import {
  ballotSchema,
  peopleArrayName,
  privateModeSchema,
  votesArrayName,
  workshopArrayName,
  type Ballot,
} from '../shared/workshop/workshopLayout'
import { equalityDeep } from 'lib0/function'
import type { Logger } from './log'
import type { ConnectionIdentity } from './ownership'
import { CloseError } from './protocol'
import type { RecordFieldsView } from './recordValidation'
import { forbiddenError, remoteOrigin, type Room, type RoomManager } from './rooms'
import { createRoomSeedUpdate } from './roomSeed'
import type { RoomSpace, SpaceClient, SpaceRoom } from './roomSpace'
import type { RoomStore } from './storage/serverStorage'
import type { UpdateInspection } from './updateValidation'

/** The room id of `owner`'s private doc of board `boardId`. */
export function privateDocRoomId(boardId: string, owner: string): string {
  return `${boardId}.p.${owner}`
}

/** The room id of board `boardId`'s vault. */
export function vaultRoomId(boardId: string): string {
  return `${boardId}.v`
}

/** What an internal room id names (a private doc, a vault), or null for a board's own id. */
export function parseInternalRoomId(
  roomId: string,
): { kind: 'private'; boardId: string; owner: string } | { kind: 'vault'; boardId: string } | null {
  const privateDoc = /^([^.]+)\.p\.([^.]+)$/.exec(roomId)
  if (privateDoc) return { kind: 'private', boardId: privateDoc[1]!, owner: privateDoc[2]! }
  const vault = /^([^.]+)\.v$/.exec(roomId)
  return vault ? { kind: 'vault', boardId: vault[1]! } : null
}

/** Record types a private doc holds: new cards and what connects them. */
const privateTypeNames: ReadonlySet<string> = new Set(['shape', 'binding'])

/** Roots editors and the facilitator write in their private doc. */
const privateRoots: ReadonlySet<string> = new Set([recordsArrayName, votesArrayName])

/** Root of the vault holding which private docs may hold cards (`private:<owner>`). */
const markersArrayName = 'privateDocs'

/** A node that did not accept the facilitator's change settles the board this much later. */
const remoteSettleDelayMs = 1000

/** Options of PrivateDocs. */
export interface PrivateDocsOptions {
  storage: Pick<RoomStore, 'roomExists' | 'createRoom'>
  log: Logger
}

/** The private docs and vaults of one server's rooms (see the module comment). */
export class PrivateDocs {
  private roomManager: RoomManager | null = null
  /** Settles in progress or waiting, per board: one at a time. */
  private readonly settling = new Map<string, Promise<void>>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private isClosed = false

  constructor(private readonly options: PrivateDocsOptions) {}

  /** The manager whose rooms these are (set once, right after both are made). */
  attach(rooms: RoomManager): void {
    this.roomManager = rooms
  }

  private get rooms(): RoomManager {
    if (!this.roomManager) throw new Error('PrivateDocs used before attach')
    return this.roomManager
  }

  /**
   * The private doc a connection of board `boardId` may open, created if needed, or why it may
   * not: it must say which participant it is, one on the board's roster that its browser holds.
   * So a board has at most one private doc per person on its roster (a bounded list), not one per
   * browser key anyone makes up. Rejects when storage fails.
   */
  async admit(
    boardId: string,
    identity: ConnectionIdentity,
  ): Promise<{ ok: true; roomId: string } | { ok: false; reason: string }> {
    const { participantId, owner } = identity
    if (participantId === null) return { ok: false, reason: 'a private doc needs the participant' }
    const refusal = await this.rooms.withRoom(boardId, (board) => {
      const holder = board.participantOwner(participantId)
      if (holder !== null && holder !== owner) {
        return `participant ${participantId.slice(0, 40)} belongs to someone else`
      }
      const isOnRoster = readEntries(board.doc.getArray(peopleArrayName)).has(
        personKey({ id: participantId }),
      )
      return isOnRoster && holder === owner
        ? null
        : 'a private doc is for people on the board: say who you are first'
    })
    if (refusal !== null) return { ok: false, reason: refusal }
    const roomId = privateDocRoomId(boardId, owner)
    await this.ensureRoom(roomId)
    return { ok: true, roomId }
  }

  /** `RoomManager`'s `spaceFor`: loads and holds the board (and vault) a private doc needs. */
  async spaceFor(roomId: string): Promise<RoomSpace | null> {
    const parsed = parseInternalRoomId(roomId)
    if (!parsed) return null
    if (parsed.kind === 'vault') return vaultSpace(parsed.boardId)
    const board = await this.rooms.acquire(parsed.boardId)
    try {
      const vault = await this.acquireVault(parsed.boardId)
      return new PrivateDocSpace(this, this.rooms, board, vault, parsed.owner)
    } catch (error) {
      this.rooms.release(board)
      throw error
    }
  }

  /**
   * `RoomManager`'s `onRoomLoaded` for the rooms of private docs: a board settles when it loads
   * (a reveal or results a crash interrupted) and after its workshop state changes; a vault
   * re-tallies when another node adds ballots.
   */
  watch(room: Room): () => void {
    const internal = parseInternalRoomId(room.id)
    if (internal?.kind === 'vault') return this.watchVault(room, internal.boardId)
    if (internal) return () => undefined
    const workshop = room.doc.getArray(workshopArrayName)
    let seen = secretState(room.doc)
    const onChange = (event: Y.YArrayEvent<unknown>) => {
      const now = secretState(room.doc)
      if (now === seen) return
      seen = now
      const isHere = event.transaction.origin !== remoteOrigin
      this.schedule(room.id, isHere ? 0 : remoteSettleDelayMs)
    }
    workshop.observe(onChange)
    if (seen !== emptySecretState) this.schedule(room.id, 0)
    return () => workshop.unobserve(onChange)
  }

  /** Stops scheduling; resolves once settles under way are done. */
  async close(): Promise<void> {
    this.isClosed = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    await Promise.all([...this.settling.values()])
  }

  /**
   * Publishes the tallies of `board`'s secret votes that changed (all of them, or those of
   * `sessionIds`), as one server change. Synchronous up to the commit.
   */
  publishTallies(board: Room, vault: Room, sessionIds?: ReadonlySet<string>): void {
    if (!board.isUsable || !vault.isUsable) return
    const sessions = readVoteSessions(readEntries(board.doc.getArray(workshopArrayName))).filter(
      (session) => isSecretSession(session) && (!sessionIds || sessionIds.has(session.id)),
    )
    if (sessions.length === 0) return
    const ballots = readBallots(readEntries(vault.doc.getArray(votesArrayName)))
    const cardTypes = new Map(
      board.records
        .all()
        .flatMap((record) =>
          record.typeName === 'shape' ? [[record.id, String(record.type)] as const] : [],
        ),
    )
    const published = readPublishedTallies(readEntries(board.doc.getArray(votesArrayName)))
    const set = new Map<string, unknown>()
    for (const session of sessions) {
      const tally = publishTally(session, ballots, cardTypes)
      if (!equalityDeep(published.get(session.id), tally)) set.set(tallyKey(tally), tally)
    }
    if (set.size === 0) return
    const bytes = JSON.stringify([...set.values()]).length
    board
      .applyServerChange((doc) => writeEntries(doc.getArray(votesArrayName), { set }), bytes)
      .catch((error: unknown) => this.failed('secret.tally.failed', board.id, error))
  }

  /**
   * Moves the records of `privateRooms` into `board` (see the module comment): one server change
   * on the board; once it is committed, the private docs are emptied and their vault markers
   * dropped. Shapes whose parent is in neither the board nor the move go on the board's first
   * page; bindings to a shape in neither are dropped. Fields left in a private doc for a record
   * the board has (an edit that raced the reveal) are laid over it, unless it is locked.
   */
  async moveCards(
    board: Room,
    vault: Room,
    owners: readonly { owner: string; room: SpaceRoom }[],
  ): Promise<void> {
    const moving = new Map<string, StoredRecord>()
    const edited: StoredRecord[] = []
    const emptied: { room: SpaceRoom; ids: string[]; owner: string }[] = []
    for (const { owner, room } of owners) {
      if (!room.isUsable) continue
      const ids = [...room.records.all().map((record) => record.id), ...room.records.leftoverIds()]
      for (const id of ids) {
        const record = room.records.get(id)
        if (record) {
          if (!board.records.has(id) && !moving.has(id)) moving.set(id, record)
          continue
        }
        const target = board.records.get(id)
        const fields = room.records.fieldsOf(id)
        if (!target || !fields || isFacilitatorLocked(target.meta)) continue
        const merged = assembleRecord(id, new Map([...recordFields(target), ...fields]))
        if (merged) edited.push(merged)
      }
      emptied.push({ room, ids, owner })
    }
    if (emptied.length === 0) return
    const put = [...placeOnBoard(board.records, moving), ...edited]
    if (put.length > 0) {
      const bytes = JSON.stringify(put).length
      await board.applyServerChange(() => board.records.write({ put }), bytes)
      this.options.log('secret.revealed', { room: board.id, records: put.length })
    }
    for (const { room, ids } of emptied) {
      if (ids.length === 0) continue
      room
        .applyServerChange(() => room.records.write({ remove: ids }))
        .catch((error: unknown) => this.failed('secret.reveal.failed', room.id, error))
    }
    this.dropMarkers(
      vault,
      emptied.map(({ owner }) => owner),
    )
    await board.breakParentLoops()
  }

  /** Sets `owner`'s vault marker (its private doc may hold cards) unless it is set. */
  markPrivateDoc(vault: Room, owner: string): void {
    const key = markerKey(owner)
    const markers = vault.doc.getArray(markersArrayName)
    if (readEntries(markers).has(key)) return
    const set = new Map([[key, { owner }]])
    vault
      .applyServerChange((doc) => writeEntries(doc.getArray(markersArrayName), { set }), 64)
      .catch((error: unknown) => this.failed('secret.vault.failed', vault.id, error))
  }

  /** Copies ballot changes of a private doc into the vault (before the private doc stores them). */
  copyBallots(vault: Room, set: ReadonlyMap<string, Ballot>, removed: readonly string[]): void {
    if (set.size === 0 && removed.length === 0) return
    const bytes = JSON.stringify([...set.values()]).length
    vault
      .applyServerChange(
        (doc) => writeEntries(doc.getArray(votesArrayName), { set, delete: removed }),
        bytes,
      )
      .catch((error: unknown) => this.failed('secret.vault.failed', vault.id, error))
  }

  /** Moves cards that reached a private doc while private mode is off (its author was away). */
  movePrivateDocNow(board: Room, vault: Room, owner: string, room: SpaceRoom): void {
    if (isPrivateModeOn(board.doc)) return
    this.moveCards(board, vault, [{ owner, room }]).catch((error: unknown) =>
      this.failed('secret.reveal.failed', board.id, error),
    )
  }

  private dropMarkers(vault: Room, owners: readonly string[]): void {
    const markers = readEntries(vault.doc.getArray(markersArrayName))
    const doomed = owners.map(markerKey).filter((key) => markers.has(key))
    if (doomed.length === 0 || !vault.isUsable) return
    vault
      .applyServerChange((doc) => writeEntries(doc.getArray(markersArrayName), { delete: doomed }))
      .catch((error: unknown) => this.failed('secret.vault.failed', vault.id, error))
  }

  private watchVault(vault: Room, boardId: string): () => void {
    const ballots = vault.doc.getArray(votesArrayName)
    const onChange = (event: Y.YArrayEvent<unknown>) => {
      // Ballots another node took: its tally may have missed ours, and ours its.
      if (event.transaction.origin !== remoteOrigin) return
      const board = this.rooms.loadedRoom(boardId)
      if (board) this.publishTallies(board, vault)
    }
    ballots.observe(onChange)
    return () => ballots.unobserve(onChange)
  }

  /** Settles board `boardId` after `delayMs` (once, however often it is asked meanwhile). */
  private schedule(boardId: string, delayMs: number): void {
    if (this.isClosed) return
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      const previous = this.settling.get(boardId) ?? Promise.resolve()
      const next = previous
        .then(() => this.settle(boardId))
        .catch((error: unknown) => this.failed('secret.settle.failed', boardId, error))
        .finally(() => {
          if (this.settling.get(boardId) === next) this.settling.delete(boardId)
        })
      this.settling.set(boardId, next)
    }, delayMs)
    this.timers.add(timer)
  }

  /**
   * Publishes the tallies of the board's secret votes and, while private mode is off, moves the
   * cards of every private doc the vault marks into the board.
   */
  private async settle(boardId: string): Promise<void> {
    if (this.isClosed) return
    const board = await this.rooms.acquire(boardId)
    try {
      if (secretState(board.doc) === emptySecretState) return
      const vault = await this.acquireVault(boardId)
      try {
        this.publishTallies(board, vault)
        if (isPrivateModeOn(board.doc)) return
        const owners = [...readEntries(vault.doc.getArray(markersArrayName)).keys()].flatMap(
          (key) => (key.startsWith('private:') ? [key.slice('private:'.length)] : []),
        )
        const held: { owner: string; room: Room }[] = []
        try {
          for (const owner of owners) {
            try {
              held.push({ owner, room: await this.rooms.acquire(privateDocRoomId(boardId, owner)) })
            } catch (error) {
              this.failed('secret.reveal.failed', boardId, error)
            }
          }
          await this.moveCards(board, vault, held)
        } finally {
          for (const { room } of held) this.rooms.release(room)
        }
      } finally {
        this.rooms.release(vault)
      }
    } finally {
      this.rooms.release(board)
    }
  }

  private async acquireVault(boardId: string): Promise<Room> {
    const roomId = vaultRoomId(boardId)
    await this.ensureRoom(roomId)
    return this.rooms.acquire(roomId)
  }

  private async ensureRoom(roomId: string): Promise<void> {
    const { storage } = this.options
    if (await storage.roomExists(roomId)) return
    try {
      await storage.createRoom(roomId, createRoomSeedUpdate([]))
    } catch (error) {
      // Another node (or connection) created it first.
      if (!(await storage.roomExists(roomId))) throw error
    }
  }

  private failed(event: string, roomId: string, error: unknown): void {
    this.options.log(event, {
      room: roomId,
      error: error instanceof Error ? error.message : String(error),
    })
  }
}

/**
 * The checks and follow-ups of one owner's private doc (see RoomSpace and the module comment).
 * Holds the board and its vault loaded while the private doc is.
 */
class PrivateDocSpace implements RoomSpace {
  readonly boardId: string
  private isReleased = false

  constructor(
    private readonly docs: PrivateDocs,
    private readonly rooms: RoomManager,
    private readonly board: Room,
    private readonly vault: Room,
    private readonly owner: string,
  ) {
    this.boardId = board.id
  }

  get rulesDoc(): Y.Doc {
    return this.board.doc
  }

  writableRoots(role: Role): ReadonlySet<string> {
    return hasRole(role, 'editor') ? privateRoots : new Set()
  }

  recordsView(own: BoardRecords): RecordFieldsView {
    const board = this.board.records
    return {
      fieldsOf: (id) => own.fieldsOf(id) ?? board.fieldsOf(id),
      writerOf: (id, field) =>
        own.fieldsOf(id) ? own.writerOf(id, field) : board.writerOf(id, field),
      currentEntryOf: (key) => own.currentEntryOf(key),
    }
  }

  joinRefusal(client: SpaceClient): string | null {
    if (client.identity.owner !== this.owner) return 'this private doc belongs to someone else'
    if (!hasRole(client.auth.role, 'editor')) {
      return 'only editors and the facilitator have a private doc'
    }
    const { participantId } = client.identity
    const holder = participantId === null ? null : this.board.participantOwner(participantId)
    if (holder !== null && holder !== this.owner) {
      return `participant ${participantId!.slice(0, 40)} belongs to someone else`
    }
    return null
  }

  beforeApply(
    room: SpaceRoom,
    _client: SpaceClient,
    participantId: string | null,
    inspection: UpdateInspection,
  ): void {
    if (!this.board.isUsable || !this.vault.isUsable) {
      throw new CloseError(closeCodes.storageFailed, 'the board could not be stored; try again')
    }
    for (const [id, fields] of inspection.recordFields) {
      const typeName = fields.get('typeName')
      if (typeName === undefined) continue
      if (!privateTypeNames.has(String(typeName))) {
        throw forbiddenError(`record ${id}: a private doc holds shapes and bindings only`)
      }
      if (!room.records.has(id) && this.board.records.has(id)) {
        throw forbiddenError(`record ${id}: the board already has it`)
      }
    }
    const set = new Map<string, Ballot>()
    for (const change of inspection.writtenEntries) {
      if (change.root !== votesArrayName) continue
      const ballot = change.value as Ballot
      // The entry rules checked it is the writer's; the roster's owner must be this browser.
      if (participantId === null || this.board.participantOwner(participantId) !== this.owner) {
        throw forbiddenError(`${change.key}: you may only cast your own ballot`)
      }
      set.set(change.key, ballot)
    }
    const removed = inspection.removedEntries
      .filter((change) => change.root === votesArrayName && !set.has(change.key))
      .map((change) => change.key)
    this.docs.copyBallots(this.vault, set, removed)
    if (inspection.recordFields.size > 0) this.docs.markPrivateDoc(this.vault, this.owner)
  }

  afterApply(room: SpaceRoom, inspection: UpdateInspection): void {
    const sessionIds = new Set<string>()
    for (const change of [...inspection.writtenEntries, ...inspection.removedEntries]) {
      if (change.root !== votesArrayName) continue
      const ballot = ballotSchema.safeParse(change.value)
      if (ballot.success) sessionIds.add(ballot.data.sessionId)
    }
    if (sessionIds.size > 0) this.docs.publishTallies(this.board, this.vault, sessionIds)
    if (inspection.recordIds.size > 0) {
      this.docs.movePrivateDocNow(this.board, this.vault, this.owner, room)
    }
  }

  holds(roomId: string): boolean {
    return roomId === this.board.id || roomId === this.vault.id
  }

  release(): void {
    if (this.isReleased) return
    this.isReleased = true
    this.rooms.release(this.board)
    this.rooms.release(this.vault)
  }
}

/** The vault's space: no client ever joins it. */
function vaultSpace(boardId: string): RoomSpace {
  const none: ReadonlySet<string> = new Set()
  return {
    boardId,
    get rulesDoc(): Y.Doc {
      throw new Error('the vault has no clients')
    },
    writableRoots: () => none,
    recordsView: (own) => own,
    joinRefusal: () => 'the vault is the server’s',
    beforeApply: () => undefined,
    afterApply: () => undefined,
    holds: () => false,
    release: () => undefined,
  }
}

/**
 * `moving` as they go on the board: a shape whose parent is in neither goes on the board's first
 * page (at its position); a binding to a shape in neither is left out.
 */
function placeOnBoard(
  board: BoardRecords,
  moving: ReadonlyMap<string, StoredRecord>,
): StoredRecord[] {
  const exists = (id: unknown) => typeof id === 'string' && (board.has(id) || moving.has(id))
  const page = board
    .all()
    .filter((record) => record.typeName === 'page')
    .sort((a, b) => String(a.index).localeCompare(String(b.index)))[0]
  const placed: StoredRecord[] = []
  for (const record of moving.values()) {
    if (record.typeName === 'binding') {
      if (exists(record.fromId) && exists(record.toId)) placed.push(record)
    } else if (record.typeName === 'shape' && !exists(record.parentId) && page) {
      placed.push({ ...record, parentId: page.id })
    } else {
      placed.push(record)
    }
  }
  return placed
}

function markerKey(owner: string): string {
  return `private:${owner}`
}

function isPrivateModeOn(doc: Y.Doc): boolean {
  const entry = privateModeSchema.safeParse(
    readEntries(doc.getArray(workshopArrayName)).get('privateMode'),
  )
  return entry.success && entry.data.isOn
}

const emptySecretState = '[null,[]]'

/**
 * What of a board's workshop state the secrets depend on, as one comparable string: private mode
 * and the secret votes with their status (`emptySecretState` when the board has neither).
 */
function secretState(doc: Y.Doc): string {
  const workshop = readEntries(doc.getArray(workshopArrayName))
  const privateMode = privateModeSchema.safeParse(workshop.get('privateMode'))
  const sessions = readVoteSessions(workshop)
    .filter(isSecretSession)
    .map((session) => `${session.id}:${session.status}`)
    .sort()
  return JSON.stringify([privateMode.success ? privateMode.data.isOn : null, sessions])
}
