import { useState } from 'react'
import { useValue } from 'tldraw'
import {
  createTimer,
  formatCountdown,
  parseDuration,
  pauseTimer,
  resetTimer,
  setTimerDuration,
  startTimer,
  timerPhase,
  timerPresetMinutes,
  timerRemainingMs,
  type TimerState,
} from '../../shared/workshop/workshopTimer'
import { PauseIcon, PlayIcon, ResetIcon } from '../ui/icons'
import { useAgenda, useWorkshop } from './useFacilitation'
import { useNow } from '../lib/useNow'

const minute = 60_000

/**
 * The facilitator's countdown controls: a duration (presets or typed), start / pause / resume,
 * reset, and whether the open vote closes when time is up. Each press is one write to the
 * `timer` entry; nothing is written while it runs.
 */
export function TimerControls() {
  const workshop = useWorkshop()
  const stored = useValue(workshop.$timer)
  const step = useValue(workshop.$step)
  const agenda = useAgenda()
  const openVote = useValue(workshop.$openSession)
  const timer = stored ?? createTimer(5 * minute)
  const now = useNow(250, timer.startedAt !== null)
  const phase = timerPhase(timer, now)
  const [custom, setCustom] = useState('')
  const customMs = custom.trim() ? parseDuration(custom) : null
  const isCustomInvalid = custom.trim() !== '' && customMs === null

  const stepTitle = (step === null ? undefined : agenda[step - 1])?.title ?? ''
  const write = (next: TimerState) => workshop.setTimer(next)
  const chooseDuration = (ms: number) =>
    write({ ...setTimerDuration(timer, ms), label: timer.label || stepTitle })
  const isTiedToVote = openVote !== null && timer.closesVoteSessionId === openVote.id

  return (
    <div className="fx-timer-controls">
      <div className="fx-timer-controls__display" data-phase={phase}>
        <span className="fx-timer-controls__time">
          {phase === 'finished' ? '0:00' : formatCountdown(timerRemainingMs(timer, now))}
        </span>
        <span className="fx-timer-controls__state">
          {phase === 'idle'
            ? 'Ready'
            : phase === 'running'
              ? 'Running'
              : phase === 'paused'
                ? 'Paused'
                : 'Time’s up'}
        </span>
      </div>
      <div className="fx-segmented" role="group" aria-label="Timer duration">
        {timerPresetMinutes.map((minutes) => (
          <button
            key={minutes}
            type="button"
            aria-pressed={timer.durationMs === minutes * minute}
            onClick={() => chooseDuration(minutes * minute)}
          >
            {minutes} min
          </button>
        ))}
        <form
          className="fx-timer-controls__custom"
          onSubmit={(event) => {
            event.preventDefault()
            if (customMs !== null) {
              chooseDuration(customMs)
              setCustom('')
            }
          }}
        >
          <input
            aria-label="Custom duration"
            placeholder="Custom"
            value={custom}
            aria-invalid={isCustomInvalid}
            title="Minutes, or m:ss (e.g. 7 or 7:30)"
            onChange={(event) => setCustom(event.target.value)}
          />
        </form>
      </div>
      <div className="fx-row">
        {phase === 'running' ? (
          <button
            type="button"
            className="button"
            onClick={() => write(pauseTimer(timer, Date.now()))}
          >
            <PauseIcon /> Pause
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary"
            onClick={() =>
              write(startTimer({ ...timer, label: timer.label || stepTitle }, Date.now()))
            }
          >
            <PlayIcon />{' '}
            {phase === 'paused' ? 'Resume' : phase === 'finished' ? 'Restart' : 'Start'}
          </button>
        )}
        <button
          type="button"
          className="button"
          disabled={phase === 'idle'}
          onClick={() => write(resetTimer(timer))}
        >
          <ResetIcon /> Reset
        </button>
      </div>
      {openVote && (
        <label className="fx-check">
          <input
            type="checkbox"
            checked={isTiedToVote}
            onChange={(event) =>
              write({
                ...timer,
                closesVoteSessionId: event.target.checked ? openVote.id : null,
              })
            }
          />
          Close “{openVote.title}” when time is up
        </label>
      )}
    </div>
  )
}
