import { useValue } from 'tldraw'
import { useBoard } from './boardContext'

/**
 * Says so when the board holds records this version cannot read (written by a newer version, or
 * damaged): they are not shown, but they are not lost either, and a reload usually fixes it.
 */
export function UnreadableNotice() {
  const { connection } = useBoard()
  const count = useValue(connection.$unreadable)
  if (count === 0) return null
  return (
    <div className="board-notice board-notice--top" role="status">
      {count === 1 ? '1 item on this board' : `${count} items on this board`} can’t be shown by this
      version of ICP Workshop. Nothing is lost: reload the page to see {count === 1 ? 'it' : 'them'}
      .
    </div>
  )
}
