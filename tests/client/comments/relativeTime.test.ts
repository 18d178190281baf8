import { describe, expect, it } from 'vitest'
import { formatRelativeTime } from '../../../client/comments/relativeTime'

describe('formatRelativeTime', () => {
  const now = new Date(2026, 10, 23, 12, 0).getTime()
  const ago = (ms: number) => formatRelativeTime(now - ms, now)

  it('says how long ago, briefly', () => {
    expect(ago(20_000)).toBe('just now')
    expect(ago(5 * 60_000)).toBe('5m')
    expect(ago(3 * 3_600_000)).toBe('3h')
    expect(ago(30 * 3_600_000)).toBe('yesterday')
    expect(ago(4 * 86_400_000)).toBe('4d')
  })

  it('gives a date after a week, with the year when it is another year', () => {
    expect(formatRelativeTime(new Date(2026, 2, 4).getTime(), now)).toBe('Mar 4')
    expect(formatRelativeTime(new Date(2025, 2, 4).getTime(), now)).toBe('Mar 4, 2025')
  })
})
