import type { Editor, TLShapeId } from 'tldraw'
import type { ThreadView } from '../../shared/workshop/commentThreads'
import { describeShape } from '../../shared/workshop/commentThreads'
import type { CommentAnchor } from '../../shared/workshop/workshopLayout'
import { getVisibleArea } from '../board/visibleArea'
import { placeOfAnchor } from './anchorGeometry'

/**
 * Brings a thread's pin into view: switches to its page and moves the camera so the pin sits in
 * the left third of the area no panel covers, leaving room for the popover on its right.
 */
export function revealThread(editor: Editor, view: ThreadView): void {
  const place = placeOfAnchor(editor, view.thread.anchor)
  if (!place) return
  if (place.pageId !== editor.getCurrentPageId()) editor.setCurrentPage(place.pageId)
  const area = getVisibleArea(editor)
  // Where the pin should land on screen: a third of the free width, a little above the middle.
  const target = { x: area.x + Math.max(area.w / 3, 80), y: area.y + area.h * 0.42 }
  const z = editor.getZoomLevel()
  editor.stopFollowingUser()
  editor.setCamera(
    { x: target.x / z - place.x, y: target.y / z - place.y, z },
    { animation: { duration: 320 } },
  )
}

/** Where a thread is pinned, in words (its card, or the canvas). */
export function anchorLabelOf(editor: Editor, anchor: CommentAnchor): string {
  if (anchor.type === 'point') return 'On the canvas'
  return describeShape(editor.getShape(anchor.shapeId as TLShapeId))
}
