import { useEffect, useId, useState, type ReactNode } from 'react'
import { react, useEditor, useValue, type Editor } from 'tldraw'
import { parseIsoDate } from '../../shared/compile/reviewStatus'
import { readAttributeValue, readDisqualifierRule } from '../../shared/compile/readCardValue'
import { attributeCardType } from '../../shared/schema/attributeCard'
import { disqualifierCardType } from '../../shared/schema/disqualifierCard'
import { CardDataSection, type DataCard } from '../data/CardDataSection'
import { getCardKind, isCardShapeType, type CardShape } from '../shapes/cardKinds'
import { updateCardProps } from '../shapes/cardParts'
import { Glyph } from '../shapes/CardIcon'
import { useToday } from '../board/boardContext'
import { ReactionsSection } from '../reactions/ReactionsSection'
import { useUiStore } from '../state/uiStore'
import { useIsSheetLayout } from '../ui/screenLayout'
import { SidePanel } from '../ui/SidePanel'
import { cardPanelDomId } from './cardPanelOverrides'
import { watchCardTaps } from './watchCardTaps'
import '../shapes/cards.css'
import {
  fieldSectionsFor,
  valuePlaceholderFor,
  type FieldSection,
  type FieldSpec,
} from './cardFields'
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
 * The selected card's details, on the right: edits it with proper inputs (selects for enums,
 * textareas for one-per-line lists, validated number fields, a date input). Renders nothing
 * unless exactly one card is selected. Every change goes through `editor.updateShape` (synced,
 * undoable); each field's edit is one undo step. Whoever may not edit (a commenter, a viewer, a
 * locked board) reads the same details in full, as text. On a phone, where it is a sheet over
 * the whole canvas, a tap on the card opens it (not a drag, nor Show), and a side panel hides it.
 */
export function CardPanel() {
  const editor = useEditor()
  const shape = useSelectedCard(editor)
  const isSheet = useIsSheetLayout()
  const cardSheetId = useUiStore((state) => state.cardSheetId)
  const setCardSheet = useUiStore((state) => state.setCardSheet)
  const isPanelOpen = useUiStore((state) => state.openPanel !== null)
  useEffect(() => {
    if (!isSheet) return undefined
    const stopTaps = watchCardTaps(editor, (shapeId) => setCardSheet(shapeId))
    // A sheet belongs to its card: any other selection (a tap elsewhere, a drag) closes it.
    const stopFollowing = react('card sheet follows the selection', () => {
      const selected = editor.getOnlySelectedShapeId()
      const { cardSheetId } = useUiStore.getState()
      if (cardSheetId !== null && cardSheetId !== selected) setCardSheet(null)
    })
    return () => {
      stopTaps()
      stopFollowing()
    }
  }, [editor, isSheet, setCardSheet])
  if (!shape) return null
  if (isSheet && (cardSheetId !== shape.id || isPanelOpen)) return null
  // Keyed by card: switching cards drops drafts and errors that belonged to the previous one.
  return <CardForm key={shape.id} shape={shape} />
}

function CardForm({ shape }: { shape: CardShape }) {
  const editor = useEditor()
  const setCardSheet = useUiStore((state) => state.setCardSheet)
  const kind = getCardKind(shape.type)
  const isLocked = shape.isLocked
  const isReadonly = useValue('is readonly', () => editor.getIsReadonly(), [editor])

  return (
    <SidePanel
      id={cardPanelDomId}
      side="right"
      title={kind.name}
      icon={<Glyph name={shape.type} size={16} />}
      className={`icp-panel icp-panel--${shape.type}`}
      closeLabel="Close card panel"
      onClose={() => {
        setCardSheet(null)
        editor.selectNone()
      }}
    >
      {isReadonly ? (
        <p className="icp-panel__note">You can read this card but not change it.</p>
      ) : (
        isLocked && <p className="icp-panel__note">This card is locked. Unlock it to edit.</p>
      )}
      <ReactionsSection shapeId={shape.id} />
      {isReadonly ? (
        <CardDetails shape={shape} />
      ) : (
        <CardFields shape={shape} isLocked={isLocked} />
      )}
    </SidePanel>
  )
}

/** The fields of a section this card shows (some selects only matter for some values). */
function shownFields(shape: CardShape, section: FieldSection): readonly FieldSpec[] {
  return section.fields.filter(
    (field) => field.kind !== 'select' || (field.isShownFor?.(shape) ?? true),
  )
}

/** Attribute and disqualifier cards have what the customer and account data say about them. */
function hasCardData(shape: CardShape): shape is DataCard {
  return shape.type === attributeCardType || shape.type === disqualifierCardType
}

function CardFields({ shape, isLocked }: { shape: CardShape; isLocked: boolean }) {
  return (
    <fieldset className="icp-panel__body" disabled={isLocked}>
      {fieldSectionsFor(shape).map((section, index) => (
        <div key={section.title ?? index} className="icp-panel__section">
          {section.title && <h3 className="icp-panel__section-title">{section.title}</h3>}
          <div className={section.isCompact ? 'icp-panel__grid' : undefined}>
            {shownFields(shape, section).map((field) => (
              <Field key={field.prop} shape={shape} field={field} />
            ))}
          </div>
        </div>
      ))}
      {hasCardData(shape) && <CardDataSection shape={shape} />}
    </fieldset>
  )
}

/** The card's fields as text, in full (nothing clamped), for someone who may not edit. */
function CardDetails({ shape }: { shape: CardShape }) {
  return (
    <div className="icp-panel__body">
      {fieldSectionsFor(shape).map((section, index) => (
        <div key={section.title ?? index} className="icp-panel__section">
          {section.title && <h3 className="icp-panel__section-title">{section.title}</h3>}
          <dl className={`icp-panel__details${section.isCompact ? ' icp-panel__grid' : ''}`}>
            {shownFields(shape, section).map((field) => (
              <div key={field.prop} className="icp-panel__detail">
                <dt>{field.label}</dt>
                <dd>{detailText(shape, field)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
      {hasCardData(shape) && <CardDataSection shape={shape} />}
    </div>
  )
}

/** One field's value in words; `—` when it is blank or unknown. */
function detailText(shape: CardShape, field: FieldSpec): string {
  const value = propOf(shape, field.prop)
  if (value === null || value === undefined || value === '') return '—'
  if (field.kind === 'select') {
    return field.options.find((option) => option.value === String(value))?.label ?? String(value)
  }
  if (field.kind === 'number') {
    const number = formatNumberInput(value as number)
    if (!field.unit) return number
    return field.unit === '%' ? `${number}%` : `${number} ${field.unit}`
  }
  return String(value)
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
  const value = stored === null || stored === undefined ? '' : String(stored)
  // A card made before a prop without an unset choice existed has none: say so, rather than
  // show the first option as if it were chosen.
  const isUnset = !field.unsetLabel && !field.options.some((option) => option.value === value)
  return (
    <FieldRow id={id} label={field.label} hint={field.hint}>
      <select
        id={id}
        className="icp-panel__input icp-panel__select"
        value={value}
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
        {isUnset && (
          <option value="" disabled>
            Not set
          </option>
        )}
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
  const today = useToday()
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
