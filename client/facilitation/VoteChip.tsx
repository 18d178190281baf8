import { useEditor, useValue } from 'tldraw'
import { countedDots } from '../../shared/workshop/voteTally'
import { formatCountdown, isVoteOpen } from '../../shared/workshop/workshopTimer'
import { useUiStore } from '../state/uiStore'
import { DotsIcon, TimerIcon } from '../ui/icons'
import { useCanVote, useIsFacilitator, useVoter, useWorkshop } from './useFacilitation'
import { useNow } from '../lib/useNow'
import { endingSoonMs } from './TimerChip'
import { getVotableCards, votableKindName } from './votingCards'

/**
 * The vote in the top bar: while one is open, its title and the local person's dots left (or,
 * for the facilitator, how many have voted, and "End vote"); once closed, a way to its results.
 */
export function VoteChip() {
  const editor = useEditor()
  const workshop = useWorkshop()
  const voter = useVoter()
  const canVote = useCanVote()
  const isFacilitator = useIsFacilitator()
  const showVoteResults = useUiStore((state) => state.showVoteResults)
  const resultsSessionId = useUiStore((state) => state.resultsSessionId)
  const session = useValue('newest vote', () => workshop.$sessions.get()[0] ?? null, [workshop])
  const timer = useValue(workshop.$timer)
  const now = useNow(1000, session?.status === 'open')
  const progress = useValue(
    'vote progress',
    () => {
      if (!session) return null
      const cards = getVotableCards(editor).get()
      const mine = countedDots(workshop.getMyDots(session, voter.id), session, cards)
      const tally = workshop.tallyOf(session, cards)
      return { myDots: mine.length, voters: tally.voters }
    },
    [editor, workshop, session, voter.id],
  )
  if (!session || !progress) return null

  if (session.status === 'closed') {
    if (resultsSessionId === session.id) return null
    return (
      <button
        type="button"
        className="fx-chip fx-chip--action fx-vote-chip"
        onClick={() => showVoteResults(session.id)}
      >
        <DotsIcon />
        Results: {session.title || votableKindName(session.cardType)}
      </button>
    )
  }

  const isOpen = isVoteOpen(session, timer, now)
  const left = session.votesPerPerson - progress.myDots
  const timeLeft = session.endsAt === null ? null : Math.max(0, session.endsAt - now)
  return (
    <div className="fx-chip fx-vote-chip fx-vote-chip--open" data-vote-open={isOpen}>
      <DotsIcon />
      <span className="fx-vote-chip__title">{session.title || 'Vote'}</span>
      {isOpen && timeLeft !== null && (
        <span
          className={`fx-vote-chip__time${timeLeft <= endingSoonMs ? ' is-ending' : ''}`}
          role="timer"
          aria-live="off"
          aria-label={`Vote: ${formatCountdown(timeLeft)} left`}
        >
          <TimerIcon size={13} />
          {formatCountdown(timeLeft)}
        </span>
      )}
      {!isOpen ? (
        <span className="fx-vote-chip__meta">Time is up</span>
      ) : canVote ? (
        <span
          className={`fx-votes-left${left === 0 ? ' is-spent' : ''}`}
          aria-label={`${left} of ${session.votesPerPerson} votes left`}
        >
          <span className="fx-votes-left__dots" aria-hidden="true">
            {Array.from({ length: session.votesPerPerson }, (_, i) => (
              <span
                key={i}
                className={`fx-dot${i < left ? '' : ' is-used'}`}
                style={i < left ? { background: 'var(--fx-my-color)' } : undefined}
              />
            ))}
          </span>
          {left === 1 ? '1 vote left' : `${left} votes left`}
        </span>
      ) : (
        <span className="fx-vote-chip__meta">Voting in progress</span>
      )}
      {isFacilitator && (
        <>
          <span className="fx-vote-chip__meta">
            {progress.voters === 1 ? '1 voted' : `${progress.voters} voted`}
          </span>
          <button
            type="button"
            className="button button--small fx-end-vote"
            onClick={() => workshop.closeVote(session.id)}
          >
            End vote
          </button>
        </>
      )}
    </div>
  )
}
