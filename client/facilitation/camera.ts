import { Box, Vec, type Editor, type TLFrameShape, type TLPageId, type TLShape } from 'tldraw'

/** A viewport to share: the centre of the view in page space, the zoom and the page. */
export interface ViewPlace {
  pageId: string
  x: number
  y: number
  z: number
}

const animation = { duration: 450 }

/** Where the local person is looking. */
export function currentViewPlace(editor: Editor): ViewPlace {
  const center = editor.getViewportPageBounds().center
  return { pageId: editor.getCurrentPageId(), x: center.x, y: center.y, z: editor.getZoomLevel() }
}

/** Moves the camera (animated) so `place` is in the middle of the view at its zoom. */
export function goToViewPlace(editor: Editor, place: ViewPlace): void {
  const pageId = place.pageId as TLPageId
  if (!editor.getPage(pageId)) return
  editor.stopFollowingUser()
  const isSamePage = editor.getCurrentPageId() === pageId
  if (!isSamePage) editor.setCurrentPage(pageId)
  const screen = editor.getViewportScreenBounds()
  const z = place.z
  editor.setCamera(
    { x: screen.w / (2 * z) - place.x, y: screen.h / (2 * z) - place.y, z },
    isSamePage ? { animation } : undefined,
  )
}

function isStepFrame(shape: TLShape, step: number): shape is TLFrameShape {
  return shape.type === 'frame' && (shape.meta as { icpStep?: unknown }).icpStep === step
}

/**
 * The frame of workshop step `step` to show: on the current page if it has one (the one nearest
 * the middle of the view when the board holds several ICPs), else the first on another page.
 */
export function findStepFrame(editor: Editor, step: number): TLFrameShape | null {
  const frames = editor
    .getPages()
    .flatMap((page) => [...editor.getPageShapeIds(page.id)])
    .map((id) => editor.getShape(id))
    .filter((shape): shape is TLFrameShape => shape !== undefined && isStepFrame(shape, step))
  if (frames.length === 0) return null
  const currentPageId = editor.getCurrentPageId()
  const onPage = frames.filter((frame) => editor.getAncestorPageId(frame) === currentPageId)
  if (onPage.length === 0) return frames[0]!
  const center = editor.getViewportPageBounds().center
  const distance = (frame: TLFrameShape) =>
    Vec.Dist(editor.getShapePageBounds(frame)?.center ?? center, center)
  return onPage.sort((a, b) => distance(a) - distance(b))[0]!
}

/** Zooms to the frame of `step`; false when the board has none. */
export function zoomToStep(editor: Editor, step: number): boolean {
  const frame = findStepFrame(editor, step)
  if (!frame) return false
  const pageId = editor.getAncestorPageId(frame)
  editor.stopFollowingUser()
  const isSamePage = pageId === editor.getCurrentPageId()
  if (pageId && !isSamePage) editor.setCurrentPage(pageId)
  const bounds = editor.getShapePageBounds(frame)
  if (!bounds) return false
  editor.zoomToBounds(bounds, { inset: 48, ...(isSamePage ? { animation } : {}) })
  return true
}

/**
 * Zooms to the cards of `shapeIds` on the current page (e.g. the cards of a vote) and returns the
 * view it ends on, or null when none of them is on the page.
 */
export function zoomToShapes(editor: Editor, shapeIds: readonly string[]): ViewPlace | null {
  const pageId = editor.getCurrentPageId()
  const boxes = shapeIds
    .filter((id) => editor.getAncestorPageId(id as TLShape['id']) === pageId)
    .map((id) => editor.getShapePageBounds(id as TLShape['id']))
    .filter((box) => box !== undefined)
  if (boxes.length === 0) return null
  const bounds = Box.Common(boxes)
  const screen = editor.getViewportScreenBounds()
  const inset = 64
  const z = Math.max(
    0.05,
    Math.min(1, (screen.w - inset * 2) / bounds.w, (screen.h - inset * 2) / bounds.h),
  )
  editor.stopFollowingUser()
  editor.zoomToBounds(bounds, { inset, targetZoom: z, animation })
  return { pageId, x: bounds.center.x, y: bounds.center.y, z }
}
