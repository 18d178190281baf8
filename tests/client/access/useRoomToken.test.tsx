import { render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { boardLink, withToken } from '../../../client/access/shareLinks'
import { useRoomToken } from '../../../client/access/useRoomAccess'
import { useUiStore } from '../../../client/state/uiStore'

const initialState = useUiStore.getState()
afterEach(() => {
  useUiStore.setState(initialState, true)
  window.history.replaceState(null, '', '/')
})

function Token({ roomId }: { roomId: string }) {
  return <output data-testid="token">{useRoomToken(roomId) ?? 'none'}</output>
}

describe('share-link tokens in the address bar', () => {
  it('stores the token of ?t= for the board and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/b/room-a?t=abc.DEF_1-2&utm=x#frame')
    render(<Token roomId="room-a" />)
    expect(screen.getByTestId('token').textContent).toBe('abc.DEF_1-2')
    expect(window.location.pathname + window.location.search + window.location.hash).toBe(
      '/b/room-a?utm=x#frame',
    )
    expect(useUiStore.getState().roomAccess['room-a']).toEqual({ token: 'abc.DEF_1-2', role: null })
    const stored = JSON.parse(localStorage.getItem('icp-workshop:ui') ?? '{}')
    expect(stored.state.roomAccess['room-a'].token).toBe('abc.DEF_1-2')
  })

  it('reuses the stored token on a later visit without ?t=', () => {
    useUiStore.getState().rememberRoomToken('room-a', 'stored.token', 'editor')
    window.history.replaceState(null, '', '/b/room-a')
    render(<Token roomId="room-a" />)
    expect(screen.getByTestId('token').textContent).toBe('stored.token')
  })

  it('lets a new link replace the stored token', () => {
    useUiStore.getState().rememberRoomToken('room-a', 'old.token', 'viewer')
    window.history.replaceState(null, '', '/b/room-a?t=new.token')
    render(<Token roomId="room-a" />)
    expect(screen.getByTestId('token').textContent).toBe('new.token')
    expect(useUiStore.getState().roomAccess['room-a']).toEqual({ token: 'new.token', role: null })
  })

  it('strips a malformed token without keeping it', () => {
    window.history.replaceState(null, '', '/b/room-a?t=%3Cscript%3E')
    render(<Token roomId="room-a" />)
    expect(screen.getByTestId('token').textContent).toBe('none')
    expect(window.location.search).toBe('')
  })

  it('builds share links and token-carrying download links', () => {
    expect(boardLink('room a', 'tok.en', 'https://icp.example')).toBe(
      'https://icp.example/b/room%20a?t=tok.en',
    )
    expect(withToken('/api/rooms/r/icp.pdf?icp=x', 'tok')).toBe('/api/rooms/r/icp.pdf?icp=x&t=tok')
    expect(withToken('/api/rooms/r/icp.pdf', null)).toBe('/api/rooms/r/icp.pdf')
  })
})
