import { useEffect } from 'react'
import { react, useEditor, useToasts } from 'tldraw'
import { useUiStore } from '../state/uiStore'
import { anchorLabelOf, revealThread } from '../comments/revealThread'
import { useBoardComments } from '../comments/useComments'
import { newCommentNotices } from './commentNotices'

/** Comments this much older than opening the board never toast (other people's clocks drift). */
const clockSkewMs = 2 * 60_000

/** Longest quote of a comment in a toast. */
const maxQuote = 140

/** The URL parameter a notification's link opens a thread with (`/b/<room>?thread=<id>`). */
export const threadParam = 'thread'

function quote(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim()
  return flat.length > maxQuote ? `${flat.slice(0, maxQuote - 1).trimEnd()}…` : flat
}

/**
 * While you are on the board: a toast when someone mentions you or replies in a thread you are
 * in, with "Open" to go to the thread. Also opens the thread a notification link names
 * (`?thread=<id>`), once it has synced.
 */
export function CommentNotifications() {
  const editor = useEditor()
  const comments = useBoardComments()
  const selfId = useUiStore((state) => state.identity.id)
  const setActiveComment = useUiStore((state) => state.setActiveComment)
  const { addToast } = useToasts()

  useEffect(() => {
    const seen = new Set<string>()
    const since = Date.now() - clockSkewMs
    return react('comment toasts', () => {
      for (const notice of newCommentNotices(comments.$threads.get(), seen, selfId, since)) {
        const where = anchorLabelOf(editor, notice.view.thread.anchor)
        addToast({
          id: `comment-${notice.commentId}`,
          severity: 'info',
          title:
            notice.kind === 'mention'
              ? `${notice.authorName} mentioned you`
              : `${notice.authorName} replied in a thread you are in`,
          description: `${where}: “${quote(notice.body)}”`,
          actions: [
            {
              type: 'primary',
              label: 'Open',
              onClick: () => {
                setActiveComment({ kind: 'thread', threadId: notice.view.thread.id })
                revealThread(editor, notice.view, false)
              },
            },
          ],
        })
      }
    })
  }, [editor, comments, selfId, setActiveComment, addToast])

  useEffect(() => {
    const url = new URL(window.location.href)
    const threadId = url.searchParams.get(threadParam)
    if (!threadId) return
    let isOpened = false
    return react('open linked thread', () => {
      const view = comments.$threads.get().find((candidate) => candidate.thread.id === threadId)
      if (!view || isOpened) return
      isOpened = true
      url.searchParams.delete(threadParam)
      window.history.replaceState(null, '', url)
      setActiveComment({ kind: 'thread', threadId })
      revealThread(editor, view, false)
    })
  }, [editor, comments, setActiveComment])

  return null
}
