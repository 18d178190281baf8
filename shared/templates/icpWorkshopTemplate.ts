import type { TLPageId, TLShape, TLShapeId } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import { createIcpArea, type TemplateFrame } from './templateShapes'

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

/**
 * The shapes of one ICP workshop area: a container frame holding the ICP statement card and one
 * frame per step (frame `meta.icpStep` = 1..5), each with the facilitator's prompt: steps 1-3 on
 * the first row, 4 (key attributes) and 5 (disqualifiers) sharing the second. Pure: the server
 * seeds new boards with it.
 */
export function createIcpWorkshopShapes({
  pageId,
  origin,
  name = 'Ideal Customer Profile',
  index,
  makeId,
}: IcpWorkshopOptions): TLShape[] {
  const frames = workshopSteps.map(({ step, title, prompt }): TemplateFrame => ({
    step,
    title: `${step} · ${title}`,
    prompt,
  }))
  return createIcpArea({
    pageId,
    name,
    rows: [frames.slice(0, 3), frames.slice(3)],
    frameIdHint: (frame) => `step-${frame.step}`,
    origin,
    index,
    makeId,
  })
}
