import { z } from 'zod'
import type { CommentAnchor } from '../../shared/workshop/workshopLayout'
import { beginVisit, markThreadsRead, maxReadMarks, type CommentVisit } from './unread'

/** Which threads the sidebar lists (and which pins show on the canvas). */
export type CommentFilter = 'open' | 'resolved'

/** The thread popover: an existing thread, or a new one being written at an anchor. */
export type ActiveComment =
  { kind: 'thread'; threadId: string } | { kind: 'draft'; anchor: CommentAnchor } | null

export interface CommentsSlice {
  commentFilter: CommentFilter
  setCommentFilter: (filter: CommentFilter) => void
  activeComment: ActiveComment
  setActiveComment: (active: ActiveComment) => void
  /** Persisted per board: when it was last opened and which threads were read since. */
  commentVisits: Record<string, CommentVisit>
  /** The board whose visit is under way in this tab, and since when its comments are unread. */
  currentVisit: { roomId: string; since: number } | null
  /** Starts a visit of `roomId` (once per board and tab; later calls keep the first). */
  beginCommentVisit: (roomId: string, now?: number) => void
  markThreadsRead: (roomId: string, threadIds: readonly string[], now?: number) => void
}

/** Boards whose visits are remembered; the oldest are dropped first. */
export const maxCommentVisits = 100

type SetSlice = (update: (state: CommentsSlice) => Partial<CommentsSlice>) => void

function withVisit(
  all: Record<string, CommentVisit>,
  roomId: string,
  visit: CommentVisit,
): Record<string, CommentVisit> {
  const { [roomId]: _previous, ...others } = all
  const kept = Object.entries(others).slice(-(maxCommentVisits - 1))
  return { ...Object.fromEntries(kept), [roomId]: visit }
}

/** The comments slice of the UI store (panel, filter, open thread, unread bookkeeping). */
export function createCommentsSlice(set: SetSlice): CommentsSlice {
  return {
    commentFilter: 'open',
    setCommentFilter: (commentFilter) => set(() => ({ commentFilter })),
    activeComment: null,
    setActiveComment: (activeComment) => set(() => ({ activeComment })),
    commentVisits: {},
    currentVisit: null,
    beginCommentVisit: (roomId, now = Date.now()) =>
      set((state) => {
        if (state.currentVisit?.roomId === roomId) return {}
        const { since, visit } = beginVisit(state.commentVisits[roomId], now)
        return {
          currentVisit: { roomId, since },
          commentVisits: withVisit(state.commentVisits, roomId, visit),
        }
      }),
    markThreadsRead: (roomId, threadIds, now = Date.now()) =>
      set((state) => {
        const visit = state.commentVisits[roomId] ?? { lastVisitAt: now, readAt: {} }
        const next = markThreadsRead(visit, threadIds, now)
        return { commentVisits: { ...state.commentVisits, [roomId]: next } }
      }),
  }
}

const visitSchema = z.object({
  lastVisitAt: z.number().int().nonnegative(),
  readAt: z.record(z.string().max(100), z.number().int().nonnegative()),
})

/** The persisted comment visits, keeping only well-formed entries; undefined when none. */
export function sanitizeCommentVisits(value: unknown): Record<string, CommentVisit> | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const valid: Record<string, CommentVisit> = {}
  for (const [roomId, visit] of Object.entries(value).slice(-maxCommentVisits)) {
    const parsed = visitSchema.safeParse(visit)
    if (!parsed.success || roomId.length > 200) continue
    const readAt = Object.entries(parsed.data.readAt).slice(-maxReadMarks)
    valid[roomId] = { lastVisitAt: parsed.data.lastVisitAt, readAt: Object.fromEntries(readAt) }
  }
  return valid
}
