import { useEditor, useValue, type TLShape, type TLShapeId } from 'tldraw'
import { propFieldPrefix } from '../../shared/docLayout'
import { fieldSectionsFor } from '../panels/cardFields'
import { isCardShapeType, type CardShape } from '../shapes/cardKinds'
import type { ConflictNotice } from '../sync/conflictNotices'
import { useBoard } from './boardContext'
import './conflictNotes.css'

/** Room left for the board's top bar, and to the screen's edge (px). */
const topBarHeight = 56
const noteMargin = 8

/** The prop a notice is about, as the card panel labels it ("Label", "Value"...). */
function fieldLabel(shape: TLShape, field: string): string {
  const prop = field.slice(propFieldPrefix.length)
  if (isCardShapeType(shape.type)) {
    for (const section of fieldSectionsFor(shape as CardShape)) {
      const spec = section.fields.find((candidate) => candidate.prop === prop)
      if (spec) return spec.label
    }
  }
  const words = prop.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** "Label changed by Dana while you were offline". */
export function describeNotice(notice: ConflictNotice, label: string): string {
  const by = notice.byName ? `by ${notice.byName}` : 'by someone else'
  return notice.wasOffline
    ? `${label} changed ${by} while you were offline`
    : `${label} changed ${by} at the same time as you`
}

function propOf(shape: TLShape, field: string): unknown {
  return (shape.props as Record<string, unknown>)[field.slice(propFieldPrefix.length)]
}

/**
 * A short note on each card where an edit of this browser lost to someone else's concurrent edit
 * of the same field (client/sync/conflictNotices.ts), with a way to put this browser's value back.
 * Drawn over the canvas (`InFrontOfTheCanvas`) at the card's top-left corner; a note goes away
 * when dismissed, when the value is put back, or when the field changes again.
 */
export function ConflictNotes() {
  const editor = useEditor()
  const { connection } = useBoard()
  const notes = useValue(
    'conflict notes',
    () =>
      connection.conflicts.$notices.get().flatMap((notice) => {
        const shape = editor.getShape(notice.recordId as TLShapeId)
        if (!shape || propOf(shape, notice.field) !== notice.theirs) return []
        if (editor.getAncestorPageId(shape) !== editor.getCurrentPageId()) return []
        const bounds = editor.getShapePageBounds(shape)
        if (!bounds) return []
        const corner = editor.pageToViewport({ x: bounds.minX, y: bounds.minY })
        // Above the card, but never under the top bar or off the left edge.
        const spot = { x: Math.max(corner.x, noteMargin), y: Math.max(corner.y - 44, topBarHeight) }
        return [{ notice, shape, spot }]
      }),
    [editor, connection],
  )
  if (notes.length === 0) return null

  const putMineBack = (notice: ConflictNotice, shape: TLShape) => {
    editor.updateShape({
      id: shape.id,
      type: shape.type,
      props: { [notice.field.slice(propFieldPrefix.length)]: notice.mine },
    })
    connection.conflicts.dismiss(notice.id)
  }

  return (
    <div className="conflict-notes">
      {notes.map(({ notice, shape, spot }) => (
        <div
          key={notice.id}
          className="conflict-note"
          role="status"
          style={{ transform: `translate(${spot.x}px, ${spot.y}px)` }}
          data-record-id={notice.recordId}
        >
          <span className="conflict-note__text">
            {describeNotice(notice, fieldLabel(shape, notice.field))}
          </span>
          <span className="conflict-note__actions">
            <button
              type="button"
              className="conflict-note__button"
              title={`Yours was: ${String(notice.mine).slice(0, 200)}`}
              onClick={() => putMineBack(notice, shape)}
            >
              Put mine back
            </button>
            <button
              type="button"
              className="conflict-note__button conflict-note__button--quiet"
              aria-label="Dismiss"
              onClick={() => connection.conflicts.dismiss(notice.id)}
            >
              ✕
            </button>
          </span>
        </div>
      ))}
    </div>
  )
}
