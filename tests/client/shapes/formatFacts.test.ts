import { describe, expect, it } from 'vitest'
import { formatCompactNumber, formatFact } from '../../../client/shapes/formatFacts'

describe('formatFact', () => {
  it('shows an unknown (null) fact as a dash, never as 0', () => {
    expect(formatFact(null, 'days')).toBe('—')
    expect(formatFact(null, 'percent')).toBe('—')
  })

  it('writes each unit the way the card shows it', () => {
    expect([
      formatFact(45, 'days'),
      formatFact(1, 'days'),
      formatFact(24, 'months'),
      formatFact(3, 'count'),
      formatFact(184000, 'money'),
      formatFact(-20, 'score'),
      formatFact(92.5, 'percent'),
    ]).toEqual(['45 days', '1 day', '24 mo', '3', '184k', '-20', '92.5%'])
  })
})

describe('formatCompactNumber', () => {
  it('shortens thousands, millions and billions', () => {
    expect([950, 4500, 52500, 1_200_000, 3_000_000_000, -12_000].map(formatCompactNumber)).toEqual([
      '950',
      '4.5k',
      '53k',
      '1.2M',
      '3B',
      '-12k',
    ])
  })
})
