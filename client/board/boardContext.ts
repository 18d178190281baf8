import { createContext, useContext } from 'react'
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
