import { Glyph } from '../shapes/CardIcon'
import { PanelToggle } from '../ui/PanelToggle'
import { useIsUnread, useThreads } from './useComments'

/** How many threads have comments this person has not read. */
export function useUnreadThreadCount(): number {
  const threads = useThreads()
  const isUnread = useIsUnread()
  return threads.filter(isUnread).length
}

/** Top-right: opens the comments list; the badge counts unread threads. */
export function CommentsButton({ onToggled }: { onToggled?: () => void }) {
  const unread = useUnreadThreadCount()
  return (
    <PanelToggle
      panel="comments"
      className="comments-button"
      label={unread > 0 ? `Comments, ${unread} unread` : 'Comments'}
      onToggled={onToggled}
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
