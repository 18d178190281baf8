import { describe, expect, it } from 'vitest'
import { defaultBestCustomers, selectBestCustomers } from '../../../shared/data/bestCustomers'
import { findCommonalities } from '../../../shared/data/findCommonalities'
import { parseValue } from '../../../shared/values/parseValue'
import { datasetFromCsv, readSample } from '../../helpers/datasets'

/** 10 best customers (rows 2-11) and 40 others, with a planted signal. */
function plantedCsv(): string {
  const rows = ['Company,Industry,Employees,Tech stack,Country']
  for (let i = 0; i < 50; i++) {
    const isBest = i < 10
    const industry = isBest ? (i < 8 ? 'SaaS' : 'Retail') : i % 4 === 0 ? 'SaaS' : 'Retail'
    const employees = isBest ? 300 + i * 50 : (i % 5) * 1000 + 20
    const tools = isBest ? 'HubSpot; Slack' : i % 3 === 0 ? 'HubSpot' : 'Salesforce; Slack'
    rows.push(`C${i},${industry},${employees},${tools},${i % 2 ? 'US' : 'France'}`)
  }
  return rows.join('\n')
}

describe('findCommonalities', () => {
  const dataset = datasetFromCsv(plantedCsv(), 'accounts')
  const best = new Set(Array.from({ length: 10 }, (_, i) => i + 2))
  const result = findCommonalities(dataset, best, 'the top 10')

  it('compares the share of each value among the best with the share overall', () => {
    const industry = result.fields.find((field) => field.field.key === 'industry')!
    expect(industry.kind).toBe('shares')
    if (industry.kind !== 'shares') return
    expect(industry.bars[0]).toEqual({
      value: 'SaaS',
      bestCount: 8,
      bestShare: 0.8,
      overallCount: 18,
      overallShare: 0.36,
      lift: 0.8 / 0.36,
    })
    expect(industry.findings.map((finding) => finding.headline)).toEqual([
      '80% of the top 10 are SaaS, vs 36% of all 50.',
    ])
  })

  it('turns a finding into a card: category, value and the numbers as evidence', () => {
    const industry = result.fields.find((field) => field.field.key === 'industry')!
    expect(industry.findings[0]).toMatchObject({
      id: 'industry:saas',
      category: 'industry',
      label: '',
      value: 'SaaS',
      evidenceNote: '80% of the top 10 vs 36% of all 50 customers (Industry).',
    })
  })

  it('finds the round band of a number that separates the best from the rest', () => {
    const employees = result.fields.find((field) => field.field.key === 'employees')!
    expect(employees.kind).toBe('distribution')
    if (employees.kind !== 'distribution') return
    expect(employees.band).toEqual({ min: 200, max: 1000, bestShare: 1, overallShare: 0.2 })
    expect(employees.best?.median).toBe(500)
    const [finding] = employees.findings
    expect(finding?.value).toBe('200 to 1,000 employees')
    expect(parseValue(finding!.value)).toMatchObject({ kind: 'range', unit: 'employees' })
    expect(finding?.headline).toBe(
      '100% of the top 10 have 200 to 1,000 employees, vs 20% of all 50 (median 500 vs 1,000).',
    )
  })

  it('makes one finding per common tool of a list field', () => {
    const tools = result.fields.find((field) => field.field.key === 'techStack')!
    expect(tools.findings.map((finding) => finding.value)).toEqual(['HubSpot'])
  })

  it('finds nothing where the best look like everyone (country is half and half)', () => {
    const country = result.fields.find((field) => field.field.key === 'country')!
    expect(country.findings).toEqual([])
    expect(result.fields.at(-1)?.field.key).toBe('country')
  })

  it('needs more than chance: one best customer proves nothing', () => {
    const single = findCommonalities(dataset, new Set([2]), 'the top 1')
    expect(single.fields.flatMap((field) => field.findings)).toEqual([])
  })

  it('returns no fields without best customers', () => {
    expect(findCommonalities(dataset, new Set(), 'nobody')).toEqual({
      bestCount: 0,
      overallCount: 50,
      fields: [],
      values: [],
    })
  })

  it('finds the planted signal of the demo data: SaaS, 200-1,000 employees, US, HubSpot', () => {
    const customers = datasetFromCsv(readSample('customers.csv'), 'customers')
    const entry = defaultBestCustomers(customers.meta, { updatedAt: 0, updatedBy: null })
    expect(entry).toMatchObject({ valueField: 'clv', topN: 50 })
    const selection = selectBestCustomers(customers, entry)
    const found = findCommonalities(customers, selection.best, 'the top 50 by CLV')
    const values = found.fields.flatMap((field) => field.findings.map((finding) => finding.value))
    expect(values).toEqual(
      expect.arrayContaining(['SaaS', '200 to 1,000 employees', 'HubSpot', 'United States']),
    )
    const clv = found.values.find((summary) => summary.field.key === 'clv')!
    expect(clv.best! / clv.overall!).toBeGreaterThan(3)
    const churned = found.values.find((summary) => summary.field.key === 'churned')!
    expect(churned.isShare).toBe(true)
    expect(churned.best!).toBeLessThan(churned.overall!)
  })
})
