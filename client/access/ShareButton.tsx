import { useState } from 'react'
import { useBoard, useMyRole } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'
import { ShareDialog } from './ShareDialog'

/** The "Share" button of the top-right panel, opening the share dialog. */
export function ShareButton() {
  const { roomId } = useBoard()
  const role = useMyRole()
  const token = useUiStore((state) => state.roomAccess[roomId]?.token ?? null)
  const [isOpen, setOpen] = useState(false)
  return (
    <>
      <button
        className="button button--primary button--small"
        aria-haspopup="dialog"
        disabled={!role}
        onClick={() => setOpen(true)}
      >
        Share
      </button>
      {isOpen && role && (
        <ShareDialog roomId={roomId} role={role} token={token} onClose={() => setOpen(false)} />
      )}
    </>
  )
}
