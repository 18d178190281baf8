import type { Editor, TLParentId, TLShape } from 'tldraw'
import { isFacilitatorLocked } from '../../shared/workshop/facilitatorLock'

/**
 * Keeps this browser from making changes the server refuses to anyone but the facilitator
 * (shared/workshop/facilitatorLock.ts), which would close the board on them: tldraw's `isLocked`
 * already stops editing a locked shape, but a card dropped on a locked frame, or created with a
 * tool inside one, would become its child. Such a card stays on the page instead, where it was
 * dropped. Returns a function that removes the guard.
 */
export function guardLockedFrames(editor: Editor, isFacilitator: () => boolean): () => void {
  const isLockedParent = (parentId: TLParentId) => {
    const parent = editor.getShape(parentId as TLShape['id'])
    return parent !== undefined && isFacilitatorLocked(parent.meta)
  }
  /** `shape` moved to its page, at the same place on the page. */
  const onPage = <S extends TLShape>(shape: S): S => {
    const pageId = editor.getAncestorPageId(shape.parentId as TLShape['id']) ?? shape.parentId
    const point = editor.getShapePageTransform(shape.parentId as TLShape['id'])?.applyToPoint(shape)
    return point ? { ...shape, parentId: pageId, x: point.x, y: point.y } : shape
  }
  // Only this person's own changes: remote ones (the facilitator's unlock) always come in.
  const isGuarded = (source: 'remote' | 'user') => source === 'user' && !isFacilitator()
  const stopCreate = editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) =>
    isGuarded(source) && isLockedParent(shape.parentId) ? onPage(shape) : shape,
  )
  const stopChange = editor.sideEffects.registerBeforeChangeHandler(
    'shape',
    (prev, next, source) => {
      if (!isGuarded(source)) return next
      // A locked shape is the facilitator's; anyone else's change of it would be refused.
      if (isFacilitatorLocked(prev.meta)) return prev
      if (next.parentId !== prev.parentId && isLockedParent(next.parentId)) return prev
      return next
    },
  )
  const stopDelete = editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) =>
    isGuarded(source) && isFacilitatorLocked(shape.meta) ? false : undefined,
  )
  return () => {
    stopCreate()
    stopChange()
    stopDelete()
  }
}
