import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { addDot, countedDots, removeDot, type CardTally } from '../../shared/workshop/voteTally'
import { participantFunctions } from '../../shared/workshop/workshopLayout'
import { isVoteOpen } from '../../shared/workshop/workshopTimer'
import { useUiStore } from '../state/uiStore'
import { functionColors } from './functionColors'
import { useCanVote, useVoter, useWorkshop } from './useFacilitation'
import { useNow } from '../lib/useNow'
import { cardLabel, getVotableCards } from './votingCards'

/** One votable card as drawn: where it is on screen and its dots. */
interface CardSpot {
  shapeId: TLShapeId
  label: string
  x: number
  y: number
  w: number
  h: number
  myDots: number
  /** Everyone's dots, or null while they are hidden from this person. */
  tally: CardTally | null
}

/** The largest number of dots drawn one by one on a card; more show as a count. */
const maxDrawnDots = 6

/**
 * Dot voting on the canvas (`InFrontOfTheCanvas`): while a vote is open, every card of the voted
 * kind takes a click to place one of the local person's dots, and each of their dots takes a click
 * to remove it; everyone's totals show unless the facilitator hides them until the end. Between
 * votes, each card shows its total and a bar by function from the latest closed vote, the same
 * for everyone (or from the vote the results panel shows, while it is open).
 */
export function VoteDots() {
  const editor = useEditor()
  const workshop = useWorkshop()
  const voter = useVoter()
  const canVote = useCanVote()
  const color = useUiStore((state) => state.identity.color)
  // The results panel may show an earlier vote; closed, the cards show the latest, as for all.
  const shownResultsId = useUiStore((state) =>
    state.openPanel === 'voteResults' ? state.resultsSessionId : null,
  )
  const session = useValue(
    'dots session',
    () => {
      const sessions = workshop.$sessions.get()
      return (
        workshop.$openSession.get() ??
        sessions.find((candidate) => candidate.id === shownResultsId) ??
        sessions.find((candidate) => candidate.status === 'closed') ??
        null
      )
    },
    [workshop, shownResultsId],
  )
  const timer = useValue(workshop.$timer)
  const now = useNow(1000, session?.status === 'open')
  const isVoting = session !== null && session.status === 'open' && isVoteOpen(session, timer, now)
  const showsTotals = session !== null && (session.status === 'closed' || !session.isHiddenUntilEnd)
  // A secret ballot needs the private doc, which opens once the server has the person on its list.
  const hasBallotBox = useValue(
    'ballot box',
    () => session !== null && workshop.canVoteIn(session),
    [workshop, session],
  )

  // Every dot of mine counts toward what is left, also those on cards off screen or on other pages.
  const { spots, myDotCount } = useValue(
    'vote spots',
    (): { spots: CardSpot[]; myDotCount: number } => {
      if (!session) return { spots: [], myDotCount: 0 }
      const cards = getVotableCards(editor).get()
      const tally = workshop.tallyOf(session, cards)
      const byCard = new Map(tally.cards.map((card) => [card.shapeId, card]))
      const mine = countedDots(workshop.getMyDots(session, voter.id), session, cards)
      const viewport = editor.getViewportPageBounds()
      const pageId = editor.getCurrentPageId()
      const result: CardSpot[] = []
      for (const [id, type] of cards) {
        if (type !== session.cardType) continue
        const shapeId = id as TLShapeId
        if (editor.getAncestorPageId(shapeId) !== pageId || editor.isShapeHidden(shapeId)) continue
        const bounds = editor.getShapePageBounds(shapeId)
        if (!bounds || !viewport.collides(bounds)) continue
        const topLeft = editor.pageToViewport({ x: bounds.minX, y: bounds.minY })
        const zoom = editor.getZoomLevel()
        result.push({
          shapeId,
          label: cardLabel(editor.getShape(shapeId)),
          x: topLeft.x,
          y: topLeft.y,
          w: bounds.w * zoom,
          h: bounds.h * zoom,
          myDots: mine.filter((dot) => dot === id).length,
          tally: showsTotals ? (byCard.get(id) ?? null) : null,
        })
      }
      return { spots: result, myDotCount: mine.length }
    },
    [editor, workshop, session, voter.id, showsTotals],
  )

  if (!session || (!isVoting && session.status === 'open' && !showsTotals)) return null
  const cards = () => getVotableCards(editor).get()
  const place = (shapeId: string) => {
    const dots = workshop.getMyDots(session, voter.id)
    const next = addDot(dots, shapeId, session, cards())
    if (next.length > countedDots(dots, session, cards()).length) {
      workshop.setMyDots(session, voter, next)
    }
  }
  const take = (shapeId: string) =>
    workshop.setMyDots(session, voter, removeDot(workshop.getMyDots(session, voter.id), shapeId))
  const left = session.votesPerPerson - myDotCount
  const isPlacing = isVoting && canVote && hasBallotBox

  return (
    <div
      className={`fx-dots${isPlacing ? ' is-voting' : ''}`}
      data-session={session.id}
      style={{ ['--fx-my-color' as string]: color }}
    >
      {spots.map((spot) => {
        return (
          <div
            key={spot.shapeId}
            className="fx-dots__card"
            data-shape-id={spot.shapeId}
            data-total={spot.tally ? spot.tally.total : undefined}
            style={{
              transform: `translate(${spot.x}px, ${spot.y}px)`,
              width: spot.w,
              height: spot.h,
            }}
          >
            {isPlacing && (
              <button
                type="button"
                className={`fx-dots__target${left <= 0 ? ' is-spent' : ''}`}
                aria-label={`Vote for ${spot.label}`}
                title={
                  left > 0
                    ? 'Click to place a dot'
                    : 'No votes left: click one of your dots to take it back'
                }
                onClick={() => place(spot.shapeId)}
              />
            )}
            {(spot.myDots > 0 || (spot.tally && spot.tally.total > 0)) && (
              <div className="fx-dots__tray">
                {isPlacing &&
                  Array.from({ length: Math.min(spot.myDots, maxDrawnDots) }, (_, i) => (
                    <button
                      key={i}
                      type="button"
                      className="fx-dot fx-dot--mine"
                      style={{ background: 'var(--fx-my-color)' }}
                      aria-label={`Remove your vote from ${spot.label}`}
                      title="Your dot: click to take it back"
                      onClick={() => take(spot.shapeId)}
                    />
                  ))}
                {isPlacing && spot.myDots > maxDrawnDots && (
                  <span className="fx-dots__more">+{spot.myDots - maxDrawnDots}</span>
                )}
                {spot.tally && (
                  <span
                    className="fx-dots__total"
                    aria-label={`${spot.tally.total} ${spot.tally.total === 1 ? 'vote' : 'votes'}`}
                  >
                    {spot.tally.total}
                  </span>
                )}
              </div>
            )}
            {!isVoting && spot.tally && spot.tally.total > 0 && (
              <div className="fx-dots__bar" aria-hidden="true">
                {participantFunctions.map((fn) =>
                  spot.tally!.byFunction[fn] > 0 ? (
                    <span
                      key={fn}
                      style={{
                        flexGrow: spot.tally!.byFunction[fn],
                        background: functionColors[fn],
                      }}
                    />
                  ) : null,
                )}
              </div>
            )}
          </div>
        )
      })}
    </div>
  )
}
