import { act, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useDocumentTheme } from '../../../client/app/useDocumentTheme'
import { useUiStore } from '../../../client/state/uiStore'

const initialState = useUiStore.getState()
afterEach(() => {
  useUiStore.setState(initialState, true)
  vi.unstubAllGlobals()
  delete document.documentElement.dataset.theme
})

/** A system colour scheme the test can switch, as the OS would. */
function stubSystemScheme(isDark: boolean) {
  const listeners = new Set<() => void>()
  const query = {
    get matches() {
      return isDark
    },
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  }
  vi.stubGlobal('matchMedia', () => query)
  return (next: boolean) => {
    isDark = next
    for (const listener of listeners) listener()
  }
}

function Themed() {
  useDocumentTheme()
  return null
}

const theme = () => document.documentElement.dataset.theme

describe('the document theme', () => {
  it('is the colour scheme the person chose', () => {
    stubSystemScheme(true)
    useUiStore.getState().setColorScheme('light')
    render(<Themed />)
    expect(theme()).toBe('light')
    act(() => useUiStore.getState().setColorScheme('dark'))
    expect(theme()).toBe('dark')
  })

  it('follows the system, live, while the choice is "system"', () => {
    const setSystemDark = stubSystemScheme(false)
    useUiStore.getState().setColorScheme('system')
    render(<Themed />)
    expect(theme()).toBe('light')
    act(() => setSystemDark(true))
    expect(theme()).toBe('dark')
  })

  it('is remembered with the rest of the preferences, and a tampered value is ignored', async () => {
    useUiStore.getState().setColorScheme('dark')
    const saved = JSON.parse(localStorage.getItem('icp-workshop:ui')!)
    expect(saved.state.colorScheme).toBe('dark')
    localStorage.setItem(
      'icp-workshop:ui',
      JSON.stringify({ ...saved, state: { ...saved.state, colorScheme: 'neon' } }),
    )
    await useUiStore.persist.rehydrate()
    expect(useUiStore.getState().colorScheme).toBe('dark')
  })
})
