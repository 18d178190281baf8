import { describe, expect, it } from 'vitest'
import { formatAmount, formatValue, joinList } from '../../../shared/values/formatValue'
import { currencyBySymbol, currencyCodes, currencySymbol } from '../../../shared/values/parsedValue'
import { parseValue } from '../../../shared/values/parseValue'

describe('formatValue', () => {
  it.each([
    ['>= 100,000', 'at least 100,000'],
    ['at least 100,000 people', 'at least 100,000 people'],
    ['< $10,000', 'under $10,000'],
    ['<= $10,000', 'up to $10,000'],
    ['> 50 employees', 'more than 50 employees'],
    ['$1M-$10M', '$1M to $10M'],
    ['500-1,000 employees', '500 to 1,000 employees'],
    ['10k+', 'at least 10,000'],
    ['$1.2M', '$1.2M'],
    ['> 20%', 'more than 20%'],
    ['2015-2020', '2015 to 2020'],
    ['1,234,567', '1,234,567'],
    ['US, Canada', 'US or Canada'],
    ['US, Canada, Mexico', 'US, Canada or Mexico'],
    ['video game', 'video game'],
    ['any', 'any'],
  ])('writes %j as %j', (text, expected) => {
    expect(formatValue(parseValue(text))).toBe(expected)
  })

  it('spells out millions and billions in prose style', () => {
    expect(formatValue(parseValue('>= $1M'), { numbers: 'prose' })).toBe('at least $1 million')
    expect(formatValue(parseValue('$1M-$2.5B'), { numbers: 'prose' })).toBe(
      '$1 million to $2.5 billion',
    )
  })

  it('writes mixed inclusive and exclusive ends in words', () => {
    expect(
      formatValue({
        kind: 'range',
        min: { value: 10, inclusive: true },
        max: { value: 50, inclusive: false },
        currency: null,
        unit: 'seats',
      }),
    ).toBe('at least 10 and under 50 seats')
  })

  it('joins lists of alternatives with "or" and lists of musts with "and"', () => {
    expect(formatValue(parseValue('US and Canada', { family: 'place' }))).toBe('US or Canada')
    expect(formatValue(parseValue('A, B, C', { family: 'tool', listMatch: 'all' }))).toBe(
      'A, B and C',
    )
  })

  it('names a size band before its employee range', () => {
    expect(formatValue(parseValue('mid-market', { family: 'size' }))).toBe(
      'Mid-market (100 to 999 employees)',
    )
  })

  it('joins lists without an Oxford comma', () => {
    expect([[], ['A'], ['A', 'B'], ['A', 'B', 'C']].map((items) => joinList(items, 'or'))).toEqual([
      '',
      'A',
      'A or B',
      'A, B or C',
    ])
  })

  it('writes amounts with currency symbols and thousands separators', () => {
    expect(formatAmount(10000, 'USD')).toBe('$10,000')
    expect(formatAmount(2500000, 'EUR')).toBe('€2.5M')
    expect(formatAmount(1000000, 'GBP', 'prose')).toBe('£1 million')
    expect(formatAmount(12.5, null)).toBe('12.5')
  })
})

describe('currencySymbol', () => {
  it('writes a symbol the parser reads back as the same currency', () => {
    for (const code of currencyCodes) {
      const symbol = currencySymbol(code)
      expect(currencyBySymbol[symbol]).toBe(code)
      expect(parseValue(`${symbol}5`)).toMatchObject({ kind: 'range', currency: code })
    }
    expect(currencySymbol(null)).toBe('')
  })
})
