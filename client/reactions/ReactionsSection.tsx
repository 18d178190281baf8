import { useId, useState } from 'react'
import { useValue } from 'tldraw'
import { reactionKinds, reactionLabels } from '../../shared/workshop/workshopLayout'
import { describeReactors } from './describeReactors'
import { ReactionIcon } from './ReactionIcon'
import {
  useCanReact,
  useIsPrivateCard,
  usePeopleNames,
  useReactionTally,
  useSelfId,
  useToggleReaction,
} from './useReactions'
import { asSentence } from '../lib/errorText'
import './reactions.css'

/**
 * The card panel's reactions: every reaction as a toggle button with its count (whoever may react
 * adds or takes back their own), and who reacted, in words. Whoever may not react reads who did.
 * A card still private to its author (private brainstorm) has none until it is revealed.
 */
export function ReactionsSection({ shapeId }: { shapeId: string }) {
  const tally = useReactionTally()
  const counts = useValue('card reactions', () => tally.get().get(shapeId) ?? [], [tally, shapeId])
  const canReact = useCanReact()
  const selfId = useSelfId()
  const names = usePeopleNames()
  const toggle = useToggleReaction()
  const [problem, setProblem] = useState<string | null>(null)
  const titleId = useId()
  const isPrivate = useIsPrivateCard()(shapeId)
  if (isPrivate || (!canReact && counts.length === 0)) return null

  return (
    <section className="card-panel-reactions" aria-labelledby={titleId}>
      <h3 id={titleId} className="icp-panel__section-title">
        Reactions
      </h3>
      {canReact && (
        <div className="card-panel-reactions__buttons">
          {reactionKinds.map((kind) => {
            const count = counts.find((candidate) => candidate.reaction === kind)
            const isMine = count?.isMine ?? false
            const total = count?.participantIds.length ?? 0
            return (
              <button
                key={kind}
                type="button"
                className={`reaction-chip reaction-chip--panel${isMine ? ' is-mine' : ''}`}
                data-reaction={kind}
                aria-pressed={isMine}
                aria-label={`${reactionLabels[kind]}: ${total}`}
                title={reactionLabels[kind]}
                onClick={() => setProblem(toggle(shapeId, kind))}
              >
                <ReactionIcon kind={kind} />
                {total > 0 && (
                  <span className="reaction-chip__count" aria-hidden="true">
                    {total}
                  </span>
                )}
              </button>
            )
          })}
        </div>
      )}
      {problem && (
        <p className="icp-panel__error" role="alert">
          {asSentence(problem)}
        </p>
      )}
      {counts.length > 0 ? (
        <ul className="card-panel-reactions__who">
          {counts.map(({ reaction, participantIds }) => (
            <li key={reaction} data-reaction={reaction}>
              <ReactionIcon kind={reaction} />
              <span>
                <strong>{reactionLabels[reaction]}</strong>{' '}
                {describeReactors(participantIds, names, selfId)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="card-panel-reactions__empty">No reactions yet.</p>
      )}
    </section>
  )
}
