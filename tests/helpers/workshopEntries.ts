/** Valid workshop entries (shared/workshop/workshopLayout.ts) for tests, with their keys. */
import type {
  Ballot,
  Comment,
  CommentThread,
  Person,
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

/** The board lock entry. Key `boardLock`. */
export function boardLock(isLocked: boolean): WorkshopEntry {
  return { kind: 'boardLock', isLocked, updatedAt: 1_700_000_000_000 }
}

/** A roster entry. Key `person:<id>`. */
export function person(id: string, lastSeenAt = 1_700_000_000_000): Person {
  return { kind: 'person', id, name: 'Alice', color: '#ff8800', function: 'sales', lastSeenAt }
}
