import { describe, expect, it } from 'vitest'
import type { TLRecord } from '@tldraw/tlschema'
import { createBoardSchema } from '../../../shared/schema/boardSchema'
import {
  boardTemplates,
  cleanBoardName,
  createTemplateRecords,
  isBoardTemplate,
  type FreshBoardTemplate,
} from '../../../shared/templates/boardTemplate'
import { createReviewRecords } from '../../../shared/templates/icpReviewTemplate'
import { workshopSteps } from '../../../shared/templates/icpWorkshopTemplate'
import { compile } from '../../../shared/compile/compileBoard'

const schema = createBoardSchema()

function shapesOf(records: TLRecord[]) {
  return records.filter((record) => record.typeName === 'shape')
}

describe('board templates', () => {
  const freshTemplates = boardTemplates.filter(
    (template): template is FreshBoardTemplate => template !== 'icp-review',
  )

  it.each(freshTemplates)(
    'the %s template produces records that pass the board schema',
    (template) => {
      for (const record of createTemplateRecords(template, 'Q3 ICP')) {
        expect(() => schema.validateRecord(null as never, record, 'initialize', null)).not.toThrow()
      }
    },
  )

  it('the blank template is one document and one empty page', () => {
    const records = createTemplateRecords('blank')
    expect(records.map((record) => record.typeName).sort()).toEqual(['document', 'page'])
  })

  it('the ICP workshop template has a statement card and one frame per step, in order, with prompts', () => {
    const shapes = shapesOf(createTemplateRecords('icp-workshop'))
    const steps = shapes
      .filter((shape) => shape.type === 'frame' && typeof shape.meta.icpStep === 'number')
      .map((shape) => ({ step: shape.meta.icpStep, name: (shape.props as { name: string }).name }))
    expect(steps).toEqual(
      workshopSteps.map(({ step, title }) => ({ step, name: `${step} · ${title}` })),
    )
    expect(shapes.filter((shape) => shape.type === 'icp-statement')).toHaveLength(1)
    expect(shapes.filter((shape) => shape.type === 'text')).toHaveLength(workshopSteps.length)
  })

  it('nests the statement and the step frames inside one top-level ICP frame', () => {
    const shapes = shapesOf(createTemplateRecords('icp-workshop'))
    const topLevel = shapes.filter((shape) => shape.parentId.startsWith('page:'))
    expect(topLevel).toHaveLength(1)
    expect(topLevel[0]).toMatchObject({ type: 'frame', meta: { icpContainer: true } })
    const children = shapes.filter((shape) => shape.parentId === topLevel[0]!.id)
    expect(children.map((shape) => shape.type).sort()).toEqual([
      'frame',
      'frame',
      'frame',
      'frame',
      'frame',
      'icp-statement',
    ])
  })

  it.each(freshTemplates.filter((template) => template !== 'blank'))(
    'the %s template compiles into one ICP named after its statement card',
    (template) => {
      const docs = compile(createTemplateRecords(template))
      expect(docs.map((doc) => doc.name)).toEqual(['Ideal Customer Profile'])
    },
  )

  it('names the board after the typed name, else after the template', () => {
    const nameOf = (records: TLRecord[]) =>
      (records.find((record) => record.typeName === 'document') as { name: string }).name
    expect(nameOf(createTemplateRecords('lean-icp', ' Łódź  ICP '))).toBe('Łódź ICP')
    expect(nameOf(createTemplateRecords('lean-icp'))).toBe('Lean ICP')
    expect(nameOf(createTemplateRecords('blank'))).toBe('')
    expect(cleanBoardName('a\u202eb\nc')).toBe('a b c')
  })

  it('a review keeps the saved board, renames it and puts the review frame right of its content', () => {
    const source = createTemplateRecords('lean-icp', 'Retail')
    const review = createReviewRecords(source, 'Retail review', {
      boardName: 'Retail',
      versionName: 'v1',
      savedOn: '2026-09-14',
    })
    for (const record of review) {
      expect(() => schema.validateRecord(null as never, record, 'initialize', null)).not.toThrow()
    }
    const shapes = shapesOf(review)
    expect(review.filter((record) => record.typeName === 'document')).toEqual([
      expect.objectContaining({ name: 'Retail review' }),
    ])
    expect(shapesOf(source).every((shape) => review.some((record) => record.id === shape.id))).toBe(
      true,
    )
    const container = shapes.find((shape) => shape.meta.icpContainer)!
    const frame = shapes.find((shape) => shape.meta.icpReview)!
    expect(frame.x).toBeGreaterThan(container.x + (container.props as { w: number }).w)
    expect(frame.index > container.index).toBe(true)
    expect(compile(review).map((doc) => doc.name)).toEqual(['Ideal Customer Profile'])
  })

  it('recognises template names and rejects anything else', () => {
    expect(isBoardTemplate('icp-workshop')).toBe(true)
    expect(isBoardTemplate('../etc')).toBe(false)
    expect(isBoardTemplate(undefined)).toBe(false)
  })
})
