import type { TLPage, TLRecord, TLShape } from '@tldraw/tlschema'

/** Workshop steps a frame can stand for (`meta.icpStep`): see the ICP domain brief. */
export const workshopStepNumbers = [1, 2, 3, 4, 5] as const
export type WorkshopStepNumber = (typeof workshopStepNumbers)[number]

/** A point in page space. */
export interface PagePoint {
  x: number
  y: number
}

/** Where a shape sits on its page: its origin and total rotation, parents applied. */
interface PageTransform extends PagePoint {
  rotation: number
}

/** What the compiler needs to know about where a shape is. */
export interface ShapePlacement {
  pageId: string
  /** The top-level ICP frame (a frame on the page without a step) the shape is in, if any. */
  scopeFrameId: string | null
  /** Workshop step of the innermost step frame holding the shape, if any. */
  step: WorkshopStepNumber | null
  /** Page-space origin, for reading order (y, then x). */
  origin: PagePoint
}

/** Arrow ends bound to shapes: `start` and `end` are the bound shape ids. */
export interface ArrowEnds {
  start: string | null
  end: string | null
}

/** The board's records indexed for compiling: pages in order, shapes, placements, arrows. */
export interface BoardIndex {
  pages: readonly TLPage[]
  shapes: ReadonlyMap<string, TLShape>
  /** Frames on each page that can scope an ICP (top-level, not a step frame), by page id. */
  scopeFrames: ReadonlyMap<string, readonly TLShape[]>
  /** Step frames by page id. */
  stepFrames: ReadonlyMap<string, readonly TLShape[]>
  arrows: ReadonlyMap<string, ArrowEnds>
  /** Placement of a shape, or null when it is not on a known page (orphan or cycle). */
  placementOf(shape: TLShape): ShapePlacement | null
}

/** The workshop step stored in a frame's `meta.icpStep` (a number or numeric string), or null. */
export function readWorkshopStep(meta: unknown): WorkshopStepNumber | null {
  if (typeof meta !== 'object' || meta === null) return null
  const raw = (meta as Record<string, unknown>).icpStep
  const step = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
  return (workshopStepNumbers as readonly unknown[]).includes(step)
    ? (step as WorkshopStepNumber)
    : null
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

function size(shape: TLShape): { w: number; h: number } {
  const props = shape.props as Record<string, unknown>
  return { w: finite(props.w), h: finite(props.h) }
}

function rotate(point: PagePoint, angle: number): PagePoint {
  if (angle === 0) return point
  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  return { x: point.x * cos - point.y * sin, y: point.x * sin + point.y * cos }
}

function isFrame(shape: TLShape): boolean {
  return shape.type === 'frame'
}

// Parent chains are short; the cap only stops a corrupt cycle.
const maxDepth = 64

/** Indexes a board's records. Pure: the records are only read. */
export function indexBoard(records: readonly TLRecord[]): BoardIndex {
  const pageById = new Map<string, TLPage>()
  const shapes = new Map<string, TLShape>()
  const arrows = new Map<string, ArrowEnds>()
  for (const record of records) {
    if (record.typeName === 'page') pageById.set(record.id, record)
    else if (record.typeName === 'shape') shapes.set(record.id, record)
  }
  for (const record of records) {
    if (record.typeName !== 'binding' || record.type !== 'arrow') continue
    const terminal = (record.props as { terminal?: unknown }).terminal
    if (terminal !== 'start' && terminal !== 'end') continue
    const ends = arrows.get(record.fromId) ?? { start: null, end: null }
    ends[terminal] = record.toId
    arrows.set(record.fromId, ends)
  }
  const pages = [...pageById.values()].sort((a, b) =>
    a.index < b.index ? -1 : a.index > b.index ? 1 : a.id < b.id ? -1 : 1,
  )

  /**
   * What a shape inherits from its ancestors, computed once per shape from its parent's: page,
   * page-space transform, the top-level frame and the step of the innermost step frame above it;
   * plus what its own children inherit, so a frame's meta is read once, not once per child.
   */
  interface Context extends PageTransform {
    pageId: string
    topFrame: TLShape | null
    /** The top frame's id when it scopes an ICP (not a step frame). */
    topScopeId: string | null
    step: WorkshopStepNumber | null
    childTopFrame: TLShape | null
    childTopScopeId: string | null
    childStep: WorkshopStepNumber | null
  }
  const contexts = new Map<string, Context | null>()

  function contextOf(shape: TLShape, depth = 0): Context | null {
    const cached = contexts.get(shape.id)
    if (cached !== undefined) return cached
    const x = finite(shape.x)
    const y = finite(shape.y)
    const rotation = finite(shape.rotation)
    let context: Context | null = null
    const isPageChild = pageById.has(shape.parentId)
    const parent = isPageChild ? undefined : shapes.get(shape.parentId)
    const parentContext = parent && depth < maxDepth ? contextOf(parent, depth + 1) : null
    if (isPageChild || parentContext) {
      const offset = parentContext ? rotate({ x, y }, parentContext.rotation) : { x, y }
      const pageId = parentContext ? parentContext.pageId : shape.parentId
      const topFrame = parentContext ? parentContext.childTopFrame : null
      const topScopeId = parentContext ? parentContext.childTopScopeId : null
      const step = parentContext ? parentContext.childStep : null
      const isTopFrame = isPageChild && isFrame(shape)
      const ownStep = isFrame(shape) ? readWorkshopStep(shape.meta) : null
      context = {
        pageId,
        x: (parentContext?.x ?? 0) + offset.x,
        y: (parentContext?.y ?? 0) + offset.y,
        rotation: (parentContext?.rotation ?? 0) + rotation,
        topFrame,
        topScopeId,
        step,
        childTopFrame: isTopFrame ? shape : topFrame,
        childTopScopeId: isTopFrame ? (ownStep === null ? shape.id : null) : topScopeId,
        childStep: ownStep ?? step,
      }
    }
    contexts.set(shape.id, context)
    return context
  }

  function centerOf(shape: TLShape, transform: PageTransform): PagePoint {
    const { w, h } = size(shape)
    const offset = rotate({ x: w / 2, y: h / 2 }, transform.rotation)
    return { x: transform.x + offset.x, y: transform.y + offset.y }
  }

  function containsPoint(frame: TLShape, point: PagePoint): boolean {
    const transform = contextOf(frame)
    if (!transform) return false
    const { w, h } = size(frame)
    const local = rotate(
      { x: point.x - transform.x, y: point.y - transform.y },
      -transform.rotation,
    )
    return local.x >= 0 && local.y >= 0 && local.x <= w && local.y <= h
  }

  const scopeFrames = new Map<string, TLShape[]>()
  const stepFrames = new Map<string, TLShape[]>()
  for (const shape of shapes.values()) {
    if (!isFrame(shape)) continue
    const pageId = contextOf(shape)?.pageId
    if (!pageId) continue
    const byPage =
      readWorkshopStep(shape.meta) !== null
        ? stepFrames
        : shape.parentId === pageId
          ? scopeFrames
          : null
    if (!byPage) continue
    const frames = byPage.get(pageId)
    if (frames) frames.push(shape)
    else byPage.set(pageId, [shape])
  }

  function area(frame: TLShape): number {
    const { w, h } = size(frame)
    return w * h
  }

  /** The smallest frame of `frames` containing the point; ties go to the lower id. */
  function smallestContaining(frames: readonly TLShape[], point: PagePoint): TLShape | null {
    let best: TLShape | null = null
    for (const frame of frames) {
      if (!containsPoint(frame, point)) continue
      if (!best || area(frame) < area(best) || (area(frame) === area(best) && frame.id < best.id)) {
        best = frame
      }
    }
    return best
  }

  const placements = new Map<string, ShapePlacement | null>()

  /**
   * Scope and step by ancestry first (tldraw reparents shapes dropped into frames), by geometry
   * (the shape's center) for shapes in no such frame.
   */
  function placementOf(shape: TLShape): ShapePlacement | null {
    const cached = placements.get(shape.id)
    if (cached !== undefined) return cached
    const context = contextOf(shape)
    let placement: ShapePlacement | null = null
    if (context) {
      const { pageId, topFrame } = context
      const transform = context
      let center: PagePoint | null = null
      let scopeFrameId: string | null
      if (topFrame) {
        scopeFrameId = context.topScopeId
      } else {
        center = centerOf(shape, transform)
        scopeFrameId = smallestContaining(scopeFrames.get(pageId) ?? [], center)?.id ?? null
      }
      let step = context.step
      const pageStepFrames = stepFrames.get(pageId)
      if (
        step === null &&
        pageStepFrames &&
        !(isFrame(shape) && readWorkshopStep(shape.meta) !== null)
      ) {
        const candidates = pageStepFrames.filter(
          (frame) => frame !== shape && placementOf(frame)?.scopeFrameId === scopeFrameId,
        )
        center ??= centerOf(shape, transform)
        const frame = smallestContaining(candidates, center)
        step = frame ? readWorkshopStep(frame.meta) : null
      }
      placement = { pageId, scopeFrameId, step, origin: { x: transform.x, y: transform.y } }
    }
    placements.set(shape.id, placement)
    return placement
  }

  return { pages, shapes, scopeFrames, stepFrames, arrows, placementOf }
}
