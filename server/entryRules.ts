/**
 * Who may write which entry of the workshop roots, beyond the role checks per root
 * (writableRootsByRole): the server checks authorship, so a link shared by many people does not
 * let one of them speak for another.
 *
 * - Comments and threads are written under the writer's own participant id. Only its author edits
 *   a comment (author, thread and creation time stay; a changed text says when it was edited); its
 *   author, the author of its thread or the facilitator deletes it. Anyone who may comment resolves
 *   or reopens a thread; only its author or the facilitator moves or deletes it.
 * - A ballot is the writer's own (`participantId`), for an open vote, of a person on the roster
 *   with the function and name the roster has, with no more dots than the vote allows. Only its
 *   voter or the facilitator removes it. Ballots of a public vote go to the board, those of a
 *   secret vote (anonymous, or hidden until the end) to the voter's private doc, never the other
 *   way round (server/privateDocs.ts). Published tallies are the server's.
 * - A reaction is the writer's own (`participantId`), on a card (a record that exists and is not
 *   a card is refused; a card that does not exist, deleted while someone reacted offline, is left
 *   to the server to clean up: server/rooms.ts). Only its author takes it back. An update may not
 *   leave more reactions than the caps of shared/workshop/reactionTally.ts.
 * - The people roster is written by the server; the facilitator may only remove entries.
 *
 * Inputs come from `inspectUpdate` (written entries already passed their schemas) and the doc
 * before the update. Returns the first refusal as a sentence for the close reason, or null.
 */
import type * as Y from 'yjs'
import type { BoardRecords } from '../shared/BoardRecords'
import { readEntries, readEntry } from '../shared/keyValueEntries'
import { cardShapeTypes } from '../shared/schema/boardSchema'
import {
  maxReactionsPerBoard,
  maxReactionsPerPerson,
  reactionLimitProblem,
} from '../shared/workshop/reactionTally'
import type { Role } from '../shared/workshop/roles'
import { isSecretSession } from '../shared/workshop/voteTally'
import {
  ballotSchema,
  commentEntrySchema,
  commentsArrayName,
  peopleArrayName,
  personSchema,
  reactionSchema,
  reactionsArrayName,
  voteSessionSchema,
  votesArrayName,
  workshopArrayName,
  type Ballot,
  type Comment,
  type CommentEntry,
  type CommentThread,
  type Reaction,
} from '../shared/workshop/workshopLayout'
import type { EntryChange } from './updateValidation'

/** The roots whose entries these rules cover (pass as `entryRoots` to `inspectUpdate`). */
export const ruledEntryRoots: ReadonlySet<string> = new Set([
  commentsArrayName,
  votesArrayName,
  reactionsArrayName,
  peopleArrayName,
])

const cardTypes: ReadonlySet<string> = new Set(cardShapeTypes)

/** A vote stays open for ballots this long after its timer ran out (clock skew, latency). */
export const voteEndGraceMs = 5000

/** Who writes, and the doc as it is before the update. */
export interface EntryRuleContext {
  role: Role
  /** The participant the connection speaks for, or null when it never said. */
  participantId: string | null
  doc: Y.Doc
  /** The doc's tldraw records (what reactions are on). */
  records: BoardRecords
  /** Server time (ms since the epoch). */
  now: number
  /**
   * Which votes' ballots the doc takes: `public` (the board: named votes shown live) or `secret`
   * (a private doc: anonymous votes and votes hidden until the end).
   */
  ballots: 'public' | 'secret'
}

/** The first entry change the writer may not make, as a sentence; null when all are allowed. */
export function entryRuleRefusal(
  changes: { writtenEntries: readonly EntryChange[]; removedEntries: readonly EntryChange[] },
  context: EntryRuleContext,
): string | null {
  const written = new Set(
    changes.writtenEntries.map((change) => `${change.root}\u0000${change.key}`),
  )
  for (const change of changes.writtenEntries) {
    const refusal = writeRefusal(change, context)
    if (refusal) return refusal
  }
  for (const change of changes.removedEntries) {
    // A removal with a new value for the key in the same update is an edit, checked above.
    if (written.has(`${change.root}\u0000${change.key}`)) continue
    const refusal = removalRefusal(change, context)
    if (refusal) return refusal
  }
  return reactionCountRefusal(changes, context)
}

function writeRefusal(change: EntryChange, context: EntryRuleContext): string | null {
  switch (change.root) {
    case commentsArrayName:
      return commentWriteRefusal(change, context)
    case votesArrayName:
      return ballotWriteRefusal(change, context)
    case reactionsArrayName:
      return reactionWriteRefusal(change, context)
    case peopleArrayName:
      return 'the people list is written by the server; the facilitator may only remove people'
    default:
      return null
  }
}

function removalRefusal(change: EntryChange, context: EntryRuleContext): string | null {
  const me = context.participantId
  const isFacilitator = context.role === 'facilitator'
  switch (change.root) {
    case commentsArrayName: {
      const entry = commentEntrySchema.safeParse(change.value)
      // Junk (an entry no schema accepts) may be cleaned up by anyone who may comment.
      if (!entry.success || isFacilitator) return null
      if (entry.data.authorId === me) return null
      if (entry.data.kind === 'comment' && threadOf(context.doc, entry.data)?.authorId === me) {
        return null
      }
      return `only its author or the facilitator may delete ${change.key}`
    }
    case votesArrayName: {
      if (change.key.startsWith('tally:')) return 'vote results are published by the server'
      const ballot = ballotSchema.safeParse(change.value)
      if (!ballot.success || isFacilitator || ballot.data.participantId === me) return null
      return `only its voter or the facilitator may remove ${change.key}`
    }
    case reactionsArrayName: {
      const reaction = reactionSchema.safeParse(change.value)
      if (!reaction.success || reaction.data.participantId === me) return null
      return `only its author may take back ${change.key}`
    }
    case peopleArrayName:
      return isFacilitator ? null : 'only the facilitator may remove people from the list'
    default:
      return null
  }
}

function commentWriteRefusal(change: EntryChange, context: EntryRuleContext): string | null {
  const me = context.participantId
  if (me === null) return unknownParticipant('comment')
  const entry = change.value as CommentEntry
  const previous = commentEntrySchema.safeParse(
    readEntry(context.doc.getArray(commentsArrayName), change.key),
  )
  const before = previous.success && previous.data.kind === entry.kind ? previous.data : null
  if (before === null) {
    return entry.authorId === me ? null : `${change.key} must be written under your own id (${me})`
  }
  if (entry.authorId !== before.authorId || entry.createdAt !== before.createdAt) {
    return `${change.key}: its author and creation time cannot change`
  }
  if (entry.kind === 'comment') {
    const old = before as Comment
    if (isSameJson(entry, old)) return null
    if (old.authorId !== me) return `only its author may edit ${change.key}`
    if (entry.threadId !== old.threadId) return `${change.key}: its thread cannot change`
    const isTextChanged = entry.body !== old.body || !isSameJson(entry.mentions, old.mentions)
    if (isTextChanged && entry.editedAt === null) {
      return `${change.key}: an edited comment must say when it was edited (editedAt)`
    }
    return null
  }
  const old = before as CommentThread
  const isMoved = !isSameJson(entry.anchor, old.anchor)
  if (isMoved && old.authorId !== me && context.role !== 'facilitator') {
    return `only its author or the facilitator may move ${change.key}`
  }
  return null
}

function ballotWriteRefusal(change: EntryChange, context: EntryRuleContext): string | null {
  if ((change.value as { kind: string }).kind !== 'ballot') {
    return 'vote results are published by the server'
  }
  const me = context.participantId
  if (me === null) return unknownParticipant('vote')
  const ballot = change.value as Ballot
  if (ballot.participantId !== me) return `${change.key}: you may only cast your own ballot`
  const { doc, now } = context
  const session = voteSessionSchema.safeParse(
    readEntry(doc.getArray(workshopArrayName), `voteSession:${ballot.sessionId}`),
  )
  if (!session.success) return `${change.key}: there is no vote ${ballot.sessionId}`
  const { status, endsAt, votesPerPerson, title } = session.data
  const isSecret = isSecretSession(session.data)
  if (isSecret && context.ballots === 'public') {
    return `${change.key}: the vote "${title}" is secret; its ballots go to your private doc`
  }
  if (!isSecret && context.ballots === 'secret') {
    return `${change.key}: the vote "${title}" is public; its ballots go to the board`
  }
  if (status === 'closed' || (endsAt !== null && now > endsAt + voteEndGraceMs)) {
    return `${change.key}: the vote "${title}" is closed`
  }
  if (ballot.shapeIds.length > votesPerPerson) {
    return `${change.key}: the vote allows ${votesPerPerson} dots, the ballot has ${ballot.shapeIds.length}`
  }
  const person = personSchema.safeParse(readEntry(doc.getArray(peopleArrayName), `person:${me}`))
  if (!person.success) return `${change.key}: only people on the board's list may vote`
  if (ballot.function !== person.data.function) {
    return `${change.key}: the ballot's function must be yours (${person.data.function})`
  }
  if (ballot.participantName !== null && ballot.participantName !== person.data.name) {
    return `${change.key}: the ballot's name must be yours`
  }
  return null
}

function reactionWriteRefusal(change: EntryChange, context: EntryRuleContext): string | null {
  const me = context.participantId
  if (me === null) return unknownParticipant('react')
  const reaction = change.value as Reaction
  if (reaction.participantId !== me) return `${change.key}: you may only react as yourself (${me})`
  const type = context.records.get(reaction.shapeId)?.type
  // A card that does not exist may have been deleted while the writer reacted offline: refusing
  // would cost them all their offline work, so the server removes the reaction afterwards.
  if (type !== undefined && !cardTypes.has(String(type))) {
    return `${change.key}: reactions go on cards, and ${reaction.shapeId} is not one`
  }
  return null
}

/**
 * The caps on reactions, for an update that adds some (one that only takes back never breaks them).
 * Cheap on large boards: nothing is read while the root is below the smaller cap, and stored
 * entries are counted as they are (the server validated each when it was written).
 */
function reactionCountRefusal(
  changes: { writtenEntries: readonly EntryChange[]; removedEntries: readonly EntryChange[] },
  context: EntryRuleContext,
): string | null {
  const written = changes.writtenEntries.filter((change) => change.root === reactionsArrayName)
  if (written.length === 0 || context.participantId === null) return null
  const root = context.doc.getArray(reactionsArrayName)
  if (root.length + written.length <= Math.min(maxReactionsPerPerson, maxReactionsPerBoard)) {
    return null
  }
  const after = readEntries(root)
  const isGrowing = written.some((change) => !after.has(change.key))
  if (!isGrowing) return null
  for (const change of changes.removedEntries) {
    if (change.root === reactionsArrayName) after.delete(change.key)
  }
  for (const change of written) after.set(change.key, change.value)
  return reactionLimitProblem(after.values() as Iterable<Reaction>, context.participantId)
}

function threadOf(doc: Y.Doc, comment: Comment): CommentThread | null {
  const thread = commentEntrySchema.safeParse(
    readEntry(doc.getArray(commentsArrayName), `thread:${comment.threadId}`),
  )
  return thread.success && thread.data.kind === 'thread' ? thread.data : null
}

function unknownParticipant(action: string): string {
  return `to ${action}, say who you are first (the app does: your name in presence)`
}

function isSameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
