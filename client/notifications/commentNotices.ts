import type { ThreadView } from '../../shared/workshop/commentThreads'

/** A comment worth a toast: it mentions you, or replies in a thread you took part in. */
export interface CommentNotice {
  kind: 'mention' | 'reply'
  view: ThreadView
  commentId: string
  authorName: string
  body: string
}

/**
 * The comments of `threads` not in `seen` that `selfId` should hear about, oldest first; every
 * comment read is added to `seen`. Your own comments never count, nor comments created before
 * `since` (what was already there when you opened the board arrives with the first sync).
 */
export function newCommentNotices(
  threads: readonly ThreadView[],
  seen: Set<string>,
  selfId: string,
  since: number,
): CommentNotice[] {
  const notices: CommentNotice[] = []
  for (const view of threads) {
    view.comments.forEach((comment, index) => {
      if (seen.has(comment.id)) return
      seen.add(comment.id)
      if (comment.authorId === selfId || comment.createdAt < since) return
      const isMention = comment.mentions.includes(selfId)
      const isInThread =
        view.thread.authorId === selfId ||
        view.comments.slice(0, index).some((earlier) => earlier.authorId === selfId)
      if (!isMention && !isInThread) return
      notices.push({
        kind: isMention ? 'mention' : 'reply',
        view,
        commentId: comment.id,
        authorName: comment.authorName || 'Someone',
        body: comment.body,
      })
    })
  }
  return notices.sort(
    (a, b) =>
      a.view.comments.find((c) => c.id === a.commentId)!.createdAt -
      b.view.comments.find((c) => c.id === b.commentId)!.createdAt,
  )
}
