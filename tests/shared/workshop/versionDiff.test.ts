import { describe, expect, it } from 'vitest'
import { compileBoard } from '../../../shared/compile/compileBoard'
import type { BoardCompilation } from '../../../shared/compile/icpDocument'
import type { AttributeCardProps } from '../../../shared/schema/attributeCard'
import { diffCompilations, type IcpDiff } from '../../../shared/workshop/versionDiff'
import { BoardBuilder } from '../../helpers/boardBuilder'

interface BoardOptions {
  name?: string
  attributes?: { id: string; props: Partial<AttributeCardProps> }[]
  persona?: { title: string; department?: string } | null
  painPoint?: string | null
  disqualifier?: string | null
  /** A second ICP on its own page. */
  withSecondIcp?: boolean
}

const industry = {
  id: 'industry',
  props: { category: 'industry', value: 'Retail', importance: 'nice' },
} as const
const employees = {
  id: 'employees',
  props: { category: 'employees', value: '50-200 employees', importance: 'must' },
} as const

/** One ICP on its own page (statement card id `shape:statement`), built from `options`. */
function compiled({
  name = 'Retail',
  attributes = [industry, employees],
  persona = { title: 'Head of Ops' },
  painPoint = 'Stock-outs',
  disqualifier = '< $5,000',
  withSecondIcp = false,
}: BoardOptions = {}): BoardCompilation {
  const board = new BoardBuilder()
  const page = board.page('ICP')
  board.statement({ parent: page, id: 'statement', x: 0, y: 0 }, { name })
  attributes.forEach(({ id, props }, i) =>
    board.attribute({ parent: page, id, x: 0, y: 300 + i * 200 }, props),
  )
  if (persona) board.persona({ parent: page, id: 'persona', x: 600, y: 300 }, persona)
  if (painPoint)
    board.painPoint({ parent: page, id: 'pain', x: 600, y: 600 }, { problem: painPoint })
  if (disqualifier) {
    board.disqualifier(
      { parent: page, id: 'disqualifier', x: 600, y: 900 },
      { kind: 'budget', rule: disqualifier, reason: 'Too small' },
    )
  }
  if (withSecondIcp) {
    const second = board.page('Second')
    board.statement({ parent: second, id: 'second-statement' }, { name: 'Wholesale' })
    board.attribute(
      { parent: second, id: 'second-industry', y: 300 },
      { category: 'industry', value: 'Wholesale', importance: 'nice' },
    )
  }
  return compileBoard(board.records(), { today: '2026-06-01' })
}

const noCards = { added: [], removed: [], changed: [] }

/** The diff of the single ICP `shape:statement`, failing when there is not exactly one. */
function onlyIcp(from: BoardCompilation, to: BoardCompilation): IcpDiff {
  const { icps } = diffCompilations(from, to)
  expect(icps.map((icp) => icp.id)).toEqual(['shape:statement'])
  return icps[0]!
}

describe('diffCompilations', () => {
  it('reports no changes between identical compilations', () => {
    expect(diffCompilations(compiled(), compiled())).toEqual({ hasChanges: false, icps: [] })
  })

  it('lists attributes added, removed and changed by shape id, with before and after', () => {
    const from = compiled({ attributes: [industry, employees] })
    const to = compiled({
      attributes: [
        { id: 'industry', props: { category: 'industry', value: 'Fashion', importance: 'must' } },
        {
          id: 'location',
          props: { category: 'location', label: 'HQ', value: 'Canada', importance: 'nice' },
        },
      ],
    })
    const diff = onlyIcp(from, to)
    expect(diff.status).toBe('changed')
    expect(diff.attributes).toEqual({
      added: [
        {
          shapeId: 'shape:location',
          category: 'location',
          label: 'HQ',
          value: 'Canada',
          importance: 'nice',
        },
      ],
      removed: [
        {
          shapeId: 'shape:employees',
          category: 'employees',
          label: 'Number of employees',
          value: '50-200 employees',
          importance: 'must',
        },
      ],
      changed: [
        {
          shapeId: 'shape:industry',
          before: {
            shapeId: 'shape:industry',
            category: 'industry',
            label: 'Industry',
            value: 'Retail',
            importance: 'nice',
          },
          after: {
            shapeId: 'shape:industry',
            category: 'industry',
            label: 'Industry',
            value: 'Fashion',
            importance: 'must',
          },
        },
      ],
    })
    expect(diff.personas).toEqual(noCards)
  })

  it('reports a changed statement and name', () => {
    const from = compiled()
    const to = compiled({
      name: 'Retail chains',
      attributes: [
        { id: 'industry', props: { category: 'industry', value: 'Fashion' } },
        employees,
      ],
    })
    const diff = onlyIcp(from, to)
    expect(diff.nameChange).toEqual({ before: 'Retail', after: 'Retail chains' })
    expect(diff.statement).toEqual({
      before: from.icps[0]!.statement,
      after: to.icps[0]!.statement,
    })
    expect(diff.statement?.after).toContain('fashion industry')
  })

  it('lists personas, pain points and disqualifiers that changed, appeared or went away', () => {
    const from = compiled({ persona: { title: 'Head of Ops' }, painPoint: 'Stock-outs' })
    const to = compiled({
      persona: { title: 'Head of Ops', department: 'Operations' },
      painPoint: null,
      disqualifier: '< $10,000',
    })
    const diff = onlyIcp(from, to)
    expect(diff.personas.changed).toEqual([
      {
        shapeId: 'shape:persona',
        before: {
          shapeId: 'shape:persona',
          title: 'Head of Ops',
          role: 'influencer',
          department: '',
          seniority: null,
        },
        after: {
          shapeId: 'shape:persona',
          title: 'Head of Ops',
          role: 'influencer',
          department: 'Operations',
          seniority: null,
        },
      },
    ])
    expect(diff.painPoints).toEqual({
      added: [],
      removed: [{ shapeId: 'shape:pain', problem: 'Stock-outs', severity: null, solution: '' }],
      changed: [],
    })
    expect(diff.disqualifiers.changed.map((c) => [c.before.rule, c.after.rule])).toEqual([
      ['< $5,000', '< $10,000'],
    ])
    expect(diff.attributes).toEqual(noCards)
  })

  it('lists every card of an added ICP as added and of a removed ICP as removed', () => {
    const one = compiled()
    const two = compiled({ withSecondIcp: true })

    const added = diffCompilations(one, two)
    expect(added.hasChanges).toBe(true)
    expect(added.icps).toEqual([
      {
        id: 'shape:second-statement',
        name: 'Wholesale',
        status: 'added',
        nameChange: null,
        statement: null,
        attributes: {
          added: [
            {
              shapeId: 'shape:second-industry',
              category: 'industry',
              label: 'Industry',
              value: 'Wholesale',
              importance: 'nice',
            },
          ],
          removed: [],
          changed: [],
        },
        personas: noCards,
        painPoints: noCards,
        disqualifiers: noCards,
      },
    ])

    const removed = diffCompilations(two, one)
    expect(removed.icps.map((icp) => [icp.id, icp.status])).toEqual([
      ['shape:second-statement', 'removed'],
    ])
    expect(removed.icps[0]?.attributes.removed.map((a) => a.shapeId)).toEqual([
      'shape:second-industry',
    ])
  })

  it('lists changed ICPs in the order of the newer compilation, removed ones last', () => {
    const from = compiled({ withSecondIcp: true })
    const to = compiled({ name: 'Renamed' })
    expect(diffCompilations(from, to).icps.map((icp) => [icp.id, icp.status])).toEqual([
      ['shape:statement', 'changed'],
      ['shape:second-statement', 'removed'],
    ])
  })
})
