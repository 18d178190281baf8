/**
 * The workshop countdown (`timer` entry of the `workshop` root) as pure functions of the entry and
 * a clock. Nothing ticks in the doc: the facilitator writes only when the timer is set, started,
 * paused or reset, and every client derives the remaining time from `startedAt` (or
 * `pausedRemainingMs`) and its own clock, so all screens agree as far as their clocks do.
 *
 * Running: `startedAt` is set and the time left is `durationMs - (now - startedAt)`. Resuming a
 * paused timer moves `startedAt` back by the time already spent, so that formula still holds.
 * Paused: `startedAt` is null and `pausedRemainingMs` holds the time left. Idle (reset): both null.
 */
import type { z } from 'zod'
import type { timerStateSchema, VoteSession } from './workshopLayout'

/** The `timer` entry. */
export type TimerState = z.infer<typeof timerStateSchema>

/** Where a countdown stands. `finished` = running and out of time. */
export type TimerPhase = 'idle' | 'running' | 'paused' | 'finished'

/** Preset durations offered to the facilitator, in minutes. */
export const timerPresetMinutes = [3, 5, 10, 15] as const

/** Shortest and longest durations the `timer` entry accepts. */
export const minTimerMs = 1000
export const maxTimerMs = 4 * 60 * 60 * 1000

/** An idle timer of `durationMs`. */
export function createTimer(
  durationMs: number,
  label = '',
  closesVoteSessionId?: string,
): TimerState {
  return {
    kind: 'timer',
    label,
    durationMs: clampDuration(durationMs),
    startedAt: null,
    pausedRemainingMs: null,
    ...(closesVoteSessionId ? { closesVoteSessionId } : {}),
  }
}

/** Milliseconds left at `now` (never negative; the full duration while idle). */
export function timerRemainingMs(timer: TimerState, now: number): number {
  if (timer.startedAt !== null) {
    return Math.max(0, timer.durationMs - Math.max(0, now - timer.startedAt))
  }
  if (timer.pausedRemainingMs !== null) return Math.min(timer.pausedRemainingMs, timer.durationMs)
  return timer.durationMs
}

/** The phase of `timer` at `now`. */
export function timerPhase(timer: TimerState, now: number): TimerPhase {
  if (timer.startedAt !== null) return timerRemainingMs(timer, now) > 0 ? 'running' : 'finished'
  return timer.pausedRemainingMs !== null ? 'paused' : 'idle'
}

/** When a running timer runs out (ms since the epoch), or null when it is not running. */
export function timerEndsAt(timer: TimerState): number | null {
  return timer.startedAt === null ? null : timer.startedAt + timer.durationMs
}

/** Starts an idle timer, resumes a paused one, restarts a finished one; a running one is kept. */
export function startTimer(timer: TimerState, now: number): TimerState {
  const phase = timerPhase(timer, now)
  if (phase === 'running') return timer
  const remaining = phase === 'paused' ? timerRemainingMs(timer, now) : timer.durationMs
  return {
    ...timer,
    startedAt: Math.max(0, now - (timer.durationMs - remaining)),
    pausedRemainingMs: null,
  }
}

/** Pauses a running timer, keeping the time left; other phases are kept. */
export function pauseTimer(timer: TimerState, now: number): TimerState {
  if (timerPhase(timer, now) !== 'running') return timer
  return { ...timer, startedAt: null, pausedRemainingMs: timerRemainingMs(timer, now) }
}

/** Back to the full duration, stopped. */
export function resetTimer(timer: TimerState): TimerState {
  return { ...timer, startedAt: null, pausedRemainingMs: null }
}

/** A new duration; the timer is reset (stopped, full time). */
export function setTimerDuration(timer: TimerState, durationMs: number): TimerState {
  return resetTimer({ ...timer, durationMs: clampDuration(durationMs) })
}

function clampDuration(durationMs: number): number {
  return Math.min(maxTimerMs, Math.max(minTimerMs, Math.round(durationMs)))
}

/** `m:ss` (or `h:mm:ss`), rounding up so the display reads 0:00 only when time is up. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = String(total % 60).padStart(2, '0')
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`
}

/**
 * Parses a custom duration typed by the facilitator: `7` (minutes), `7:30`, `90s`, `1h` or
 * `2m`. Null when it is not a duration in the accepted range.
 */
export function parseDuration(text: string): number | null {
  const input = text.trim().toLowerCase()
  let ms: number | null = null
  const clock = /^(\d{1,3}):([0-5]\d)$/.exec(input)
  const unit = /^(\d+(?:[.,]\d+)?)\s*(h|m|min|s|sec)?$/.exec(input)
  if (clock) ms = (Number(clock[1]) * 60 + Number(clock[2])) * 1000
  else if (unit) {
    const value = Number(unit[1]!.replace(',', '.'))
    const scale = unit[2] === 'h' ? 3_600_000 : unit[2]?.startsWith('s') ? 1000 : 60_000
    ms = Math.round(value * scale)
  }
  if (ms === null || ms < minTimerMs || ms > maxTimerMs) return null
  return ms
}

/**
 * Whether participants may still vote in `session` at `now`: it is open, its own `endsAt` has not
 * passed, and the timer that closes it (if any) has not run out. Every client decides the same
 * way, so voting stops on time even before the facilitator's client writes `closed`.
 */
export function isVoteOpen(session: VoteSession, timer: TimerState | null, now: number): boolean {
  if (session.status !== 'open') return false
  if (session.endsAt !== null && now >= session.endsAt) return false
  if (timer?.closesVoteSessionId === session.id && timerPhase(timer, now) === 'finished') {
    return false
  }
  return true
}
