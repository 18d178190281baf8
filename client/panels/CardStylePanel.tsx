import { DefaultStylePanel, useEditor, useValue, type TLUiStylePanelProps } from 'tldraw'
import { isCardShapeType } from '../shapes/cardKinds'
import { CardPanel } from './CardPanel'

/**
 * The `StylePanel` component slot: the card panel while exactly one card is selected (cards have
 * no tldraw styles, so the style panel would only offer opacity), tldraw's style panel otherwise.
 * The mobile style popover keeps tldraw's panel.
 */
export function CardStylePanel(props: TLUiStylePanelProps) {
  const editor = useEditor()
  const isOneCardSelected = useValue(
    'is one card selected',
    () => {
      const shape = editor.getOnlySelectedShape()
      return !!shape && isCardShapeType(shape.type)
    },
    [editor],
  )
  if (props.isMobile || !isOneCardSelected) return <DefaultStylePanel {...props} />
  return <CardPanel />
}
