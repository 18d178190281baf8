import type { Editor, TLPageId, TLShapeId } from 'tldraw'
import type { ThreadView } from '../../shared/workshop/commentThreads'
import type { CommentAnchor } from '../../shared/workshop/workshopLayout'

/** Horizontal gap between pins of threads on the same card (screen px). */
export const pinStackGap = 30

/** How far inside a card's corner its pins sit (screen px, the same at every zoom). */
export const pinCardInset = 6

/** Where an anchor is now: its page, and its point in page space (a card's top-right corner). */
export interface AnchorPlace {
  pageId: TLPageId
  x: number
  y: number
}

/**
 * Where `anchor` is on the board right now, or null when its card was deleted. Shape anchors
 * follow the card (its page, its top-right corner), so the pin moves with it.
 */
export function placeOfAnchor(editor: Editor, anchor: CommentAnchor): AnchorPlace | null {
  if (anchor.type === 'point')
    return { pageId: anchor.pageId as TLPageId, x: anchor.x, y: anchor.y }
  const shapeId = anchor.shapeId as TLShapeId
  const shape = editor.getShape(shapeId)
  const pageId = shape && editor.getAncestorPageId(shape)
  const bounds = shape && editor.getShapePageBounds(shape)
  if (!pageId || !bounds) return null
  return { pageId, x: bounds.maxX, y: bounds.minY }
}

/**
 * For threads pinned to the same card, each one's position in the row of pins on its corner
 * (oldest first), so that they do not hide each other.
 */
export function stackIndexes(threads: readonly ThreadView[]): Map<string, number> {
  const byShape = new Map<string, ThreadView[]>()
  for (const view of threads) {
    if (view.thread.anchor.type !== 'shape') continue
    const list = byShape.get(view.thread.anchor.shapeId) ?? []
    list.push(view)
    byShape.set(view.thread.anchor.shapeId, list)
  }
  const indexes = new Map<string, number>()
  for (const list of byShape.values()) {
    list
      .sort(
        (a, b) => a.thread.createdAt - b.thread.createdAt || a.thread.id.localeCompare(b.thread.id),
      )
      .forEach((view, index) => indexes.set(view.thread.id, index))
  }
  return indexes
}

/** A pin's spot in viewport pixels (relative to the canvas' top-left corner). */
export interface ScreenSpot {
  x: number
  y: number
}

/**
 * The viewport point of an anchor on the current page (the stack index shifts pins of one card
 * to the left, as screen pixels so the row keeps its spacing at any zoom); null when the anchor
 * is on another page or gone.
 */
export function screenSpotOf(
  editor: Editor,
  anchor: CommentAnchor,
  stackIndex = 0,
): ScreenSpot | null {
  const place = placeOfAnchor(editor, anchor)
  if (!place || place.pageId !== editor.getCurrentPageId()) return null
  const point = editor.pageToViewport(place)
  const inset = anchor.type === 'shape' ? pinCardInset : 0
  return { x: point.x - inset - stackIndex * pinStackGap, y: point.y + inset }
}
