import { hasRole } from '../../shared/workshop/roles'
import { useBoard, useMyRole } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'

/** What the data UI needs to call the API and what it may offer this person. */
export interface DataAccess {
  roomId: string
  /** The board token for API calls (null on a board opened without one). */
  token: string | null
  /** Editors and facilitators import data and choose best customers; the server checks again. */
  canEdit: boolean
  /** Shown as "imported by"; null until the person has a name. */
  userName: string | null
}

/** The board, token, role and name the data panel works with. */
export function useDataAccess(): DataAccess {
  const { roomId } = useBoard()
  const token = useUiStore((state) => state.roomAccess[roomId]?.token ?? null)
  const userName = useUiStore((state) => state.identity.name.trim() || null)
  const role = useMyRole()
  return { roomId, token, canEdit: role !== null && hasRole(role, 'editor'), userName }
}

/** The board token outside React (for requests started by the sync). */
export function boardToken(roomId: string): string | null {
  return useUiStore.getState().roomAccess[roomId]?.token ?? null
}
