import { act, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useNow } from '../../../client/lib/useNow'

function Now({ intervalMs, isTicking }: { intervalMs?: number; isTicking?: boolean }) {
  return <output data-testid="now">{useNow(intervalMs, isTicking)}</output>
}

const shown = () => Number(screen.getByTestId('now').textContent)

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(1_000_000)
})
afterEach(() => vi.useRealTimers())

describe('useNow', () => {
  it('refreshes every 30 seconds by default', () => {
    render(<Now />)
    expect(shown()).toBe(1_000_000)
    act(() => vi.advanceTimersByTime(29_999))
    expect(shown()).toBe(1_000_000)
    act(() => vi.advanceTimersByTime(1))
    expect(shown()).toBe(1_030_000)
  })

  it('stands still while not ticking and catches up when ticking starts', () => {
    const { rerender } = render(<Now intervalMs={250} isTicking={false} />)
    act(() => vi.advanceTimersByTime(1000))
    expect(shown()).toBe(1_000_000)
    rerender(<Now intervalMs={250} isTicking />)
    expect(shown()).toBe(1_001_000)
    act(() => vi.advanceTimersByTime(250))
    expect(shown()).toBe(1_001_250)
  })
})
