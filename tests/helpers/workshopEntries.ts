/** Valid workshop entries (shared/workshop/workshopLayout.ts) for tests, with their keys. */
import type {
  AwarenessUser,
  Ballot,
  Comment,
  CommentThread,
  Person,
  Reaction,
  ReactionKind,
  VoteSession,
  WorkshopEntry,
} from '../../shared/workshop/workshopLayout'

/** An open thread pinned to a point on the first page. Key `thread:<id>`. */
export function thread(id: string, overrides: Partial<CommentThread> = {}): CommentThread {
  return {
    kind: 'thread',
    id,
    anchor: { type: 'point', pageId: 'page:page', x: 10, y: 20 },
    authorId: 'p-alice',
    createdAt: 1_700_000_000_000,
    status: 'open',
    statusBy: null,
    statusAt: null,
    ...overrides,
  }
}

/** A comment in thread `threadId`. Key `comment:<id>`. */
export function comment(id: string, threadId: string, body = 'Looks right'): Comment {
  return {
    kind: 'comment',
    id,
    threadId,
    authorId: 'p-alice',
    authorName: 'Alice',
    authorColor: '#ff8800',
    body,
    mentions: [],
    createdAt: 1_700_000_000_000,
    editedAt: null,
  }
}

/** A ballot of `participantId` in session `sessionId`. Key `ballot:<sessionId>:<participantId>`. */
export function ballot(sessionId: string, participantId: string): Ballot {
  return {
    kind: 'ballot',
    sessionId,
    participantId,
    participantName: 'Alice',
    function: 'sales',
    shapeIds: ['shape:a'],
    updatedAt: 1_700_000_000_000,
  }
}

/**
 * `participantId`'s reaction on card `shapeId`, with the key it is stored under
 * (`reaction:<shapeId>:<participantId>:<reaction>`).
 */
export function reaction(
  shapeId: string,
  participantId: string,
  kind: ReactionKind = 'agree',
  createdAt = 1_700_000_000_000,
): { key: string; value: Reaction } {
  return {
    key: `reaction:${shapeId}:${participantId}:${kind}`,
    value: { kind: 'reaction', shapeId, participantId, reaction: kind, createdAt },
  }
}

/** The board lock entry. Key `boardLock`. */
export function boardLock(isLocked: boolean): WorkshopEntry {
  return { kind: 'boardLock', isLocked, updatedAt: 1_700_000_000_000 }
}

/** A roster entry. Key `person:<id>`. */
export function person(id: string, lastSeenAt = 1_700_000_000_000): Person {
  return { kind: 'person', id, name: 'Alice', color: '#ff8800', function: 'sales', lastSeenAt }
}

/** An open dot vote on attribute cards, 3 dots each. Key `voteSession:<id>`. */
export function voteSession(id: string, overrides: Partial<VoteSession> = {}): VoteSession {
  return {
    kind: 'voteSession',
    id,
    title: 'Key attributes',
    cardType: 'icp-attribute',
    votesPerPerson: 3,
    isAnonymous: false,
    isHiddenUntilEnd: false,
    status: 'open',
    startedAt: 1_700_000_000_000,
    endsAt: null,
    closedAt: null,
    ...overrides,
  }
}

/** What `person(id)` announces in presence (`user`), so the server puts them on the roster. */
export function presenceUser(id: string): AwarenessUser {
  const { name, color, function: participantFunction } = person(id)
  return { id, name, color, function: participantFunction }
}
