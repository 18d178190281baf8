import { useCallback, useMemo } from 'react'
import { useEditor, useValue } from 'tldraw'
import { defaultAgenda, type AgendaStep } from '../../shared/workshop/agenda'
import { hasRole } from '../../shared/workshop/roles'
import { useBoard, useMaybeBoardModel, useMyRole } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'
import { boardWorkshopOf, type BoardWorkshop, type Voter } from './boardWorkshop'
import { changeStep } from './stepActions'

/** The open board's facilitation state. */
export function useWorkshop(): BoardWorkshop {
  const { connection } = useBoard()
  return boardWorkshopOf(connection.doc)
}

/** True when the local person runs the workshop. */
export function useIsFacilitator(): boolean {
  return useMyRole() === 'facilitator'
}

/** True when the local person may place dots (the `votes` root is editors' and up). */
export function useCanVote(): boolean {
  const role = useMyRole()
  return role !== null && hasRole(role, 'editor')
}

/** The local person as a voter; their function falls back to "other" until they have chosen. */
export function useVoter(): Voter {
  const identity = useUiStore((state) => state.identity)
  return useMemo(
    () => ({
      id: identity.id,
      name: identity.name || 'Anonymous',
      function: identity.function ?? 'other',
    }),
    [identity.id, identity.name, identity.function],
  )
}

/** The board's share-link token (for API calls), or null without one. */
export function useBoardToken(): string | null {
  const { roomId } = useBoard()
  return useUiStore((state) => state.roomAccess[roomId]?.token ?? null)
}

/** The workshop's steps as the board lays them out (the seeds' five without a board model). */
export function useAgenda(): readonly AgendaStep[] {
  const model = useMaybeBoardModel()
  return useValue('agenda', () => model?.$agenda.get() ?? defaultAgenda, [model])
}

/** Moves the group to a step, bringing everyone along when the facilitator chose so. */
export function useChangeStep(): (step: number) => void {
  const editor = useEditor()
  const workshop = useWorkshop()
  const agenda = useAgenda()
  const name = useUiStore((state) => state.identity.name)
  const bringEveryone = useUiStore((state) => state.isBringingEveryoneOnStep)
  return useCallback(
    (step: number) => changeStep(editor, workshop, agenda, step, { bringEveryone, by: name }),
    [editor, workshop, agenda, bringEveryone, name],
  )
}
