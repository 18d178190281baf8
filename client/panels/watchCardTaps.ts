import type { Editor, TLEventInfo, TLShapeId } from 'tldraw'
import { isCardShapeType } from '../shapes/cardKinds'

/**
 * Calls `onTap` with a card's id when a press and release of the select tool on the canvas ends
 * with that card (alone) selected and the pointer still on it: a tap or a click on a card. A
 * drag, a pinch or a long press (tldraw's context menu) is no tap. Returns the unsubscribe.
 */
export function watchCardTaps(editor: Editor, onTap: (shapeId: TLShapeId) => void): () => void {
  let isTap = false
  const onEvent = (info: TLEventInfo) => {
    if (info.type === 'pinch') isTap = false
    if (info.type !== 'pointer') return
    switch (info.name) {
      case 'pointer_down':
        isTap = editor.getCurrentToolId() === 'select'
        return
      case 'pointer_move':
        if (editor.inputs.getIsDragging()) isTap = false
        return
      case 'long_press':
        isTap = false
        return
      case 'pointer_up': {
        if (!isTap) return
        isTap = false
        const shape = editor.getOnlySelectedShape()
        if (!shape || !isCardShapeType(shape.type)) return
        const bounds = editor.getShapePageBounds(shape)
        if (bounds?.containsPoint(editor.inputs.getCurrentPagePoint())) onTap(shape.id)
      }
    }
  }
  editor.on('event', onEvent)
  return () => {
    editor.off('event', onEvent)
  }
}
