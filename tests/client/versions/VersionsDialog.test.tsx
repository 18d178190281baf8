import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import type { Editor, TLShapeId } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { localToday } from '../../../client/lib/localToday'
import { useUiStore } from '../../../client/state/uiStore'
import { VersionsDialog } from '../../../client/versions/VersionsDialog'
import type { StatementCardShape } from '../../../shared/schema/statementCard'
import type { VersionDiff } from '../../../shared/workshop/versionDiff'
import {
  createTestBoard,
  renderOnBoard,
  resetFacilitationUi,
} from '../facilitation/facilitationHarness'
import { addShape, createCardEditor } from '../shapes/cardEditor'

let editor: Editor
let statementId: TLShapeId

const q1 = {
  id: 'v1',
  name: 'Q1 2027 review',
  createdAt: '2027-03-30T15:00:00.000Z',
  createdBy: 'Fran',
  icpCount: 1,
}
const diff: VersionDiff = {
  hasChanges: true,
  icps: [
    {
      id: 'shape:statement',
      name: 'Video game studios',
      status: 'changed',
      nameChange: null,
      statement: {
        before: 'Our ideal customer is a studio.',
        after: 'Our ideal customer is a US studio.',
      },
      attributes: {
        added: [
          { shapeId: 'shape:a', category: 'location', label: '', value: 'US', importance: 'must' },
        ],
        removed: [],
        changed: [
          {
            shapeId: 'shape:b',
            before: {
              shapeId: 'shape:b',
              category: 'employees',
              label: '',
              value: '50-200',
              importance: 'nice',
            },
            after: {
              shapeId: 'shape:b',
              category: 'employees',
              label: '',
              value: '200-1,000',
              importance: 'nice',
            },
          },
        ],
      },
      personas: { added: [], removed: [], changed: [] },
      painPoints: { added: [], removed: [], changed: [] },
      disqualifiers: {
        added: [],
        removed: [{ shapeId: 'shape:d', kind: 'budget', rule: '< $5,000', reason: '' }],
        changed: [],
      },
    },
  ],
}

function stubApi() {
  const calls: { url: string; method: string; body: unknown; authorization: string | null }[] = []
  const versions = [q1]
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET'
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : null
      calls.push({
        url,
        method,
        body,
        authorization: new Headers(init.headers).get('authorization'),
      })
      if (url.includes('/versions/diff')) return Response.json({ from: q1, to: null, diff })
      if (url.endsWith('/restore')) {
        return Response.json({ version: q1, restored: { written: 3, removed: 1 } })
      }
      if (method === 'POST') {
        const created = { ...q1, id: 'v2', name: body.name, createdBy: body.createdBy }
        versions.unshift(created)
        return Response.json({ version: created }, { status: 201 })
      }
      return Response.json({ versions })
    }),
  )
  return calls
}

beforeEach(() => {
  resetFacilitationUi()
  useUiStore.setState({
    isVersionsDialogOpen: true,
    roomAccess: { 'room-test': { token: 'fa.1', role: 'facilitator' } },
  })
  editor = createCardEditor()
  statementId = addShape(editor, {
    type: 'icp-statement',
    props: { name: 'Video game studios', reviewDate: '2026-01-05', reviewCadenceMonths: 3 },
  })
})

afterEach(() => {
  editor.dispose()
  vi.unstubAllGlobals()
})

const reviewDate = () => (editor.getShape(statementId) as StatementCardShape).props.reviewDate

describe('the versions dialog', () => {
  it('lists versions and shows what changed since one, in words', async () => {
    const calls = stubApi()
    renderOnBoard(editor, createTestBoard('facilitator'), <VersionsDialog />)
    const item = await screen.findByRole('button', { name: /Q1 2027 review/ })
    expect(item.textContent).toContain('Fran')
    const changes = within(screen.getByRole('region', { name: 'Changes' }))
    await changes.findByText('Video game studios')
    expect(changes.getByText('Our ideal customer is a US studio.')).toBeTruthy()
    expect(changes.getByText('Location: US')).toBeTruthy()
    expect(
      changes.getByText('Number of employees: 200-1,000').parentElement?.textContent,
    ).toContain('Value: 50-200 → 200-1,000')
    expect(changes.getByText('Budget: < $5,000')).toBeTruthy()
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET /api/rooms/room-test/versions',
      'GET /api/rooms/room-test/versions/diff?from=v1&to=current',
    ])
    expect(calls[0]?.authorization).toBe('Bearer fa.1')
  })

  it('saves a named version with the facilitator’s day, which the server makes the review date', async () => {
    const calls = stubApi()
    renderOnBoard(editor, createTestBoard('facilitator'), <VersionsDialog />)
    await screen.findByRole('button', { name: /Q1 2027 review/ })
    fireEvent.change(screen.getByLabelText('Version name'), { target: { value: 'Q2 2027 review' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save version' }))
    await screen.findByText(/Saved “Q2 2027 review”/)
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      name: 'Q2 2027 review',
      createdBy: 'Fran',
      today: localToday(),
    })
    // The board's review date comes from the server's change, not from this browser.
    expect(reviewDate()).toBe('2026-01-05')
    expect(await screen.findByRole('button', { name: /Q2 2027 review/ })).toBeTruthy()
  })

  it('restores a version only after a confirmation', async () => {
    const calls = stubApi()
    renderOnBoard(editor, createTestBoard('facilitator'), <VersionsDialog />)
    fireEvent.click(await screen.findByRole('button', { name: 'Restore this version…' }))
    const confirm = screen.getByRole('alertdialog')
    expect(confirm.textContent).toContain('Restore “Q1 2027 review”?')
    expect(calls.some((call) => call.url.endsWith('/restore'))).toBe(false)
    fireEvent.click(within(confirm).getByRole('button', { name: 'Restore' }))
    await screen.findByText(/Restored “Q1 2027 review” as a new change \(3 records written/)
    expect(calls.find((call) => call.url.endsWith('/restore'))).toMatchObject({
      method: 'POST',
      url: '/api/rooms/room-test/versions/v1/restore',
    })
  })

  it('lets participants compare versions but not save or restore', async () => {
    stubApi()
    renderOnBoard(editor, createTestBoard('editor'), <VersionsDialog />)
    await screen.findByRole('button', { name: /Q1 2027 review/ })
    await waitFor(() => expect(screen.getByText('Video game studios')).toBeTruthy())
    expect(screen.queryByRole('button', { name: 'Save version' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Restore this version…' })).toBeNull()
  })
})
