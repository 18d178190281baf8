/**
 * The workshop's agenda, read from the board: the step frames of the first ICP area in reading
 * order (row by row, left to right), each with its title and the prompt written in it. So a board
 * made from any template (the full workshop, the lean ICP, the persona deep-dive, a review) or
 * rearranged by hand gets the agenda it shows; a board without step frames gets the seeds' five
 * steps, with nowhere to zoom.
 */
import type { TLFrameShape, TLRecord, TLShape } from '@tldraw/tlschema'
import { workshopSteps } from '../templates/icpWorkshopTemplate'

/** One step of the agenda. */
export interface AgendaStep {
  /** 1-based position in the agenda: what the workshop's current step refers to. */
  number: number
  /** The frame the step zooms to, or null when the board has none. */
  frameId: string | null
  /** The frame's `meta.icpStep` (the kind of cards it holds); null without a frame. */
  icpStep: number | null
  title: string
  prompt: string
}

/** The agenda of a board without step frames: the seeds' five steps. */
export const defaultAgenda: readonly AgendaStep[] = workshopSteps.map(
  ({ step, title, prompt }) => ({ number: step, frameId: null, icpStep: null, title, prompt }),
)

/** Frames whose tops are closer than this (page units) are on one row. */
const rowTolerance = 40

/** The agenda of a board's records (see the module comment). */
export function boardAgenda(records: readonly TLRecord[]): readonly AgendaStep[] {
  const shapes = records.filter((record): record is TLShape => record.typeName === 'shape')
  const container = shapes
    .filter((shape) => isFrame(shape) && shape.meta.icpContainer === true)
    .sort(byIndex)[0]
  const frames = container
    ? shapes.filter(
        (shape): shape is TLFrameShape =>
          shape.parentId === container.id &&
          isFrame(shape) &&
          typeof shape.meta.icpStep === 'number',
      )
    : []
  if (frames.length === 0) return defaultAgenda
  frames.sort((a, b) => {
    const dy = a.y - b.y
    return Math.abs(dy) > rowTolerance ? dy : a.x - b.x
  })
  return frames.map((frame, position) => ({
    number: position + 1,
    frameId: frame.id,
    icpStep: frame.meta.icpStep as number,
    title: stepTitle(frame.props.name),
    prompt: promptOf(shapes, frame.id),
  }))
}

/** True when both agendas list the same steps (the board changed, the agenda did not). */
export function isSameAgenda(a: readonly AgendaStep[], b: readonly AgendaStep[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (step, i) =>
        step.frameId === b[i]!.frameId &&
        step.title === b[i]!.title &&
        step.prompt === b[i]!.prompt,
    )
  )
}

/** A frame's name without the "2 · " a template puts before it. */
export function stepTitle(name: string): string {
  return name.replace(/^\s*\d+\s*[·.:)-]\s*/, '').trim() || 'Untitled step'
}

/** The text of the first text shape in the frame (the template's prompt), as plain text. */
function promptOf(shapes: readonly TLShape[], frameId: string): string {
  const text = shapes
    .filter((shape) => shape.parentId === frameId && shape.type === 'text')
    .sort(byIndex)[0]
  return text && 'richText' in text.props ? plainText(text.props.richText).trim() : ''
}

/** The text of a tldraw rich text document, one line per paragraph. */
function plainText(node: unknown): string {
  if (typeof node !== 'object' || node === null) return ''
  const { type, text, content } = node as { type?: unknown; text?: unknown; content?: unknown }
  if (typeof text === 'string') return text
  const children = Array.isArray(content) ? content.map(plainText) : []
  return type === 'doc' ? children.join('\n') : children.join('')
}

function isFrame(shape: TLShape): shape is TLFrameShape {
  return shape.type === 'frame'
}

function byIndex(a: TLShape, b: TLShape): number {
  return a.index < b.index ? -1 : a.index > b.index ? 1 : 0
}
