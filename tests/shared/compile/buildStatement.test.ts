import type { TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { buildStatement, withArticle } from '../../../shared/compile/buildStatement'
import { compile } from '../../../shared/compile/compileBoard'
import type { AttributeCardProps } from '../../../shared/schema/attributeCard'
import { BoardBuilder } from '../../helpers/boardBuilder'
import seedTea from '../../fixtures/seed-tea.board.json'
import seedVideoGame from '../../fixtures/seed-video-game.board.json'

type Card = Pick<AttributeCardProps, 'category' | 'value'> & Partial<AttributeCardProps>

/** The statement of a one-page board whose key attributes are `cards`, in this order. */
function statementOf(cards: readonly Card[], noun: 'customer' | 'client' = 'customer'): string {
  const board = new BoardBuilder()
  const page = board.page('Statement')
  board.statement({ parent: page }, { name: 'Statement' })
  cards.forEach((card, index) =>
    board.attribute({ parent: page, x: 0, y: 300 + 300 * index }, card),
  )
  return compile(board.records(), { noun })[0]!.statement
}

describe('buildStatement', () => {
  it('writes the first seed statement from a board holding its attributes', () => {
    expect(compile(seedVideoGame as unknown as TLRecord[])[0]?.statement).toBe(
      'Our ideal customer is a B2C company in the video game industry, based in the US or Canada, that has a social media following of at least 100,000 people and a branding budget of at least $1 million.',
    )
  })

  it('writes the second seed statement, calling the ICP a client when asked', () => {
    expect(compile(seedTea as unknown as TLRecord[], { noun: 'client' })[0]?.statement).toBe(
      'Our ideal client is a B2C startup in the tea industry based in the UK that has a budget under $10,000 and a need for low-cost drinkware. Their customer base values visually appealing design.',
    )
  })

  it('writes a placeholder when there are no key attributes', () => {
    expect(buildStatement([], 'customer')).toBe(
      'Our ideal customer is not defined yet: pick 5 to 7 key attributes on the board.',
    )
    expect(statementOf([{ category: 'location', value: 'worldwide' }])).toBe(
      'Our ideal customer is not defined yet: pick 5 to 7 key attributes on the board.',
    )
  })

  it('names industries, lowering common words but not acronyms or brands', () => {
    expect(statementOf([{ category: 'industry', value: 'SaaS; Fintech' }])).toBe(
      'Our ideal customer is a company in the SaaS or fintech industry.',
    )
    expect(statementOf([{ category: 'industry', value: 'Healthcare sector' }])).toBe(
      'Our ideal customer is a company in the healthcare sector.',
    )
  })

  it('sets off a location listing several places with commas only when more follows', () => {
    expect(statementOf([{ category: 'location', value: 'Netherlands, Belgium' }])).toBe(
      'Our ideal customer is a company based in the Netherlands or Belgium.',
    )
    expect(statementOf([{ category: 'location', value: 'Germany' }])).toBe(
      'Our ideal customer is a company based in Germany.',
    )
  })

  it('writes employee counts as a "with" phrase, or as an adjective when they are words', () => {
    expect(statementOf([{ category: 'employees', value: '200-1,000' }])).toBe(
      'Our ideal customer is a company with 200 to 1,000 employees.',
    )
    expect(statementOf([{ category: 'employees', value: '>= 50 staff' }])).toBe(
      'Our ideal customer is a company with at least 50 staff.',
    )
    expect(
      statementOf([
        { category: 'businessModel', value: 'B2B' },
        { category: 'employees', value: 'Mid-sized' },
      ]),
    ).toBe('Our ideal customer is a mid-sized B2B company.')
  })

  it('writes revenue with its label, spelling out millions', () => {
    expect(statementOf([{ category: 'revenue', value: '>= $10M' }])).toBe(
      'Our ideal customer is a company with annual revenue of at least $10 million.',
    )
    expect(statementOf([{ category: 'revenue', label: 'ARR', value: '$1M-$5M' }])).toBe(
      'Our ideal customer is a company with ARR of $1 million to $5 million.',
    )
  })

  it('writes technographics as "uses", unless the value already has a verb', () => {
    expect(
      statementOf([
        { category: 'technographic', value: 'Salesforce or HubSpot' },
        { category: 'budget', value: '>= $50k' },
        { category: 'specialized', value: 'Is hiring SDRs' },
      ]),
    ).toBe(
      'Our ideal customer is a company that uses Salesforce or HubSpot, has a budget of at least $50,000 and is hiring SDRs.',
    )
    expect(statementOf([{ category: 'technographic', value: 'runs on Shopify Plus' }])).toBe(
      'Our ideal customer is a company that runs on Shopify Plus.',
    )
  })

  it('puts amounts with a plural label after the number', () => {
    expect(
      statementOf([{ category: 'specialized', label: 'Retail locations', value: '> 5' }]),
    ).toBe('Our ideal customer is a company that has more than 5 retail locations.')
    expect(
      statementOf([
        { category: 'technographic', label: 'Monthly traffic', value: '>= 50k visits' },
      ]),
    ).toBe('Our ideal customer is a company that has monthly traffic of at least 50,000 visits.')
  })

  it('writes company age as a stage noun or as time in business', () => {
    expect(statementOf([{ category: 'companyAge', value: 'Scale-up' }])).toBe(
      'Our ideal customer is a scale-up.',
    )
    expect(statementOf([{ category: 'companyAge', value: '< 5 years' }])).toBe(
      'Our ideal customer is a company that has been in business for under 5 years.',
    )
    expect(statementOf([{ category: 'companyAge', value: 'founded after 2015' }])).toBe(
      'Our ideal customer is a company founded after 2015.',
    )
  })

  it('writes funding as a state or as the funding it has', () => {
    expect(statementOf([{ category: 'funding', value: 'VC-backed' }])).toBe(
      'Our ideal customer is a company that is VC-backed.',
    )
    expect(statementOf([{ category: 'funding', value: 'Series A or Series B' }])).toBe(
      'Our ideal customer is a company that has Series A or Series B funding.',
    )
  })

  it('gives goals and other noun phrases the right article', () => {
    expect(
      statementOf([
        { category: 'goals', value: 'Need for low-cost drinkware' },
        { category: 'network', value: 'strong industry connections' },
        { category: 'goals', value: 'to expand into Europe' },
        { category: 'specialized', value: 'low churn' },
      ]),
    ).toBe(
      'Our ideal customer is a company that has a need for low-cost drinkware, strong industry connections, a goal to expand into Europe and low churn.',
    )
  })

  it('writes customer-base and consumer traits as sentences of their own', () => {
    expect(
      statementOf([
        { category: 'businessModel', value: 'B2C' },
        { category: 'customerBase', value: 'Gen Z gamers' },
        { category: 'psychographic', label: 'Lifestyle', value: 'active and outdoorsy' },
        { category: 'behavioural', label: 'Customers', value: 'buy online' },
      ]),
    ).toBe(
      'Our ideal customer is a B2C company. Their customer base is Gen Z gamers. Their lifestyle is active and outdoorsy. Their customers buy online.',
    )
  })

  it('leaves out attributes that accept any value', () => {
    expect(
      statementOf([
        { category: 'industry', value: 'Tea' },
        { category: 'location', value: 'Anywhere' },
      ]),
    ).toBe('Our ideal customer is a company in the tea industry.')
  })

  it('chooses "a" or "an" by sound, for words, acronyms and numbers', () => {
    expect(
      [
        'B2C company',
        'SMB',
        'HR team',
        'e-commerce brand',
        'hour',
        'unicorn',
        'European brand',
        'SaaS startup',
        '8-person team',
        '11-person team',
        'US company',
        'upstart',
      ].map(withArticle),
    ).toEqual([
      'a B2C company',
      'an SMB',
      'an HR team',
      'an e-commerce brand',
      'an hour',
      'a unicorn',
      'a European brand',
      'a SaaS startup',
      'an 8-person team',
      'an 11-person team',
      'a US company',
      'an upstart',
    ])
  })

  it.each([
    [
      'the run-on of issue 10, as one sentence with commas',
      [
        { category: 'industry', value: 'SaaS' },
        { category: 'location', value: 'US and Canada' },
        { category: 'employees', value: '50–500' },
        { category: 'revenue', value: '$10M-$50M' },
        { category: 'technographic', value: 'HubSpot' },
        { category: 'funding', value: 'Series A–C' },
      ],
      'Our ideal customer is a company in the SaaS industry, based in the US or Canada, with 50 to 500 employees and annual revenue of $10 million to $50 million, that uses HubSpot and has Series A–C funding.',
    ],
    [
      'one place, then a "with" phrase set off before its clause',
      [
        { category: 'industry', value: 'tea' },
        { category: 'location', value: 'UK' },
        { category: 'employees', value: '50-500' },
        { category: 'technographic', value: 'Shopify' },
      ],
      'Our ideal customer is a company in the tea industry based in the UK, with 50 to 500 employees, that uses Shopify.',
    ],
    [
      'two "with" phrases joined, nothing after them',
      [
        { category: 'employees', value: '50-500' },
        { category: 'revenue', value: '>= $10M' },
      ],
      'Our ideal customer is a company with 50 to 500 employees and annual revenue of at least $10 million.',
    ],
    [
      'several "has" items after the verb clauses',
      [
        { category: 'technographic', value: 'HubSpot' },
        { category: 'budget', value: '>= $50k' },
        { category: 'specialized', value: 'Is hiring SDRs' },
        { category: 'goals', value: 'need for faster reporting' },
      ],
      'Our ideal customer is a company that uses HubSpot, is hiring SDRs and has a budget of at least $50,000 and a need for faster reporting.',
    ],
    [
      'a tech stack that needs every tool',
      [{ category: 'technographic', value: 'Shopify + QuickBooks', listMatch: 'all' }],
      'Our ideal customer is a company that uses Shopify and QuickBooks.',
    ],
    [
      'a tech stack of alternatives',
      [{ category: 'technographic', value: 'Shopify + QuickBooks' }],
      'Our ideal customer is a company that uses Shopify or QuickBooks.',
    ],
    [
      'a size band as an adjective',
      [
        { category: 'businessModel', value: 'B2B' },
        { category: 'employees', value: 'mid-market' },
        { category: 'location', value: 'DACH' },
      ],
      'Our ideal customer is a mid-market B2B company based in DACH.',
    ],
    [
      'regions with their article',
      [
        { category: 'industry', value: 'Fintech' },
        { category: 'location', value: 'UK & EU' },
        { category: 'customerBase', value: 'SMBs' },
      ],
      'Our ideal customer is a company in the fintech industry based in the UK or the EU. Their customer base is SMBs.',
    ],
  ] as [string, Card[], string][])('writes %s', (_case, cards, expected) => {
    expect(statementOf(cards)).toBe(expected)
  })

  it('keeps every combination of attributes one well-punctuated sentence', () => {
    const pool: Card[] = [
      { category: 'businessModel', value: 'B2B' },
      { category: 'industry', value: 'SaaS and Fintech' },
      { category: 'location', value: 'US and Canada' },
      { category: 'employees', value: '50-500' },
      { category: 'revenue', value: '$1M-$10M' },
      { category: 'companyAge', value: 'founded after 2015' },
      { category: 'technographic', value: 'HubSpot' },
      { category: 'funding', value: 'Series B+' },
      { category: 'budget', value: '>= $50k' },
      { category: 'specialized', value: 'is hiring SDRs' },
    ]
    for (let mask = 1; mask < 1 << pool.length; mask++) {
      const cards = pool.filter((_, i) => mask & (1 << i))
      if (cards.length > 7) continue
      const statement = statementOf(cards)
      expect(statement).toMatch(/^Our ideal customer is an? [^.]+\.$/)
      expect(statement).not.toMatch(/ with [^,]* with /)
      expect(statement).not.toMatch(/,,|, \.|,$| {2}| ,/)
      expect(statement.match(/ that /g)?.length ?? 0).toBeLessThanOrEqual(1)
    }
  })
})
