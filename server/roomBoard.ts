/**
 * Reading a room's board for exports, versions and scoring, and compiling it the way the board
 * shows it (with the dot votes that order its key attributes).
 *
 * A loaded room is read from its live doc, which holds every edit the server has accepted; any
 * other room from storage into a scratch doc, without loading it (a read must not load, unload and
 * compact a room). The two agree because every accepted update is stored before it is broadcast.
 * A room stored before the current layout or schema is read migrated, in memory
 * (server/upgradeRoom.ts). Reads attach no listener to the doc: only the room writes its live doc.
 */
import type { TLRecord, TLSchema } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { compileBoard } from '../shared/compile/compileBoard'
import type { BoardCompilation } from '../shared/compile/icpDocument'
import {
  buildThreads,
  parseCommentEntries,
  type ThreadView,
} from '../shared/workshop/commentThreads'
import {
  readBallots,
  readPublishedTallies,
  readVoteSessions,
  votesForCompile,
} from '../shared/workshop/voteTally'
import {
  commentsArrayName,
  exportPolicySchema,
  votesArrayName,
  workshopArrayName,
} from '../shared/workshop/workshopLayout'
import { readEntries } from '../shared/keyValueEntries'
import type { RoomStore } from './storage/serverStorage'
import { readCurrentRecords } from './upgradeRoom'

/** Where a room is read from. */
export interface RoomSource {
  storage: Pick<RoomStore, 'roomExists' | 'loadRoom'>
  /** The live doc of a room that is loaded in memory, or undefined. */
  loadedDoc(roomId: string): Y.Doc | undefined
  /** The board schema records are read (and migrated) at. */
  schema: TLSchema
}

/** What the compiler reads from a room: its tldraw records and the votes the board shows. */
export interface RoomBoard {
  records: TLRecord[]
  /**
   * Dots per card shape id: the latest closed vote of each card kind (`votesForCompile`; a secret
   * vote counts with the tally the server published).
   */
  votes: ReadonlyMap<string, number>
  /** The comment threads with their comments. */
  threads: ThreadView[]
  /** The facilitator's "exports need every thread of the profile resolved" (`exportPolicy`). */
  requiresResolvedThreads: boolean
}

/**
 * Runs `read` on the room's doc (see the module comment; `read` must not write) and resolves with
 * what it returns, or null when no such room exists. Rejects when storage fails.
 */
export async function readRoom<T>(
  roomId: string,
  source: RoomSource,
  read: (doc: Y.Doc) => T,
): Promise<T | null> {
  const live = source.loadedDoc(roomId)
  if (live) return read(live)
  if (!(await source.storage.roomExists(roomId))) return null
  return readUpdates((await source.storage.loadRoom(roomId)).updates, read)
}

/** Runs `read` on a scratch doc made of `updates` (applied in one transaction), then drops it. */
export function readUpdates<T>(updates: readonly Uint8Array[], read: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc()
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update)
    })
    return read(doc)
  } finally {
    doc.destroy()
  }
}

/**
 * The board of a room doc at `schema` (migrated in memory if the doc is older): its records, the
 * dot votes that order its key attributes, its comment threads and the export policy.
 */
export function readBoard(doc: Y.Doc, schema: TLSchema): RoomBoard {
  const records = readCurrentRecords(doc, schema).records as unknown as TLRecord[]
  const workshop = readEntries(doc.getArray(workshopArrayName))
  const policy = exportPolicySchema.safeParse(workshop.get('exportPolicy'))
  const cardTypes = new Map(
    records.flatMap((record) =>
      record.typeName === 'shape' ? [[record.id as string, record.type] as const] : [],
    ),
  )
  const votesRoot = readEntries(doc.getArray(votesArrayName))
  const votes = votesForCompile(
    readVoteSessions(workshop),
    readBallots(votesRoot),
    readPublishedTallies(votesRoot),
    cardTypes,
  )
  return {
    records,
    votes,
    threads: buildThreads(parseCommentEntries(readEntries(doc.getArray(commentsArrayName)))),
    requiresResolvedThreads: policy.success && policy.data.requiresResolvedThreads,
  }
}

/** The UTC day (`YYYY-MM-DD`) of a moment: the server's calendar. */
export function utcDayOf(now: Date | number): string {
  return new Date(now).toISOString().slice(0, 10)
}

/** Compiles `board` as of `today` (`YYYY-MM-DD`), as the board shows it (with its dot votes). */
export function compileRoomBoard(board: RoomBoard, today: string): BoardCompilation {
  return compileBoard(board.records, { today, votes: board.votes })
}
