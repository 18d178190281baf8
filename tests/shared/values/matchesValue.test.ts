import { describe, expect, it } from 'vitest'
import { createValueMatcher, matchesValue } from '../../../shared/values/matchesValue'
import { parseValue } from '../../../shared/values/parseValue'

describe('matchesValue', () => {
  it('matches numbers against a lower bound, inclusive or not', () => {
    expect(matchesValue(parseValue('>= 100,000'), 100000)).toBe(true)
    expect(matchesValue(parseValue('>= 100,000'), 99999)).toBe(false)
    expect(matchesValue(parseValue('> 100,000'), 100000)).toBe(false)
  })

  it('matches numbers against an upper bound, inclusive or not', () => {
    expect(matchesValue(parseValue('< $10,000'), 9999)).toBe(true)
    expect(matchesValue(parseValue('< $10,000'), 10000)).toBe(false)
    expect(matchesValue(parseValue('up to $10,000'), 10000)).toBe(true)
  })

  it('reads a candidate string as an amount', () => {
    expect(matchesValue(parseValue('$1M-$10M'), '$2.5M')).toBe(true)
    expect(matchesValue(parseValue('$1M-$10M'), '$12M')).toBe(false)
    expect(matchesValue(parseValue('500-1,000 employees'), '750 employees')).toBe(true)
  })

  it('matches a candidate range only when it lies entirely within the criterion', () => {
    expect(matchesValue(parseValue('>= 100'), '200-500')).toBe(true)
    expect(matchesValue(parseValue('>= 100'), '51-200')).toBe(false)
    expect(matchesValue(parseValue('<= 1,000'), '10k+')).toBe(false)
  })

  it('never matches amounts in another currency', () => {
    expect(matchesValue(parseValue('>= $1M'), '€5M')).toBe(false)
    expect(matchesValue(parseValue('>= $1M'), '5M')).toBe(true)
  })

  it('does not match text or non-finite numbers against a range', () => {
    expect(matchesValue(parseValue('>= 10'), 'lots')).toBe(false)
    expect(matchesValue(parseValue('>= 10'), Number.NaN)).toBe(false)
  })

  it('matches places ignoring case, accents and country aliases', () => {
    const set = parseValue('US or Canada', { family: 'place' })
    expect(matchesValue(set, 'canada')).toBe(true)
    expect(matchesValue(set, 'United States')).toBe(true)
    expect(matchesValue(set, 'U.S.A.')).toBe(true)
    expect(matchesValue(set, 'Mexico')).toBe(false)
    expect(matchesValue(parseValue('Zürich, Genève'), 'zurich')).toBe(true)
    expect(matchesValue(parseValue('US or Canada'), 'United States')).toBe(false)
  })

  it('matches a set item contained as whole words, never as a part of a word', () => {
    const set = parseValue('SaaS; Fintech')
    expect(matchesValue(set, 'B2B SaaS')).toBe(true)
    expect(matchesValue(parseValue('US, UK'), 'Russia')).toBe(false)
  })

  it('matches a candidate list when any of its items is in the set', () => {
    expect(matchesValue(parseValue('US or Canada'), 'Mexico, Canada')).toBe(true)
    expect(matchesValue(parseValue('US or Canada'), 'Mexico, Brazil')).toBe(false)
  })

  it('matches text as a whole-word phrase of the candidate', () => {
    const text = parseValue('video game')
    expect(matchesValue(text, 'Video game publishing')).toBe(true)
    expect(matchesValue(text, 'video gaming')).toBe(false)
    expect(matchesValue(parseValue(''), 'anything')).toBe(false)
  })

  it('matches anything against "any"', () => {
    expect(matchesValue(parseValue('any'), 'whatever')).toBe(true)
    expect(matchesValue(parseValue('worldwide'), 42)).toBe(true)
  })

  it('reads currency amounts with scale suffixes in candidates', () => {
    expect(matchesValue(parseValue('$1M to $5M'), '$1.2M')).toBe(true)
    expect(matchesValue(parseValue('>= 5,000'), '10k')).toBe(true)
    expect(matchesValue(parseValue('< $10,000'), 'USD 9.5k')).toBe(true)
    expect(matchesValue(parseValue('>= £1 million'), '£1.5M')).toBe(true)
    expect(matchesValue(parseValue('>= £1 million'), '$1.5M')).toBe(false)
  })

  it('reads unit ranges like "500-1,000 employees" on either side', () => {
    expect(matchesValue(parseValue('500-1,000 employees'), 500)).toBe(true)
    expect(matchesValue(parseValue('500-1,000 employees'), 1001)).toBe(false)
    expect(matchesValue(parseValue('200 to 2,000'), '500-1,000 employees')).toBe(true)
    expect(matchesValue(parseValue('200 to 800'), '500-1,000 employees')).toBe(false)
  })

  it('lets an open-ended candidate fit a criterion open on the same side only', () => {
    expect(matchesValue(parseValue('>= 1,000'), '10k+')).toBe(true)
    expect(matchesValue(parseValue('1,000 to 50,000'), '10k+')).toBe(false)
    expect(matchesValue(parseValue('< 100'), 'under 50')).toBe(true)
    expect(matchesValue(parseValue('10 to 100'), 'under 50')).toBe(false)
  })

  it('matches amounts read beforehand, with their currency', () => {
    const range = parseValue('$1M-$10M')
    expect(matchesValue(range, { min: 2_500_000, max: 2_500_000, currency: 'USD' })).toBe(true)
    expect(matchesValue(range, { min: 2_500_000, max: 2_500_000, currency: null })).toBe(true)
    expect(matchesValue(range, { min: 2_500_000, max: 2_500_000, currency: 'EUR' })).toBe(false)
    expect(matchesValue(range, { min: 5_000_000, max: null, currency: 'USD' })).toBe(false)
    expect(matchesValue(parseValue('>= 1,000'), { min: 10_001, max: null, currency: null })).toBe(
      true,
    )
  })

  it('matches a list candidate when any item fits', () => {
    expect(matchesValue(parseValue('HubSpot or Salesforce'), ['Slack', 'HubSpot'])).toBe(true)
    expect(matchesValue(parseValue('HubSpot'), ['Slack', 'Zendesk'])).toBe(false)
    expect(
      matchesValue(parseValue('marketing automation'), ['Marketing automation (HubSpot)']),
    ).toBe(true)
    expect(matchesValue(parseValue('>= 100'), ['20', '150'])).toBe(true)
  })

  it('does not split list items again', () => {
    expect(matchesValue(parseValue('Canada'), ['Mexico, Canada'])).toBe(true)
    expect(matchesValue(parseValue('Mexico or Brazil'), ['Mexico, Canada'])).toBe(true)
  })

  it('gives the same answers compiled as uncompiled, also for repeated candidates', () => {
    const criteria = [
      'SaaS; Fintech',
      'US or Canada',
      '>= 100',
      '$1M-$10M',
      'video game',
      'any',
      '',
    ]
    const candidates = [
      'B2B SaaS',
      'USA',
      '150',
      '$2.5M',
      'Video game publishing',
      'Mexico',
      '10k+',
    ]
    for (const text of criteria) {
      const parsed = parseValue(text)
      const matcher = createValueMatcher(parsed)
      for (let round = 0; round < 2; round++) {
        for (const candidate of candidates) {
          expect(matcher(candidate)).toBe(matchesValue(parsed, candidate))
        }
      }
    }
  })
})
