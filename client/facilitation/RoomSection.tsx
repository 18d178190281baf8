import { useEditor, useValue } from 'tldraw'
import { useUiStore } from '../state/uiStore'
import { currentViewPlace } from './camera'
import { areFramesLocked, lockedFrames, selectedFrameIds, setFramesLocked } from './frameLocks'
import { EyeOffIcon, LockIcon, SummonIcon, UnlockIcon } from '../ui/icons'
import { PeopleSection } from './PeopleSection'
import { useWorkshop } from './useFacilitation'

/** A switch row: a title, a sentence of what it does, and the toggle. */
function Switch({
  label,
  detail,
  isOn,
  onChange,
}: {
  label: string
  detail: string
  isOn: boolean
  onChange: (isOn: boolean) => void
}) {
  return (
    <label className="fx-switch">
      <span className="fx-switch__text">
        <span className="fx-switch__label">{label}</span>
        <span className="fx-hint">{detail}</span>
      </span>
      <input
        type="checkbox"
        role="switch"
        checked={isOn}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span className="fx-switch__track" aria-hidden="true" />
    </label>
  )
}

/**
 * The facilitator's room controls: lock the whole board or selected frames, run a private
 * brainstorm and reveal it, bring everyone to the facilitator's view, and tidy the people list.
 */
export function RoomSection() {
  const editor = useEditor()
  const workshop = useWorkshop()
  const name = useUiStore((state) => state.identity.name)
  const isLocked = useValue(workshop.$isBoardLocked)
  const privateMode = useValue(workshop.$privateMode)
  const frames = useValue('selected frames', () => selectedFrameIds(editor), [editor])
  const areSelectedLocked = useValue(
    'selected frames locked',
    () => areFramesLocked(editor, selectedFrameIds(editor)),
    [editor],
  )
  const locked = useValue('locked frames', () => lockedFrames(editor), [editor])

  return (
    <>
      <section className="fx-section" aria-labelledby="fx-everyone-title">
        <h3 id="fx-everyone-title">Everyone</h3>
        <button
          type="button"
          className="button fx-wide"
          onClick={() => workshop.summon({ ...currentViewPlace(editor), by: name })}
        >
          <SummonIcon /> Bring everyone to my view
        </button>
      </section>
      <section className="fx-section" aria-labelledby="fx-lock-title">
        <h3 id="fx-lock-title">
          <LockIcon size={14} /> Locking
        </h3>
        <Switch
          label="Lock the board"
          detail="Only you can edit. Everyone can still look around, vote and comment."
          isOn={isLocked}
          onChange={(isOn) => workshop.setBoardLocked(isOn)}
        />
        <div className="fx-row">
          <button
            type="button"
            className="button button--small"
            disabled={frames.length === 0}
            title={frames.length === 0 ? 'Select one or more frames first' : undefined}
            onClick={() => setFramesLocked(editor, frames, !areSelectedLocked)}
          >
            {areSelectedLocked ? <UnlockIcon size={14} /> : <LockIcon size={14} />}
            {areSelectedLocked
              ? 'Unlock selected frames'
              : frames.length > 1
                ? `Lock ${frames.length} selected frames`
                : 'Lock selected frame'}
          </button>
        </div>
        {locked.length > 0 && (
          <ul className="fx-list fx-list--compact" aria-label="Locked frames">
            {locked.map((frame) => (
              <li key={frame.id} className="fx-list__row">
                <LockIcon size={12} />
                <span className="fx-list__name">{frame.name}</span>
                <button
                  type="button"
                  className="button button--small button--quiet"
                  onClick={() => setFramesLocked(editor, [frame.id], false)}
                >
                  Unlock
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="fx-section" aria-labelledby="fx-private-title">
        <h3 id="fx-private-title">
          <EyeOffIcon size={14} /> Private brainstorm
        </h3>
        {privateMode?.isOn ? (
          <>
            <p className="fx-hint">
              Running since{' '}
              {new Date(privateMode.startedAt ?? Date.now()).toLocaleTimeString([], {
                hour: '2-digit',
                minute: '2-digit',
              })}
              . Everyone sees only their own new cards.
            </p>
            <button
              type="button"
              className="button button--primary fx-wide"
              onClick={() => workshop.setPrivateMode(false)}
            >
              Reveal everyone’s cards
            </button>
          </>
        ) : (
          <>
            <p className="fx-hint">
              People add cards without seeing each other’s, so the first ideas do not anchor the
              group. Reveal them all at once.
            </p>
            <button
              type="button"
              className="button fx-wide"
              onClick={() => workshop.setPrivateMode(true)}
            >
              Start private mode
            </button>
          </>
        )}
      </section>
      <PeopleSection />
    </>
  )
}
