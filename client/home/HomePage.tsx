import { useCallback, useId, useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import {
  boardTemplateInfo,
  boardTemplates,
  maxBoardNameLength,
  type BoardTemplate,
} from '../../shared/templates/boardTemplate'
import { createBoard } from '../app/api'
import { boardPath, navigate } from '../app/route'
import { useUiStore } from '../state/uiStore'
import { errorText } from '../lib/errorText'
import { ReviewSourcePicker, type ReviewSource } from './ReviewSourcePicker'

/** Landing page: name a new board and pick its template, or reopen a recent one. */
export function HomePage() {
  const recentBoards = useUiStore(useShallow((state) => state.recentBoards))
  const forgetBoard = useUiStore((state) => state.forgetBoard)
  const rememberRoomToken = useUiStore((state) => state.rememberRoomToken)
  const [name, setName] = useState('')
  const [template, setTemplate] = useState<BoardTemplate>('icp-workshop')
  const [reviewSource, setReviewSource] = useState<ReviewSource | null>(null)
  const [isCreating, setIsCreating] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const nameFieldId = useId()
  const onReviewSource = useCallback((source: ReviewSource | null) => setReviewSource(source), [])
  const needsSource = template === 'icp-review'

  const onCreate = async (event: FormEvent) => {
    event.preventDefault()
    if (needsSource && !reviewSource) return
    setIsCreating(true)
    setError(null)
    try {
      const { roomId, facilitatorToken } = await createBoard({
        template,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(needsSource && reviewSource ? { source: reviewSource } : {}),
      })
      if (facilitatorToken) rememberRoomToken(roomId, facilitatorToken, 'facilitator')
      navigate(boardPath(roomId))
    } catch (caught) {
      setError(errorText(caught))
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
        <form className="new-board" onSubmit={onCreate} aria-label="New board">
          <label className="new-board__label" htmlFor={nameFieldId}>
            Board name
          </label>
          <input
            id={nameFieldId}
            className="new-board__name"
            value={name}
            maxLength={maxBoardNameLength}
            placeholder={boardTemplateInfo[template].title}
            onChange={(event) => setName(event.target.value)}
          />
          <fieldset className="templates">
            <legend className="new-board__label">Template</legend>
            {boardTemplates.map((option) => {
              const info = boardTemplateInfo[option]
              return (
                <label
                  key={option}
                  className={`template${option === template ? ' template--selected' : ''}`}
                >
                  <input
                    type="radio"
                    name="template"
                    value={option}
                    checked={option === template}
                    onChange={() => setTemplate(option)}
                  />
                  <span className="template__title">{info.title}</span>
                  {info.duration && <span className="template__badge">{info.duration}</span>}
                  <span className="template__detail">{info.detail}</span>
                </label>
              )
            })}
          </fieldset>
          {needsSource && <ReviewSourcePicker onChange={onReviewSource} />}
          <div className="new-board__actions">
            <button
              type="submit"
              className="button button--primary button--large"
              disabled={isCreating || (needsSource && !reviewSource)}
            >
              {isCreating ? 'Creating…' : 'Create board'}
            </button>
          </div>
        </form>
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
