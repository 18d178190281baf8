import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HomePage } from '../../../client/home/HomePage'
import { useUiStore } from '../../../client/state/uiStore'

const initialState = useUiStore.getState()
afterEach(() => {
  useUiStore.setState(initialState, true)
  vi.unstubAllGlobals()
  window.history.replaceState(null, '', '/')
})

describe('creating a board', () => {
  it('keeps the facilitator token for the new board, so its bare URL opens it', async () => {
    const created = {
      roomId: 'room123456',
      facilitatorToken: 'fa.token',
      links: { editor: 'ed', commenter: 'co', viewer: 'vi' },
      linksExpireAt: null,
    }
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json(created, { status: 201 })),
    )
    render(<HomePage />)
    fireEvent.click(screen.getByRole('radio', { name: /Blank board/ }))
    fireEvent.click(screen.getByRole('button', { name: 'Create board' }))
    await waitFor(() => expect(window.location.pathname).toBe('/b/room123456'))
    expect(window.location.search).toBe('')
    expect(useUiStore.getState().roomAccess['room123456']).toEqual({
      token: 'fa.token',
      role: 'facilitator',
    })
  })
})
