import { describe, expect, it } from 'vitest'
import {
  defaultBestCustomers,
  rankCustomers,
  selectBestCustomers,
} from '../../../shared/data/bestCustomers'
import {
  applyBestCustomersChange,
  maxManualTicks,
  type BestCustomersEntry,
} from '../../../shared/data/dataEntries'
import { datasetFromCsv } from '../../helpers/datasets'

const customers = datasetFromCsv(
  [
    'Company,Industry,CLV,Sales cycle,Churned',
    'Acme,SaaS,"$50,000",30,no',
    'Globex,Retail,"$12,000",90,yes',
    'Initech,SaaS,"$50,000",45,no',
    'Hooli,SaaS,,20,no',
    'Umbrella,Retail,"$80,000",120,no',
  ].join('\n'),
  'customers',
)

function entry(changes: Partial<BestCustomersEntry> = {}): BestCustomersEntry {
  return {
    ...defaultBestCustomers(customers.meta, { updatedAt: 0, updatedBy: null }),
    ...changes,
  }
}

function names(rows: readonly { values: Record<string, unknown> }[]) {
  return rows.map((row) => row.values.name)
}

describe('best customers', () => {
  it('ranks by lifetime value by default, highest first, blanks last, ties in file order', () => {
    expect(entry().valueField).toBe('clv')
    const field = customers.meta.fields.find((candidate) => candidate.key === 'clv')!
    expect(names(rankCustomers(customers.rows, field))).toEqual([
      'Umbrella',
      'Acme',
      'Initech',
      'Globex',
      'Hooli',
    ])
  })

  it('ranks the sales cycle shortest first and churn "no" first', () => {
    const cycle = customers.meta.fields.find((field) => field.key === 'salesCycleDays')!
    expect(names(rankCustomers(customers.rows, cycle))).toEqual([
      'Hooli',
      'Acme',
      'Initech',
      'Globex',
      'Umbrella',
    ])
    const churned = customers.meta.fields.find((field) => field.key === 'churned')!
    expect(names(rankCustomers(customers.rows, churned)).at(-1)).toBe('Globex')
  })

  it('takes the top N customers that have a value', () => {
    const { best } = selectBestCustomers(customers, entry({ topN: 2 }))
    expect([...best].sort()).toEqual([2, 6])
    const all = selectBestCustomers(customers, entry({ topN: 10 }))
    expect(all.best.has(5)).toBe(false) // Hooli has no CLV
  })

  it('takes the rows passing every rule condition', () => {
    const { best } = selectBestCustomers(
      customers,
      entry({
        mode: 'rule',
        conditions: [
          { field: 'clv', value: '>= $40,000' },
          { field: 'industry', value: 'SaaS' },
        ],
      }),
    )
    expect([...best].sort()).toEqual([2, 4])
  })

  it('ignores conditions on fields the data does not have', () => {
    const selection = selectBestCustomers(
      customers,
      entry({ mode: 'rule', conditions: [{ field: 'nps', value: '>= 9' }] }),
    )
    expect(selection.best.size).toBe(0)
    expect(selection.ignoredConditions).toEqual(['nps is not in the data'])
  })

  it('applies manual ticks on top, ignoring rows the file does not have', () => {
    const { best, base } = selectBestCustomers(
      customers,
      entry({ topN: 2, included: [3, 99], excluded: [6] }),
    )
    expect([...base].sort()).toEqual([2, 6])
    expect([...best].sort()).toEqual([2, 3])
  })
})

describe('applyBestCustomersChange', () => {
  const context = { updatedAt: 10, updatedBy: 'Ana' }

  it('moves a ticked row between included and excluded and bumps the revision', () => {
    const first = applyBestCustomersChange(entry(), { ticks: [{ row: 3, isBest: true }] }, context)
    expect(first).toMatchObject({ included: [3], excluded: [], revision: 1, updatedBy: 'Ana' })
    const second = applyBestCustomersChange(
      first as BestCustomersEntry,
      { ticks: [{ row: 3, isBest: false }], topN: 3 },
      context,
    )
    expect(second).toMatchObject({ included: [], excluded: [3], topN: 3, revision: 2 })
  })

  it('keeps settings that are not in the change and clears ticks on request', () => {
    const ticked = entry({ included: [2], excluded: [4], mode: 'rule' })
    expect(applyBestCustomersChange(ticked, { clearTicks: true }, context)).toMatchObject({
      included: [],
      excluded: [],
      mode: 'rule',
      valueField: 'clv',
    })
    expect(applyBestCustomersChange(ticked, { valueField: null }, context)).toMatchObject({
      valueField: null,
    })
  })

  it('refuses more manual ticks than the limit', () => {
    const full = entry({ included: Array.from({ length: maxManualTicks }, (_, i) => i + 2) })
    expect(
      applyBestCustomersChange(
        full,
        { ticks: [{ row: maxManualTicks + 10, isBest: true }] },
        context,
      ),
    ).toEqual({ error: `at most ${maxManualTicks} customers can be ticked or unticked by hand` })
  })
})
