import { useEditor, useValue } from 'tldraw'
import { useCoversCanvas } from '../board/visibleArea'
import { useUiStore } from '../state/uiStore'
import { findStepFrame, zoomToStep } from './camera'
import { ChevronLeftIcon, ChevronRightIcon, CloseIcon, FlagIcon } from '../ui/icons'
import { useAgenda, useChangeStep, useIsFacilitator, useWorkshop } from './useFacilitation'

/**
 * The current workshop step in the top bar, for everyone: its number and title (click to show or
 * hide its prompt). The facilitator gets previous / next, and "Start the workshop" before step 1.
 */
export function StepChip() {
  const workshop = useWorkshop()
  const isFacilitator = useIsFacilitator()
  const changeStep = useChangeStep()
  const agenda = useAgenda()
  const current = useValue(workshop.$step)
  const isPromptOpen = useUiStore((state) => state.isStepPromptOpen)
  const setPromptOpen = useUiStore((state) => state.setStepPromptOpen)

  if (current === null) {
    if (!isFacilitator) return null
    return (
      <button type="button" className="fx-chip fx-chip--action" onClick={() => changeStep(1)}>
        <FlagIcon />
        Start the workshop
      </button>
    )
  }
  const step = agenda[current - 1]
  if (!step) return null

  return (
    <div className="fx-chip fx-step__chip" data-step={current}>
      {isFacilitator && (
        <button
          type="button"
          className="fx-icon-button"
          aria-label="Previous step"
          disabled={current <= 1}
          onClick={() => changeStep(current - 1)}
        >
          <ChevronLeftIcon />
        </button>
      )}
      <button
        type="button"
        className="fx-step__label"
        aria-expanded={isPromptOpen}
        title={isPromptOpen ? 'Hide the prompt' : 'Show the prompt'}
        onClick={() => setPromptOpen(!isPromptOpen)}
      >
        <span className="fx-step__number">
          Step {current}
          <span className="fx-step__of">/{agenda.length}</span>
        </span>
        <span className="fx-step__title">{step.title}</span>
      </button>
      {isFacilitator && (
        <button
          type="button"
          className="fx-icon-button"
          aria-label="Next step"
          disabled={current >= agenda.length}
          onClick={() => changeStep(current + 1)}
        >
          <ChevronRightIcon />
        </button>
      )}
    </div>
  )
}

/** The current step's prompt, under the bar: what the facilitator asks the group now. */
export function StepPrompt() {
  const editor = useEditor()
  const workshop = useWorkshop()
  const current = useValue(workshop.$step)
  const agenda = useAgenda()
  const isOpen = useUiStore((state) => state.isStepPromptOpen)
  const setOpen = useUiStore((state) => state.setStepPromptOpen)
  const step = current === null ? undefined : agenda[current - 1]
  const hasFrame = useValue('step frame', () => findStepFrame(editor, step) !== null, [
    editor,
    step,
  ])
  const coversTop = useCoversCanvas('top')
  if (!isOpen || !step) return null
  return (
    <div
      ref={coversTop}
      className="fx-prompt"
      role="note"
      aria-label={`Step ${step.number} prompt`}
    >
      <p>{step.prompt}</p>
      <div className="fx-prompt__actions">
        {hasFrame && (
          <button
            type="button"
            className="button button--small"
            onClick={() => zoomToStep(editor, step)}
          >
            Go to step
          </button>
        )}
        <button
          type="button"
          className="fx-icon-button"
          aria-label="Hide the prompt"
          onClick={() => setOpen(false)}
        >
          <CloseIcon size={14} />
        </button>
      </div>
    </div>
  )
}
