import { useState } from 'react'
import { useEditor, useValue } from 'tldraw'
import { timerPresetMinutes } from '../../shared/workshop/workshopTimer'
import { useUiStore } from '../state/uiStore'
import { zoomToShapes } from './camera'
import { useWorkshop } from './useFacilitation'
import { getVotableCards, votableKindName, votableKinds } from './votingCards'

const minute = 60_000
const maxVotesPerPerson = 10

/**
 * The facilitator's dot-voting controls: set up and start a vote (card kind, dots per person,
 * anonymous, results hidden until the end, an optional time limit of its own that leaves the
 * step's countdown alone), follow and
 * end the open one, and reopen the results of earlier votes.
 */
export function VoteSection() {
  const workshop = useWorkshop()
  const openVote = useValue(workshop.$openSession)
  return (
    <>
      {openVote ? <OpenVote /> : <StartVoteForm />}
      <PastVotes />
    </>
  )
}

function StartVoteForm() {
  const editor = useEditor()
  const workshop = useWorkshop()
  const name = useUiStore((state) => state.identity.name)
  const cardCounts = useValue(
    'votable card counts',
    () => {
      const counts = new Map<string, number>()
      for (const type of getVotableCards(editor).get().values()) {
        counts.set(type, (counts.get(type) ?? 0) + 1)
      }
      return counts
    },
    [editor],
  )
  const firstWithCards = votableKinds.find((kind) => (cardCounts.get(kind.type) ?? 0) > 0)
  const [cardType, setCardType] = useState(firstWithCards?.type ?? votableKinds[0]!.type)
  const kind = votableKinds.find((candidate) => candidate.type === cardType)!
  const [title, setTitle] = useState('')
  const [votesPerPerson, setVotesPerPerson] = useState(3)
  const [isAnonymous, setIsAnonymous] = useState(false)
  const [isHiddenUntilEnd, setIsHiddenUntilEnd] = useState(true)
  const [limitMinutes, setLimitMinutes] = useState<number | null>(3)
  const cardCount = cardCounts.get(cardType) ?? 0

  const start = () => {
    const now = Date.now()
    workshop.startVote(
      {
        title: title.trim() || kind.defaultTitle,
        cardType,
        votesPerPerson,
        isAnonymous,
        isHiddenUntilEnd,
      },
      now,
      limitMinutes === null ? null : now + limitMinutes * minute,
    )
    // Everyone looks at the cards being voted on.
    const cards = [...getVotableCards(editor).get()].filter(([, type]) => type === cardType)
    const place = zoomToShapes(
      editor,
      cards.map(([id]) => id),
    )
    if (place) workshop.summon({ ...place, by: name })
    setTitle('')
  }

  return (
    <form
      className="fx-section fx-form"
      aria-labelledby="fx-new-vote-title"
      onSubmit={(event) => {
        event.preventDefault()
        start()
      }}
    >
      <h3 id="fx-new-vote-title">New dot vote</h3>
      <label className="field">
        <span>Vote on</span>
        <select value={cardType} onChange={(event) => setCardType(event.target.value)}>
          {votableKinds.map((option) => (
            <option key={option.type} value={option.type}>
              {option.plural} ({cardCounts.get(option.type) ?? 0})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Question</span>
        <input
          value={title}
          placeholder={kind.defaultTitle}
          maxLength={120}
          onChange={(event) => setTitle(event.target.value)}
        />
      </label>
      <div className="fx-form__grid">
        <label className="field">
          <span>Dots per person</span>
          <input
            type="number"
            min={1}
            max={maxVotesPerPerson}
            value={votesPerPerson}
            onChange={(event) =>
              setVotesPerPerson(
                Math.min(
                  maxVotesPerPerson,
                  Math.max(1, Math.round(Number(event.target.value)) || 1),
                ),
              )
            }
          />
        </label>
        <label className="field">
          <span>Time limit</span>
          <select
            value={limitMinutes ?? ''}
            onChange={(event) =>
              setLimitMinutes(event.target.value === '' ? null : Number(event.target.value))
            }
          >
            <option value="">None</option>
            {timerPresetMinutes.map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes} minutes
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="fx-check">
        <input
          type="checkbox"
          checked={isHiddenUntilEnd}
          onChange={(event) => setIsHiddenUntilEnd(event.target.checked)}
        />
        Hide results until the vote ends
      </label>
      <label className="fx-check">
        <input
          type="checkbox"
          checked={isAnonymous}
          onChange={(event) => setIsAnonymous(event.target.checked)}
        />
        Anonymous (no names on ballots; functions still count)
      </label>
      <button type="submit" className="button button--primary" disabled={cardCount === 0}>
        Start vote
      </button>
      {cardCount === 0 && (
        <p className="fx-hint">
          Add {kind.plural.toLowerCase()} cards to the board to vote on them.
        </p>
      )}
    </form>
  )
}

function OpenVote() {
  const editor = useEditor()
  const workshop = useWorkshop()
  const showVoteResults = useUiStore((state) => state.showVoteResults)
  const setPanelOpen = useUiStore((state) => state.setFacilitatorPanelOpen)
  const session = useValue(workshop.$openSession)!
  const tally = useValue(
    'open vote tally',
    () => workshop.tallyOf(session, getVotableCards(editor).get()),
    [editor, workshop, session],
  )
  return (
    <section className="fx-section fx-open-vote" aria-labelledby="fx-open-vote-title">
      <h3 id="fx-open-vote-title">Vote in progress</h3>
      <p className="fx-open-vote__title">{session.title}</p>
      <p className="fx-hint">
        {votableKindName(session.cardType)} · {session.votesPerPerson} dots each
        {session.isAnonymous ? ' · anonymous' : ''}
        {session.isHiddenUntilEnd ? ' · results hidden until the end' : ''}
      </p>
      <div className="fx-stats">
        <div>
          <strong>{tally.voters}</strong>
          <span>{tally.voters === 1 ? 'person voted' : 'people voted'}</span>
        </div>
        <div>
          <strong>{tally.dots}</strong>
          <span>dots placed</span>
        </div>
      </div>
      <div className="fx-row">
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            // The results open beside the board; the controls would only cover it.
            setPanelOpen(false)
            workshop.closeVote(session.id)
          }}
        >
          End vote and show results
        </button>
        <button type="button" className="button" onClick={() => showVoteResults(session.id)}>
          Live results
        </button>
      </div>
    </section>
  )
}

function PastVotes() {
  const workshop = useWorkshop()
  const showVoteResults = useUiStore((state) => state.showVoteResults)
  const sessions = useValue(
    'closed votes',
    () => workshop.$sessions.get().filter((session) => session.status === 'closed'),
    [workshop],
  )
  if (sessions.length === 0) return null
  return (
    <section className="fx-section" aria-labelledby="fx-past-votes-title">
      <h3 id="fx-past-votes-title">Earlier votes</h3>
      <ul className="fx-list">
        {sessions.slice(0, 6).map((session) => (
          <li key={session.id}>
            <button
              type="button"
              className="fx-list__item"
              onClick={() => showVoteResults(session.id)}
            >
              <span>{session.title}</span>
              <span className="fx-hint">
                {votableKindName(session.cardType)} ·{' '}
                {new Date(session.closedAt ?? session.startedAt).toLocaleTimeString([], {
                  hour: '2-digit',
                  minute: '2-digit',
                })}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
