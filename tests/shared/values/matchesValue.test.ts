import { describe, expect, it } from 'vitest'
import { matchesValue } from '../../../shared/values/matchesValue'
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

  it('matches set items ignoring case, accents and country aliases', () => {
    const set = parseValue('US or Canada')
    expect(matchesValue(set, 'canada')).toBe(true)
    expect(matchesValue(set, 'United States')).toBe(true)
    expect(matchesValue(set, 'U.S.A.')).toBe(true)
    expect(matchesValue(set, 'Mexico')).toBe(false)
    expect(matchesValue(parseValue('Zürich, Genève'), 'zurich')).toBe(true)
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
})
