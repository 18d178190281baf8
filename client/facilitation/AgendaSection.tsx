import { useEditor, useValue } from 'tldraw'
import { findStepFrame } from './camera'
import { useUiStore } from '../state/uiStore'
import { TimerControls } from './TimerControls'
import { useAgenda, useChangeStep, useWorkshop } from './useFacilitation'

/** The facilitator's agenda: the board's steps (click one to move the group there) and the timer. */
export function AgendaSection() {
  const editor = useEditor()
  const workshop = useWorkshop()
  const agenda = useAgenda()
  const changeStep = useChangeStep()
  const current = useValue(workshop.$step)
  const bringEveryone = useUiStore((state) => state.isBringingEveryoneOnStep)
  const setBringEveryone = useUiStore((state) => state.setBringingEveryoneOnStep)
  const hasFrames = useValue('has step frames', () => findStepFrame(editor, agenda[0]) !== null, [
    editor,
    agenda,
  ])

  return (
    <>
      <section className="fx-section" aria-labelledby="fx-steps-title">
        <h3 id="fx-steps-title">Steps</h3>
        <ol className="fx-steps">
          {agenda.map((step) => (
            <li key={step.number}>
              <button
                type="button"
                className="fx-steps__item"
                aria-current={step.number === current ? 'step' : undefined}
                onClick={() => changeStep(step.number)}
              >
                <span className="fx-steps__number">{step.number}</span>
                <span className="fx-steps__text">
                  <span className="fx-steps__title">{step.title}</span>
                  <span className="fx-steps__prompt">{step.prompt}</span>
                </span>
              </button>
            </li>
          ))}
        </ol>
        <div className="fx-row fx-row--between">
          <label className="fx-check">
            <input
              type="checkbox"
              checked={bringEveryone}
              disabled={!hasFrames}
              onChange={(event) => setBringEveryone(event.target.checked)}
            />
            Bring everyone to the step’s frame
          </label>
          {current !== null && (
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => workshop.setStep(null)}
            >
              End workshop
            </button>
          )}
        </div>
      </section>
      <section className="fx-section" aria-labelledby="fx-timer-title">
        <h3 id="fx-timer-title">Timer</h3>
        <TimerControls />
      </section>
    </>
  )
}
