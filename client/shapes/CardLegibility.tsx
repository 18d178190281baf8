import { useEffect } from 'react'
import { react, useEditor } from 'tldraw'

/** Below this zoom the cards show only their main text, large enough to read (see cards.css). */
export const farZoom = 0.6

/**
 * Keeps cards legible when zoomed out, the way map labels work: publishes the zoom to the cards'
 * CSS (`--icp-zoom`, and `data-icp-zoom="far"` below `farZoom` on tldraw's container), which gives
 * each card's main text a minimum size on screen and hides the details that could not be read.
 * Uses tldraw's efficient zoom level, which holds still while the camera moves, so a pinch does
 * not restyle every card on every frame. Render once inside `<Tldraw>`.
 */
export function CardLegibility() {
  const editor = useEditor()
  useEffect(() => {
    const container = editor.getContainer()
    const stop = react('card legibility', () => {
      const zoom = Math.round(editor.getEfficientZoomLevel() * 100) / 100
      container.style.setProperty('--icp-zoom', String(zoom))
      container.dataset.icpZoom = zoom < farZoom ? 'far' : 'near'
    })
    return () => {
      stop()
      container.style.removeProperty('--icp-zoom')
      delete container.dataset.icpZoom
    }
  }, [editor])
  return null
}
