import { describe, expect, it } from 'vitest'
import { parseValue } from '../../../shared/values/parseValue'

const atLeast = (value: number, inclusive = true) => ({ value, inclusive })

/** A list read without a family: its items are matched as text. */
function generalSet(items: string[]) {
  const terms = items.map((item) => ({ label: item, keys: [] }))
  return { kind: 'set', items, family: 'general', match: 'any', terms }
}

describe('parseValue', () => {
  it.each([
    ['>= 100,000', { min: atLeast(100000), max: null, currency: null, unit: null }],
    ['at least 100,000', { min: atLeast(100000), max: null, currency: null, unit: null }],
    ['< $10,000', { min: null, max: atLeast(10000, false), currency: 'USD', unit: null }],
    ['under $10,000', { min: null, max: atLeast(10000, false), currency: 'USD', unit: null }],
    ['$1M-$10M', { min: atLeast(1e6), max: atLeast(1e7), currency: 'USD', unit: null }],
    [
      '500-1,000 employees',
      { min: atLeast(500), max: atLeast(1000), currency: null, unit: 'employees' },
    ],
    ['10k+', { min: atLeast(10000), max: null, currency: null, unit: null }],
    ['$1.2M', { min: atLeast(1.2e6), max: atLeast(1.2e6), currency: 'USD', unit: null }],
    ['>= 100,000 people', { min: atLeast(100000), max: null, currency: null, unit: 'people' }],
    ['> 20%', { min: atLeast(20, false), max: null, currency: null, unit: '%' }],
    ['€5k to €20k', { min: atLeast(5000), max: atLeast(20000), currency: 'EUR', unit: null }],
    [
      'between 10 and 50 employees',
      { min: atLeast(10), max: atLeast(50), currency: null, unit: 'employees' },
    ],
    ['from £2bn', { min: atLeast(2e9), max: null, currency: 'GBP', unit: null }],
    ['$1 million', { min: atLeast(1e6), max: atLeast(1e6), currency: 'USD', unit: null }],
    ['10,000 USD', { min: atLeast(10000), max: atLeast(10000), currency: 'USD', unit: null }],
    ['100 employees or more', { min: atLeast(100), max: null, currency: null, unit: 'employees' }],
    ['up to 5 years', { min: null, max: atLeast(5), currency: null, unit: 'years' }],
    [
      'more than 1.1m visits/month',
      { min: atLeast(1.1e6, false), max: null, currency: null, unit: 'visits/month' },
    ],
  ])('reads %j as a range', (text, range) => {
    expect(parseValue(text)).toEqual({ kind: 'range', ...range })
  })

  it('carries the suffix and currency of the upper amount to a bare lower one ($1-10M)', () => {
    expect(parseValue('$1-10M')).toEqual({
      kind: 'range',
      min: atLeast(1e6),
      max: atLeast(1e7),
      currency: 'USD',
      unit: null,
    })
  })

  it('keeps the lower amount when carrying the suffix over would exceed the upper one', () => {
    expect(parseValue('500-10M')).toMatchObject({ min: atLeast(500), max: atLeast(1e7) })
  })

  it('orders reversed bounds', () => {
    expect(parseValue('1,000-500')).toMatchObject({ min: atLeast(500), max: atLeast(1000) })
  })

  it('reads amounts in two different currencies as text, not as a range', () => {
    expect(parseValue('$5-€10')).toEqual({ kind: 'text', text: '$5-€10' })
  })

  it.each([
    ['US, Canada', ['US', 'Canada']],
    ['US or Canada', ['US', 'Canada']],
    ['SaaS; Fintech', ['SaaS', 'Fintech']],
    ['US, Canada, and Mexico', ['US', 'Canada', 'Mexico']],
    ['Germany | Austria | Switzerland', ['Germany', 'Austria', 'Switzerland']],
    ['US, us, Canada', ['US', 'Canada']],
    ['100,000 or 200,000 units', ['100,000', '200,000 units']],
  ])('reads %j without a family as a list of text items', (text, items) => {
    expect(parseValue(text)).toEqual(generalSet(items))
  })

  it.each([
    'video game',
    'B2C',
    'need for low-cost drinkware',
    '24/7 support',
    'Series B',
    'Web 3.0 tools',
    'active and outdoorsy',
    'Shopify + QuickBooks',
  ])('reads %j without a family as text (and, +, & join one idea there)', (text) => {
    expect(parseValue(text)).toEqual({ kind: 'text', text })
  })

  it.each([
    'any',
    'All',
    'all industries',
    'Any size',
    'worldwide',
    'Global',
    '*',
    'no preference',
  ])('reads %j as a value that matches anything', (text) => {
    expect(parseValue(text)).toEqual({ kind: 'any' })
  })

  it('trims the text and reads blank input as empty text whatever the kind', () => {
    expect(parseValue('  video game  ')).toEqual({ kind: 'text', text: 'video game' })
    for (const kind of ['auto', 'text', 'set', 'range'] as const) {
      expect(parseValue('   ', { kind, family: 'place' })).toEqual({ kind: 'text', text: '' })
    }
  })

  it('forces text when asked, even for amounts and lists', () => {
    expect(parseValue('>= 100', { kind: 'text' })).toEqual({ kind: 'text', text: '>= 100' })
    expect(parseValue('US and Canada', { kind: 'text', family: 'place' })).toEqual({
      kind: 'text',
      text: 'US and Canada',
    })
  })

  it('forces a set when asked, even for one item', () => {
    expect(parseValue('Healthcare', { kind: 'set' })).toEqual(generalSet(['Healthcare']))
  })

  it('falls back to text when a forced range cannot be read', () => {
    expect(parseValue('lots of money', { kind: 'range' })).toEqual({
      kind: 'text',
      text: 'lots of money',
    })
    expect(parseValue('>= 5', { kind: 'range' })).toMatchObject({ kind: 'range', min: atLeast(5) })
  })

  it('does not read a metre-like unit as a million suffix', () => {
    expect(parseValue('12 m')).toMatchObject({ min: atLeast(12), unit: 'm' })
    expect(parseValue('10km')).toMatchObject({ min: atLeast(10), unit: 'km' })
  })
})

describe('parseValue in a family', () => {
  it('reads a place list written with "and" as alternatives, each item as its countries', () => {
    expect(parseValue('US and Canada', { family: 'place' })).toEqual({
      kind: 'set',
      items: ['US', 'Canada'],
      family: 'place',
      match: 'any',
      terms: [
        { label: 'United States', keys: ['US'] },
        { label: 'Canada', keys: ['CA'] },
      ],
    })
  })

  it('reads one place as a list of one, and an unknown place as a term without keys', () => {
    expect(parseValue('UK', { family: 'place' })).toMatchObject({
      kind: 'set',
      items: ['UK'],
      terms: [{ label: 'United Kingdom', keys: ['GB'] }],
    })
    expect(parseValue('Cascadia', { family: 'place' })).toMatchObject({
      terms: [{ label: 'Cascadia', keys: [] }],
    })
  })

  it('keeps the list match the card asks for', () => {
    expect(parseValue('Shopify + QuickBooks', { family: 'tool', listMatch: 'all' })).toMatchObject({
      kind: 'set',
      items: ['Shopify', 'QuickBooks'],
      match: 'all',
    })
  })

  it('still reads amounts first and "any" before lists', () => {
    expect(parseValue('>= 5 locations', { family: 'place' })).toMatchObject({ kind: 'range' })
    expect(parseValue('worldwide', { family: 'place' })).toEqual({ kind: 'any' })
    expect(parseValue('all industries', { family: 'category' })).toEqual({ kind: 'any' })
  })

  it.each([
    ['SMB', 1, 99, 'SMB'],
    ['small businesses', 1, 99, 'SMB'],
    ['SME', 1, 249, 'SME'],
    ['Mid-market', 100, 999, 'Mid-market'],
    ['mid-sized companies', 100, 999, 'Mid-market'],
    ['Enterprise', 1000, null, 'Enterprise'],
    ['SMB and mid-market', 1, 999, 'SMB or Mid-market'],
    ['mid-market or enterprise', 100, null, 'Mid-market or Enterprise'],
  ])('reads the size band %j as %d to %s employees', (text, min, max, band) => {
    expect(parseValue(text, { family: 'size' })).toEqual({
      kind: 'range',
      min: atLeast(min),
      max: max === null ? null : atLeast(max),
      currency: null,
      unit: 'employees',
      band,
    })
  })

  it('reads separate size bands as text rather than as one range covering the gap', () => {
    expect(parseValue('SMB or enterprise', { family: 'size' })).toEqual({
      kind: 'text',
      text: 'SMB or enterprise',
    })
  })

  it('reads free text of the general family as before', () => {
    expect(parseValue('values visually appealing design', { family: 'general' })).toEqual({
      kind: 'text',
      text: 'values visually appealing design',
    })
  })
})
