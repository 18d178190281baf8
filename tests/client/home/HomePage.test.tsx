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
  it('creates a board from the ICP workshop template by default and navigates to its URL', async () => {
    const fetchMock = stubFetch(201, { roomId: 'abc123XYZ0' })
    render(<HomePage />)
    expect(screen.getByRole('radio', { name: /ICP workshop/ })).toHaveProperty('checked', true)
    fireEvent.click(screen.getByRole('button', { name: 'Create board' }))
    await waitFor(() => expect(window.location.pathname).toBe('/b/abc123XYZ0'))
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/rooms',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({ template: 'icp-workshop' }),
      }),
    )
  })

  it('sends the typed name and the picked template', async () => {
    const fetchMock = stubFetch(201, { roomId: 'lean123456' })
    render(<HomePage />)
    fireEvent.change(screen.getByLabelText('Board name'), { target: { value: ' Q3 · Kraków ' } })
    fireEvent.click(screen.getByRole('radio', { name: /Lean ICP/ }))
    fireEvent.click(screen.getByRole('button', { name: 'Create board' }))
    await waitFor(() => expect(window.location.pathname).toBe('/b/lean123456'))
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/rooms',
      expect.objectContaining({
        body: JSON.stringify({ template: 'lean-icp', name: 'Q3 · Kraków' }),
      }),
    )
  })

  it('offers every template, a blank board included', () => {
    render(<HomePage />)
    expect(screen.getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual([
      'icp-workshop',
      'lean-icp',
      'persona-deep-dive',
      'icp-review',
      'blank',
    ])
  })

  it('starts a review from a saved version of a board this browser holds a token of', async () => {
    useUiStore.getState().rememberBoard('retail0001', 'Retail ICP')
    useUiStore.getState().rememberRoomToken('retail0001', 'viewer-token', 'viewer')
    useUiStore.getState().rememberBoard('notoken001', 'Board without token')
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/rooms/retail0001/versions') {
        expect(new Headers(init?.headers).get('authorization')).toBe('Bearer viewer-token')
        const version = (id: string, name: string) => ({
          id,
          name,
          createdAt: '2026-09-14T08:00:00.000Z',
          createdBy: null,
          icpCount: 1,
        })
        return new Response(
          JSON.stringify({ versions: [version('v2', 'Q3'), version('v1', 'Q2')] }),
          { status: 200 },
        )
      }
      return new Response(JSON.stringify({ roomId: 'review0001' }), { status: 201 })
    })
    vi.stubGlobal('fetch', fetchMock)
    render(<HomePage />)
    fireEvent.click(screen.getByRole('radio', { name: /ICP review/ }))
    const board = screen.getByLabelText('Board to review') as HTMLSelectElement
    expect([...board.options].map((option) => option.textContent)).toEqual(['Retail ICP'])
    const version = (await screen.findByLabelText('Saved version')) as HTMLSelectElement
    fireEvent.change(version, { target: { value: 'v1' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create board' }))
    await waitFor(() => expect(window.location.pathname).toBe('/b/review0001'))
    expect(fetchMock).toHaveBeenLastCalledWith(
      '/api/rooms',
      expect.objectContaining({
        body: JSON.stringify({
          template: 'icp-review',
          source: { roomId: 'retail0001', versionId: 'v1', token: 'viewer-token' },
        }),
      }),
    )
  })

  it('cannot start a review before a board has been opened', () => {
    render(<HomePage />)
    fireEvent.click(screen.getByRole('radio', { name: /ICP review/ }))
    expect(screen.getByText(/A review starts from a saved version of a board you have opened/))
    expect(screen.getByRole('button', { name: 'Create board' })).toHaveProperty('disabled', true)
  })

  it('shows the server’s error message when the board cannot be created', async () => {
    stubFetch(503, { error: 'Storage is full' })
    render(<HomePage />)
    fireEvent.click(screen.getByRole('button', { name: 'Create board' }))
    expect((await screen.findByRole('alert')).textContent).toBe('Storage is full')
    expect(window.location.pathname).toBe('/')
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
