import { describe, expect, it } from 'vitest'
import { parseNumberInput, type NumberRule } from '../../../client/panels/parseNumberInput'

const days: NumberRule = { isNullable: true, min: 0 }
const nps: NumberRule = { isNullable: true, min: -100, max: 100 }
const cadence: NumberRule = { isNullable: false, isInteger: true, min: 1, max: 24 }

describe('parseNumberInput', () => {
  it('reads plain, separated, currency, scaled and percent numbers', () => {
    expect(
      ['45', ' 1,200 ', '$120k', '1.5M', '92%', '+3', '.5'].map((text) =>
        parseNumberInput(text, days),
      ),
    ).toEqual([45, 1200, 120000, 1500000, 92, 3, 0.5].map((value) => ({ isValid: true, value })))
  })

  it('reads a blank field as unknown (null) when the fact may be unknown', () => {
    expect(parseNumberInput('   ', days)).toEqual({ isValid: true, value: null })
  })

  it('requires a value when the prop cannot be null', () => {
    expect(parseNumberInput('', cadence)).toEqual({ isValid: false, error: 'Required' })
  })

  it('rejects text that is not a number', () => {
    for (const text of ['abc', 'NaN', 'Infinity', '12abc', '1.2.3', '--4', 'k']) {
      expect(parseNumberInput(text, days)).toEqual({
        isValid: false,
        error: 'Enter a number',
      })
    }
  })

  it('rejects values outside the rule', () => {
    expect(parseNumberInput('-5', days)).toEqual({ isValid: false, error: 'Must be 0 or more' })
    expect(parseNumberInput('101', nps)).toEqual({
      isValid: false,
      error: 'Must be between -100 and 100',
    })
    expect(parseNumberInput('2.5', cadence)).toEqual({
      isValid: false,
      error: 'Use a whole number',
    })
    expect(parseNumberInput('0', cadence)).toEqual({
      isValid: false,
      error: 'Must be between 1 and 24',
    })
  })

  it('accepts the bounds themselves', () => {
    expect(parseNumberInput('-100', nps)).toEqual({ isValid: true, value: -100 })
    expect(parseNumberInput('24', cadence)).toEqual({ isValid: true, value: 24 })
  })
})
