import { useId, useLayoutEffect, useRef, useState } from 'react'
import { maxCommentLength } from './boardComments'
import { Avatar } from './CommentParts'
import {
  findMentionQuery,
  insertMention,
  mentionedIds,
  suggestMentions,
  type MentionCandidate,
} from './mentions'

export interface CommentComposerProps {
  /** Placeholder and accessible name of the text box. */
  label: string
  submitLabel: string
  people: readonly MentionCandidate[]
  selfId: string
  initialText?: string
  autoFocus?: boolean
  onSubmit: (body: string, mentions: string[]) => void
  /** Escape with no suggestion open (and the Cancel button, when given). */
  onCancel?: () => void
  /** Show a Cancel button (editing). */
  hasCancelButton?: boolean
}

/**
 * A comment text box with @mention autocomplete: typing `@` lists people who have been on the
 * board (arrows to choose, Enter or Tab to insert). Enter posts, Shift+Enter starts a new line.
 */
export function CommentComposer({
  label,
  submitLabel,
  people,
  selfId,
  initialText = '',
  autoFocus = false,
  onSubmit,
  onCancel,
  hasCancelButton = false,
}: CommentComposerProps) {
  const [text, setText] = useState(initialText)
  const [caret, setCaret] = useState(initialText.length)
  const [highlighted, setHighlighted] = useState(0)
  const [dismissedAt, setDismissedAt] = useState<number | null>(null)
  const field = useRef<HTMLTextAreaElement>(null)
  const pendingCaret = useRef<number | null>(null)
  const listId = useId()

  const query = findMentionQuery(text, caret)
  const suggestions =
    query && query.start !== dismissedAt ? suggestMentions(people, query.query, { selfId }) : []
  const isListOpen = suggestions.length > 0
  const active = Math.min(highlighted, suggestions.length - 1)
  const trimmed = text.trim()

  useLayoutEffect(() => {
    const element = field.current
    if (!element) return
    element.style.height = 'auto'
    element.style.height = `${Math.min(element.scrollHeight, 160)}px`
    if (pendingCaret.current !== null) {
      element.setSelectionRange(pendingCaret.current, pendingCaret.current)
      pendingCaret.current = null
    }
  }, [text])

  const pick = (person: MentionCandidate) => {
    if (!query) return
    const next = insertMention(text, query, caret, person.name)
    setText(next.text)
    setCaret(next.caret)
    pendingCaret.current = next.caret
    setHighlighted(0)
    // This @ is done: do not offer the list again for it.
    setDismissedAt(query.start)
    field.current?.focus()
  }

  const submit = () => {
    if (!trimmed) return
    onSubmit(trimmed, mentionedIds(trimmed, people))
    setText('')
    setCaret(0)
    setDismissedAt(null)
  }

  return (
    <form
      className="comment-composer"
      onSubmit={(event) => {
        event.preventDefault()
        submit()
      }}
    >
      <div className="comment-composer__box">
        <textarea
          ref={field}
          className="comment-composer__input"
          rows={1}
          value={text}
          placeholder={label}
          aria-label={label}
          maxLength={maxCommentLength}
          autoFocus={autoFocus}
          role="combobox"
          aria-expanded={isListOpen}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={isListOpen ? `${listId}-${active}` : undefined}
          onChange={(event) => {
            setText(event.target.value)
            setCaret(event.target.selectionStart)
            setHighlighted(0)
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={(event) => {
            // Keys reach the surrounding key boundary; handled ones are marked with preventDefault.
            if (isListOpen) {
              if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                event.preventDefault()
                const step = event.key === 'ArrowDown' ? 1 : -1
                setHighlighted((active + step + suggestions.length) % suggestions.length)
                return
              }
              if (event.key === 'Enter' || event.key === 'Tab') {
                event.preventDefault()
                pick(suggestions[active]!)
                return
              }
              if (event.key === 'Escape') {
                event.preventDefault()
                setDismissedAt(query?.start ?? null)
                return
              }
            }
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault()
              submit()
            } else if (event.key === 'Escape') {
              event.preventDefault()
              onCancel?.()
            }
          }}
        />
        {!hasCancelButton && (
          <button
            type="submit"
            className="comment-composer__send"
            disabled={!trimmed}
            aria-label={submitLabel}
            title={`${submitLabel} (Enter)`}
          >
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M8 13V3M3.5 7.5 8 3l4.5 4.5" />
            </svg>
          </button>
        )}
      </div>
      {isListOpen && (
        <ul className="mention-list" id={listId} role="listbox" aria-label="People to mention">
          {suggestions.map((person, index) => (
            <li
              key={person.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className="mention-list__item"
              // The text box keeps the focus (and a phone its keyboard); the pick is on release,
              // so a finger scrolling the list picks nobody.
              onPointerDown={(event) => event.preventDefault()}
              onClick={() => pick(person)}
              onPointerEnter={() => setHighlighted(index)}
            >
              <Avatar name={person.name} color={person.color} size={20} />
              <span>{person.name}</span>
            </li>
          ))}
        </ul>
      )}
      {hasCancelButton && (
        <div className="comment-composer__actions">
          <button type="button" className="button button--small" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--small button--primary"
            disabled={!trimmed}
          >
            {submitLabel}
          </button>
        </div>
      )}
    </form>
  )
}
