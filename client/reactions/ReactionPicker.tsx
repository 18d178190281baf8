import { useId, useRef, useState } from 'react'
import {
  reactionKinds,
  reactionLabels,
  type ReactionKind,
} from '../../shared/workshop/workshopLayout'
import { Popover } from '../ui/Popover'
import { ReactionIcon } from './ReactionIcon'

/**
 * The "add a reaction" button of a card and the row of reactions it opens: each reaction is a
 * toggle button (pressed when it is yours). Picking one closes the row, as in Slack; Escape closes
 * it and gives the focus back to the button.
 */
export function ReactionPicker({
  mine,
  onToggle,
  cardLabel,
  onOpenChange,
}: {
  /** The reactions the local person has on the card. */
  mine: ReadonlySet<ReactionKind>
  onToggle: (kind: ReactionKind) => void
  cardLabel: string
  /** Told when the row opens or closes (the canvas keeps the card's chips while it is open). */
  onOpenChange?: (isOpen: boolean) => void
}) {
  const id = useId()
  const toggleRef = useRef<HTMLButtonElement>(null)
  const [isOpen, setOpen] = useState(false)
  const open = (next: boolean) => {
    setOpen(next)
    onOpenChange?.(next)
  }
  return (
    <span className="reaction-picker">
      <button
        ref={toggleRef}
        type="button"
        className="reaction-add"
        aria-label={`Add a reaction to ${cardLabel}`}
        title="Add a reaction"
        aria-expanded={isOpen}
        aria-controls={id}
        onClick={() => open(!isOpen)}
      >
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <circle cx="7" cy="8.5" r="5.5" />
          <path d="M4.9 10.2c.9 1.1 3.3 1.1 4.2 0M5.2 7h.01M8.8 7h.01M13 1.5v4M11 3.5h4" />
        </svg>
      </button>
      {isOpen && (
        <Popover
          id={id}
          label={`Reactions for ${cardLabel}`}
          className="reaction-picker__row"
          onClose={() => open(false)}
        >
          {reactionKinds.map((kind, index) => (
            <button
              key={kind}
              type="button"
              className={`reaction-picker__option${mine.has(kind) ? ' is-mine' : ''}`}
              data-reaction={kind}
              aria-label={reactionLabels[kind]}
              aria-pressed={mine.has(kind)}
              title={reactionLabels[kind]}
              autoFocus={index === 0}
              onClick={() => {
                onToggle(kind)
                open(false)
                toggleRef.current?.focus()
              }}
            >
              <ReactionIcon kind={kind} size={20} />
            </button>
          ))}
        </Popover>
      )}
    </span>
  )
}
