/**
 * Concurrent edits of one card through the real server, with stock y-websocket providers: one
 * person offline, one online. Different fields both survive; the same field ends the same for
 * everyone, and the person whose edit lost is told.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FieldConflict } from '../../shared/BoardRecords'
import type { StoredRecord } from '../../shared/docLayout'
import { BoardBuilder } from '../helpers/boardBuilder'
import { startTestServer, type TestClient, type TestServer } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

let harness: TestServer
let roomId: string

beforeEach(async () => {
  harness = await startTestServer()
  roomId = await harness.createRoom({ template: 'blank' })
})
afterEach(() => harness.stop())

function fundingCard(): StoredRecord {
  const board = new BoardBuilder()
  board.attribute(
    { parent: 'page:page', id: 'funding', x: 40, y: 40 },
    { category: 'funding', label: 'Funding', value: 'Series A', evidenceSource: 'assumption' },
  )
  return board.records().find((record) => record.id === 'shape:funding') as unknown as StoredRecord
}

function propsOf(client: TestClient): Record<string, unknown> | undefined {
  return client.records.get('shape:funding')?.props as Record<string, unknown> | undefined
}

function edit(client: TestClient, props: Record<string, unknown>): void {
  const card = client.records.get('shape:funding') as StoredRecord
  client.put({ ...card, props: { ...(card.props as object), ...props } } as StoredRecord)
}

/** A facilitator and an editor on a board with the Funding card; the editor then goes offline. */
async function facilitatorAndOfflineEditor() {
  const facilitator = harness.connect(roomId, { role: 'facilitator' })
  const editor = harness.connect(roomId, { role: 'editor' })
  await Promise.all([facilitator.synced(), editor.synced()])
  facilitator.put(fundingCard())
  await waitFor(() => expect(propsOf(editor)?.label).toBe('Funding'))
  editor.provider.disconnect()
  return { facilitator, editor }
}

describe('concurrent edits of one card', () => {
  it('keeps both when an offline editor and the facilitator change different fields', async () => {
    const { facilitator, editor } = await facilitatorAndOfflineEditor()
    edit(editor, { value: 'Series A–C', evidenceSource: 'crm' })
    edit(facilitator, { label: 'Funding stage' })
    await waitFor(() =>
      expect(harness.storedRecords(roomId)['shape:funding']?.props).toMatchObject({
        label: 'Funding stage',
      }),
    )
    editor.provider.connect()

    const expected = { label: 'Funding stage', value: 'Series A–C', evidenceSource: 'crm' }
    await waitFor(() => expect(propsOf(editor)).toMatchObject(expected))
    await waitFor(() => expect(propsOf(facilitator)).toMatchObject(expected))
    await waitFor(() =>
      expect(harness.storedRecords(roomId)['shape:funding']?.props).toMatchObject(expected),
    )
    // A newcomer sees the same card.
    const later = harness.connect(roomId, { role: 'viewer' })
    await later.synced()
    expect(propsOf(later)).toMatchObject(expected)
  })

  it('ends the same for everyone when both change the same field, and tells whoever lost', async () => {
    const { facilitator, editor } = await facilitatorAndOfflineEditor()
    const conflicts = new Map<TestClient, FieldConflict[]>([
      [facilitator, []],
      [editor, []],
    ])
    for (const client of [facilitator, editor]) {
      client.records.on('conflict', (found: FieldConflict[]) =>
        conflicts.get(client)?.push(...found),
      )
    }
    edit(editor, { label: 'Funding (offline)' })
    edit(facilitator, { label: 'Funding stage' })
    await waitFor(() =>
      expect(harness.storedRecords(roomId)['shape:funding']?.props).toMatchObject({
        label: 'Funding stage',
      }),
    )
    editor.provider.connect()

    await waitFor(() => {
      const stored = harness.storedRecords(roomId)['shape:funding']?.props as { label: string }
      expect(propsOf(editor)?.label).toBe(stored.label)
      expect(propsOf(facilitator)?.label).toBe(stored.label)
    })
    const winner = propsOf(editor)?.label
    const loser = winner === 'Funding stage' ? editor : facilitator
    await waitFor(() =>
      expect(conflicts.get(loser)).toContainEqual(
        expect.objectContaining({
          recordId: 'shape:funding',
          field: 'props.label',
          winner: expect.objectContaining({ value: winner }),
          loser: expect.objectContaining({ client: loser.doc.clientID }),
        }),
      ),
    )
  })
})
