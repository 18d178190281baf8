import type { TLUiOverrides } from 'tldraw'
import { isCardShapeType } from '../shapes/cardKinds'
import { useUiStore } from '../state/uiStore'

/** The card panel's element id (see CardPanel.tsx). */
export const cardPanelDomId = 'card-panel'

/**
 * tldraw's keyboard way into the selected shape's settings, Ctrl/Cmd+Enter ("adjust shape
 * styles", which focuses its style panel), also leads into the card panel when a card is
 * selected: Tab on the canvas moves between shapes, so this is how a keyboard reaches the
 * panel's fields. Escape there hands the keyboard back to the canvas.
 */
export const cardPanelOverrides: TLUiOverrides = {
  actions(editor, actions) {
    const adjust = actions['adjust-shape-styles']
    if (!adjust) return actions
    actions['adjust-shape-styles'] = {
      ...adjust,
      onSelect(source) {
        const shape = editor.getOnlySelectedShape()
        if (!shape || !isCardShapeType(shape.type)) return adjust.onSelect(source)
        // On a phone the panel is a sheet that opens on request: it shows on the next frame.
        useUiStore.getState().setCardSheet(shape.id)
        const focusPanel = () => {
          const panel = document.getElementById(cardPanelDomId)
          const first = panel?.querySelector<HTMLElement>(
            'input:not(:disabled), select:not(:disabled), textarea:not(:disabled)',
          )
          ;(first ?? panel)?.focus()
          return panel !== null
        }
        if (!focusPanel()) requestAnimationFrame(focusPanel)
      },
    }
    return actions
  },
}
