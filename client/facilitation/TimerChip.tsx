import { useValue } from 'tldraw'
import {
  formatCountdown,
  pauseTimer,
  startTimer,
  timerEndsAt,
  timerPhase,
  timerRemainingMs,
} from '../../shared/workshop/workshopTimer'
import { PauseIcon, PlayIcon, TimerIcon } from '../ui/icons'
import { useIsFacilitator, useWorkshop } from './useFacilitation'
import { useNow } from '../lib/useNow'

/** The last seconds are shown in amber. */
export const endingSoonMs = 30_000

/** How long "Time's up" stays on participants' screens. */
const staleAfterMs = 60_000

/**
 * The countdown in the top bar, the same on every screen (derived from the `timer` entry and the
 * local clock). Amber near the end, a red pulse at zero. Participants see it once it is started;
 * the facilitator can start and pause it from here.
 */
export function TimerChip() {
  const workshop = useWorkshop()
  const isFacilitator = useIsFacilitator()
  const timer = useValue(workshop.$timer)
  const isRunning = timer?.startedAt !== null && timer?.startedAt !== undefined
  // Keeps ticking a minute past the end, to retire "Time's up".
  const now = useNow(250, isRunning)
  if (!timer) return null
  const phase = timerPhase(timer, now)
  const endsAt = timerEndsAt(timer)
  // "Time's up" pulses for a minute; then participants no longer see it.
  const isStale = phase === 'finished' && endsAt !== null && now - endsAt > staleAfterMs
  if ((phase === 'idle' || isStale) && !isFacilitator) return null
  const remaining = timerRemainingMs(timer, now)
  const isEnding = phase === 'running' && remaining <= endingSoonMs
  const text = phase === 'finished' ? 'Time’s up' : formatCountdown(remaining)
  const label = timer.label.trim()

  return (
    <div
      className={`fx-chip fx-timer fx-timer--${phase}${isEnding ? ' is-ending' : ''}${isStale ? ' is-stale' : ''}`}
      role="timer"
      aria-live="off"
      aria-label={`${label || 'Timer'}: ${phase === 'finished' ? 'time is up' : `${formatCountdown(remaining)} left`}${phase === 'paused' ? ', paused' : ''}`}
      title={label || undefined}
      data-phase={phase}
    >
      <TimerIcon />
      <span className="fx-timer__time">{text}</span>
      {phase === 'paused' && <span className="fx-timer__state">Paused</span>}
      {isFacilitator && (phase === 'running' || phase === 'paused' || phase === 'idle') && (
        <button
          type="button"
          className="fx-icon-button"
          aria-label={phase === 'running' ? 'Pause timer' : 'Start timer'}
          onClick={() => {
            const at = Date.now()
            workshop.setTimer(phase === 'running' ? pauseTimer(timer, at) : startTimer(timer, at))
          }}
        >
          {phase === 'running' ? <PauseIcon size={14} /> : <PlayIcon size={14} />}
        </button>
      )}
    </div>
  )
}
