import { createContext, useContext } from 'react'
import { useValue } from 'tldraw'
import type { Role } from '../../shared/workshop/roles'
import type { BoardConnection } from '../sync/boardConnection'

/** The open board's connection, for components rendered inside tldraw's UI slots. */
export const BoardContext = createContext<{ connection: BoardConnection; roomId: string } | null>(
  null,
)

export function useBoard() {
  const board = useContext(BoardContext)
  if (!board) throw new Error('useBoard must be used inside a board page')
  return board
}

/**
 * The role the server granted this browser on the open board (client/access keeps it on the
 * connection), or null until known. The server enforces it; the UI only mirrors it.
 */
export function useMyRole(): Role | null {
  const { connection } = useBoard()
  return useValue(connection.$role)
}
