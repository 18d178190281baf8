import { useShallow } from 'zustand/react/shallow'
import { useUiStore } from '../state/uiStore'
import { Glyph } from '../shapes/CardIcon'
import { useIsUnread, useThreads } from './useComments'

/** Top-right: opens the comments list; the badge counts unread threads. */
export function CommentsButton() {
  const threads = useThreads()
  const isUnread = useIsUnread()
  const { isOpen, setOpen } = useUiStore(
    useShallow((state) => ({
      isOpen: state.isCommentsPanelOpen,
      setOpen: state.setCommentsPanelOpen,
    })),
  )
  const unread = threads.filter(isUnread).length
  return (
    <button
      type="button"
      className="button button--small comments-button"
      aria-pressed={isOpen}
      aria-label={unread > 0 ? `Comments, ${unread} unread` : 'Comments'}
      title="Comments"
      onClick={() => setOpen(!isOpen)}
    >
      <Glyph name="comment" size={15} />
      Comments
      {unread > 0 && (
        <span className="comments-button__badge" aria-hidden="true">
          {unread}
        </span>
      )}
    </button>
  )
}
