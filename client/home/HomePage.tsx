import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { BoardTemplate } from '../../shared/templates/boardTemplate'
import { createBoard, needsCreateKey } from '../app/api'
import { boardPath, navigate } from '../app/route'
import { useUiStore } from '../state/uiStore'
import { errorText } from '../lib/errorText'

/** Landing page: start a new workshop board or reopen a recent one. */
export function HomePage() {
  const recentBoards = useUiStore(useShallow((state) => state.recentBoards))
  const forgetBoard = useUiStore((state) => state.forgetBoard)
  const rememberRoomToken = useUiStore((state) => state.rememberRoomToken)
  const [isCreating, setIsCreating] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // A server whose operator set CREATE_ROOMS_TOKEN asks for it; kept for this page only.
  const [keyRequest, setKeyRequest] = useState<{ template: BoardTemplate } | null>(null)
  const [createKey, setCreateKey] = useState('')

  const onCreate = async (template: BoardTemplate, key = createKey) => {
    setIsCreating(true)
    setError(null)
    try {
      const { roomId, facilitatorToken } = await createBoard(template, key)
      if (facilitatorToken) rememberRoomToken(roomId, facilitatorToken, 'facilitator')
      navigate(boardPath(roomId))
    } catch (caught) {
      if (needsCreateKey(caught)) {
        setError(key ? 'That key was not accepted. Check it and try again.' : null)
        setKeyRequest({ template })
      } else {
        setError(errorText(caught))
      }
      setIsCreating(false)
    }
  }

  return (
    <main className="home">
      <header className="home__header">
        <span className="logo" aria-hidden="true" />
        <h1>ICP Workshop</h1>
      </header>
      <section className="home__hero">
        <h2>Build your Ideal Customer Profile together</h2>
        <p>
          Sales, marketing, product and customer success on one live board: collect evidence, agree
          on the key attributes, and hand out a finished ICP.
        </p>
        <div className="templates">
          <button
            className="template"
            onClick={() => onCreate('icp-workshop')}
            disabled={isCreating}
          >
            <span className="template__badge">Recommended</span>
            <span className="template__title">ICP workshop</span>
            <span className="template__detail">
              Five guided steps, from best customers to the 5–7 key attributes and disqualifiers,
              with facilitator prompts.
            </span>
          </button>
          <button className="template" onClick={() => onCreate('blank')} disabled={isCreating}>
            <span className="template__title">Blank board</span>
            <span className="template__detail">
              An empty canvas with every card kind in the toolbar.
            </span>
          </button>
        </div>
        {keyRequest && (
          <form
            className="create-key"
            onSubmit={(event) => {
              event.preventDefault()
              void onCreate(keyRequest.template, createKey.trim())
            }}
          >
            <label htmlFor="create-key">
              This server creates boards for people with its room creation key. Ask whoever runs it,
              then enter the key:
            </label>
            <div className="create-key__row">
              <input
                id="create-key"
                type="password"
                autoComplete="off"
                value={createKey}
                onChange={(event) => setCreateKey(event.target.value)}
                autoFocus
              />
              <button
                className="button button--primary"
                type="submit"
                disabled={isCreating || createKey.trim() === ''}
              >
                Create board
              </button>
            </div>
          </form>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </section>
      <section className="home__recent" aria-labelledby="recent-title">
        <h3 id="recent-title">Recent boards</h3>
        {recentBoards.length === 0 ? (
          <p className="muted">
            Boards you open appear here. To join a colleague&apos;s board, open the link they
            shared.
          </p>
        ) : (
          <ul className="board-list">
            {recentBoards.map((board) => (
              <li key={board.roomId} className="board-list__item">
                <a
                  href={boardPath(board.roomId)}
                  onClick={(event) => {
                    event.preventDefault()
                    navigate(boardPath(board.roomId))
                  }}
                >
                  <span className="board-list__title">{board.title}</span>
                  <span className="board-list__meta">
                    Opened {formatRelative(board.lastOpenedAt)}
                  </span>
                </a>
                <button
                  className="button button--quiet"
                  aria-label={`Remove ${board.title} from recent boards`}
                  onClick={() => forgetBoard(board.roomId)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  )
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })

function formatRelative(timestamp: number): string {
  const minutes = Math.round((timestamp - Date.now()) / 60_000)
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute')
  const hours = Math.round(minutes / 60)
  if (Math.abs(hours) < 24) return relative.format(hours, 'hour')
  return relative.format(Math.round(hours / 24), 'day')
}
