import { createUserId, useEditor, useValue, type TLUserId } from 'tldraw'
import { useBoard } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'
import { awarenessUsersOf } from '../sync/bindAwarenessUser'

/** A facilitator connected right now, as someone to follow. */
export interface PresentFacilitator {
  userId: TLUserId
  name: string
  color: string
}

/**
 * The facilitator who is on the board now (announced with `role: 'facilitator'` in their
 * awareness `user` field, and with a cursor on the canvas), other than the local person; null
 * when there is none.
 */
export function useFacilitatorPresence(): PresentFacilitator | null {
  const editor = useEditor()
  const { connection } = useBoard()
  const users = useValue(awarenessUsersOf(connection.provider.awareness))

  const presentIds = useValue(
    'collaborator ids',
    () => editor.getCollaborators().map((presence) => presence.userId as string),
    [editor],
  )
  const selfId = useUiStore((state) => state.identity.id)
  for (const user of users) {
    if (user.role !== 'facilitator') continue
    const userId = createUserId(user.id)
    if (user.id === selfId || !presentIds.includes(userId)) continue
    return { userId, name: user.name, color: user.color }
  }
  return null
}
