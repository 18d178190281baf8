import { useEffect, type RefObject } from 'react'
import { useEditor } from 'tldraw'

/**
 * Keeps key presses inside `ref` (text boxes, buttons) away from tldraw: its container listens
 * natively, before React's handlers could stop the event, and would otherwise treat Escape as
 * "cancel" (closing the thread while a mention list is open) or letters as tool shortcuts.
 */
export function useKeepKeysFromCanvas(ref: RefObject<HTMLElement | null>): void {
  const editor = useEditor()
  useEffect(() => {
    const element = ref.current
    if (!element) return
    const onKeyDown = (event: KeyboardEvent) => editor.markEventAsHandled(event)
    element.addEventListener('keydown', onKeyDown)
    return () => element.removeEventListener('keydown', onKeyDown)
  })
}
