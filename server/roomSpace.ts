/**
 * What makes a room other than a board different: the rules of a room that belongs to a board
 * and is checked against it (a person's private doc, the board's vault: server/privateDocs.ts).
 * A Room without a space is a board; with one, the space decides what its clients may write,
 * which doc the entry rules read (the board's lock, votes and roster), and what follows a write.
 */
import type * as Y from 'yjs'
import type { Role } from '../shared/workshop/roles'
import type { BoardRecords } from '../shared/BoardRecords'
import type { AuthContext } from './auth'
import type { ConnectionIdentity } from './ownership'
import type { RecordFieldsView } from './recordValidation'
import type { UpdateInspection } from './updateValidation'

/** Who writes: what a space needs of a room's client. */
export interface SpaceClient {
  readonly auth: AuthContext
  readonly identity: ConnectionIdentity
}

/** What a space needs of its own room. */
export interface SpaceRoom {
  readonly id: string
  readonly records: BoardRecords
  readonly isUsable: boolean
  /** See Room.applyServerChange. */
  applyServerChange(change: (doc: Y.Doc) => void, addsBytes?: number): Promise<void>
}

/** The rules of a room that belongs to a board (see the module comment). */
export interface RoomSpace {
  /** The board this room belongs to. */
  readonly boardId: string
  /** The doc whose workshop state (board lock, votes) and roster the entry rules read. */
  readonly rulesDoc: Y.Doc
  /** Roots a client with `role` may write here. */
  writableRoots(role: Role): ReadonlySet<string>
  /** The current fields record checks read: the room's own records (`own`) over the board's. */
  recordsView(own: BoardRecords): RecordFieldsView
  /** Why `client` may not join, or null. */
  joinRefusal(client: SpaceClient): string | null
  /**
   * Checks an update the room's own checks accepted (throws a CloseError to refuse it), and makes
   * the server changes that must be stored with it, before it is applied.
   */
  beforeApply(
    room: SpaceRoom,
    client: SpaceClient,
    participantId: string | null,
    inspection: UpdateInspection,
  ): void
  /** Follows up an applied update with server changes (results, cards out of a private doc). */
  afterApply(room: SpaceRoom, inspection: UpdateInspection): void
  /** True when the space holds room `roomId` (its board, its vault): it fails with it. */
  holds(roomId: string): boolean
  /** Called once when the room is unloaded or dropped: releases what the space holds. */
  release(): void
}
