/**
 * The key each workshop entry is stored under (see the table in workshopLayout.ts). The server
 * refuses an entry whose key is not this one, so a key always names what its value is and two
 * writers of the same thing always collide on one key (YKeyValue keeps the last).
 */
import type { z } from 'zod'
import type {
  Ballot,
  CommentEntry,
  Person,
  PublishedTally,
  Reaction,
  WorkshopEntry,
} from './workshopLayout'
import {
  commentsArrayName,
  peopleArrayName,
  reactionsArrayName,
  votesArrayName,
  workshopArrayName,
} from './workshopLayout'

/** `thread:<id>` or `comment:<id>`. */
export function commentEntryKey(entry: Pick<CommentEntry, 'kind' | 'id'>): string {
  return `${entry.kind}:${entry.id}`
}

/** `ballot:<sessionId>:<participantId>`. */
export function ballotKey(ballot: Pick<Ballot, 'sessionId' | 'participantId'>): string {
  return `ballot:${ballot.sessionId}:${ballot.participantId}`
}

/** `tally:<sessionId>`: the published results of a secret vote. */
export function tallyKey(tally: Pick<PublishedTally, 'sessionId'>): string {
  return `tally:${tally.sessionId}`
}

/** `reaction:<shapeId>:<participantId>:<reaction>`. */
export function reactionKey(
  reaction: Pick<Reaction, 'shapeId' | 'participantId' | 'reaction'>,
): string {
  return `reaction:${reaction.shapeId}:${reaction.participantId}:${reaction.reaction}`
}

/** `voteSession:<id>` for vote sessions; the kind itself (`step`, `timer`, ...) for the others. */
export function workshopEntryKey(entry: WorkshopEntry): string {
  return entry.kind === 'voteSession' ? `voteSession:${entry.id}` : entry.kind
}

/** `person:<participantId>`. */
export function personKey(person: Pick<Person, 'id'>): string {
  return `person:${person.id}`
}

/**
 * The key `entry` (already validated against its root's schema) must be stored under in the root
 * `rootName`, or null for a root without workshop entries.
 */
export function expectedEntryKey(rootName: string, entry: unknown): string | null {
  switch (rootName) {
    case commentsArrayName:
      return commentEntryKey(entry as CommentEntry)
    case votesArrayName:
      return (entry as Ballot | PublishedTally).kind === 'tally'
        ? tallyKey(entry as PublishedTally)
        : ballotKey(entry as Ballot)
    case reactionsArrayName:
      return reactionKey(entry as Reaction)
    case workshopArrayName:
      return workshopEntryKey(entry as WorkshopEntry)
    case peopleArrayName:
      return personKey(entry as Person)
    default:
      return null
  }
}

/**
 * The values among `entries` that pass `schema` and are stored under their own key (`keyOf`), in
 * order; anything else (another writer's junk, an entry under a wrong key) is skipped, never thrown.
 */
export function validEntries<T>(
  entries: Iterable<readonly [key: string, value: unknown]>,
  schema: z.ZodType<T>,
  keyOf: (entry: T) => string,
): T[] {
  const valid: T[] = []
  for (const [key, value] of entries) {
    const parsed = schema.safeParse(value)
    if (parsed.success && keyOf(parsed.data) === key) valid.push(parsed.data)
  }
  return valid
}
