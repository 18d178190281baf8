import type { Editor, TLShapeId, TLShapePartial } from 'tldraw'
import { isFacilitatorLocked, withFacilitatorLock } from '../../shared/workshop/facilitatorLock'

/** The frames among the selection (a card inside a frame selects nothing here). */
export function selectedFrameIds(editor: Editor): TLShapeId[] {
  return editor
    .getSelectedShapes()
    .filter((shape) => shape.type === 'frame')
    .map((shape) => shape.id)
}

/** True when every one of `frameIds` is locked. */
export function areFramesLocked(editor: Editor, frameIds: readonly TLShapeId[]): boolean {
  return frameIds.length > 0 && frameIds.every((id) => editor.getShape(id)?.isLocked === true)
}

/**
 * Locks or unlocks frames and everything inside them (tldraw's `isLocked`, which everyone's
 * editor honours: locked shapes cannot be selected, moved or edited, plus the facilitator's mark
 * the server enforces: shared/workshop/facilitatorLock.ts). One undoable change.
 */
export function setFramesLocked(
  editor: Editor,
  frameIds: readonly TLShapeId[],
  isLocked: boolean,
): void {
  const ids = [...editor.getShapeAndDescendantIds([...frameIds])]
  const changes: TLShapePartial[] = []
  for (const id of ids) {
    const shape = editor.getShape(id)
    if (!shape) continue
    if (shape.isLocked === isLocked && isFacilitatorLocked(shape.meta) === isLocked) continue
    const meta = withFacilitatorLock(shape.meta, isLocked) as TLShapePartial['meta']
    changes.push({ id, type: shape.type, isLocked, meta })
  }
  if (changes.length === 0) return
  editor.run(
    () => {
      if (isLocked) editor.selectNone()
      editor.updateShapes(changes)
    },
    { ignoreShapeLock: true },
  )
}

/** Every locked frame of the current page (for the facilitator's "unlock" list). */
export function lockedFrames(editor: Editor): { id: TLShapeId; name: string }[] {
  return editor
    .getCurrentPageShapes()
    .filter((shape) => shape.type === 'frame' && shape.isLocked)
    .map((shape) => ({
      id: shape.id,
      name: ((shape.props as { name?: string }).name ?? '').trim() || 'Frame',
    }))
}
