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

/**
 * The fields of a shape record the compiler uses, read from the record once. `x`, `y` and
 * `rotation` are 0 when not finite; `props` is the record's own props object.
 */
export interface IndexedShape {
  readonly id: string
  readonly type: string
  readonly parentId: string
  readonly x: number
  readonly y: number
  readonly rotation: number
  readonly props: Readonly<Record<string, unknown>>
  /** For a frame, the workshop step it stands for (`meta.icpStep`); null for other shapes. */
  readonly frameStep: WorkshopStepNumber | null
  readonly isFrame: boolean
}

/** The board's records indexed for compiling: pages in order, shapes, placements, arrows. */
export interface BoardIndex {
  pages: readonly TLPage[]
  shapes: ReadonlyMap<string, IndexedShape>
  /** Frames on each page that can scope an ICP (top-level, not a step frame), by page id. */
  scopeFrames: ReadonlyMap<string, readonly IndexedShape[]>
  /** Step frames by page id. */
  stepFrames: ReadonlyMap<string, readonly IndexedShape[]>
  arrows: ReadonlyMap<string, ArrowEnds>
  /** Placement of a shape, or null when it is not on a known page (orphan or cycle). */
  placementOf(shape: IndexedShape): ShapePlacement | null
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

/**
 * What a shape inherits from its ancestors, computed once per shape from its parent's: page,
 * page-space transform, the top-level frame and the step of the innermost step frame above it;
 * plus what its own children inherit, so a frame's meta is read once, not once per child.
 */
interface Context extends PageTransform {
  pageId: string
  topFrame: IndexedShape | null
  /** The top frame's id when it scopes an ICP (not a step frame). */
  topScopeId: string | null
  step: WorkshopStepNumber | null
  childTopFrame: IndexedShape | null
  childTopScopeId: string | null
  childStep: WorkshopStepNumber | null
}

/** An indexed shape plus what the index works out about it, each at most once per compile. */
class Shape implements IndexedShape {
  readonly isFrame: boolean
  readonly frameStep: WorkshopStepNumber | null
  /** `undefined` until worked out; null when the shape is on no known page. */
  context: Context | null | undefined = undefined
  placement: ShapePlacement | null | undefined = undefined

  constructor(
    readonly id: string,
    readonly type: string,
    readonly parentId: string,
    readonly x: number,
    readonly y: number,
    readonly rotation: number,
    readonly props: Readonly<Record<string, unknown>>,
    meta: unknown,
  ) {
    this.isFrame = type === 'frame'
    this.frameStep = this.isFrame ? readWorkshopStep(meta) : null
  }

  get width(): number {
    return finite(this.props.w)
  }

  get height(): number {
    return finite(this.props.h)
  }
}

/**
 * Reads the fields of a shape record. Records reach the compiler in as many hidden classes as
 * they had edits (tldraw copies them with spreads), so every `record.field` read misses V8's
 * inline caches and costs a runtime lookup; a `for...in` walk reads all fields through each
 * hidden class's cached key list instead, about ten times faster on a board of 1,000 cards.
 * Everything after this works on `Shape`s, which all share one hidden class.
 */
function readShape(record: TLShape): Shape {
  let id: unknown
  let type: unknown
  let parentId: unknown
  let x: unknown
  let y: unknown
  let rotation: unknown
  let props: unknown
  let meta: unknown
  for (const key in record) {
    const value: unknown = record[key as keyof TLShape]
    switch (key) {
      case 'id':
        id = value
        break
      case 'type':
        type = value
        break
      case 'parentId':
        parentId = value
        break
      case 'x':
        x = value
        break
      case 'y':
        y = value
        break
      case 'rotation':
        rotation = value
        break
      case 'props':
        props = value
        break
      case 'meta':
        meta = value
        break
    }
  }
  // The casts trust the record's type as plain property reads would; values are checked on use.
  return new Shape(
    id as string,
    type as string,
    parentId as string,
    finite(x),
    finite(y),
    finite(rotation),
    props as Record<string, unknown>,
    meta,
  )
}

function rotate(point: PagePoint, angle: number): PagePoint {
  if (angle === 0) return point
  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  return { x: point.x * cos - point.y * sin, y: point.x * sin + point.y * cos }
}

// Parent chains are short; the cap only stops a corrupt cycle.
const maxDepth = 64

/** Indexes a board's records. Pure: the records are only read. */
export function indexBoard(records: readonly TLRecord[]): BoardIndex {
  const pageById = new Map<string, TLPage>()
  const shapes = new Map<string, Shape>()
  const arrows = new Map<string, ArrowEnds>()
  for (const record of records) {
    const typeName = record.typeName
    if (typeName === 'shape') {
      const shape = readShape(record)
      shapes.set(shape.id, shape)
    } else if (typeName === 'page') {
      pageById.set(record.id, record)
    } else if (typeName === 'binding' && record.type === 'arrow') {
      const terminal = (record.props as { terminal?: unknown }).terminal
      if (terminal !== 'start' && terminal !== 'end') continue
      const ends = arrows.get(record.fromId) ?? { start: null, end: null }
      ends[terminal] = record.toId
      arrows.set(record.fromId, ends)
    }
  }
  const pages = [...pageById.values()].sort((a, b) =>
    a.index < b.index ? -1 : a.index > b.index ? 1 : a.id < b.id ? -1 : 1,
  )

  function contextOf(shape: Shape, depth = 0): Context | null {
    if (shape.context !== undefined) return shape.context
    const { x, y, rotation } = shape
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
      const isTopFrame = isPageChild && shape.isFrame
      const ownStep = shape.frameStep
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
    shape.context = context
    return context
  }

  function centerOf(shape: Shape, transform: PageTransform): PagePoint {
    const offset = rotate({ x: shape.width / 2, y: shape.height / 2 }, transform.rotation)
    return { x: transform.x + offset.x, y: transform.y + offset.y }
  }

  function containsPoint(frame: Shape, point: PagePoint): boolean {
    const transform = contextOf(frame)
    if (!transform) return false
    const local = rotate(
      { x: point.x - transform.x, y: point.y - transform.y },
      -transform.rotation,
    )
    return local.x >= 0 && local.y >= 0 && local.x <= frame.width && local.y <= frame.height
  }

  const scopeFrames = new Map<string, Shape[]>()
  const stepFrames = new Map<string, Shape[]>()
  for (const shape of shapes.values()) {
    if (!shape.isFrame) continue
    const pageId = contextOf(shape)?.pageId
    if (!pageId) continue
    const byPage =
      shape.frameStep !== null ? stepFrames : shape.parentId === pageId ? scopeFrames : null
    if (!byPage) continue
    const frames = byPage.get(pageId)
    if (frames) frames.push(shape)
    else byPage.set(pageId, [shape])
  }

  function area(frame: Shape): number {
    return frame.width * frame.height
  }

  /** The smallest frame of `frames` containing the point; ties go to the lower id. */
  function smallestContaining(frames: readonly Shape[], point: PagePoint): Shape | null {
    let best: Shape | null = null
    for (const frame of frames) {
      if (!containsPoint(frame, point)) continue
      if (!best || area(frame) < area(best) || (area(frame) === area(best) && frame.id < best.id)) {
        best = frame
      }
    }
    return best
  }

  /**
   * Scope and step by ancestry first (tldraw reparents shapes dropped into frames), by geometry
   * (the shape's center) for shapes in no such frame.
   */
  function placementOf(shape: Shape): ShapePlacement | null {
    if (shape.placement !== undefined) return shape.placement
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
      if (step === null && pageStepFrames && shape.frameStep === null) {
        const candidates = pageStepFrames.filter(
          (frame) => frame !== shape && placementOf(frame)?.scopeFrameId === scopeFrameId,
        )
        center ??= centerOf(shape, transform)
        step = smallestContaining(candidates, center)?.frameStep ?? null
      }
      placement = { pageId, scopeFrameId, step, origin: { x: transform.x, y: transform.y } }
    }
    shape.placement = placement
    return placement
  }

  return {
    pages,
    shapes,
    scopeFrames,
    stepFrames,
    arrows,
    // Every IndexedShape comes from this index, so it is one of its Shapes.
    placementOf: (shape) => placementOf(shape as Shape),
  }
}
