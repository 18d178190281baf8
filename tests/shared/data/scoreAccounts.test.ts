import { describe, expect, it } from 'vitest'
import { compile, type CompileOptions } from '../../../shared/compile/compileBoard'
import type { IcpDocument } from '../../../shared/compile/icpDocument'
import { describeScore, scoreAccounts } from '../../../shared/data/scoreAccounts'
import { scoresToCsv } from '../../../shared/data/scoresToCsv'
import { buildScoringRules, tierOf } from '../../../shared/data/scoringRules'
import type { AttributeCardProps } from '../../../shared/schema/attributeCard'
import type { DisqualifierCardProps } from '../../../shared/schema/disqualifierCard'
import { BoardBuilder } from '../../helpers/boardBuilder'
import { datasetFromCsv, readSample } from '../../helpers/datasets'

/** One ICP from cards laid out top to bottom (ids `a0`, `a1`... and `d0`, `d1`...). */
function icpOf(
  attributes: Partial<AttributeCardProps>[],
  disqualifiers: Partial<DisqualifierCardProps>[] = [],
  options: CompileOptions = {},
): IcpDocument {
  const board = new BoardBuilder()
  const page = board.page('Scoring')
  board.statement({ parent: page, id: 'statement', x: 0, y: 0 }, { name: 'Scoring' })
  attributes.forEach((props, i) =>
    board.attribute({ parent: page, id: `a${i}`, x: 0, y: 300 + i * 200 }, props),
  )
  disqualifiers.forEach((props, i) =>
    board.disqualifier({ parent: page, id: `d${i}`, x: 600, y: 300 + i * 200 }, props),
  )
  return compile(board.records(), options)[0]!
}

const leads = datasetFromCsv(
  [
    'Company,Industry,Employees,Country,Tech stack',
    'Acme,SaaS,450,US,HubSpot; Slack', // row 2: everything fits
    'Globex,Retail,450,US,HubSpot', // row 3: fails the must-have industry
    'Initech,SaaS,5000,Germany,Salesforce', // row 4: must-have only
    'Hooli,SaaS,,UK,', // row 5: blanks are unknown
    'Stark,Government,300,US,HubSpot', // row 6: disqualified twice
    'Wayne,SaaS,450,US,HubSpot; Slack', // row 7: ties with Acme
  ].join('\n'),
  'accounts',
)

const saasIcp = icpOf(
  [
    { category: 'industry', value: 'SaaS or Fintech', importance: 'must' },
    { category: 'employees', value: '200-1,000 employees', importance: 'nice' },
    { category: 'location', value: 'US or UK', importance: 'nice' },
    { category: 'technographic', label: 'CRM', value: 'HubSpot', importance: 'nice' },
  ],
  [{ kind: 'industry', rule: 'Government, Gambling', reason: 'Procurement takes 18 months' }],
)

function scoreOf(icp: IcpDocument, dataset = leads) {
  const rules = buildScoringRules(icp, dataset.meta.fields)
  return { rules, result: scoreAccounts(rules, dataset.meta.fields, dataset.rows) }
}

describe('scoreAccounts', () => {
  const { rules, result } = scoreOf(saasIcp)

  it('counts per rule what it did to the accounts', () => {
    expect(result.ruleStats).toEqual([
      // Counted by hand from the six leads above: Globex (Retail) and Stark (Government) miss.
      {
        matched: 4,
        missed: 2,
        unknown: 0,
        disqualified: 2,
        disqualifiedShare: 2 / 6,
        isFlagged: false,
      },
      {
        matched: 4,
        missed: 1,
        unknown: 1,
        disqualified: 0,
        disqualifiedShare: 0,
        isFlagged: false,
      },
      {
        matched: 5,
        missed: 1,
        unknown: 0,
        disqualified: 0,
        disqualifiedShare: 0,
        isFlagged: false,
      },
      {
        matched: 4,
        missed: 1,
        unknown: 1,
        disqualified: 0,
        disqualifiedShare: 0,
        isFlagged: false,
      },
      {
        matched: 1,
        missed: 5,
        unknown: 0,
        disqualified: 1,
        disqualifiedShare: 1 / 6,
        isFlagged: false,
      },
    ])
  })

  it('flags a rule that disqualifies more than 90% of the accounts, and a file with no fit', () => {
    const misread = icpOf([
      { category: 'industry', value: 'Logistics', importance: 'must' },
      { category: 'location', value: 'US or UK', importance: 'nice' },
    ])
    const { result: zeroed } = scoreOf(misread)
    expect(zeroed.ruleStats[0]).toEqual({
      matched: 0,
      missed: 6,
      unknown: 0,
      disqualified: 6,
      disqualifiedShare: 1,
      isFlagged: true,
    })
    expect(zeroed.warnings).toEqual([
      'Industry: "Logistics" disqualifies 6 of 6 accounts (100%). Check how it reads (Logistics) against the values in the file.',
      'Every account is disqualified: no account can reach tiers A to C.',
    ])
  })
  const byRow = (row: number) => result.scores.find((score) => score.row === row)!

  it('scores the share of points possible: must-haves 2, nice-to-haves 1', () => {
    expect(rules.pointsPossible).toBe(5)
    expect(result.scores.map((score) => [score.row, score.score, score.tier])).toEqual([
      [2, 100, 'A'],
      [3, 0, 'D'],
      [4, 40, 'C'],
      [5, 60, 'B'],
      [6, 0, 'D'],
      [7, 100, 'A'],
    ])
  })

  it('disqualifies a known value that fails a must-have, and one that fits a disqualifier', () => {
    expect(byRow(3)).toMatchObject({ isDisqualified: true, disqualifiedBy: [0], score: 0 })
    expect(byRow(6)).toMatchObject({ isDisqualified: true, disqualifiedBy: [0, 4] })
    expect(
      describeScore(byRow(6), rules, { row: leads.rows[4]!, fields: leads.meta.fields }),
    ).toEqual({
      matched: [
        'Number of employees: 200 to 1,000 employees',
        'Location: US or UK',
        'CRM: HubSpot',
      ],
      missed: ['Industry: Government (wants SaaS or Fintech)'],
      unknown: [],
      disqualifiedBy: [
        'Industry: Government (must be SaaS or Fintech)',
        'Industry: Government (disqualifier: Government or Gambling)',
      ],
    })
  })

  it('treats blank cells as unknown: no points, never disqualified', () => {
    expect(byRow(5)).toMatchObject({
      isDisqualified: false,
      matched: [0, 2],
      missed: [],
      unknown: [1, 3],
      pointsEarned: 3,
    })
  })

  it('gives equal scores the same rank', () => {
    expect(result.scores.map((score) => [score.row, score.rank])).toEqual([
      [2, 1],
      [3, 5],
      [4, 4],
      [5, 3],
      [6, 5],
      [7, 1],
    ])
    expect(result.tierCounts).toEqual({ A: 2, B: 1, C: 1, D: 2 })
  })

  it('adds a point per vote to the card voted for', () => {
    const voted = icpOf(
      [
        { category: 'location', value: 'US', importance: 'nice' },
        { category: 'technographic', value: 'HubSpot', importance: 'nice' },
      ],
      [],
      { votes: new Map([['shape:a1', 3]]) },
    )
    const { rules, result } = scoreOf(voted)
    expect(rules.rules.map((rule) => [rule.label, rule.points, rule.votes])).toEqual([
      ['Location', 1, 0],
      ['Technology', 4, 3],
    ])
    // Germany + Salesforce: 0; UK (no) + blank tools: 0; US + HubSpot: 5/5.
    expect(result.scores.map((score) => score.score)).toEqual([100, 100, 0, 0, 100, 100])
  })

  it('skips rules whose column the data lacks and says so', () => {
    const icp = icpOf([
      { category: 'industry', value: 'SaaS', importance: 'nice' },
      { category: 'funding', value: 'Series B', importance: 'must' },
    ])
    const { rules, result } = scoreOf(icp)
    expect(rules.rules[1]).toMatchObject({
      isScorable: false,
      field: null,
      explanation: 'Not scored: the data has no column for Funding.',
    })
    expect(result.warnings).toEqual([
      '1 of 2 rules is not scored (no column in the data, or a value that fits everything).',
    ])
    // The unmapped must-have neither gates nor counts: SaaS rows score 100.
    expect(result.scores.map((score) => score.score)).toEqual([100, 0, 100, 100, 0, 100])
  })

  it('scores everyone 0 with a warning when the ICP is empty', () => {
    const { rules, result } = scoreOf(icpOf([]))
    expect(rules.rules).toEqual([])
    expect(result.scores.every((score) => score.score === 0 && score.tier === 'D')).toBe(true)
    expect(result.warnings).toEqual([
      'The ICP has no attribute or disqualifier cards yet: every account scores 0.',
    ])
  })

  it('disqualifies everyone who fails any gate when the ICP is all must-haves', () => {
    const gates = icpOf([
      { category: 'industry', value: 'SaaS', importance: 'must' },
      { category: 'location', value: 'US', importance: 'must' },
    ])
    const { result } = scoreOf(gates)
    expect(result.scores.map((score) => [score.score, score.isDisqualified])).toEqual([
      [100, false],
      [0, true],
      [0, true],
      [0, true],
      [0, true],
      [100, false],
    ])
  })

  it('does not score values that fit everything, and warns when nothing is left to score', () => {
    const { rules, result } = scoreOf(icpOf([{ category: 'location', value: 'worldwide' }]))
    expect(rules.rules[0]).toMatchObject({
      isScorable: false,
      explanation: 'Not scored: "any" fits every account.',
    })
    expect(result.warnings[0]).toMatch(/^No attribute of the ICP can be tested/)
  })

  it('places scores in tiers at the documented thresholds', () => {
    expect([100, 80, 79, 60, 59, 40, 39, 0].map((score) => tierOf(score))).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
    ])
    expect(tierOf(100, true)).toBe('D')
  })

  it('scores the demo accounts against the demo ICP into every tier', () => {
    const accounts = datasetFromCsv(readSample('accounts.csv'), 'accounts')
    const { result } = scoreOf(saasIcp, accounts)
    expect(result.scores).toHaveLength(200)
    for (const tier of ['A', 'B', 'C', 'D'] as const)
      expect(result.tierCounts[tier]).toBeGreaterThan(0)
  })
})

describe('buildScoringRules', () => {
  it('exports every rule with field, operator, values or range, points or gate, and the tiers', () => {
    const rules = buildScoringRules(saasIcp, null)
    expect(rules.tiers).toEqual([
      { tier: 'A', minScore: 80, maxScore: 100, meaning: 'Ideal fit: prioritise now.' },
      { tier: 'B', minScore: 60, maxScore: 79, meaning: 'Good fit: work after the A accounts.' },
      { tier: 'C', minScore: 40, maxScore: 59, meaning: 'Partial fit: nurture.' },
      { tier: 'D', minScore: 0, maxScore: 39, meaning: 'Poor fit or disqualified: do not pursue.' },
    ])
    expect(
      rules.rules.map(({ effect, field, operator, values, min, max, points }) => ({
        effect,
        field: field?.key,
        operator,
        values,
        min: min?.value,
        max: max?.value,
        points,
      })),
    ).toEqual([
      {
        effect: 'gate',
        field: 'industry',
        operator: 'in',
        values: ['SaaS', 'Fintech'],
        min: undefined,
        max: undefined,
        points: 2,
      },
      {
        effect: 'points',
        field: 'employees',
        operator: 'between',
        values: [],
        min: 200,
        max: 1000,
        points: 1,
      },
      {
        effect: 'points',
        field: 'country',
        operator: 'in',
        values: ['United States', 'United Kingdom'],
        min: undefined,
        max: undefined,
        points: 1,
      },
      {
        effect: 'points',
        field: 'techStack',
        operator: 'in',
        values: ['HubSpot'],
        min: undefined,
        max: undefined,
        points: 1,
      },
      {
        effect: 'disqualify',
        field: 'industry',
        operator: 'in',
        values: ['Government', 'Gambling'],
        min: undefined,
        max: undefined,
        points: 0,
      },
    ])
    expect(rules.rules[4]?.explanation).toBe(
      'Disqualifier: Industry Government or Gambling disqualifies the account (Procurement takes 18 months).',
    )
    expect(JSON.parse(JSON.stringify(rules))).toEqual(rules)
  })

  it('tests a labelled card against a column of that name first', () => {
    const data = datasetFromCsv('Company,CRM,Tech stack\nAcme,HubSpot,Slack', 'accounts', [
      { column: 0, field: 'name' },
      { column: 1, field: 'custom', type: 'category', label: 'CRM' },
      { column: 2, field: 'techStack' },
    ])
    const rules = buildScoringRules(saasIcp, data.meta.fields)
    expect(rules.rules[3]?.field).toEqual({ key: 'custom:crm', label: 'CRM', column: 'CRM' })
  })
})

describe('scoresToCsv', () => {
  it('writes scored accounts best first, with reasons, formula-safe', () => {
    const data = datasetFromCsv(
      'Company,Industry\n"=HYPERLINK(""http://x"")",SaaS\n"Beta, Inc.",Government\n',
      'accounts',
    )
    const rules = buildScoringRules(saasIcp, data.meta.fields)
    const result = scoreAccounts(rules, data.meta.fields, data.rows)
    expect(scoresToCsv(result, rules, data.meta.fields, data.rows).split('\r\n')).toEqual([
      'rank,row,name,score,tier,disqualified,disqualified_by,matched,missed,unknown,Industry',
      `1,2,"'=HYPERLINK(""http://x"")",100,A,no,,Industry: SaaS or Fintech,,,SaaS`,
      '2,3,"Beta, Inc.",0,D,yes,Industry: Government (must be SaaS or Fintech); Industry: Government (disqualifier: Government or Gambling),,Industry: Government (wants SaaS or Fintech),,Government',
      '',
    ])
  })
})
