import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
} from 'react'
import { HTMLContainer, useEditor, useValue, type Editor, type TLShapeId } from 'tldraw'
import type { CardShape } from './cardKinds'
import { useKeepKeysFromCanvas } from '../ui/useKeepKeysFromCanvas'
import './cards.css'

/** True while this card is the one being edited in place. */
export function useIsEditing(shapeId: TLShapeId): boolean {
  const editor = useEditor()
  return useValue('is editing card', () => editor.getEditingShapeId() === shapeId, [
    editor,
    shapeId,
  ])
}

/** Names of a card's string props (the ones a text field can edit). */
export type StringPropOf<S extends CardShape> = {
  [K in keyof S['props']]: S['props'][K] extends string ? K : never
}[keyof S['props']] &
  string

/**
 * Writes props through `editor.updateShape`, so the change is validated by the schema, synced
 * through the Yjs bridge and undoable like any other edit.
 */
export function updateCardProps<S extends CardShape>(
  editor: Editor,
  shape: S,
  props: Partial<S['props']>,
): void {
  editor.updateShape({ id: shape.id, type: shape.type, props } as Parameters<
    Editor['updateShape']
  >[0])
}

/** The outer box of every card: size, kind class and the editing flag the CSS keys on. */
export function CardShell({
  shape,
  kind,
  isEditing,
  className,
  style,
  children,
}: {
  shape: CardShape
  kind: string
  isEditing: boolean
  className?: string
  style?: CSSProperties
  children: ReactNode
}) {
  return (
    <HTMLContainer
      className={`icp-card icp-card--${kind}${className ? ` ${className}` : ''}`}
      data-editing={isEditing || undefined}
      style={{ width: shape.props.w, height: shape.props.h, ...style }}
    >
      {children}
    </HTMLContainer>
  )
}

/** Text cut to `lines` lines with an ellipsis; `placeholder` shows (greyed) when it is blank. */
export function Clamped({
  text,
  lines,
  className,
  placeholder,
  title,
}: {
  text: string
  lines: number
  className?: string
  placeholder?: string
  title?: string
}) {
  const isBlank = text.trim() === ''
  if (isBlank && !placeholder) return null
  return (
    <div
      className={`icp-clamp${className ? ` ${className}` : ''}${isBlank ? ' icp-placeholder' : ''}`}
      style={clampStyle(lines)}
      title={title ?? (isBlank ? undefined : text)}
    >
      {isBlank ? placeholder : text}
    </div>
  )
}

/**
 * Inline style that cuts text to `lines` lines with an ellipsis. The max-height repeats the limit
 * for SVG/PNG export, whose style inlining drops `-webkit-line-clamp`: the text is then cut at the
 * same line, only without the ellipsis.
 */
export function clampStyle(lines: number): CSSProperties {
  const count = Math.max(1, lines)
  // A few pixels of slack: Chrome hides a line the max-height cuts even slightly (an inline
  // chip can make a line box a pixel taller than the line-height).
  return { WebkitLineClamp: count, maxHeight: `calc(${count}lh + 3px)` }
}

/** How many lines of `lineHeight` px fit in `available` px (at least one). */
export function linesThatFit(available: number, lineHeight: number): number {
  return Math.max(1, Math.floor(available / lineHeight))
}

/** Props of `CardTextField`. */
export interface CardTextFieldProps<S extends CardShape> {
  shape: S
  prop: StringPropOf<S>
  isEditing: boolean
  /** Accessible name of the input. */
  label: string
  lines: number
  className?: string
  placeholder?: string
  /** A textarea (wrapping text) rather than a one-line input. */
  isMultiline?: boolean
  /** One item per line: Enter adds a line and Cmd/Ctrl+Enter finishes editing. */
  isList?: boolean
  /** Focus (and select) this field when editing starts. */
  isAutoFocused?: boolean
}

/**
 * A card prop as text: clamped when the card is at rest, an input (or textarea) while the card is
 * edited in place.
 */
export function CardTextField<S extends CardShape>(props: CardTextFieldProps<S>) {
  const { shape, prop, isEditing, lines, className, placeholder } = props
  if (isEditing) return <InlineInput {...props} />
  const value = (shape.props as unknown as Record<string, string>)[prop] ?? ''
  return <Clamped text={value} lines={lines} className={className} placeholder={placeholder} />
}

/**
 * The field keeps its own draft while focused, so a remote edit arriving mid-typing cannot move
 * the caret; every keystroke is still written to the shape at once. Enter (Cmd/Ctrl+Enter in a
 * list field) finishes editing; Escape reaches the editor, which ends it too.
 */
function InlineInput<S extends CardShape>({
  shape,
  prop,
  label,
  lines,
  className,
  placeholder,
  isMultiline = false,
  isList = false,
  isAutoFocused = false,
}: CardTextFieldProps<S>) {
  const editor = useEditor()
  const value = (shape.props as unknown as Record<string, string>)[prop] ?? ''
  const [draft, setDraft] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null)

  // Escape ends editing, as it does for tldraw's own text.
  const keys = useKeepKeysFromCanvas<HTMLInputElement & HTMLTextAreaElement>({
    onEscape: () => {
      editor.complete()
      editor.getContainer().focus()
    },
  })

  useEffect(() => {
    if (!isAutoFocused) return
    // A frame later: editing starts on the second press of a double-click, whose default action
    // would otherwise move the focus straight back to the canvas.
    const frame = requestAnimationFrame(() => {
      const input = inputRef.current
      if (!input) return
      input.focus()
      input.select()
    })
    return () => cancelAnimationFrame(frame)
  }, [isAutoFocused])

  const keysRef = keys.ref
  const ref = useCallback(
    (element: (HTMLInputElement & HTMLTextAreaElement) | null) => {
      inputRef.current = element
      return keysRef(element)
    },
    [keysRef],
  )
  const common = {
    ref,
    onKeyDown: (event: ReactKeyboardEvent<HTMLInputElement & HTMLTextAreaElement>) => {
      const isFinishing = !isList || event.metaKey || event.ctrlKey
      // In a one-item-per-line field Enter adds a line; Cmd/Ctrl+Enter finishes, as in tldraw.
      if (
        event.key === 'Enter' &&
        !event.shiftKey &&
        !event.nativeEvent.isComposing &&
        isFinishing
      ) {
        event.preventDefault()
        editor.complete()
      }
      keys.onKeyDown(event)
    },
    onKeyUp: keys.onKeyUp,
    className: `icp-inline-input${className ? ` ${className}` : ''}`,
    'aria-label': label,
    placeholder,
    value: draft ?? value,
    onFocus: () => setDraft(value),
    onBlur: () => setDraft(null),
    onChange: (event: { currentTarget: { value: string } }) => {
      const next = event.currentTarget.value
      setDraft(next)
      updateCardProps(editor, shape, { [prop]: next } as Partial<S['props']>)
    },
    // The editor would otherwise treat the press as the start of a drag or a selection.
    onPointerDown: (event: { stopPropagation: () => void }) => event.stopPropagation(),
  }
  return isMultiline || isList ? (
    <textarea {...common} rows={lines} />
  ) : (
    <input {...common} type="text" />
  )
}
