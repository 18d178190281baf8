import { createContext, useContext } from 'react'
import { useValue } from 'tldraw'
import type { Role } from '../../shared/workshop/roles'
import { localToday } from '../lib/localToday'
import type { BoardConnection } from '../sync/boardConnection'
import type { BoardModel } from './boardModel'

/** The open board's connection, for components rendered inside tldraw's UI slots. */
export const BoardContext = createContext<{ connection: BoardConnection; roomId: string } | null>(
  null,
)

/** The open board's model; its own context, so cards can render with a model but no server. */
export const BoardModelContext = createContext<BoardModel | null>(null)

export function useBoard() {
  const board = useContext(BoardContext)
  if (!board) throw new Error('useBoard must be used inside a board page')
  return board
}

/** The open board's model (compilation, votes, today, customer data). */
export function useBoardModel(): BoardModel {
  const model = useContext(BoardModelContext)
  if (!model) throw new Error('useBoardModel must be used inside a board page')
  return model
}

/** The open board's model, or null where cards render without one (component tests). */
export function useMaybeBoardModel(): BoardModel | null {
  return useContext(BoardModelContext)
}

/** Today (`YYYY-MM-DD`, local) from the board's model, which moves it on at midnight. */
export function useToday(): string {
  const model = useMaybeBoardModel()
  return useValue('today', () => model?.$today.get() ?? localToday(), [model])
}

/**
 * The role the server granted this browser on the open board (client/access keeps it on the
 * connection), or null until known. The server enforces it; the UI only mirrors it.
 */
export function useMyRole(): Role | null {
  const { connection } = useBoard()
  return useValue(connection.$role)
}
