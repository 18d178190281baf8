import type { Editor, TLEventInfo, TLShapeId } from 'tldraw'
import { isCardShapeType } from '../shapes/cardKinds'

/**
 * Calls `onTap` with a card's id when the select tool is pressed and released on a card without
 * a drag, a pinch or a long press (tldraw's context menu): a tap or a click on a card. The card
 * under the finger is the one selected: zoomed far out, as a phone opens a board, a frame's
 * heading reaches over the cards above it, and tldraw would pick the frame. Returns the
 * unsubscribe.
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
        const card = editor.getShapeAtPoint(editor.inputs.getCurrentPagePoint(), {
          hitInside: true,
          renderingOnly: true,
          filter: (shape) => isCardShapeType(shape.type),
        })
        if (!card) return
        if (editor.getOnlySelectedShapeId() !== card.id) editor.select(card.id)
        onTap(card.id)
      }
    }
  }
  editor.on('event', onEvent)
  return () => {
    editor.off('event', onEvent)
  }
}
