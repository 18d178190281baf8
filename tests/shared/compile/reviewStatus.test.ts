import { describe, expect, it } from 'vitest'
import { addMonths, parseIsoDate, reviewStatus } from '../../../shared/compile/reviewStatus'

describe('reviewStatus', () => {
  it('adds months, clamping the day to the end of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29')
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28')
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15')
    expect(addMonths('2026-05-31', 12)).toBe('2027-05-31')
  })

  it('reads only real calendar dates', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 })
    expect(['2023-02-29', '2026-00-10', '2026-1-1', 'soon', ''].map(parseIsoDate)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ])
  })

  it('computes the next review and whether it is overdue', () => {
    expect(reviewStatus('2026-01-10', 6, '2026-11-23')).toEqual({
      date: '2026-01-10',
      cadenceMonths: 6,
      nextReviewDate: '2026-07-10',
      isOverdue: true,
      checkedOn: '2026-11-23',
    })
    expect(reviewStatus('', 3, undefined)).toEqual({
      date: null,
      cadenceMonths: 3,
      nextReviewDate: null,
      isOverdue: false,
      checkedOn: null,
    })
  })

  it('falls back to a yearly cadence when the cadence is unusable', () => {
    expect(reviewStatus('2026-01-10', -2, undefined).cadenceMonths).toBe(12)
    expect(reviewStatus('2026-01-10', Number.NaN, undefined).nextReviewDate).toBe('2027-01-10')
  })
})
