import { DefaultStylePanel, useEditor, useValue, type TLUiStylePanelProps } from 'tldraw'
import { isCardShapeType } from '../shapes/cardKinds'
import { CardPanel } from './CardPanel'

/** Tools whose next shape takes tldraw styles (colour, fill, dash, size...). */
const styledTools = new Set(['draw', 'geo', 'arrow', 'line', 'note', 'text', 'highlight', 'frame'])

type PanelContent = 'card' | 'styles' | 'none'

/**
 * The `StylePanel` component slot: the card panel while exactly one card is selected (cards have
 * no tldraw styles), tldraw's style panel while shapes are selected or a drawing tool is active,
 * and nothing otherwise, so an idle board is not covered by a palette (as in Miro and FigJam).
 * The mobile style popover keeps tldraw's panel.
 */
export function CardStylePanel(props: TLUiStylePanelProps) {
  const editor = useEditor()
  const content = useValue<PanelContent>(
    'style panel content',
    () => {
      const selected = editor.getSelectedShapes()
      if (selected.length === 1 && isCardShapeType(selected[0]!.type)) return 'card'
      if (selected.some((shape) => !isCardShapeType(shape.type))) return 'styles'
      return styledTools.has(editor.getCurrentToolId()) ? 'styles' : 'none'
    },
    [editor],
  )
  if (props.isMobile) return <DefaultStylePanel {...props} />
  if (content === 'card') return <CardPanel />
  if (content === 'styles') return <DefaultStylePanel {...props} />
  return null
}
