import Papa from 'papaparse'
import { tierOf, type Tier } from '../../shared/data/scoringRules'
import { readSample } from './datasets'

/** One row of a sample CSV, by header. */
export type SampleRow = Record<string, string>

/** The rows of a sample CSV, read with papaparse (not with the code under test). */
export function sampleRows(name: 'customers.csv' | 'accounts.csv'): SampleRow[] {
  return Papa.parse<SampleRow>(readSample(name), { header: true, skipEmptyLines: true }).data
}

function dollars(cell: string): number {
  return Number(cell.replace(/[$,]/g, ''))
}

/** The top `count` customers by lifetime value, ties in file order. */
export function topCustomersByLifetimeValue(count: number): SampleRow[] {
  return sampleRows('customers.csv')
    .map((row, index) => ({ row, index }))
    .sort(
      (a, b) =>
        dollars(b.row['Lifetime Value (USD)']!) - dollars(a.row['Lifetime Value (USD)']!) ||
        a.index - b.index,
    )
    .slice(0, count)
    .map(({ row }) => row)
}

/** Employees of an account cell: a number or a band like `201-500` / `10,001+`; null if blank. */
function employeeBounds(cell: string): [number, number] | null {
  const text = cell.replace(/,/g, '').trim()
  if (text === '') return null
  if (text.endsWith('+')) return [Number(text.slice(0, -1)), Infinity]
  const [low, high] = text.split('-').map(Number)
  return [low!, high ?? low!]
}

/**
 * The ICP both sample-scoring tests build, card by card: a SaaS must-have, four nice-to-haves
 * and two industry disqualifiers.
 */
export const sampleIcp = {
  attributes: [
    { category: 'industry', value: 'SaaS', importance: 'must' },
    { category: 'location', value: 'US and Canada', importance: 'nice' },
    { category: 'employees', value: '200 to 1,000', importance: 'nice' },
    { category: 'technographic', value: 'HubSpot', importance: 'nice' },
    { category: 'funding', value: 'Series A–C', importance: 'nice' },
  ],
  disqualifiers: [
    { kind: 'industry', rule: 'Government entities' },
    { kind: 'industry', rule: 'Gambling' },
  ],
} as const

/**
 * Score and tier of every sample account under `sampleIcp`, by the documented formula applied to
 * the raw cells: a must-have fit earns 2 points, a nice-to-have 1; a known value missing the
 * must-have, or a government or gambling industry, disqualifies; blanks earn nothing.
 */
export function expectedSampleScores(): { score: number; tier: Tier }[] {
  return sampleRows('accounts.csv').map((row) => {
    const industry = row.Industry!.trim()
    const bounds = employeeBounds(row.Headcount!)
    const country = row['HQ Country']!
    const checks: [fits: boolean | null, points: number][] = [
      [industry === '' ? null : industry === 'SaaS', 2],
      [country === '' ? null : ['United States', 'Canada'].includes(country), 1],
      [bounds === null ? null : bounds[0] >= 200 && bounds[1] <= 1000, 1],
      [row.Technologies!.split(';').some((tool) => tool.trim() === 'HubSpot'), 1],
      [['Series A', 'Series B', 'Series C+'].includes(row.Stage!), 1],
    ]
    const isDisqualified =
      industry === 'Government' || industry === 'Gambling' || checks[0]![0] === false
    const earned = checks.reduce((sum, [fits, points]) => sum + (fits ? points : 0), 0)
    const score = isDisqualified ? 0 : Math.round((100 * earned) / 6)
    return { score, tier: tierOf(score, isDisqualified) }
  })
}

/** Accounts per tier under `sampleIcp`. */
export function expectedSampleTierCounts(): Record<Tier, number> {
  const counts: Record<Tier, number> = { A: 0, B: 0, C: 0, D: 0 }
  for (const { tier } of expectedSampleScores()) counts[tier] += 1
  return counts
}
