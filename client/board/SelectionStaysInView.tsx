import { useEffect } from 'react'
import { react, useEditor } from 'tldraw'
import { getCanvasCovers, panIntoView } from './visibleArea'

/**
 * Keeps what is selected out from under our panels and bars: when the selection changes (once the
 * pointer is up, so a press that starts a drag is not disturbed) or a panel opens or closes, the
 * camera pans just enough to show the selection, at the same zoom. Selecting a card at the right
 * edge opens the card panel over it; this moves the card back into view. Render once in `<Tldraw>`.
 */
export function SelectionStaysInView() {
  const editor = useEditor()
  useEffect(() => {
    let checked: { ids: readonly string[]; covers: ReadonlyMap<Element, string> } | null = null
    return react('selection stays in view', () => {
      const ids = editor.getSelectedShapeIds()
      const covers = getCanvasCovers(editor)
      if (editor.inputs.getIsPointing() || editor.getEditingShapeId() !== null) return
      if (checked && checked.ids === ids && checked.covers === covers) return
      checked = { ids, covers }
      if (ids.length === 0) return
      const bounds = editor.getSelectionPageBounds()
      // After this reaction: panning moves the camera, which must not happen while reacting. A
      // camera already on its way (Show, a step, a summon) is taking the selection somewhere.
      if (bounds) {
        requestAnimationFrame(() => {
          if (editor.getCameraState() !== 'idle') return
          panIntoView(editor, bounds, {
            margin: 0,
            canZoomOut: false,
            animation: { duration: 200 },
          })
        })
      }
    })
  }, [editor])
  return null
}
