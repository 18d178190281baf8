import { describe, expect, it } from 'vitest'
import { percentile } from '../../../shared/data/stats'

describe('percentile', () => {
  it('takes the nearest rank of an ascending sample', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    expect(percentile(sorted, 10)).toBe(1)
    expect(percentile(sorted, 25)).toBe(3)
    expect(percentile(sorted, 50)).toBe(5)
    expect(percentile(sorted, 99)).toBe(10)
    expect(percentile(sorted, 0)).toBe(1)
    expect(percentile([7], 90)).toBe(7)
  })

  it('is NaN for an empty sample', () => {
    expect(percentile([], 50)).toBeNaN()
  })
})
