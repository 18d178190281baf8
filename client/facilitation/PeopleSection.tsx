import { useValue } from 'tldraw'
import { participantFunctionLabels } from '../../shared/workshop/workshopLayout'
import { useBoard } from '../board/boardContext'
import { formatRelativeTime } from '../comments/relativeTime'
import { useBoardComments } from '../comments/useComments'
import { useUiStore } from '../state/uiStore'
import { awarenessUsersOf } from '../sync/bindAwarenessUser'

/**
 * Everyone on the board's roster (who has been here: @mentions and votes by function list them),
 * for the facilitator to tidy: people who are not here now can be removed.
 */
export function PeopleSection() {
  const comments = useBoardComments()
  const { connection } = useBoard()
  const roster = useValue(comments.$roster)
  const present = useValue(awarenessUsersOf(connection.provider.awareness))
  const selfId = useUiStore((state) => state.identity.id)
  const presentIds = new Set([selfId, ...present.map((user) => user.id)])
  const now = Date.now()
  const people = [...roster].sort(
    (a, b) =>
      Number(presentIds.has(b.id)) - Number(presentIds.has(a.id)) || b.lastSeenAt - a.lastSeenAt,
  )
  return (
    <section className="fx-section" aria-labelledby="fx-people-title">
      <h3 id="fx-people-title">People on this board</h3>
      {people.length === 0 ? (
        <p className="fx-hint">Nobody has introduced themselves yet.</p>
      ) : (
        <ul className="fx-list fx-list--compact" aria-label="People on this board">
          {people.map((person) => {
            const isHere = presentIds.has(person.id)
            return (
              <li key={person.id} className="fx-list__row">
                <span className="fx-person__dot" style={{ background: person.color }} />
                <span className="fx-list__name" title={person.name}>
                  {person.name || 'Unnamed'}
                  <span className="fx-person__detail">
                    {participantFunctionLabels[person.function]} ·{' '}
                    {isHere ? 'here now' : `seen ${formatRelativeTime(person.lastSeenAt, now)}`}
                  </span>
                </span>
                {!isHere && (
                  <button
                    type="button"
                    className="button button--small button--quiet"
                    aria-label={`Remove ${person.name || 'this person'} from the list`}
                    onClick={() => comments.removePerson(person.id)}
                  >
                    Remove
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
