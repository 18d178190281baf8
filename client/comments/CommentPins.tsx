import { useEditor, useValue } from 'tldraw'
import { useShallow } from 'zustand/react/shallow'
import type { ThreadView } from '../../shared/workshop/commentThreads'
import { useUiStore } from '../state/uiStore'
import { screenSpotOf, stackIndexes, type ScreenSpot } from './anchorGeometry'
import { initialsOf } from './CommentParts'
import { useBoardComments, useIsUnread } from './useComments'
import './comments.css'

interface PinProps {
  view: ThreadView
  spot: ScreenSpot
  isActive: boolean
  isUnread: boolean
  onOpen: () => void
}

function Pin({ view, spot, isActive, isUnread, onOpen }: PinProps) {
  const opening = view.comments[0]!
  const replies = view.comments.length - 1
  const isResolved = view.thread.status === 'resolved'
  const classes = [
    'comment-pin',
    isActive && 'is-active',
    isUnread && 'is-unread',
    isResolved && 'is-resolved',
  ]
  return (
    <button
      type="button"
      className={classes.filter(Boolean).join(' ')}
      style={{ transform: `translate(${spot.x}px, ${spot.y}px)` }}
      data-thread-id={view.thread.id}
      aria-label={`${isUnread ? 'Unread comment' : 'Comment'} by ${opening.authorName}${
        replies > 0 ? `, ${replies} ${replies === 1 ? 'reply' : 'replies'}` : ''
      }${isResolved ? ', resolved' : ''}: ${opening.body.slice(0, 80)}`}
      onClick={onOpen}
    >
      <span className="comment-pin__bubble" style={{ background: opening.authorColor }}>
        {isResolved ? (
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="m4 8.4 2.6 2.6L12 5.4" />
          </svg>
        ) : (
          initialsOf(opening.authorName)
        )}
      </span>
      {replies > 0 && <span className="comment-pin__count">{replies + 1}</span>}
    </button>
  )
}

/**
 * The comment pins, drawn over the canvas at their anchors (`InFrontOfTheCanvas` slot): they
 * follow the camera and the cards they are pinned to, and hide for other pages. Open threads show;
 * resolved ones only while the comments list shows resolved threads. Clicking a pin opens it.
 */
export function CommentPins() {
  const editor = useEditor()
  const comments = useBoardComments()
  const isUnread = useIsUnread()
  const { activeComment, setActiveComment, filter } = useUiStore(
    useShallow((state) => ({
      activeComment: state.activeComment,
      setActiveComment: state.setActiveComment,
      filter: state.commentFilter,
    })),
  )
  const isPanelOpen = useUiStore((state) => state.openPanel === 'comments')
  const activeId = activeComment?.kind === 'thread' ? activeComment.threadId : null
  const showResolved = isPanelOpen && filter === 'resolved'

  const pins = useValue(
    'comment pins',
    () => {
      const threads = comments.$threads
        .get()
        .filter(
          (view) => view.thread.status === 'open' || showResolved || view.thread.id === activeId,
        )
      const stacks = stackIndexes(threads)
      const placed: { view: ThreadView; spot: ScreenSpot }[] = []
      for (const view of threads) {
        const spot = screenSpotOf(editor, view.thread.anchor, stacks.get(view.thread.id))
        if (spot) placed.push({ view, spot })
      }
      // Oldest underneath, so the newest pin of a crowded spot is on top.
      return placed.reverse()
    },
    [editor, comments, showResolved, activeId],
  )
  const draftSpot = useValue(
    'draft pin',
    () => (activeComment?.kind === 'draft' ? screenSpotOf(editor, activeComment.anchor) : null),
    [editor, activeComment],
  )

  return (
    <div className="comment-pins" role="group" aria-label="Comments on the canvas">
      {pins.map(({ view, spot }) => (
        <Pin
          key={view.thread.id}
          view={view}
          spot={spot}
          isActive={view.thread.id === activeId}
          isUnread={isUnread(view)}
          onOpen={() =>
            setActiveComment(
              view.thread.id === activeId ? null : { kind: 'thread', threadId: view.thread.id },
            )
          }
        />
      ))}
      {draftSpot && (
        <span
          className="comment-pin comment-pin--draft"
          style={{ transform: `translate(${draftSpot.x}px, ${draftSpot.y}px)` }}
          aria-hidden="true"
        >
          <span className="comment-pin__bubble">+</span>
        </span>
      )}
    </div>
  )
}
