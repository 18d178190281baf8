import { useSyncExternalStore } from 'react'

/**
 * How the board's chrome fits the screen. `desktop`: every action in the top bar, panels beside
 * the canvas. `tablet`: the top bar's actions folded into one menu. `phone`: that menu, and every
 * panel a full-width sheet that the back gesture closes. The board's element carries it as
 * `data-layout`, so the CSS follows the same breakpoints as the code.
 */
export type ScreenLayout = 'phone' | 'tablet' | 'desktop'

/** Up to this width the top bar's actions fold into one menu (a tablet, also on its side). */
export const compactBarMaxWidth = 1099

/** Up to this width, or this height (a phone on its side), panels open as full-width sheets. */
export const sheetMaxWidth = 699
export const sheetMaxHeight = 499

const sheetQuery = `(max-width: ${sheetMaxWidth}px), (max-height: ${sheetMaxHeight}px)`
const compactQuery = `(max-width: ${compactBarMaxWidth}px)`

function matches(query: string): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(query).matches
}

/** The layout for the screen as it is now (outside React, e.g. in a tldraw action). */
export function getScreenLayout(): ScreenLayout {
  if (matches(sheetQuery)) return 'phone'
  if (matches(compactQuery)) return 'tablet'
  return 'desktop'
}

function subscribe(onChange: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => {}
  const queries = [window.matchMedia(sheetQuery), window.matchMedia(compactQuery)]
  for (const query of queries) query.addEventListener('change', onChange)
  return () => {
    for (const query of queries) query.removeEventListener('change', onChange)
  }
}

/** The layout for the screen, re-rendering when a window is resized or a device turned. */
export function useScreenLayout(): ScreenLayout {
  return useSyncExternalStore(subscribe, getScreenLayout)
}

/** True when panels open as full-width sheets (`phone`). */
export function useIsSheetLayout(): boolean {
  return useScreenLayout() === 'phone'
}
