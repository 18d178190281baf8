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

/**
 * A zoomed-out card's reactions in one button: the pictures of the kinds used and how many
 * reactions there are; the tooltip counts each kind, and a click selects the card (its panel
 * lists who reacted).
 */
export function ReactionSummary({
  counts,
  cardLabel,
  onOpen,
}: {
  counts: readonly ReactionCount[]
  cardLabel: string
  onOpen: () => void
}) {
  const tipId = useId()
  const total = counts.reduce((sum, count) => sum + count.participantIds.length, 0)
  const each = counts
    .map(({ reaction, participantIds }) => `${reactionLabels[reaction]} ${participantIds.length}`)
    .join(', ')
  return (
    <button
      type="button"
      className={`reaction-chip reaction-summary${counts.some((c) => c.isMine) ? ' is-mine' : ''}`}
      aria-label={`Reactions on ${cardLabel}: ${total}`}
      aria-describedby={tipId}
      onClick={onOpen}
    >
      <span className="reaction-summary__icons">
        {counts.slice(0, 3).map(({ reaction }) => (
          <ReactionIcon key={reaction} kind={reaction} size={14} />
        ))}
      </span>
      <span className="reaction-chip__count" aria-hidden="true">
        {total}
      </span>
      <span id={tipId} role="tooltip" className="reaction-chip__tip">
        {each}
      </span>
    </button>
  )
}
