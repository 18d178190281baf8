import type { Editor, TLFrameShape, TLShape } from 'tldraw'
import { statementCardType, type StatementCardShape } from '../../shared/schema/statementCard'
import { icpFrameName } from '../../shared/templates/templateShapes'

function isIcpContainer(shape: TLShape | undefined): shape is TLFrameShape {
  return shape?.type === 'frame' && (shape.meta as { icpContainer?: unknown }).icpContainer === true
}

/**
 * Keeps the frame of an ICP named after it: when this person renames an ICP (its statement
 * card), the frame that holds it follows, in the same undo step, so the label on the board and
 * the `frameName` of every export say the new name. A name someone gave the frame themselves is
 * kept; renames from others are written by their own browser. Returns a function that stops it.
 */
export function keepIcpFramesNamed(editor: Editor): () => void {
  return editor.sideEffects.registerAfterChangeHandler('shape', (previous, next, source) => {
    if (source !== 'user' || next.type !== statementCardType) return
    const before = (previous as StatementCardShape).props.name
    const after = (next as StatementCardShape).props.name
    if (before === after) return
    const frame = editor.getShape(next.parentId as TLShape['id'])
    if (!isIcpContainer(frame) || frame.props.name !== icpFrameName(before)) return
    editor.updateShape({ id: frame.id, type: 'frame', props: { name: icpFrameName(after) } })
  })
}
