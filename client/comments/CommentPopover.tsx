import { useEffect, useRef } from 'react'
import { useEditor, useValue } from 'tldraw'
import { useShallow } from 'zustand/react/shallow'
import { useBoard } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'
import { screenSpotOf, stackIndexes } from './anchorGeometry'
import { CommentThreadCard } from './CommentThreadCard'
import { getVisibleArea } from '../board/visibleArea'
import { useIsSheetLayout } from '../ui/screenLayout'
import { useSheetHistory } from '../ui/sheetHistory'
import { useKeepKeysFromCanvas } from '../ui/useKeepKeysFromCanvas'
import { anchorLabelOf } from './revealThread'
import { useAuthor, useBoardComments, useCommentPermissions, useMentionPeople } from './useComments'
import { useNow } from '../lib/useNow'

const popoverWidth = 330
const margin = 12

/**
 * The open thread (or the composer of a new one), next to its pin. It follows the pin as the
 * camera moves, flips to the pin's left near the right edge and stays inside the viewport. On a
 * phone it is a sheet along the bottom (above the on-screen keyboard), over the comments list
 * when opened from there, and the back gesture closes it.
 */
export function CommentPopover() {
  const editor = useEditor()
  const isSheet = useIsSheetLayout()
  const { roomId } = useBoard()
  const comments = useBoardComments()
  const author = useAuthor()
  const people = useMentionPeople()
  const now = useNow()
  const { canComment, isFacilitator } = useCommentPermissions()
  const { activeComment, setActiveComment, markThreadsRead } = useUiStore(
    useShallow((state) => ({
      activeComment: state.activeComment,
      setActiveComment: state.setActiveComment,
      markThreadsRead: state.markThreadsRead,
    })),
  )
  const keys = useKeepKeysFromCanvas<HTMLElement>({ onEscape: () => setActiveComment(null) })
  const threadId = activeComment?.kind === 'thread' ? activeComment.threadId : null
  const view = useValue(
    'active thread',
    () => (threadId ? comments.$threads.get().find((item) => item.thread.id === threadId) : null),
    [comments, threadId],
  )
  const anchor = activeComment?.kind === 'draft' ? activeComment.anchor : view?.thread.anchor
  const anchorLabel = useValue(
    'anchor label',
    () => (anchor ? anchorLabelOf(editor, anchor) : ''),
    [editor, anchor],
  )
  const layout = useValue(
    'comment popover position',
    () => {
      // Beside its pin, inside the area no panel or bar covers.
      const area = getVisibleArea(editor)
      const stack = view ? (stackIndexes(comments.$threads.get()).get(view.thread.id) ?? 0) : 0
      const spot = anchor ? screenSpotOf(editor, anchor, stack) : null
      const right = area.maxX - margin
      let left = spot ? spot.x + 40 : right - popoverWidth
      if (spot && left + popoverWidth > right) left = spot.x - popoverWidth - 12
      left = Math.max(area.minX + margin, Math.min(left, right - popoverWidth))
      const minTop = area.minY + margin
      const top = Math.max(minTop, Math.min(spot ? spot.y - 44 : minTop, area.maxY - 220))
      return { left, top, maxHeight: Math.max(200, area.maxY - top - margin) }
    },
    [editor, anchor, view, comments],
  )

  // Reading a thread marks it read, including replies that arrive while it is open.
  const commentCount = view?.comments.length ?? 0
  useEffect(() => {
    if (threadId && commentCount > 0) markThreadsRead(roomId, [threadId])
  }, [threadId, commentCount, roomId, markThreadsRead])

  // A thread deleted (here or elsewhere) closes.
  const hasThread = Boolean(view)
  const wasOpen = useRef(false)
  useEffect(() => {
    if (threadId && hasThread) wasOpen.current = true
    if (threadId && !hasThread && wasOpen.current) {
      wasOpen.current = false
      setActiveComment(null)
    }
  }, [threadId, hasThread, setActiveComment])

  const isOpen = Boolean(activeComment && anchor && (activeComment.kind === 'draft' || view))
  const close = () => setActiveComment(null)
  useSheetHistory(isSheet && isOpen, close)

  if (!isOpen || !activeComment) return null

  return (
    <section
      {...keys}
      className={`comment-popover${isSheet ? ' comment-popover--sheet' : ''}`}
      aria-label={view ? 'Comment thread' : 'New comment'}
      style={
        isSheet ? undefined : { left: layout.left, top: layout.top, maxHeight: layout.maxHeight }
      }
      onPointerDown={(event) => event.stopPropagation()}
      onWheel={(event) => event.stopPropagation()}
    >
      <CommentThreadCard
        view={view ?? null}
        anchorLabel={anchorLabel}
        selfId={author.id}
        people={people}
        now={now}
        canComment={canComment}
        canModerate={isFacilitator}
        onPost={(body, mentions) => {
          if (view) {
            comments.reply(view.thread.id, body, mentions, author)
          } else if (activeComment.kind === 'draft') {
            const created = comments.createThread(activeComment.anchor, body, mentions, author)
            setActiveComment({ kind: 'thread', threadId: created })
          }
        }}
        onResolve={(isResolved) => {
          if (!view) return
          comments.setThreadStatus(view.thread.id, isResolved ? 'resolved' : 'open', author.name)
          if (isResolved) close()
        }}
        onEdit={(commentId, body, mentions) => comments.editComment(commentId, body, mentions)}
        onDelete={(commentId) => comments.deleteComment(commentId)}
        onClose={close}
      />
    </section>
  )
}
