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
function baseShape(id: TLShapeId, parentId: TLParentId, index: IndexKey, x: number, y: number) {
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
  /**
   * The frames, row by row. The widest row sets the area's width (`frameWidth` per frame); the
   * frames of a shorter row share that width.
   */
  rows: readonly (readonly TemplateFrame[])[]
  /** Hint of each frame's id (its prompt's is `<hint>-prompt`); default `frame-<n>`. */
  frameIdHint?: (frame: TemplateFrame, position: number) => string
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
 * top and the frames below it, row by row, each with its prompt.
 */
export function createIcpArea({
  pageId,
  name,
  rows,
  frameIdHint = (_frame, position) => `frame-${position + 1}`,
  frameWidth = 1000,
  frameHeight = 760,
  origin = { x: 0, y: 0 },
  index = 'a1' as IndexKey,
  makeId = (hint) => createShapeId(hint),
}: IcpAreaOptions): TLShape[] {
  const containerId = makeId('icp')
  const columns = Math.max(...rows.map((row) => row.length))
  const innerWidth = frameWidth * columns + gap * (columns - 1)
  const stepsTop = padding + statementHeight + gap
  const container = frame(
    containerId,
    pageId,
    index,
    origin.x,
    origin.y,
    innerWidth + padding * 2,
    stepsTop + (frameHeight + gap) * rows.length - gap + padding,
    `ICP · ${name}`,
  )
  container.meta = { icpContainer: true }
  const frameCount = rows.reduce((sum, row) => sum + row.length, 0)
  const [statementIndex, ...frameIndices] = getIndices(frameCount + 1) as [IndexKey, ...IndexKey[]]
  const statement: StatementCardShape = {
    ...baseShape(makeId('statement'), containerId, statementIndex, padding, padding),
    type: statementCardType,
    props: { ...defaultStatementCardProps(), name, w: innerWidth, h: statementHeight },
  }
  const shapes: TLShape[] = [container, statement]
  let position = 0
  rows.forEach((row, rowIndex) => {
    const width = (innerWidth - gap * (row.length - 1)) / row.length
    row.forEach((spec, column) => {
      const hint = frameIdHint(spec, position)
      const frameId = makeId(hint)
      const shape = frame(
        frameId,
        containerId,
        frameIndices[position]!,
        padding + column * (width + gap),
        stepsTop + rowIndex * (frameHeight + gap),
        width,
        frameHeight,
        spec.title,
      )
      if (spec.step !== null) shape.meta = { icpStep: spec.step }
      shapes.push(shape, promptText(makeId(`${hint}-prompt`), frameId, spec.prompt, width - 80))
      position += 1
    })
  })
  return shapes
}
