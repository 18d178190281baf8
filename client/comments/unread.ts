import type { ThreadView } from '../../shared/workshop/commentThreads'

/**
 * Unread comments, remembered per board in this browser: `lastVisitAt` is when the board was last
 * opened, `readAt` when a thread was last opened since then. A thread is unread when someone else
 * commented after both.
 */
export interface CommentVisit {
  lastVisitAt: number
  readAt: Record<string, number>
}

/** What `isThreadUnread` compares against, for the board that is open now. */
export interface UnreadContext {
  selfId: string
  /** When the previous visit began (or this one, on a first visit). */
  since: number
  readAt: Readonly<Record<string, number>>
}

/** Most thread read marks kept per board. */
export const maxReadMarks = 500

/** True when someone else commented in the thread after the last visit and after it was read. */
export function isThreadUnread(view: ThreadView, context: UnreadContext): boolean {
  const seenAt = Math.max(context.since, context.readAt[view.thread.id] ?? 0)
  return view.comments.some(
    (comment) => comment.authorId !== context.selfId && comment.createdAt > seenAt,
  )
}

/** True when one of the thread's comments by someone else mentions `selfId`. */
export function isMentioned(view: ThreadView, selfId: string): boolean {
  return view.comments.some(
    (comment) => comment.authorId !== selfId && comment.mentions.includes(selfId),
  )
}

/**
 * Starts a visit: comments newer than the previous visit's start are unread (a first visit starts
 * now, so only comments arriving while the board is open count). Read marks from before the
 * previous visit are dropped: `since` already covers them.
 */
export function beginVisit(
  previous: CommentVisit | undefined,
  now: number,
): { since: number; visit: CommentVisit } {
  const since = previous ? Math.min(previous.lastVisitAt, now) : now
  const readAt = Object.fromEntries(
    Object.entries(previous?.readAt ?? {}).filter(([, at]) => at > since),
  )
  return { since, visit: { lastVisitAt: now, readAt } }
}

/** Marks threads as read at `now`, keeping at most `maxReadMarks` marks (newest win). */
export function markThreadsRead(
  visit: CommentVisit,
  threadIds: readonly string[],
  now: number,
): CommentVisit {
  const readAt = { ...visit.readAt }
  for (const id of threadIds) readAt[id] = now
  const entries = Object.entries(readAt)
  if (entries.length <= maxReadMarks) return { ...visit, readAt }
  entries.sort((a, b) => b[1] - a[1])
  return { ...visit, readAt: Object.fromEntries(entries.slice(0, maxReadMarks)) }
}

/** The sidebar's order: unread first, then the most recent activity first. */
export function sortThreadsForList(
  threads: readonly ThreadView[],
  isUnread: (view: ThreadView) => boolean,
): ThreadView[] {
  return [...threads].sort(
    (a, b) =>
      Number(isUnread(b)) - Number(isUnread(a)) ||
      b.lastActivityAt - a.lastActivityAt ||
      a.thread.id.localeCompare(b.thread.id),
  )
}
