import { useId } from 'react'
import type { ReactionCount } from '../../shared/workshop/reactionTally'
import { reactionLabels, type ReactionKind } from '../../shared/workshop/workshopLayout'
import { describeReactors } from './describeReactors'
import { ReactionIcon } from './ReactionIcon'

/**
 * A card's reactions as chips (picture and count), the local person's own highlighted; each says
 * who reacted on hover and focus (a tooltip that is also the chip's description for screen
 * readers). Whoever may react toggles their own with a click; for others a chip only informs.
 */
export function ReactionChips({
  counts,
  names,
  selfId,
  canReact,
  onToggle,
  cardLabel,
}: {
  counts: readonly ReactionCount[]
  names: ReadonlyMap<string, string>
  selfId: string
  canReact: boolean
  onToggle: (kind: ReactionKind) => void
  /** Names the card in each chip's label, where the chips float on the canvas. */
  cardLabel?: string
}) {
  const idPrefix = useId()
  return (
    <>
      {counts.map(({ reaction, participantIds, isMine }) => {
        const label = reactionLabels[reaction]
        const count = participantIds.length
        const tipId = `${idPrefix}-${reaction}`
        const action = !canReact
          ? ''
          : isMine
            ? ' (click to take yours back)'
            : ' (click to add yours)'
        return (
          <button
            key={reaction}
            type="button"
            className={`reaction-chip${isMine ? ' is-mine' : ''}`}
            data-reaction={reaction}
            aria-label={`${label}${cardLabel ? ` on ${cardLabel}` : ''}: ${count}`}
            aria-pressed={canReact ? isMine : undefined}
            aria-disabled={canReact ? undefined : true}
            aria-describedby={tipId}
            onClick={() => {
              if (canReact) onToggle(reaction)
            }}
          >
            <ReactionIcon kind={reaction} />
            <span className="reaction-chip__count" aria-hidden="true">
              {count}
            </span>
            <span id={tipId} role="tooltip" className="reaction-chip__tip">
              {label}: {describeReactors(participantIds, names, selfId)}
              {action}
            </span>
          </button>
        )
      })}
    </>
  )
}
