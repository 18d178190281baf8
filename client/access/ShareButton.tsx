import { useCallback, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { useBoard, useMyRole } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'
import { ShareDialog } from './ShareDialog'

/** The "Share" button of the top-right panel, opening the share dialog. */
export function ShareButton() {
  const { roomId } = useBoard()
  const role = useMyRole()
  const token = useUiStore((state) => state.roomAccess[roomId]?.token ?? null)
  const [place, setPlace] = useState<{ top: number; right: number } | null>(null)
  const button = useRef<HTMLButtonElement>(null)
  const close = useCallback(() => setPlace(null), [])
  const toggle = () => {
    const rect = button.current?.getBoundingClientRect()
    if (place || !rect) return setPlace(null)
    setPlace({ top: rect.bottom + 8, right: Math.max(8, window.innerWidth - rect.right) })
  }
  const isOpen = place !== null
  return (
    <>
      <button
        ref={button}
        className="button button--primary button--small"
        data-share-toggle
        aria-expanded={isOpen}
        aria-haspopup="dialog"
        disabled={!role}
        onClick={toggle}
      >
        Share
      </button>
      {place &&
        role &&
        // Portalled: tldraw's panels (style panel) would otherwise cover it.
        createPortal(
          <div className="share-layer" style={{ top: place.top, right: place.right }}>
            <ShareDialog roomId={roomId} role={role} token={token} onClose={close} />
          </div>,
          document.body,
        )}
    </>
  )
}
