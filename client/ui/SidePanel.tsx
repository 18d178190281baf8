import { useCallback, useId, useState, type ReactNode } from 'react'
import { useMaybeEditor } from 'tldraw'
import { useCoversCanvas } from '../board/visibleArea'
import { CloseButton } from './CloseButton'
import { popoverButtonOf } from './Popover'
import { useIsSheetLayout } from './screenLayout'
import { useSheetHistory } from './sheetHistory'
import { useKeepKeysFromCanvas } from './useKeepKeysFromCanvas'
import { useMergedRefs } from './useMergedRefs'
import './ui.css'

export interface SidePanelProps {
  /** The element id; the button that opens the panel names it in `data-opens`. */
  id?: string
  /** The heading; also the panel's accessible name. */
  title: ReactNode
  /** Left: the panel the person opened (one at a time). Right: the selected card's details. */
  side?: 'left' | 'right'
  /** Drawn before the title. */
  icon?: ReactNode
  /** The close button's label, e.g. "Close comments". */
  closeLabel: string
  onClose: () => void
  /** Buttons between the title and the close button. */
  actions?: ReactNode
  className?: string
  /** For tests and styles that target one panel. */
  testId?: string
  children: ReactNode
}

/**
 * The one side panel: docked on one side below the top bar, with a heading, a close button and
 * its own scrolling. Keystrokes stay inside (Escape hands the keyboard back to the canvas), and
 * the camera keeps what it shows out from under it. A panel is a `complementary` landmark named
 * by its heading. On a phone (screenLayout.ts) it is a full-width sheet under the top bar that
 * the back gesture closes, and the camera does not move for it. Opened from its button, it takes
 * the focus, and gives it back to the button on Escape or when it closes (a panel that opens by
 * itself, such as the card panel on a selection, leaves the focus where it is).
 */
export function SidePanel({
  id,
  title,
  side = 'left',
  icon,
  closeLabel,
  onClose,
  actions,
  className,
  testId,
  children,
}: SidePanelProps) {
  const editor = useMaybeEditor()
  const titleId = useId()
  // Read while rendering: the button that opened the panel still has the focus. A button in a
  // popover (the board menu) goes with it: the focus then goes back to the popover's button.
  const [opener] = useState(() => {
    const active = document.activeElement
    if (!id || !(active instanceof HTMLElement) || active.dataset.opens !== id) return null
    return { button: active, menuButton: popoverButtonOf(active) }
  })
  const openerNow = useCallback(() => {
    if (opener?.button.isConnected) return opener.button
    return opener?.menuButton?.isConnected ? opener.menuButton : null
  }, [opener])
  const giveFocusBack = useCallback(() => {
    const target = openerNow()
    if (target) target.focus()
    else editor?.getContainer().focus()
  }, [openerNow, editor])
  const keys = useKeepKeysFromCanvas<HTMLElement>({
    onEscape: (event) => {
      ;(event.target as HTMLElement).blur?.()
      giveFocusBack()
    },
  })
  const focus = useCallback(
    (element: HTMLElement | null) => {
      if (!element || !opener) return undefined
      element.focus()
      return () => {
        // Closed with the focus inside (its close button): back to the button that opened it.
        const active = document.activeElement
        const isInside = !active || active === document.body || element.contains(active)
        if (isInside) openerNow()?.focus()
      }
    },
    [opener, openerNow],
  )
  // On a phone it is a full-width sheet over the canvas, which stays where it was behind it.
  const isSheet = useIsSheetLayout()
  useSheetHistory(isSheet, onClose)
  const ref = useMergedRefs<HTMLElement>(keys.ref, useCoversCanvas(isSheet ? null : side), focus)
  return (
    <aside
      ref={ref}
      id={id}
      tabIndex={-1}
      className={`side-panel side-panel--${side}${isSheet ? ' side-panel--sheet' : ''}${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onKeyDown={keys.onKeyDown}
      onKeyUp={keys.onKeyUp}
      // Like tldraw's own panels: the canvas does not track the pointer while it is over us.
      onPointerMove={(event) => editor?.markEventAsHandled(event)}
    >
      <header className="side-panel__header">
        {icon && (
          <span className="side-panel__icon" aria-hidden="true">
            {icon}
          </span>
        )}
        <h2 id={titleId} className="side-panel__title">
          {title}
        </h2>
        {actions}
        <CloseButton label={closeLabel} className="side-panel__close" onClick={onClose} />
      </header>
      {children}
    </aside>
  )
}
