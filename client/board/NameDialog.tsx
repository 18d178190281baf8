import { useState } from 'react'
import {
  participantFunctionLabels,
  participantFunctions,
  type ParticipantFunction,
} from '../../shared/workshop/workshopLayout'
import {
  participantColorNames,
  participantColors,
  useUiStore,
  type Identity,
} from '../state/uiStore'
import { Dialog } from '../ui/Dialog'
import './nameDialog.css'

/** True until the person has told us their name and function. */
export function needsIntroduction(identity: Identity): boolean {
  return !identity.name || !identity.function
}

/**
 * Asks a newcomer for a name, function and colour once; all are remembered in this browser. The
 * function lets the facilitator see votes by team.
 */
export function NameDialog() {
  const identity = useUiStore((state) => state.identity)
  const setIdentity = useUiStore((state) => state.setIdentity)
  const [name, setName] = useState(identity.name)
  const [color, setColor] = useState(identity.color)
  const [team, setTeam] = useState<ParticipantFunction | null>(identity.function)
  const trimmed = name.trim()

  return (
    <Dialog
      title="Join the workshop"
      description="Others see your name next to your cursor. No account needed."
      size="small"
    >
      <form
        className="name-dialog"
        onSubmit={(event) => {
          event.preventDefault()
          if (trimmed && team) setIdentity({ name: trimmed, color, function: team })
        }}
      >
        <label className="field">
          <span>Your name</span>
          <input
            autoFocus
            value={name}
            maxLength={40}
            placeholder="e.g. Dana from Sales"
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <fieldset className="field">
          <legend>Your function</legend>
          <div className="choice-chips">
            {participantFunctions.map((option) => (
              <label key={option} className="choice-chip">
                <input
                  type="radio"
                  name="participant-function"
                  value={option}
                  checked={team === option}
                  onChange={() => setTeam(option)}
                />
                <span>{participantFunctionLabels[option]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="field">
          <legend>Your colour</legend>
          <div className="swatches">
            {participantColors.map((swatch) => (
              <button
                type="button"
                key={swatch}
                className="swatch"
                style={{ background: swatch }}
                aria-label={participantColorNames[swatch]}
                aria-pressed={swatch === color}
                onClick={() => setColor(swatch)}
              />
            ))}
          </div>
        </fieldset>
        <button className="button button--primary" type="submit" disabled={!trimmed || !team}>
          Join board
        </button>
      </form>
    </Dialog>
  )
}
