import { useEffect, useSyncExternalStore } from 'react'
import { useUiStore, type ColorScheme } from '../state/uiStore'

const darkQuery = '(prefers-color-scheme: dark)'

function subscribeToSystemScheme(onChange: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => {}
  const query = window.matchMedia(darkQuery)
  query.addEventListener('change', onChange)
  return () => query.removeEventListener('change', onChange)
}

function isSystemDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(darkQuery).matches
}

/** The theme a colour scheme shows, given whether the system is dark. */
export function themeOf(colorScheme: ColorScheme, isSystemDarkNow: boolean): 'light' | 'dark' {
  if (colorScheme === 'system') return isSystemDarkNow ? 'dark' : 'light'
  return colorScheme
}

/**
 * Puts the person's theme on `<html data-theme>`, where client/theme.css switches every colour:
 * the colour scheme chosen in tldraw's menu (remembered in this browser), and for "system" the
 * operating system's, live. The home page and the board look the same, and so do dialogs.
 */
export function useDocumentTheme(): void {
  const colorScheme = useUiStore((state) => state.colorScheme)
  const isDark = useSyncExternalStore(subscribeToSystemScheme, isSystemDark)
  const theme = themeOf(colorScheme, isDark)
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
}
