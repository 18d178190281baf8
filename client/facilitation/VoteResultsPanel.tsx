import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { attributeCardType } from '../../shared/schema/attributeCard'
import {
  findDisagreements,
  latestClosedSessions,
  type CardTally,
} from '../../shared/workshop/voteTally'
import {
  participantFunctionLabels,
  participantFunctions,
} from '../../shared/workshop/workshopLayout'
import { revealShapes } from '../board/visibleArea'
import { useUiStore } from '../state/uiStore'
import { sidePanelDomId } from '../state/panelsSlice'
import { SidePanel } from '../ui/SidePanel'
import { functionColors } from './functionColors'
import { useIsFacilitator, useWorkshop } from './useFacilitation'
import { cardLabel, getVotableCards, votableKindName } from './votingCards'

function percent(share: number): string {
  return `${Math.round(share * 100)}%`
}

/** A bar split by function: one segment per function, as long as its dots. */
function FunctionBar({ tally, max }: { tally: CardTally; max: number }) {
  return (
    <span
      className="fx-results__bar"
      style={{ width: `${max > 0 ? Math.max(4, (tally.total / max) * 100) : 0}%` }}
      aria-hidden="true"
    >
      {participantFunctions.map((fn) =>
        tally.byFunction[fn] > 0 ? (
          <span
            key={fn}
            title={`${participantFunctionLabels[fn]}: ${tally.byFunction[fn]}`}
            style={{ flexGrow: tally.byFunction[fn], background: functionColors[fn] }}
          />
        ) : null,
      )}
    </span>
  )
}

/**
 * The results of a dot vote (a side panel): cards ranked by votes with a bar split by function,
 * who voted by function, and the cards the functions disagree on most. Opens for everyone when a
 * vote closes; the facilitator can also watch an open vote live.
 */
export function VoteResultsPanel() {
  const isOpen = useUiStore((state) => state.openPanel === 'voteResults')
  // Closed, it subscribes to nothing: the tally changes with every dot.
  if (!isOpen) return null
  return <VoteResultsContent />
}

function VoteResultsContent() {
  const editor = useEditor()
  const workshop = useWorkshop()
  const isFacilitator = useIsFacilitator()
  const sessionId = useUiStore((state) => state.resultsSessionId)
  const showVoteResults = useUiStore((state) => state.showVoteResults)
  const closePanel = useUiStore((state) => state.closePanel)
  const sessions = useValue(workshop.$sessions)
  const session = sessions.find((candidate) => candidate.id === sessionId) ?? null
  const tally = useValue(
    'results tally',
    () => (session ? workshop.tallyOf(session, getVotableCards(editor).get()) : null),
    [editor, workshop, session],
  )
  const labels = useValue(
    'result labels',
    () =>
      new Map(
        (tally?.cards ?? []).map((card) => [
          card.shapeId,
          cardLabel(editor.getShape(card.shapeId as TLShapeId)),
        ]),
      ),
    [editor, tally],
  )
  if (!session || !tally) return null
  const isLive = session.status === 'open'
  if (isLive && session.isHiddenUntilEnd && !isFacilitator) return null

  const voted = tally.cards.filter((card) => card.total > 0)
  const unvoted = tally.cards.length - voted.length
  const max = voted[0]?.total ?? 0
  const disagreements = findDisagreements(tally)
  const functionsVoting = participantFunctions.filter((fn) => tally.votersByFunction[fn] > 0)
  const choices = sessions.filter((candidate) => candidate.status === 'closed' || isFacilitator)
  const ordersIcp =
    session.cardType === attributeCardType &&
    latestClosedSessions(sessions).some((latest) => latest.id === session.id)

  const reveal = (shapeId: string) => revealShapes(editor, [shapeId])

  return (
    <SidePanel
      id={sidePanelDomId('voteResults')}
      title={isLive ? 'Live results' : 'Vote results'}
      className="fx-results"
      closeLabel="Close vote results"
      onClose={() => closePanel('voteResults')}
    >
      <div className="fx-results__session">
        {choices.length > 1 ? (
          <select
            aria-label="Vote"
            value={session.id}
            onChange={(event) => showVoteResults(event.target.value)}
          >
            {choices.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.title}
                {candidate.status === 'open' ? ' (open)' : ''}
              </option>
            ))}
          </select>
        ) : (
          <p className="fx-results__title">{session.title}</p>
        )}
      </div>
      <div className="fx-results__body">
        <p className="fx-hint">
          {votableKindName(session.cardType)} · {tally.voters}{' '}
          {tally.voters === 1 ? 'person' : 'people'} · {tally.dots}{' '}
          {tally.dots === 1 ? 'dot' : 'dots'}
          {session.isAnonymous ? ' · anonymous' : ''}
        </p>
        {functionsVoting.length > 0 && (
          <ul className="fx-legend" aria-label="Voters by function">
            {functionsVoting.map((fn) => (
              <li key={fn}>
                <span className="fx-legend__swatch" style={{ background: functionColors[fn] }} />
                {participantFunctionLabels[fn]}{' '}
                <span className="fx-hint">{tally.votersByFunction[fn]}</span>
              </li>
            ))}
          </ul>
        )}

        {isLive && session.isHiddenUntilEnd ? (
          <p className="fx-results__empty">
            The results stay on the server until the vote ends: nobody, you included, sees who chose
            what before then.
          </p>
        ) : voted.length === 0 ? (
          <p className="fx-results__empty">No dots yet.</p>
        ) : (
          <ol className="fx-results__ranking" aria-label="Cards by votes">
            {voted.map((card, index) => (
              <li key={card.shapeId} data-shape-id={card.shapeId} data-total={card.total}>
                <span className="fx-results__rank">{index + 1}</span>
                <button
                  type="button"
                  className="fx-results__card"
                  onClick={() => reveal(card.shapeId)}
                >
                  <span className="fx-results__label">{labels.get(card.shapeId)}</span>
                  <span className="fx-results__bar-row">
                    <FunctionBar tally={card} max={max} />
                    <span className="fx-results__total">{card.total}</span>
                  </span>
                </button>
              </li>
            ))}
          </ol>
        )}
        {unvoted > 0 && voted.length > 0 && (
          <p className="fx-hint">
            {unvoted} {unvoted === 1 ? 'card' : 'cards'} without votes.
          </p>
        )}

        {disagreements.length > 0 && (
          <section className="fx-disagreements" aria-labelledby="fx-disagreements-title">
            <h3 id="fx-disagreements-title">Biggest disagreements</h3>
            <p className="fx-hint">
              Share of each function’s dots: worth a conversation before the ICP is final.
            </p>
            <ul>
              {disagreements.map((item) => (
                <li key={item.shapeId}>
                  <button
                    type="button"
                    className="fx-results__card"
                    onClick={() => reveal(item.shapeId)}
                  >
                    <span className="fx-results__label">{labels.get(item.shapeId)}</span>
                    <span className="fx-shares">
                      {item.shares.map((share) => (
                        <span key={share.function} className="fx-share">
                          <span className="fx-share__name">
                            {participantFunctionLabels[share.function]}
                          </span>
                          <span className="fx-share__track">
                            <span
                              style={{
                                width: percent(share.share),
                                background: functionColors[share.function],
                              }}
                            />
                          </span>
                          <span className="fx-share__value">{percent(share.share)}</span>
                        </span>
                      ))}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {ordersIcp && voted.length > 0 && (
          <p className="fx-results__note">
            These votes order the key attributes in the ICP document.
          </p>
        )}
      </div>
    </SidePanel>
  )
}
