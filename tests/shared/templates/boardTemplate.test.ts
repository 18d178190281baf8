import { describe, expect, it } from 'vitest'
import type { TLRecord } from '@tldraw/tlschema'
import { createBoardSchema } from '../../../shared/schema/boardSchema'
import {
  boardTemplates,
  createTemplateRecords,
  isBoardTemplate,
} from '../../../shared/templates/boardTemplate'
import { workshopSteps } from '../../../shared/templates/icpWorkshopTemplate'

const schema = createBoardSchema()

function shapesOf(records: TLRecord[]) {
  return records.filter((record) => record.typeName === 'shape')
}

describe('board templates', () => {
  it.each(boardTemplates)(
    'the %s template produces records that pass the board schema',
    (template) => {
      for (const record of createTemplateRecords(template)) {
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

  it('recognises template names and rejects anything else', () => {
    expect(isBoardTemplate('icp-workshop')).toBe(true)
    expect(isBoardTemplate('../etc')).toBe(false)
    expect(isBoardTemplate(undefined)).toBe(false)
  })
})
