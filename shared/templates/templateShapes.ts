/**
 * The shapes templates are made of: frames with a name and a facilitator prompt (grey text at the
 * top of the frame), and a generic ICP area (a container frame with a statement card and step
 * frames in a grid) that the shorter templates lay out. Pure: plain tldraw records.
 */
import {
  createShapeId,
  type TLFrameShape,
  type TLPageId,
  type TLParentId,
  type TLShape,
  type TLShapeId,
  type TLTextShape,
} from '@tldraw/tlschema'
import { getIndices, type IndexKey } from '@tldraw/utils'
import {
  defaultStatementCardProps,
  statementCardType,
  type StatementCardShape,
} from '../schema/statementCard'

/** The fields every shape record has, at (x, y) in its parent. */
export function baseShape(
  id: TLShapeId,
  parentId: TLParentId,
  index: IndexKey,
  x: number,
  y: number,
) {
  return {
    id,
    typeName: 'shape' as const,
    parentId,
    index,
    x,
    y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
  }
}

/** A frame shape named `name`. */
export function frame(
  id: TLShapeId,
  parentId: TLParentId,
  index: IndexKey,
  x: number,
  y: number,
  w: number,
  h: number,
  name: string,
): TLFrameShape {
  return {
    ...baseShape(id, parentId, index, x, y),
    type: 'frame',
    props: { w, h, name, color: 'black' },
  }
}

/** A prompt: large grey text at the top left of a frame, `width` wide. */
export function promptText(
  id: TLShapeId,
  parentId: TLParentId,
  text: string,
  width: number,
): TLTextShape {
  return {
    ...baseShape(id, parentId, 'a0' as IndexKey, 40, 32),
    type: 'text',
    props: {
      color: 'grey',
      // Readable when the whole workshop is zoomed to fit a laptop screen.
      size: 'l',
      font: 'sans',
      textAlign: 'start',
      w: width,
      autoSize: false,
      scale: 1,
      // One paragraph per line of `text`.
      richText: {
        type: 'doc',
        content: text
          .split('\n')
          .map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
      },
    },
  }
}

/** A frame of a template's ICP area. */
export interface TemplateFrame {
  /** The workshop step whose cards go here (`meta.icpStep`, read by the compiler), or null. */
  step: number | null
  title: string
  prompt: string
}

/** Options of `createIcpArea`. */
export interface IcpAreaOptions {
  pageId: TLPageId
  /** Name of the ICP: the statement card's name and the container's label. */
  name: string
  frames: readonly TemplateFrame[]
  /** Frames per row. */
  columns: number
  frameWidth?: number
  frameHeight?: number
  /** Top-left corner of the area, in page coordinates. */
  origin?: { x: number; y: number }
  index?: IndexKey
  /** Makes unique shape ids; deterministic ids make templates testable. */
  makeId?: (hint: string) => TLShapeId
}

const gap = 80
const padding = 60
const statementHeight = 240

/**
 * One ICP area: a container frame (`meta.icpContainer`) holding the ICP statement card across the
 * top and `frames` below it, `columns` to a row, each with its prompt.
 */
export function createIcpArea({
  pageId,
  name,
  frames,
  columns,
  frameWidth = 1000,
  frameHeight = 760,
  origin = { x: 0, y: 0 },
  index = 'a1' as IndexKey,
  makeId = (hint) => createShapeId(hint),
}: IcpAreaOptions): TLShape[] {
  const containerId = makeId('icp')
  const innerWidth = frameWidth * columns + gap * (columns - 1)
  const rows = Math.ceil(frames.length / columns)
  const stepsTop = padding + statementHeight + gap
  const container = frame(
    containerId,
    pageId,
    index,
    origin.x,
    origin.y,
    innerWidth + padding * 2,
    stepsTop + (frameHeight + gap) * rows - gap + padding,
    `ICP · ${name}`,
  )
  container.meta = { icpContainer: true }
  const [statementIndex, ...frameIndices] = getIndices(frames.length + 1) as [
    IndexKey,
    ...IndexKey[],
  ]
  const statement: StatementCardShape = {
    ...baseShape(makeId('statement'), containerId, statementIndex, padding, padding),
    type: statementCardType,
    props: { ...defaultStatementCardProps(), name, w: innerWidth, h: statementHeight },
  }
  const shapes: TLShape[] = [container, statement]
  frames.forEach((spec, i) => {
    const frameId = makeId(`frame-${i + 1}`)
    const shape = frame(
      frameId,
      containerId,
      frameIndices[i]!,
      padding + (i % columns) * (frameWidth + gap),
      stepsTop + Math.floor(i / columns) * (frameHeight + gap),
      frameWidth,
      frameHeight,
      spec.title,
    )
    if (spec.step !== null) shape.meta = { icpStep: spec.step }
    shapes.push(shape, promptText(makeId(`prompt-${i + 1}`), frameId, spec.prompt, frameWidth - 80))
  })
  return shapes
}
