import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ShareDialog } from '../../../client/access/ShareDialog'

const links = { editor: 'ed.1', commenter: 'co.1', viewer: 'vi.1' }
const origin = window.location.origin

afterEach(() => {
  vi.unstubAllGlobals()
})

function stubApi() {
  const calls: { url: string; method: string; authorization: string | null }[] = []
  const fetchMock = vi.fn(async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    calls.push({ url, method: init.method ?? 'GET', authorization: headers.get('authorization') })
    if (url.endsWith('/links')) {
      return Response.json({ links, linksExpireAt: '2027-05-22T12:00:00.000Z' })
    }
    if (url.endsWith('/links/editor/rotate')) {
      return Response.json({ role: 'editor', token: 'ed.2', expiresAt: null })
    }
    return Response.json({ error: 'no such route' }, { status: 404 })
  })
  vi.stubGlobal('fetch', fetchMock)
  return calls
}

function stubClipboard() {
  const writeText = vi.fn(async () => undefined)
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
  return writeText
}

describe('ShareDialog for the facilitator', () => {
  it('shows the editor, commenter and viewer links with what each role can do', async () => {
    const calls = stubApi()
    render(<ShareDialog roomId="room-a" role="facilitator" token="fa.1" onClose={() => {}} />)
    const editor = (await screen.findByLabelText('Editor link')) as HTMLInputElement
    expect(editor.value).toBe(`${origin}/b/room-a?t=ed.1`)
    expect((screen.getByLabelText('Commenter link') as HTMLInputElement).value).toBe(
      `${origin}/b/room-a?t=co.1`,
    )
    expect((screen.getByLabelText('Viewer link') as HTMLInputElement).value).toBe(
      `${origin}/b/room-a?t=vi.1`,
    )
    expect(screen.getByText('edits the board, comments and votes')).toBeTruthy()
    expect(screen.getByText('reads the board and comments')).toBeTruthy()
    expect(screen.getByText('Links expire on May 22, 2027.')).toBeTruthy()
    expect(calls[0]).toEqual({
      url: '/api/rooms/room-a/links',
      method: 'GET',
      authorization: 'Bearer fa.1',
    })
  })

  it('copies a link', async () => {
    stubApi()
    const writeText = stubClipboard()
    render(<ShareDialog roomId="room-a" role="facilitator" token="fa.1" onClose={() => {}} />)
    const row = (await screen.findByLabelText('Commenter link')).closest('li')!
    fireEvent.click(within(row).getByRole('button', { name: 'Copy link' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(`${origin}/b/room-a?t=co.1`))
    expect(await within(row).findByRole('button', { name: 'Copied' })).toBeTruthy()
  })

  it('resets a link only after confirmation, and shows the new one', async () => {
    const calls = stubApi()
    render(<ShareDialog roomId="room-a" role="facilitator" token="fa.1" onClose={() => {}} />)
    const row = (await screen.findByLabelText('Editor link')).closest('li')!
    fireEvent.click(within(row).getByRole('button', { name: 'Reset link' }))
    const confirm = within(row).getByRole('alertdialog', { name: 'Reset the editor link' })
    expect(confirm.textContent).toContain('Everyone using the current editor link loses access')
    expect(calls.some((call) => call.method === 'POST')).toBe(false)

    fireEvent.click(within(confirm).getByRole('button', { name: 'Reset link' }))
    await waitFor(() =>
      expect((screen.getByLabelText('Editor link') as HTMLInputElement).value).toBe(
        `${origin}/b/room-a?t=ed.2`,
      ),
    )
    expect(calls.at(-1)).toEqual({
      url: '/api/rooms/room-a/links/editor/rotate',
      method: 'POST',
      authorization: 'Bearer fa.1',
    })
  })

  it('keeps the old link when the reset is cancelled', async () => {
    stubApi()
    render(<ShareDialog roomId="room-a" role="facilitator" token="fa.1" onClose={() => {}} />)
    const row = (await screen.findByLabelText('Viewer link')).closest('li')!
    fireEvent.click(within(row).getByRole('button', { name: 'Reset link' }))
    fireEvent.click(within(row).getByRole('button', { name: 'Cancel' }))
    expect(within(row).queryByRole('alertdialog')).toBeNull()
    expect((screen.getByLabelText('Viewer link') as HTMLInputElement).value).toBe(
      `${origin}/b/room-a?t=vi.1`,
    )
  })

  it('says why the links could not be loaded and offers to try again', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json({ error: 'this link is not a facilitator link' }, { status: 403 }),
      ),
    )
    render(<ShareDialog roomId="room-a" role="facilitator" token="fa.1" onClose={() => {}} />)
    expect((await screen.findByRole('alert')).textContent).toContain(
      'this link is not a facilitator link',
    )
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
  })
})

describe('ShareDialog for everyone else', () => {
  it('offers only their own link, says what it allows and asks nothing of the server', () => {
    const calls = stubApi()
    render(<ShareDialog roomId="room-a" role="commenter" token="co.1" onClose={() => {}} />)
    expect((screen.getByLabelText('Board link') as HTMLInputElement).value).toBe(
      `${origin}/b/room-a?t=co.1`,
    )
    expect(screen.getByText(/Anyone with your link can open this board as/).textContent).toBe(
      'Anyone with your link can open this board as commenter: reads the board and comments.',
    )
    expect(
      screen.getByText('Only the facilitator can hand out links with other roles.'),
    ).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Reset link' })).toBeNull()
    expect(calls).toEqual([])
  })

  it('closes on Escape (the dialog’s cancel request)', () => {
    const onClose = vi.fn()
    render(<ShareDialog roomId="room-a" role="editor" token="ed.1" onClose={onClose} />)
    // jsdom has no Escape-to-cancel of its own; a browser turns Escape into this event.
    fireEvent(screen.getByRole('dialog'), new Event('cancel', { cancelable: true }))
    expect(onClose).toHaveBeenCalled()
  })
})
