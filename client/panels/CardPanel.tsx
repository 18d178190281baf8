import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useEditor, usePassThroughWheelEvents, useValue, type Editor } from 'tldraw'
import { parseIsoDate } from '../../shared/compile/reviewStatus'
import { readAttributeValue, readDisqualifierRule } from '../../shared/compile/readCardValue'
import { attributeCardType } from '../../shared/schema/attributeCard'
import { disqualifierCardType } from '../../shared/schema/disqualifierCard'
import { CardDataSection } from '../data/CardDataSection'
import { getCardKind, isCardShapeType, type CardShape } from '../shapes/cardKinds'
import { updateCardProps } from '../shapes/cardParts'
import { Glyph } from '../shapes/CardIcon'
import { localToday } from '../lib/localToday'
import '../shapes/cards.css'
import { fieldSectionsFor, valuePlaceholderFor, type FieldSpec } from './cardFields'
import { formatNumberInput, parseNumberInput } from './parseNumberInput'

/** The one selected card, or null when the selection is anything else. */
function useSelectedCard(editor: Editor): CardShape | null {
  return useValue(
    'selected card',
    () => {
      const shape = editor.getOnlySelectedShape()
      return shape && isCardShapeType(shape.type) ? (shape as CardShape) : null
    },
    [editor],
  )
}

/**
 * Edits the selected card with proper inputs (selects for enums, textareas for one-per-line lists,
 * validated number fields, a date input). Renders nothing unless exactly one card is selected.
 * Every change goes through `editor.updateShape` (synced, undoable); each field's edit is one undo
 * step. Keystrokes stay inside the panel, so typing never triggers a tldraw shortcut.
 */
export function CardPanel() {
  const editor = useEditor()
  const shape = useSelectedCard(editor)
  if (!shape) return null
  // Keyed by card: switching cards drops drafts and errors that belonged to the previous one.
  return <CardForm key={shape.id} shape={shape} />
}

function CardForm({ shape }: { shape: CardShape }) {
  const editor = useEditor()
  const kind = getCardKind(shape.type)
  const rootRef = useRef<HTMLElement>(null)
  const titleId = useId()
  usePassThroughWheelEvents(rootRef)

  useEffect(() => {
    const root = rootRef.current
    if (!root) return
    // Native listeners: tldraw listens on its container and the body, which React's delegated
    // handlers reach too late to stop.
    const onKey = (event: KeyboardEvent) => {
      event.stopPropagation()
      if (event.type === 'keydown' && event.key === 'Escape') {
        ;(event.target as HTMLElement | null)?.blur?.()
        editor.getContainer().focus()
      }
    }
    // Like tldraw's style panel: the canvas should not track the pointer while it is over us.
    const onPointerMove = (event: PointerEvent) => editor.markEventAsHandled(event)
    root.addEventListener('keydown', onKey)
    root.addEventListener('keyup', onKey)
    root.addEventListener('pointermove', onPointerMove)
    return () => {
      root.removeEventListener('keydown', onKey)
      root.removeEventListener('keyup', onKey)
      root.removeEventListener('pointermove', onPointerMove)
    }
  }, [editor])

  const isLocked = shape.isLocked

  return (
    <section
      ref={rootRef}
      className={`icp-panel icp-panel--${shape.type}`}
      aria-labelledby={titleId}
    >
      <header className="icp-panel__header">
        <span className="icp-panel__icon" aria-hidden>
          <Glyph name={shape.type} size={16} />
        </span>
        <h2 id={titleId} className="icp-panel__title">
          {kind.name}
        </h2>
        <button
          type="button"
          className="icp-panel__close"
          aria-label="Close card panel"
          title="Close (deselects the card)"
          onClick={() => editor.selectNone()}
        >
          ×
        </button>
      </header>
      {isLocked && <p className="icp-panel__note">This card is locked. Unlock it to edit.</p>}
      <fieldset className="icp-panel__body" disabled={isLocked}>
        {fieldSectionsFor(shape).map((section, index) => (
          <div key={section.title ?? index} className="icp-panel__section">
            {section.title && <h3 className="icp-panel__section-title">{section.title}</h3>}
            <div className={section.isCompact ? 'icp-panel__grid' : undefined}>
              {section.fields
                .filter((field) => field.kind !== 'select' || (field.isShownFor?.(shape) ?? true))
                .map((field) => (
                  <Field key={field.prop} shape={shape} field={field} />
                ))}
            </div>
          </div>
        ))}
        {(shape.type === attributeCardType || shape.type === disqualifierCardType) && (
          <CardDataSection shape={shape} />
        )}
      </fieldset>
    </section>
  )
}

function propOf(shape: CardShape, prop: string): unknown {
  return (shape.props as unknown as Record<string, unknown>)[prop]
}

/** Writes one prop as its own undo step. */
function useWriteProp(shape: CardShape) {
  const editor = useEditor()
  return {
    /** Call when a field gains focus: the edits that follow undo together. */
    markStart: () => editor.markHistoryStoppingPoint(`edit ${shape.type}`),
    write: (prop: string, value: unknown) =>
      updateCardProps(editor, shape, { [prop]: value } as Partial<CardShape['props']>),
  }
}

function Field({ shape, field }: { shape: CardShape; field: FieldSpec }) {
  switch (field.kind) {
    case 'text':
    case 'list':
    case 'textarea':
      return <TextField shape={shape} field={field} />
    case 'select':
      return <SelectField shape={shape} field={field} />
    case 'number':
      return <NumberField shape={shape} field={field} />
    case 'date':
      return <DateField shape={shape} field={field} />
  }
}

function FieldRow({
  id,
  label,
  error,
  hint,
  footer,
  children,
}: {
  id: string
  label: string
  error?: string | null
  hint?: string
  /** Shown under the input, after any hint (how a value is read). */
  footer?: ReactNode
  children: ReactNode
}) {
  return (
    <div className={`icp-panel__field${error ? ' has-error' : ''}`}>
      <label className="icp-panel__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="icp-panel__error" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="icp-panel__hint">{hint}</p>
      ) : null}
      {footer}
    </div>
  )
}

/**
 * Under the value of an attribute card or the rule of a disqualifier: how it is read, and the
 * items its vocabulary does not know (matched as text), as the statement, scoring and badges
 * read it.
 */
function ValueReadingHint({ shape, prop }: { shape: CardShape; prop: string }) {
  const read =
    shape.type === attributeCardType && prop === 'value'
      ? readAttributeValue(shape.props)
      : shape.type === disqualifierCardType && prop === 'rule'
        ? readDisqualifierRule(shape.props)
        : null
  if (!read || (read.parsed.kind === 'text' && read.parsed.text === '')) return null
  return (
    <p className="icp-panel__hint icp-panel__reading" data-testid="panel-value-reading">
      Read as <strong>{read.reading}</strong>
      {read.unknownItems.length > 0 &&
        `. ${read.unknownItems.map((item) => `“${item}”`).join(', ')} ${read.unknownItems.length === 1 ? 'is' : 'are'} not a known term: matched as text.`}
    </p>
  )
}

function TextField({
  shape,
  field,
}: {
  shape: CardShape
  field: Extract<FieldSpec, { kind: 'text' | 'list' | 'textarea' }>
}) {
  const id = useId()
  const { markStart, write } = useWriteProp(shape)
  const stored = String(propOf(shape, field.prop) ?? '')
  // Once typing starts the field shows its own draft, so a remote edit cannot move the caret;
  // a field that is only focused keeps showing the card as it is (remote edits included), so the
  // first keystroke never writes back a stale value over someone else's edit.
  const [draft, setDraft] = useState<string | null>(null)
  const placeholder =
    field.prop === 'value' ? (valuePlaceholderFor(shape) ?? field.placeholder) : field.placeholder
  const common = {
    id,
    className: 'icp-panel__input',
    value: draft ?? stored,
    placeholder,
    onFocus: markStart,
    onBlur: () => setDraft(null),
    onChange: (event: { currentTarget: { value: string } }) => {
      setDraft(event.currentTarget.value)
      write(field.prop, event.currentTarget.value)
    },
  }
  return (
    <FieldRow
      id={id}
      label={field.label}
      footer={<ValueReadingHint shape={shape} prop={field.prop} />}
    >
      {field.kind === 'text' ? (
        <input {...common} type="text" />
      ) : (
        <textarea {...common} rows={field.kind === 'list' ? 3 : 2} />
      )}
    </FieldRow>
  )
}

function SelectField({
  shape,
  field,
}: {
  shape: CardShape
  field: Extract<FieldSpec, { kind: 'select' }>
}) {
  const id = useId()
  const { markStart, write } = useWriteProp(shape)
  const groups = [...new Set(field.options.map((option) => option.group))]
  const optionsIn = (group: string | undefined) =>
    field.options
      .filter((option) => option.group === group)
      .map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))
  const stored = propOf(shape, field.prop)
  return (
    <FieldRow id={id} label={field.label} hint={field.hint}>
      <select
        id={id}
        className="icp-panel__input icp-panel__select"
        value={stored === null || stored === undefined ? '' : String(stored)}
        onChange={(event) => {
          const next = event.currentTarget.value
          markStart()
          write(
            field.prop,
            next === '' && field.unsetLabel ? null : field.isInteger ? Number(next) : next,
          )
        }}
      >
        {field.unsetLabel && <option value="">{field.unsetLabel}</option>}
        {groups.map((group) =>
          group === undefined ? (
            optionsIn(undefined)
          ) : (
            <optgroup key={group} label={group}>
              {optionsIn(group)}
            </optgroup>
          ),
        )}
      </select>
    </FieldRow>
  )
}

function NumberField({
  shape,
  field,
}: {
  shape: CardShape
  field: Extract<FieldSpec, { kind: 'number' }>
}) {
  const id = useId()
  const { markStart, write } = useWriteProp(shape)
  const stored = propOf(shape, field.prop) as number | null
  // The typed text wins until it is valid and the field is left; an invalid draft stays on
  // screen (with its error) instead of silently snapping back to the stored number.
  const [draft, setDraft] = useState<string | null>(null)
  const text = draft ?? formatNumberInput(stored)
  const result = draft === null ? null : parseNumberInput(draft, field.rule)
  const error = result && !result.isValid ? result.error : null

  return (
    <FieldRow
      id={id}
      label={field.unit ? `${field.label} (${field.unit})` : field.label}
      error={error}
    >
      <input
        id={id}
        className="icp-panel__input icp-panel__number"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        placeholder={field.placeholder ?? (field.rule.isNullable ? 'Unknown' : undefined)}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onFocus={() => {
          markStart()
          setDraft(text)
        }}
        onChange={(event) => {
          const next = event.currentTarget.value
          setDraft(next)
          const parsed = parseNumberInput(next, field.rule)
          if (parsed.isValid && parsed.value !== stored) write(field.prop, parsed.value)
        }}
        onBlur={() => {
          if (draft !== null && parseNumberInput(draft, field.rule).isValid) setDraft(null)
        }}
      />
    </FieldRow>
  )
}

function DateField({
  shape,
  field,
}: {
  shape: CardShape
  field: Extract<FieldSpec, { kind: 'date' }>
}) {
  const id = useId()
  const { markStart, write } = useWriteProp(shape)
  const stored = String(propOf(shape, field.prop) ?? '')
  const [error, setError] = useState<string | null>(null)
  const today = localToday()
  return (
    <FieldRow id={id} label={field.label} error={error}>
      <div className="icp-panel__inline">
        <input
          id={id}
          className="icp-panel__input"
          type="date"
          value={stored}
          max="9999-12-31"
          aria-invalid={error ? true : undefined}
          onFocus={markStart}
          onChange={(event) => {
            const next = event.currentTarget.value
            // A half-typed date reads as '' with `badInput`: wait for the rest instead of clearing.
            if (next === '' && event.currentTarget.validity?.badInput) return
            if (next === '' || parseIsoDate(next)) {
              setError(null)
              write(field.prop, next)
            } else {
              setError('Enter a date as YYYY-MM-DD')
            }
          }}
        />
        <button
          type="button"
          className="icp-panel__button"
          disabled={stored === today}
          onClick={() => {
            markStart()
            setError(null)
            write(field.prop, today)
          }}
        >
          Today
        </button>
      </div>
    </FieldRow>
  )
}
