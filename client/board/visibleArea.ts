import { useCallback } from 'react'
import { atom, Box, clamp, useMaybeEditor, type Atom, type Editor, type TLShapeId } from 'tldraw'
import { onePer } from '../lib/onePer'

/** Which edge of the canvas a piece of our UI covers (a side panel, the top bar, the toolbar). */
export type CoveredEdge = 'top' | 'bottom' | 'left' | 'right'

/** Our UI over the canvas of one editor, measured when the camera needs it. */
const coversOf = onePer((_editor: Editor): Atom<ReadonlyMap<Element, CoveredEdge>> =>
  atom('canvas covers', new Map()),
)

/**
 * Registers the element (a ref callback) as covering `edge` of the canvas, so the camera keeps
 * what it shows out from under it; `null` registers nothing (a sheet over the whole canvas).
 * React 19 calls the returned cleanup on unmount.
 */
export function useCoversCanvas(edge: CoveredEdge | null): (element: Element | null) => () => void {
  const editor = useMaybeEditor()
  return useCallback(
    (element: Element | null) => {
      if (!element || !editor || !edge) return () => {}
      const covers = coversOf(editor)
      covers.set(new Map(covers.get()).set(element, edge))
      return () => {
        const next = new Map(covers.get())
        next.delete(element)
        covers.set(next)
      }
    },
    [editor, edge],
  )
}

/** The elements covering the canvas (reactive: changes when a panel opens or closes). */
export function getCanvasCovers(editor: Editor): ReadonlyMap<Element, CoveredEdge> {
  return coversOf(editor).get()
}

/** Height of tldraw's toolbar at the bottom (not ours to measure). */
const toolbarHeight = 64

/**
 * The part of the viewport no panel, bar or toolbar covers, in screen coordinates relative to the
 * viewport (like `editor.getViewportScreenBounds()` at 0, 0). The whole viewport when our UI
 * would leave less than a third of it (a small window).
 */
export function getVisibleArea(editor: Editor): Box {
  const viewport = editor.getViewportScreenBounds()
  let top = 0
  let left = 0
  let right = viewport.w
  let bottom = viewport.h - toolbarHeight
  for (const [element, edge] of getCanvasCovers(editor)) {
    const rect = element.getBoundingClientRect()
    if (rect.width === 0 || rect.height === 0) continue
    if (edge === 'top') top = Math.max(top, rect.bottom - viewport.y)
    if (edge === 'bottom') bottom = Math.min(bottom, rect.top - viewport.y)
    if (edge === 'left') left = Math.max(left, rect.right - viewport.x)
    if (edge === 'right') right = Math.min(right, rect.left - viewport.x)
  }
  const area = new Box(left, top, right - left, bottom - top)
  if (area.w < viewport.w / 3 || area.h < viewport.h / 3) {
    return new Box(0, 0, viewport.w, viewport.h)
  }
  return area
}

/** How `zoomToBoundsInView` frames its bounds. */
export interface FrameOptions {
  /** Screen pixels kept free around the bounds (more on top for a frame's heading). */
  inset?: number
  /** The closest zoom to use (default 1: small selections are not blown up). */
  maxZoom?: number
  animation?: { duration: number }
}

/**
 * Like tldraw's `zoomToBounds`, but fits `bounds` (page space) into the visible area, so open
 * panels and the top bar do not cover what the camera moves to. Returns the zoom it moves to
 * (the camera may still be animating there), or null when the camera is locked.
 */
export function zoomToBoundsInView(
  editor: Editor,
  bounds: Box,
  options: FrameOptions = {},
): number | null {
  const cameraOptions = editor.getCameraOptions()
  if (cameraOptions.isLocked) return null
  const area = getVisibleArea(editor)
  const inset = Math.min(options.inset ?? 32, area.w / 6, area.h / 6)
  const steps = cameraOptions.zoomSteps
  const baseZoom = editor.getBaseZoom()
  const fit = Math.min((area.w - inset * 2) / bounds.w, (area.h - inset * 2) / bounds.h)
  const z = clamp(
    Math.min(fit, options.maxZoom ?? 1),
    steps[0]! * baseZoom,
    steps[steps.length - 1]! * baseZoom,
  )
  editor.stopFollowingUser()
  editor.setCamera(
    { x: area.midX / z - bounds.midX, y: area.midY / z - bounds.midY, z },
    options.animation ? { animation: options.animation } : undefined,
  )
  return z
}

/** The screen rectangle (relative to the viewport) of page-space `bounds` at the current camera. */
function screenBoxOf(editor: Editor, bounds: Box): Box {
  const topLeft = editor.pageToViewport({ x: bounds.minX, y: bounds.minY })
  const z = editor.getZoomLevel()
  return new Box(topLeft.x, topLeft.y, bounds.w * z, bounds.h * z)
}

/**
 * Brings page-space `bounds` fully into the visible area: no move when it already is, a pan at
 * the same zoom when it fits, else a zoom out (`zoomToBoundsInView`) unless `canZoomOut` is off.
 */
export function panIntoView(
  editor: Editor,
  bounds: Box,
  options: { margin?: number; canZoomOut?: boolean; animation?: { duration: number } } = {},
): void {
  const margin = options.margin ?? 16
  const area = getVisibleArea(editor)
  const screen = screenBoxOf(editor, bounds)
  const inner = new Box(area.x + margin, area.y + margin, area.w - margin * 2, area.h - margin * 2)
  if (inner.contains(screen)) return
  if (screen.w > inner.w || screen.h > inner.h) {
    if (options.canZoomOut === false) return
    zoomToBoundsInView(editor, bounds, {
      inset: margin,
      maxZoom: editor.getZoomLevel(),
      ...(options.animation ? { animation: options.animation } : {}),
    })
    return
  }
  const dx = shiftInto(screen.minX, screen.maxX, inner.minX, inner.maxX)
  const dy = shiftInto(screen.minY, screen.maxY, inner.minY, inner.maxY)
  const camera = editor.getCamera()
  const z = editor.getZoomLevel()
  editor.stopFollowingUser()
  editor.setCamera(
    { x: camera.x + dx / z, y: camera.y + dy / z, z },
    options.animation ? { animation: options.animation } : undefined,
  )
}

/** How far to move [min, max] so it lies within [innerMin, innerMax] (it fits). */
function shiftInto(min: number, max: number, innerMin: number, innerMax: number): number {
  if (min < innerMin) return innerMin - min
  if (max > innerMax) return innerMax - max
  return 0
}

/**
 * Selects cards and brings them into the visible area, changing page when needed: what "Show"
 * does in the ICP document, the data findings and the vote results.
 */
export function revealShapes(editor: Editor, shapeIds: readonly string[]): void {
  const ids = shapeIds.filter((id) => editor.getShape(id as TLShapeId)) as TLShapeId[]
  if (ids.length === 0) return
  const pageId = editor.getAncestorPageId(ids[0]!)
  if (pageId && pageId !== editor.getCurrentPageId()) editor.setCurrentPage(pageId)
  editor.select(...ids)
  const bounds = editor.getSelectionPageBounds()
  if (!bounds) return
  // A frame later, once a card panel that the selection opens takes its place.
  requestAnimationFrame(() =>
    zoomToBoundsInView(editor, bounds, { inset: 48, animation: { duration: 250 } }),
  )
}
