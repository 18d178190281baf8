import { useState, type ReactNode } from 'react'
import { useBoard, useMyRole } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'
import { ShareDialog } from './ShareDialog'

/**
 * The share dialog of the board: whether this person may open it (once their role is known), a
 * function that opens it, and the dialog itself to render (null while closed).
 */
export function useShareDialog(): { canShare: boolean; open: () => void; dialog: ReactNode } {
  const { roomId } = useBoard()
  const role = useMyRole()
  const token = useUiStore((state) => state.roomAccess[roomId]?.token ?? null)
  const [isOpen, setOpen] = useState(false)
  return {
    canShare: role !== null,
    open: () => setOpen(true),
    dialog: isOpen && role && (
      <ShareDialog roomId={roomId} role={role} token={token} onClose={() => setOpen(false)} />
    ),
  }
}

/** The "Share" button of the top-right panel, opening the share dialog. */
export function ShareButton() {
  const share = useShareDialog()
  return (
    <>
      <button
        className="button button--primary button--small"
        aria-haspopup="dialog"
        disabled={!share.canShare}
        onClick={share.open}
      >
        Share
      </button>
      {share.dialog}
    </>
  )
}
