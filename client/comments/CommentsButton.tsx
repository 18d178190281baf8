import { Glyph } from '../shapes/CardIcon'
import { PanelToggle } from '../ui/PanelToggle'
import { useIsUnread, useThreads } from './useComments'

/** Top-right: opens the comments list; the badge counts unread threads. */
export function CommentsButton() {
  const threads = useThreads()
  const isUnread = useIsUnread()
  const unread = threads.filter(isUnread).length
  return (
    <PanelToggle
      panel="comments"
      className="comments-button"
      label={unread > 0 ? `Comments, ${unread} unread` : 'Comments'}
    >
      <Glyph name="comment" size={15} />
      Comments
      {unread > 0 && (
        <span className="comments-button__badge" aria-hidden="true">
          {unread}
        </span>
      )}
    </PanelToggle>
  )
}
