import { useCallback, useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react'
import { useMaybeEditor } from 'tldraw'

/** What to do with a few keys inside the element, besides keeping them from the canvas. */
export interface KeyBoundaryOptions<T extends HTMLElement> {
  /** Escape pressed inside (unless an inner handler called `preventDefault`, e.g. a menu). */
  onEscape?: (event: ReactKeyboardEvent<T>) => void
}

/** Props to spread on the element whose keystrokes stay its own. */
export interface KeyBoundaryProps<T extends HTMLElement> {
  /** A React 19 ref callback (it returns its cleanup). */
  ref: (element: T | null) => (() => void) | undefined
  onKeyDown: (event: ReactKeyboardEvent<T>) => void
  onKeyUp: (event: ReactKeyboardEvent<T>) => void
}

/**
 * The one way to keep keystrokes inside a panel, dialog, popover or field away from tldraw, so
 * typing "d" in a form never picks the draw tool and Escape never cancels something on the canvas.
 * tldraw listens in two places: natively on its container, before React's root handlers run (so
 * the keys are marked as handled there, which leaves every other listener alone), and on the
 * document body, after them (so React stops the event, once the element's own handlers, which
 * run first, are done). Spread the returned props on the element.
 */
export function useKeepKeysFromCanvas<T extends HTMLElement = HTMLElement>(
  options: KeyBoundaryOptions<T> = {},
): KeyBoundaryProps<T> {
  const editor = useMaybeEditor()
  const optionsRef = useRef(options)
  useEffect(() => {
    optionsRef.current = options
  })
  const ref = useCallback(
    (element: T | null) => {
      if (!element || !editor) return undefined
      const mark = (event: KeyboardEvent) => editor.markEventAsHandled(event)
      element.addEventListener('keydown', mark)
      element.addEventListener('keyup', mark)
      return () => {
        element.removeEventListener('keydown', mark)
        element.removeEventListener('keyup', mark)
      }
    },
    [editor],
  )
  const onKeyDown = useCallback((event: ReactKeyboardEvent<T>) => {
    event.stopPropagation()
    if (event.key === 'Escape' && !event.defaultPrevented) optionsRef.current.onEscape?.(event)
  }, [])
  const onKeyUp = useCallback((event: ReactKeyboardEvent<T>) => event.stopPropagation(), [])
  return { ref, onKeyDown, onKeyUp }
}
