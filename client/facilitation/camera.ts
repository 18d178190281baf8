import {
  Box,
  Vec,
  type Editor,
  type TLFrameShape,
  type TLPageId,
  type TLShape,
  type TLShapeId,
} from 'tldraw'
import { stepTitle, type AgendaStep } from '../../shared/workshop/agenda'
import { getVisibleArea, panIntoView, zoomToBoundsInView } from '../board/visibleArea'

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

/**
 * Moves the camera (animated) so `place` is in the middle of the part of the view no panel or
 * bar covers, at its zoom.
 */
export function goToViewPlace(editor: Editor, place: ViewPlace): void {
  const pageId = place.pageId as TLPageId
  if (!editor.getPage(pageId)) return
  editor.stopFollowingUser()
  const isSamePage = editor.getCurrentPageId() === pageId
  if (!isSamePage) editor.setCurrentPage(pageId)
  const area = getVisibleArea(editor)
  const z = place.z
  editor.setCamera(
    { x: area.midX / z - place.x, y: area.midY / z - place.y, z },
    isSamePage ? { animation } : undefined,
  )
}

/**
 * True when `shape` is a frame like that of agenda step `step`: same step kind and title, or
 * for the seeds' default agenda (a board whose step frames are not in an ICP area), any frame of
 * that step number.
 */
function isAgendaFrame(shape: TLShape, step: AgendaStep): shape is TLFrameShape {
  if (shape.type !== 'frame') return false
  const { icpStep } = shape.meta as { icpStep?: unknown }
  if (step.icpStep === null) return icpStep === step.number
  return icpStep === step.icpStep && stepTitle((shape as TLFrameShape).props.name) === step.title
}

/**
 * The frame of agenda step `step` to show: its own frame when it is on the current page, else
 * the frame like it nearest the middle of the view there (a board with several ICPs), else its
 * own frame or the first like it on another page.
 */
export function findStepFrame(editor: Editor, step: AgendaStep | undefined): TLFrameShape | null {
  if (!step) return null
  const own = step.frameId ? editor.getShape(step.frameId as TLShapeId) : undefined
  const currentPageId = editor.getCurrentPageId()
  if (own?.type === 'frame' && editor.getAncestorPageId(own) === currentPageId) {
    return own as TLFrameShape
  }
  const frames = editor
    .getPages()
    .flatMap((page) => [...editor.getPageShapeIds(page.id)])
    .map((id) => editor.getShape(id))
    .filter((shape): shape is TLFrameShape => shape !== undefined && isAgendaFrame(shape, step))
  const onPage = frames.filter((frame) => editor.getAncestorPageId(frame) === currentPageId)
  if (onPage.length === 0)
    return own?.type === 'frame' ? (own as TLFrameShape) : (frames[0] ?? null)
  const center = editor.getViewportPageBounds().center
  const distance = (frame: TLFrameShape) =>
    Vec.Dist(editor.getShapePageBounds(frame)?.center ?? center, center)
  return onPage.sort((a, b) => distance(a) - distance(b))[0]!
}

/** Screen pixels above a frame for its heading, which tldraw draws outside the frame. */
const frameHeadingRoom = 36

/**
 * Zooms to the frame of `step`, heading included, in the part of the view no panel or bar
 * covers. Returns where the view ends (to bring others there), or null when the board has no
 * frame for the step.
 */
export function zoomToStep(
  editor: Editor,
  step: AgendaStep | undefined,
  { isAnimated = true }: { isAnimated?: boolean } = {},
): ViewPlace | null {
  const frame = findStepFrame(editor, step)
  if (!frame) return null
  const pageId = editor.getAncestorPageId(frame)
  editor.stopFollowingUser()
  const isSamePage = pageId === editor.getCurrentPageId()
  if (pageId && !isSamePage) editor.setCurrentPage(pageId)
  const bounds = editor.getShapePageBounds(frame)
  if (!bounds || !pageId) return null
  // The heading's height is in screen pixels; turn it into page units at the zoom we will end on.
  const area = getVisibleArea(editor)
  const zoom = Math.min(area.w / bounds.w, area.h / (bounds.h + frameHeadingRoom))
  const withHeading = new Box(
    bounds.x,
    bounds.y - frameHeadingRoom / zoom,
    bounds.w,
    bounds.h + frameHeadingRoom / zoom,
  )
  const z = zoomToBoundsInView(editor, withHeading, {
    inset: 24,
    maxZoom: 1,
    ...(isSamePage && isAnimated ? { animation } : {}),
  })
  const { x, y } = withHeading.center
  return { pageId, x, y, z: z ?? editor.getZoomLevel() }
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
  const z = zoomToBoundsInView(editor, bounds, { inset: 64, maxZoom: 1, animation })
  return { pageId, x: bounds.center.x, y: bounds.center.y, z: z ?? editor.getZoomLevel() }
}

/** The board opens no further out than this when its width fits (a wide board on a short screen). */
const readableOpeningZoom = 0.3

/**
 * Where a board opens: on the current workshop step's frame when the workshop is under way (the
 * group is working there), else on the whole page, never closer than 100%, in the part of the view
 * no panel or bar covers. When the whole page would be too small to read (a short screen), it
 * opens as wide as the page, on its top (the statement and the first steps) instead.
 */
export function goToOpeningView(editor: Editor, step: AgendaStep | undefined): void {
  if (zoomToStep(editor, step, { isAnimated: false })) return
  const bounds = editor.getCurrentPageBounds()
  if (!bounds) return
  const inset = 32
  const area = getVisibleArea(editor)
  const fitAll = Math.min((area.w - inset * 2) / bounds.w, (area.h - inset * 2) / bounds.h)
  const fitWidth = (area.w - inset * 2) / bounds.w
  const z = Math.min(1, Math.max(fitAll, Math.min(fitWidth, readableOpeningZoom)))
  if (z <= fitAll) {
    zoomToBoundsInView(editor, bounds, { inset, maxZoom: 1 })
    return
  }
  editor.setCamera({ x: area.midX / z - bounds.midX, y: (area.y + inset) / z - bounds.minY, z })
}

/**
 * Of `shapeIds`, the ones in view now stay in view once a panel has opened over the board: the
 * camera pans (or zooms out) just enough to show them beside it. Nothing moves when they still
 * show, or when none of them was in view (the person was looking elsewhere).
 */
export function keepInViewBesidePanels(editor: Editor, shapeIds: readonly string[]): void {
  const viewport = editor.getViewportPageBounds()
  const pageId = editor.getCurrentPageId()
  const boxes = shapeIds
    .filter((id) => editor.getAncestorPageId(id as TLShape['id']) === pageId)
    .map((id) => editor.getShapePageBounds(id as TLShape['id']))
    .filter((box) => box !== undefined && viewport.collides(box)) as Box[]
  if (boxes.length === 0) return
  panIntoView(editor, Box.Common(boxes), { margin: 24, animation })
}
