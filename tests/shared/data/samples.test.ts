import { describe, expect, it } from 'vitest'
import { compile } from '../../../shared/compile/compileBoard'
import type { IcpDocument } from '../../../shared/compile/icpDocument'
import { defaultBestCustomers, selectBestCustomers } from '../../../shared/data/bestCustomers'
import { findCommonalities } from '../../../shared/data/findCommonalities'
import { measureAttribute } from '../../../shared/data/measureAttribute'
import { scoreAccounts } from '../../../shared/data/scoreAccounts'
import { buildScoringRules } from '../../../shared/data/scoringRules'
import type { AttributeCardProps } from '../../../shared/schema/attributeCard'
import type { DisqualifierCardProps } from '../../../shared/schema/disqualifierCard'
import { BoardBuilder } from '../../helpers/boardBuilder'
import { datasetFromCsv, readSample } from '../../helpers/datasets'
import {
  expectedSampleScores,
  expectedSampleTierCounts,
  sampleIcp,
  sampleRows,
  topCustomersByLifetimeValue,
  type SampleRow,
} from '../../helpers/sampleTruth'

/*
 * The shipped samples read the way a person reads them. Truth comes from the CSV rows themselves
 * (papaparse and plain string checks here), never from the code under test.
 */

const customerRows = sampleRows('customers.csv')
const top50 = topCustomersByLifetimeValue(50)

function countTop(column: string, accepted: readonly string[]): number {
  return top50.filter((row) => accepted.includes(row[column]!)).length
}

function countAll(column: string, accepted: readonly string[]): number {
  return customerRows.filter((row) => accepted.includes(row[column]!)).length
}

const customers = datasetFromCsv(readSample('customers.csv'), 'customers')
const bestEntry = {
  ...defaultBestCustomers(customers.meta, { updatedAt: 0, updatedBy: null }),
  valueField: 'clv',
  mode: 'top' as const,
  topN: 50,
}
const best = selectBestCustomers(customers, bestEntry).best

/** Attribute and disqualifier cards on one page, compiled into its ICP. */
function icpOf(
  attributes: Partial<AttributeCardProps>[],
  disqualifiers: Partial<DisqualifierCardProps>[] = [],
): IcpDocument {
  const board = new BoardBuilder()
  const page = board.page('Samples')
  board.statement({ parent: page, x: 0, y: 0 }, { name: 'Samples' })
  attributes.forEach((props, i) => board.attribute({ parent: page, x: 0, y: 300 + i * 200 }, props))
  disqualifiers.forEach((props, i) =>
    board.disqualifier({ parent: page, x: 600, y: 300 + i * 200 }, props),
  )
  return compile(board.records())[0]!
}

function evidenceOf(props: Partial<AttributeCardProps>) {
  const [attribute] = icpOf([props]).keyAttributes
  return measureAttribute(customers, best, attribute!)
}

describe('the sample customers, as a person reads the cards', () => {
  it('ranks the same 50 best customers as a direct sort of the file', () => {
    expect(best.size).toBe(50)
  })

  it.each([
    ['US and Canada', ['United States', 'Canada']],
    ['US or Canada', ['United States', 'Canada']],
    ['USA & Canada', ['United States', 'Canada']],
    ['U.S./Canada', ['United States', 'Canada']],
    ['North America', ['United States', 'Canada']],
    ['United States', ['United States']],
    ['America', ['United States']],
    ['UK', ['United Kingdom']],
    ['England', ['United Kingdom']],
    ['US, UK', ['United States', 'United Kingdom']],
    ['EU', ['Germany', 'France', 'Netherlands', 'Spain']],
    ['DACH', ['Germany']],
    ['EMEA', ['United Kingdom', 'Germany', 'France', 'Netherlands', 'Spain']],
    ['APAC', ['Australia', 'India']],
    ['LATAM', ['Brazil']],
    ['Benelux', ['Netherlands']],
  ])('Location %j fits the best customers in %j', (value, countries) => {
    const evidence = evidenceOf({ category: 'location', value })
    expect(evidence).toMatchObject({
      status: 'measured',
      best: { matched: countTop('Country', countries), total: 50 },
      overall: { matched: countAll('Country', countries), total: 500 },
    })
  })

  it('counts 38 of the top 50 in the US or Canada, as counted by hand in the issue', () => {
    expect(countTop('Country', ['United States', 'Canada'])).toBe(38)
    expect(evidenceOf({ category: 'location', value: 'US and Canada' })).toMatchObject({
      best: { matched: 38 },
    })
  })

  it.each([
    ['Series A–C', ['Series A', 'Series B', 'Series C+']],
    ['Series A-C', ['Series A', 'Series B', 'Series C+']],
    ['Series A to C', ['Series A', 'Series B', 'Series C+']],
    ['Series B+', ['Series B', 'Series C+', 'Public']],
    ['up to Series A', ['Seed', 'Series A']],
    ['Seed or Series A', ['Seed', 'Series A']],
    ['seed', ['Seed']],
    ['Bootstrapped', ['Bootstrapped']],
    ['VC-backed', ['Seed', 'Series A', 'Series B', 'Series C+']],
    ['Private equity', ['Private equity']],
    // An open end runs to the end of the scale: public companies are past Series C too.
    ['Series C+', ['Series C+', 'Public']],
    ['IPO', ['Public']],
  ])('Funding %j fits the best customers funded %j', (value, stages) => {
    const evidence = evidenceOf({ category: 'funding', value })
    expect(evidence).toMatchObject({
      status: 'measured',
      best: { matched: countTop('Funding Stage', stages) },
      overall: { matched: countAll('Funding Stage', stages) },
    })
  })

  it('counts 29 of the top 50 funded Series A to C, as counted by hand in the issue', () => {
    expect(countTop('Funding Stage', ['Series A', 'Series B', 'Series C+'])).toBe(29)
  })

  it.each([
    ['SaaS', ['SaaS']],
    ['SaaS companies', ['SaaS']],
    ['Software as a service', ['SaaS']],
    ['saas', ['SaaS']],
    ['SaaS and Fintech', ['SaaS', 'Fintech']],
    ['Ecommerce', ['E-commerce']],
    ['e-commerce / retail', ['E-commerce', 'Retail']],
    ['Healthcare sector', ['Healthcare']],
    ['Health care', ['Healthcare']],
    ['Financial technology', ['Fintech']],
    ['Professional services firms', ['Professional Services']],
    ['Manufacturers', ['Manufacturing']],
  ])('Industry %j fits the best customers in %j', (value, industries) => {
    const evidence = evidenceOf({ category: 'industry', value })
    expect(evidence).toMatchObject({
      best: { matched: countTop('Industry', industries) },
      overall: { matched: countAll('Industry', industries) },
    })
  })

  it.each([
    ['HubSpot', ['HubSpot'], 'any'],
    ['HubSpot or Salesforce', ['HubSpot', 'Salesforce'], 'any'],
    ['HubSpot + Slack', ['HubSpot', 'Slack'], 'any'],
    ['HubSpot + Slack', ['HubSpot', 'Slack'], 'all'],
    ['G Suite', ['Google Workspace'], 'any'],
    ['Office 365', ['Microsoft 365'], 'any'],
  ] as const)('Technology %j (%s of) counts rows using %j', (value, tools, listMatch) => {
    const uses = (row: SampleRow) => {
      const stack = row['Tech Stack']!.split(';').map((tool) => tool.trim())
      return listMatch === 'all'
        ? tools.every((tool) => stack.includes(tool))
        : tools.some((tool) => stack.includes(tool))
    }
    const evidence = evidenceOf({ category: 'technographic', value, listMatch })
    expect(evidence).toMatchObject({
      best: { matched: top50.filter(uses).length },
      overall: { matched: customerRows.filter(uses).length },
    })
  })
})

describe('what the best customers share, read the way the cards made from it are', () => {
  const commonalities = findCommonalities(customers, best, 'the top 50 by CLV')
  const findings = commonalities.fields.flatMap((field) => field.findings)

  it('finds the signal the samples were generated with', () => {
    expect(findings.map((finding) => [finding.fieldKey, finding.value])).toEqual(
      expect.arrayContaining([
        ['industry', 'SaaS'],
        ['country', 'United States'],
      ]),
    )
  })

  it.each(findings.map((finding) => [finding.headline, finding] as const))(
    'counts %s as the card badge would',
    (_headline, finding) => {
      const evidence = evidenceOf({
        category: finding.category,
        label: finding.label,
        value: finding.value,
      })
      expect(evidence).toMatchObject({ status: 'measured' })
      if (evidence.status !== 'measured') return
      expect(evidence.best.matched).toBe(Math.round(finding.bestShare * 50))
      expect(evidence.overall.matched).toBe(Math.round(finding.overallShare * 500))
    },
  )
})

describe('the sample accounts, scored', () => {
  const accountRows = sampleRows('accounts.csv')
  const accounts = datasetFromCsv(readSample('accounts.csv'), 'accounts')
  const icp = icpOf(
    sampleIcp.attributes.map((card) => ({ ...card })),
    sampleIcp.disqualifiers.map((card) => ({ ...card })),
  )
  const rules = buildScoringRules(icp, accounts.meta.fields)
  const result = scoreAccounts(rules, accounts.meta.fields, accounts.rows)

  it('disqualifies every government account through "Government entities"', () => {
    const government = accountRows.filter((row) => row.Industry === 'Government').length
    expect(government).toBeGreaterThan(0)
    const ruleIndex = rules.rules.findIndex((rule) => rule.display === 'Government entities')
    const hits = result.scores.filter((score) => score.disqualifiedBy.includes(ruleIndex))
    expect(hits).toHaveLength(government)
  })

  it('gives every account the score and tier the documented formula gives its raw cells', () => {
    expect(result.scores.map(({ score, tier }) => ({ score, tier }))).toEqual(
      expectedSampleScores(),
    )
  })

  it('spreads the leads over the tiers instead of zeroing the file', () => {
    const counts = expectedSampleTierCounts()
    expect(result.tierCounts).toEqual(counts)
    expect(counts.A + counts.B + counts.C).toBeGreaterThan(30)
    expect(result.warnings).toEqual([])
  })
})
