import { useEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { useContainer } from 'tldraw'
import { useShareDialog } from '../access/ShareButton'
import { CommentsButton, useUnreadThreadCount } from '../comments/CommentsButton'
import { DocumentIcon, MoreIcon, ShareIcon, TableIcon } from '../ui/icons'
import { PanelToggle } from '../ui/PanelToggle'
import { Popover } from '../ui/Popover'

/** The menu's element id, which its button controls. */
export const boardMenuId = 'board-menu'

/**
 * The top bar's actions on a narrow screen (`tablet` and `phone` in screenLayout.ts): one button
 * that lists them, big enough for a finger. A panel opened from the list, and the share dialog,
 * give the focus back to this button when they close. Its badge counts unread threads. The list
 * is drawn in tldraw's container, above the side panels (the top bar is in a lower layer), under
 * its button; turning the device or resizing the window closes it.
 */
export function BoardMenu() {
  const container = useContainer()
  const [place, setPlace] = useState<{ top: number; right: number } | null>(null)
  const button = useRef<HTMLButtonElement>(null)
  const share = useShareDialog()
  const unread = useUnreadThreadCount()
  const isOpen = place !== null
  const close = () => setPlace(null)
  const open = () => {
    const rect = button.current?.getBoundingClientRect()
    if (!rect) return
    const host = container.getBoundingClientRect()
    setPlace({ top: rect.bottom - host.top + 8, right: host.right - rect.right })
  }
  useEffect(() => {
    if (!isOpen) return
    const onResize = () => setPlace(null)
    window.addEventListener('resize', onResize)
    return () => window.removeEventListener('resize', onResize)
  }, [isOpen])
  return (
    <div className="board-menu">
      <button
        ref={button}
        type="button"
        className="board-menu__button"
        aria-label={unread > 0 ? `Board menu, ${unread} unread comments` : 'Board menu'}
        title="Comments, customer data, ICP document, share"
        aria-haspopup="dialog"
        aria-expanded={isOpen}
        aria-controls={boardMenuId}
        onClick={() => (isOpen ? close() : open())}
      >
        <MoreIcon size={18} />
        {unread > 0 && (
          <span className="comments-button__badge board-menu__badge" aria-hidden="true">
            {unread}
          </span>
        )}
      </button>
      {place &&
        createPortal(
          <Popover
            id={boardMenuId}
            label="Board menu"
            onClose={close}
            className="board-menu__list"
            style={place}
          >
            <CommentsButton onToggled={close} />
            <PanelToggle panel="data" onToggled={close}>
              <TableIcon size={15} />
              Customer data
            </PanelToggle>
            <PanelToggle panel="icp" onToggled={close}>
              <DocumentIcon size={15} />
              ICP document
            </PanelToggle>
            <button
              type="button"
              className="button button--small"
              aria-haspopup="dialog"
              disabled={!share.canShare}
              onClick={() => {
                close()
                // The dialog gives the focus back to what had it: the menu's button, which stays.
                button.current?.focus()
                share.open()
              }}
            >
              <ShareIcon size={15} />
              Share
            </button>
          </Popover>,
          container,
        )}
      {share.dialog}
    </div>
  )
}
