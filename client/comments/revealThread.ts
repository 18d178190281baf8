import type { Editor, TLShapeId } from 'tldraw'
import type { ThreadView } from '../../shared/workshop/commentThreads'
import { describeShape } from '../../shared/workshop/commentThreads'
import type { CommentAnchor } from '../../shared/workshop/workshopLayout'
import { placeOfAnchor } from './anchorGeometry'

/** Width the comments list takes on the right (px), so a revealed thread is not under it. */
export const commentsPanelWidth = 360

/**
 * Brings a thread's pin into view: switches to its page and moves the camera so the pin sits left
 * of centre, leaving room for the popover (and the comments list, when open).
 */
export function revealThread(editor: Editor, view: ThreadView, isPanelOpen: boolean): void {
  const place = placeOfAnchor(editor, view.thread.anchor)
  if (!place) return
  if (place.pageId !== editor.getCurrentPageId()) editor.setCurrentPage(place.pageId)
  const viewport = editor.getViewportScreenBounds()
  const free = viewport.w - (isPanelOpen ? commentsPanelWidth : 0)
  // Where the pin should land on screen: a third of the free width, a little above the middle.
  const target = { x: Math.max(free / 3, 80), y: viewport.h * 0.42 }
  const zoom = editor.getZoomLevel()
  const center = {
    x: place.x + (viewport.w / 2 - target.x) / zoom,
    y: place.y + (viewport.h / 2 - target.y) / zoom,
  }
  editor.centerOnPoint(center, { animation: { duration: 320 } })
}

/** Where a thread is pinned, in words (its card, or the canvas). */
export function anchorLabelOf(editor: Editor, anchor: CommentAnchor): string {
  if (anchor.type === 'point') return 'On the canvas'
  return describeShape(editor.getShape(anchor.shapeId as TLShapeId))
}
