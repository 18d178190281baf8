import { useEffect, useState } from 'react'
import { createUserId, useEditor, useValue, type TLUserId } from 'tldraw'
import type { AwarenessUser } from '../../shared/workshop/workshopLayout'
import { useBoard } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'
import { readAwarenessUsers } from '../sync/bindAwarenessUser'

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
  const awareness = connection.provider.awareness
  const [facilitators, setFacilitators] = useState<AwarenessUser[]>([])
  useEffect(() => {
    // Awareness changes with every cursor move; only a different set of facilitators re-renders.
    const update = () => {
      const next = readAwarenessUsers(awareness).filter((user) => user.role === 'facilitator')
      setFacilitators((previous) =>
        JSON.stringify(previous) === JSON.stringify(next) ? previous : next,
      )
    }
    awareness.on('change', update)
    update()
    return () => awareness.off('change', update)
  }, [awareness])

  const presentIds = useValue(
    'collaborator ids',
    () => editor.getCollaborators().map((presence) => presence.userId as string),
    [editor],
  )
  const selfId = useUiStore((state) => state.identity.id)
  for (const user of facilitators) {
    const userId = createUserId(user.id)
    if (user.id === selfId || !presentIds.includes(userId)) continue
    return { userId, name: user.name, color: user.color }
  }
  return null
}
