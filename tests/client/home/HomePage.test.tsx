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

function stubFetch(status: number, body: unknown) {
  const fetchMock = vi.fn(async () => new Response(JSON.stringify(body), { status }))
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

describe('HomePage', () => {
  it('creates a board from the ICP workshop template and navigates to its URL', async () => {
    const fetchMock = stubFetch(201, { roomId: 'abc123XYZ0' })
    render(<HomePage />)
    fireEvent.click(screen.getByRole('button', { name: /ICP workshop/ }))
    await waitFor(() => expect(window.location.pathname).toBe('/b/abc123XYZ0'))
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/rooms',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({ template: 'icp-workshop' }),
      }),
    )
  })

  it('offers a blank board too', async () => {
    const fetchMock = stubFetch(201, { roomId: 'blank12345' })
    render(<HomePage />)
    fireEvent.click(screen.getByRole('button', { name: /Blank board/ }))
    await waitFor(() => expect(window.location.pathname).toBe('/b/blank12345'))
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/rooms',
      expect.objectContaining({ body: JSON.stringify({ template: 'blank' }) }),
    )
  })

  it('shows the server’s error message when the board cannot be created', async () => {
    stubFetch(503, { error: 'Storage is full' })
    render(<HomePage />)
    fireEvent.click(screen.getByRole('button', { name: /Blank board/ }))
    expect((await screen.findByRole('alert')).textContent).toBe('Storage is full')
    expect(window.location.pathname).toBe('/')
  })

  it('asks for the room creation key when the server needs one, and creates the board with it', async () => {
    const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
      const headers = new Headers(init.headers)
      return headers.get('authorization') === 'Bearer team-key-0123456789'
        ? new Response(JSON.stringify({ roomId: 'keyed12345' }), { status: 201 })
        : new Response(JSON.stringify({ error: 'needs a key', needsCreateKey: true }), {
            status: 401,
          })
    })
    vi.stubGlobal('fetch', fetchMock)
    render(<HomePage />)
    fireEvent.click(screen.getByRole('button', { name: /ICP workshop/ }))
    const input = await screen.findByLabelText(/room creation key/)
    fireEvent.change(input, { target: { value: 'wrong-key' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create board' }))
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That key was not accepted. Check it and try again.',
    )
    fireEvent.change(input, { target: { value: ' team-key-0123456789 ' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create board' }))
    await waitFor(() => expect(window.location.pathname).toBe('/b/keyed12345'))
    expect(JSON.parse(String(fetchMock.mock.calls.at(-1)?.[1].body))).toEqual({
      template: 'icp-workshop',
    })
  })

  it('lists recent boards, newest first, and forgets one on request', () => {
    useUiStore.getState().rememberBoard('room-one-1', 'Segment A')
    useUiStore.getState().rememberBoard('room-two-2', 'Segment B')
    render(<HomePage />)
    const titles = screen.getAllByRole('link').map((link) => link.textContent)
    expect(titles[0]).toContain('Segment B')
    expect(titles[1]).toContain('Segment A')
    fireEvent.click(screen.getByRole('button', { name: 'Remove Segment B from recent boards' }))
    expect(screen.queryByText('Segment B')).toBeNull()
  })
})
