import type { Editor } from 'tldraw'
import type { AgendaStep } from '../../shared/workshop/agenda'
import type { BoardWorkshop } from './boardWorkshop'
import { zoomToStep } from './camera'

/**
 * Moves the group to step `step` of `agenda` (facilitator only): everyone's top bar shows it, the facilitator's
 * view zooms to the step's frame, and everyone is brought along there (a summon) when
 * `bringEveryone` is on.
 */
export function changeStep(
  editor: Editor,
  workshop: BoardWorkshop,
  agenda: readonly AgendaStep[],
  step: number,
  { bringEveryone = true, by = '' }: { bringEveryone?: boolean; by?: string } = {},
): void {
  if (step < 1 || step > agenda.length) return
  workshop.setStep(step)
  const place = zoomToStep(editor, agenda[step - 1])
  // The camera is animating; summon everyone to where it will end.
  if (place && bringEveryone) workshop.summon({ by, ...place })
}
