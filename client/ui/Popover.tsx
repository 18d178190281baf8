import { useCallback, useEffect, useRef, type CSSProperties, type ReactNode } from 'react'
import { useKeepKeysFromCanvas } from './useKeepKeysFromCanvas'

/**
 * The one popover: a non-modal dialog that opens from a button (`aria-controls` = `id`) and
 * closes like a menu, so it never lingers over the board to catch a click meant for a card: on
 * Escape (focus goes back to its button) and on a pointer press anywhere outside it and its
 * button. Whatever opens a dialog from inside it closes it too. Keystrokes inside stay away from
 * the canvas.
 */
export function Popover({
  id,
  label,
  onClose,
  className,
  style,
  children,
}: {
  /** Its button's `aria-controls`. */
  id: string
  label: string
  onClose: () => void
  className?: string
  /** Where it is drawn, when its place is measured (a popover in a portal). */
  style?: CSSProperties
  children: ReactNode
}) {
  const onCloseRef = useRef(onClose)
  useEffect(() => {
    onCloseRef.current = onClose
  })
  const keys = useKeepKeysFromCanvas<HTMLElement>({
    onEscape: () => {
      onCloseRef.current()
      toggleOf(id)?.focus()
    },
  })
  const keysRef = keys.ref
  const ref = useCallback(
    (element: HTMLElement | null) => {
      if (!element) return undefined
      const stopKeys = keysRef(element)
      const onPointerDown = (event: PointerEvent) => {
        const target = event.target as Element | null
        if (!target || element.contains(target)) return
        if (target.closest('[aria-controls]')?.getAttribute('aria-controls') === id) return
        onCloseRef.current()
      }
      document.addEventListener('pointerdown', onPointerDown, true)
      return () => {
        stopKeys?.()
        document.removeEventListener('pointerdown', onPointerDown, true)
      }
    },
    [keysRef, id],
  )
  return (
    <section
      ref={ref}
      id={id}
      role="dialog"
      aria-label={label}
      className={className}
      style={style}
      onKeyDown={keys.onKeyDown}
      onKeyUp={keys.onKeyUp}
    >
      {children}
    </section>
  )
}

/**
 * The button that opens the popover holding `element` (e.g. a panel's button in the board menu,
 * which goes when the popover closes), or undefined when `element` is in no popover.
 */
export function popoverButtonOf(element: Element): HTMLElement | undefined {
  const popover = element.closest('[role="dialog"][id]')
  return popover ? toggleOf(popover.id) : undefined
}

/** The button that opens the popover `id`. */
function toggleOf(id: string): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>('[aria-controls]')].find(
    (element) => element.getAttribute('aria-controls') === id,
  )
}
