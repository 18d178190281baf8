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

/** A workshop step: the seeds' five-step process, as a frame on the board. */
export interface WorkshopStep {
  /** 1..5; stored in the step frame's `meta.icpStep`, which the compiler reads. */
  step: number
  title: string
  /** What the facilitator asks the group at this step. */
  prompt: string
}

/** The workshop's steps, in order. */
export const workshopSteps: readonly WorkshopStep[] = [
  {
    step: 1,
    title: 'Best customers & evidence',
    prompt:
      'Who are our highest-value customers? Fastest sales cycle, longest retention, most referrals. Add an Evidence card per customer, with numbers from the CRM.',
  },
  {
    step: 2,
    title: 'Compare: firmographics & technographics',
    prompt:
      'What do those customers have in common? Industry, size, revenue, location, funding, the tools they use. Add an Attribute card per finding and say where the evidence comes from.',
  },
  {
    step: 3,
    title: 'Buying committee & pain points',
    prompt:
      'Who takes part in the buying decision? Add a Persona per role (decision maker, champion, influencer, user, blocker) and the Pain points they share; draw an arrow from each pain to the personas who have it.',
  },
  {
    step: 4,
    title: 'Key attributes (pick 5–7)',
    prompt:
      'Move here the 5 to 7 attributes that best predict a great customer, then vote to order them. They become the ICP statement.',
  },
  {
    step: 5,
    title: 'Disqualifiers',
    prompt:
      'Who should sales not pursue? Budget floor, excluded industries or regions, legal limits, service levels we cannot meet.',
  },
]

export interface IcpWorkshopOptions {
  pageId: TLPageId
  /** Top-left corner of the workshop area, in page coordinates. */
  origin?: { x: number; y: number }
  /** Name of the ICP (e.g. a product or segment). */
  name?: string
  /** Index of the container among the page's shapes. */
  index?: IndexKey
  /** Makes unique shape ids; deterministic ids make templates testable. */
  makeId?: (hint: string) => TLShapeId
}

/** The label of the frame that holds the ICP named `name` (its statement card's name). */
export function icpFrameName(name: string): string {
  return `ICP · ${name.trim() || 'Untitled'}`
}

const stepWidth = 1000
const stepHeight = 760
const gap = 80
const padding = 60
const statementHeight = 240

/**
 * The shapes of one ICP workshop area: a container frame holding the ICP statement card and one
 * frame per step (frame `meta.icpStep` = 1..5), each with the facilitator's prompt. Pure: the
 * server seeds new boards with it, the client adds further ICPs with it.
 */
export function createIcpWorkshopShapes({
  pageId,
  origin = { x: 0, y: 0 },
  name = 'Ideal Customer Profile',
  index = 'a1' as IndexKey,
  makeId = (hint) => createShapeId(hint),
}: IcpWorkshopOptions): TLShape[] {
  const containerId = makeId('icp')
  const innerWidth = stepWidth * 3 + gap * 2
  const container = frame(
    containerId,
    pageId,
    index,
    origin.x,
    origin.y,
    innerWidth + padding * 2,
    0,
    icpFrameName(name),
  )
  container.meta = { icpContainer: true }

  const [statementIndex, ...stepIndices] = getIndices(workshopSteps.length + 1) as [
    IndexKey,
    ...IndexKey[],
  ]
  const statement: StatementCardShape = {
    ...baseShape(makeId('statement'), containerId, statementIndex, padding, padding),
    type: statementCardType,
    props: { ...defaultStatementCardProps(), name, w: innerWidth, h: statementHeight },
  }

  const stepsTop = padding + statementHeight + gap
  // Steps 1-3 on the first row; 4 (key attributes) and 5 (disqualifiers) share the second row.
  const wideWidth = (innerWidth - gap) / 2
  const layout = [
    { x: padding, y: stepsTop, w: stepWidth },
    { x: padding + stepWidth + gap, y: stepsTop, w: stepWidth },
    { x: padding + (stepWidth + gap) * 2, y: stepsTop, w: stepWidth },
    { x: padding, y: stepsTop + stepHeight + gap, w: wideWidth },
    { x: padding + wideWidth + gap, y: stepsTop + stepHeight + gap, w: wideWidth },
  ]
  container.props.h = stepsTop + (stepHeight + gap) * 2 - gap + padding

  const shapes: TLShape[] = [container, statement]
  workshopSteps.forEach((step, i) => {
    const place = layout[i]!
    const stepId = makeId(`step-${step.step}`)
    const stepFrame = frame(
      stepId,
      containerId,
      stepIndices[i]!,
      place.x,
      place.y,
      place.w,
      stepHeight,
      `${step.step} · ${step.title}`,
    )
    stepFrame.meta = { icpStep: step.step }
    shapes.push(
      stepFrame,
      promptText(makeId(`prompt-${step.step}`), stepId, step.prompt, place.w - 80),
    )
  })
  return shapes
}

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

function frame(
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

function promptText(id: TLShapeId, parentId: TLParentId, text: string, width: number): TLTextShape {
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
      richText: {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
      },
    },
  }
}
