import type { ReactNode } from 'react'
import { useUiStore } from '../state/uiStore'
import { sidePanelDomId, type SidePanelId } from '../state/panelsSlice'

/** A top-bar button that opens its side panel, or closes it when it is open. */
export function PanelToggle({
  panel,
  label,
  className,
  onToggled,
  children,
}: {
  panel: SidePanelId
  /** The accessible name when it differs from the text (e.g. with an unread count). */
  label?: string
  className?: string
  /** After it opened or closed its panel (the board menu closes itself). */
  onToggled?: () => void
  children: ReactNode
}) {
  const isOpen = useUiStore((state) => state.openPanel === panel)
  const togglePanel = useUiStore((state) => state.togglePanel)
  return (
    <button
      type="button"
      className={`button button--small${className ? ` ${className}` : ''}`}
      aria-pressed={isOpen}
      aria-controls={isOpen ? sidePanelDomId(panel) : undefined}
      data-opens={sidePanelDomId(panel)}
      aria-label={label}
      onClick={() => {
        togglePanel(panel)
        onToggled?.()
      }}
    >
      {children}
    </button>
  )
}
