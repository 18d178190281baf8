import type { TLFrameShape, TLRecord, TLShape, TLTextShape } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { createTemplateRecords } from '../../../shared/templates/boardTemplate'
import { boardAgenda, defaultAgenda } from '../../../shared/workshop/agenda'

const titlesOf = (records: TLRecord[]) => boardAgenda(records).map((step) => step.title)

function frameNamed(records: TLRecord[], name: string): TLFrameShape {
  const frame = records.find(
    (record): record is TLFrameShape =>
      record.typeName === 'shape' &&
      (record as TLShape).type === 'frame' &&
      (record as TLFrameShape).props.name === name,
  )
  if (!frame) throw new Error(`no frame ${name}`)
  return frame
}

describe('the agenda read from the board', () => {
  it('is the seeds’ five steps on the full workshop, each zooming to its frame', () => {
    const records = createTemplateRecords('icp-workshop')
    const agenda = boardAgenda(records)
    expect(agenda.map((step) => [step.number, step.icpStep, step.title])).toEqual([
      [1, 1, 'Best customers & evidence'],
      [2, 2, 'Compare: firmographics & technographics'],
      [3, 3, 'Buying committee & pain points'],
      [4, 4, 'Key attributes (pick 5–7)'],
      [5, 5, 'Disqualifiers'],
    ])
    expect(agenda.every((step) => step.frameId?.startsWith('shape:'))).toBe(true)
    expect(agenda[0]!.prompt).toMatch(/^Who are our highest-value customers\?/)
  })

  it('is four timed steps on the 60-minute lean ICP, not the five of the full workshop', () => {
    expect(titlesOf(createTemplateRecords('lean-icp'))).toEqual([
      'Best customers (10 min)',
      'What they share (15 min)',
      'Key attributes (20 min)',
      'Disqualifiers (10 min)',
    ])
  })

  it('is one step per role on the persona deep-dive, though every frame is a step 3 frame', () => {
    const agenda = boardAgenda(createTemplateRecords('persona-deep-dive'))
    expect(agenda.length).toBeGreaterThan(3)
    expect(agenda.slice(0, 2).map((step) => step.title)).toEqual(['Decision makers', 'Champions'])
    expect(new Set(agenda.map((step) => step.icpStep))).toEqual(new Set([3]))
    expect(new Set(agenda.map((step) => step.frameId)).size).toBe(agenda.length)
  })

  it('follows the board: a renamed frame, an edited prompt, frames moved to another order', () => {
    const records = createTemplateRecords('lean-icp')
    const first = frameNamed(records, '1 · Best customers (10 min)')
    const second = frameNamed(records, '2 · What they share (15 min)')
    first.props.name = '1 · Our best 5 accounts'
    const prompt = records.find(
      (record): record is TLTextShape =>
        record.typeName === 'shape' &&
        (record as TLShape).type === 'text' &&
        (record as TLShape).parentId === first.id,
    )!
    prompt.props.richText = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Pick five.' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Bring numbers.' }] },
      ],
    }
    ;[first.x, second.x] = [second.x, first.x]
    const agenda = boardAgenda(records)
    expect(agenda.slice(0, 2).map((step) => step.title)).toEqual([
      'What they share (15 min)',
      'Our best 5 accounts',
    ])
    expect(agenda[1]!.prompt).toBe('Pick five.\nBring numbers.')
  })

  it('is the seeds’ five steps, with nowhere to zoom, on a blank board', () => {
    expect(boardAgenda(createTemplateRecords('blank'))).toBe(defaultAgenda)
    expect(defaultAgenda.map((step) => step.frameId)).toEqual([null, null, null, null, null])
  })
})
