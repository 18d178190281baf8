import { DefaultStylePanel, useEditor, useValue, type TLUiStylePanelProps } from 'tldraw'
import { isCardShapeType } from '../shapes/cardKinds'

/** Tools whose next shape takes tldraw styles (colour, fill, dash, size...). */
const styledTools = new Set(['draw', 'geo', 'arrow', 'line', 'note', 'text', 'highlight', 'frame'])

/**
 * The `StylePanel` component slot: tldraw's style panel while shapes other than cards are selected
 * or a drawing tool is active, and nothing otherwise (cards have no tldraw styles; the card panel
 * shows the selected card), so an idle board is not covered by a palette, as in Miro and FigJam.
 * The mobile style popover keeps tldraw's panel.
 */
export function CardStylePanel(props: TLUiStylePanelProps) {
  const editor = useEditor()
  const hasStyles = useValue(
    'style panel content',
    () => {
      const selected = editor.getSelectedShapes()
      if (selected.some((shape) => !isCardShapeType(shape.type))) return true
      return selected.length === 0 && styledTools.has(editor.getCurrentToolId())
    },
    [editor],
  )
  if (props.isMobile || hasStyles) return <DefaultStylePanel {...props} />
  return null
}
