import { useState } from 'react'
import { participantColors, useUiStore } from '../state/uiStore'

/** Asks a newcomer for a name and colour once; both are remembered in this browser. */
export function NameDialog() {
  const identity = useUiStore((state) => state.identity)
  const setIdentity = useUiStore((state) => state.setIdentity)
  const [name, setName] = useState(identity.name)
  const [color, setColor] = useState(identity.color)
  const trimmed = name.trim()

  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        aria-labelledby="name-dialog-title"
        onSubmit={(event) => {
          event.preventDefault()
          if (trimmed) setIdentity({ name: trimmed, color })
        }}
      >
        <h2 id="name-dialog-title">Join the workshop</h2>
        <p className="muted">Others see your name next to your cursor. No account needed.</p>
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
          <legend>Your colour</legend>
          <div className="swatches">
            {participantColors.map((swatch) => (
              <button
                type="button"
                key={swatch}
                className="swatch"
                style={{ background: swatch }}
                aria-label={`Colour ${swatch}`}
                aria-pressed={swatch === color}
                onClick={() => setColor(swatch)}
              />
            ))}
          </div>
        </fieldset>
        <button className="button button--primary" type="submit" disabled={!trimmed}>
          Join board
        </button>
      </form>
    </div>
  )
}
