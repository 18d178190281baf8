import type { Editor } from 'tldraw'
import { workshopSteps } from '../../shared/templates/icpWorkshopTemplate'
import type { BoardWorkshop } from './boardWorkshop'
import { currentViewPlace, findStepFrame, zoomToStep } from './camera'

/**
 * Moves the group to `step` (facilitator only): everyone's top bar shows it, the facilitator's
 * view zooms to the step's frame, and everyone is brought along there (a summon) when
 * `bringEveryone` is on.
 */
export function changeStep(
  editor: Editor,
  workshop: BoardWorkshop,
  step: number,
  { bringEveryone = true, by = '' }: { bringEveryone?: boolean; by?: string } = {},
): void {
  if (step < 1 || step > workshopSteps.length) return
  workshop.setStep(step)
  if (!findStepFrame(editor, step)) return
  zoomToStep(editor, step)
  if (!bringEveryone) return
  // The camera is animating; summon everyone to where it will end.
  const frame = findStepFrame(editor, step)!
  const bounds = editor.getShapePageBounds(frame)
  if (!bounds) return
  const screen = editor.getViewportScreenBounds()
  const inset = 48
  const z = Math.min((screen.w - inset * 2) / bounds.w, (screen.h - inset * 2) / bounds.h)
  const { pageId } = currentViewPlace(editor)
  workshop.summon({
    by,
    pageId: editor.getAncestorPageId(frame) ?? pageId,
    x: bounds.center.x,
    y: bounds.center.y,
    z: Math.max(0.05, Math.min(z, 1)),
  })
}
