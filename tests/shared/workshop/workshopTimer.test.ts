import { describe, expect, it } from 'vitest'
import { timerStateSchema } from '../../../shared/workshop/workshopLayout'
import { voteSession } from '../../helpers/workshopEntries'
import {
  createTimer,
  formatCountdown,
  isVoteOpen,
  parseDuration,
  pauseTimer,
  resetTimer,
  setTimerDuration,
  startTimer,
  timerEndsAt,
  timerPhase,
  timerRemainingMs,
} from '../../../shared/workshop/workshopTimer'

const minute = 60_000
const t0 = Date.UTC(2027, 0, 12, 9, 0, 0)

describe('the workshop timer', () => {
  it('is idle at its full duration until started', () => {
    const timer = createTimer(3 * minute, 'Step 2')
    expect(timerPhase(timer, t0)).toBe('idle')
    expect(timerRemainingMs(timer, t0 + 10 * minute)).toBe(3 * minute)
    expect(timerEndsAt(timer)).toBeNull()
  })

  it('counts down from startedAt on any clock, with no writes while it runs', () => {
    const running = startTimer(createTimer(3 * minute), t0)
    expect(running).toEqual({ ...createTimer(3 * minute), startedAt: t0 })
    expect(timerRemainingMs(running, t0 + 45_000)).toBe(135_000)
    expect(timerPhase(running, t0 + 45_000)).toBe('running')
    expect(timerEndsAt(running)).toBe(t0 + 3 * minute)
  })

  it('finishes at zero and never goes negative', () => {
    const running = startTimer(createTimer(3 * minute), t0)
    expect(timerPhase(running, t0 + 3 * minute)).toBe('finished')
    expect(timerRemainingMs(running, t0 + 10 * minute)).toBe(0)
  })

  it('treats a start time in the future (a clock behind) as not yet started', () => {
    const running = startTimer(createTimer(3 * minute), t0)
    expect(timerRemainingMs(running, t0 - 5000)).toBe(3 * minute)
  })

  it('keeps the time left when paused and resumes from it', () => {
    const running = startTimer(createTimer(5 * minute), t0)
    const paused = pauseTimer(running, t0 + 2 * minute)
    expect(paused).toMatchObject({ startedAt: null, pausedRemainingMs: 3 * minute })
    expect(timerPhase(paused, t0 + 9 * minute)).toBe('paused')
    expect(timerRemainingMs(paused, t0 + 9 * minute)).toBe(3 * minute)

    const resumed = startTimer(paused, t0 + 10 * minute)
    expect(resumed).toMatchObject({ startedAt: t0 + 8 * minute, pausedRemainingMs: null })
    expect(timerRemainingMs(resumed, t0 + 11 * minute)).toBe(2 * minute)
    expect(timerEndsAt(resumed)).toBe(t0 + 13 * minute)
  })

  it('leaves a running timer alone when started again, and pausing an idle one changes nothing', () => {
    const running = startTimer(createTimer(5 * minute), t0)
    expect(startTimer(running, t0 + minute)).toBe(running)
    const idle = createTimer(5 * minute)
    expect(pauseTimer(idle, t0)).toBe(idle)
  })

  it('restarts a finished timer from its full duration', () => {
    const finished = startTimer(createTimer(3 * minute), t0)
    const again = startTimer(finished, t0 + 4 * minute)
    expect(again.startedAt).toBe(t0 + 4 * minute)
    expect(timerRemainingMs(again, t0 + 4 * minute)).toBe(3 * minute)
  })

  it('resets to the full duration, and a new duration resets too', () => {
    const paused = pauseTimer(startTimer(createTimer(5 * minute), t0), t0 + minute)
    expect(resetTimer(paused)).toEqual(createTimer(5 * minute))
    expect(setTimerDuration(paused, 10 * minute)).toEqual(createTimer(10 * minute))
  })

  it('writes only entries the workshop schema accepts', () => {
    const timer = createTimer(15 * minute, 'Vote', 'session-1')
    for (const state of [
      timer,
      startTimer(timer, t0),
      pauseTimer(startTimer(timer, t0), t0 + 1000),
      resetTimer(timer),
      setTimerDuration(timer, 10 * 60 * 60 * 1000),
      createTimer(10),
    ]) {
      expect(timerStateSchema.safeParse(state).success).toBe(true)
    }
  })
})

describe('formatCountdown', () => {
  it('shows minutes and seconds, rounding up', () => {
    expect(formatCountdown(3 * minute)).toBe('3:00')
    expect(formatCountdown(59_001)).toBe('1:00')
    expect(formatCountdown(1)).toBe('0:01')
    expect(formatCountdown(0)).toBe('0:00')
    expect(formatCountdown(61 * minute + 5000)).toBe('1:01:05')
  })
})

describe('parseDuration', () => {
  it('reads minutes, m:ss, seconds and hours', () => {
    expect(parseDuration('7')).toBe(7 * minute)
    expect(parseDuration('7:30')).toBe(7.5 * minute)
    expect(parseDuration('90s')).toBe(90_000)
    expect(parseDuration('2 m')).toBe(2 * minute)
    expect(parseDuration('1h')).toBe(60 * minute)
    expect(parseDuration('2,5')).toBe(2.5 * minute)
  })

  it('refuses text, zero and more than four hours', () => {
    expect(parseDuration('soon')).toBeNull()
    expect(parseDuration('0')).toBeNull()
    expect(parseDuration('5h')).toBeNull()
  })
})

describe('isVoteOpen', () => {
  const session = voteSession('s1', { startedAt: t0 })

  it('is open until closed', () => {
    expect(isVoteOpen(session, null, t0 + 60 * minute)).toBe(true)
    expect(isVoteOpen({ ...session, status: 'closed', closedAt: t0 }, null, t0)).toBe(false)
  })

  it('closes at its own end time', () => {
    expect(isVoteOpen({ ...session, endsAt: t0 + minute }, null, t0 + minute - 1)).toBe(true)
    expect(isVoteOpen({ ...session, endsAt: t0 + minute }, null, t0 + minute)).toBe(false)
  })

  it('closes when the timer tied to it runs out, and stays open while that timer is paused', () => {
    const timer = startTimer(createTimer(3 * minute, 'Vote', 's1'), t0)
    expect(isVoteOpen(session, timer, t0 + 2 * minute)).toBe(true)
    expect(isVoteOpen(session, timer, t0 + 3 * minute)).toBe(false)
    const paused = pauseTimer(timer, t0 + minute)
    expect(isVoteOpen(session, paused, t0 + 30 * minute)).toBe(true)
    const otherTimer = startTimer(createTimer(3 * minute, 'Step'), t0)
    expect(isVoteOpen(session, otherTimer, t0 + 30 * minute)).toBe(true)
  })
})
