import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BoardRecords, type FieldConflict } from '../../shared/BoardRecords'
import { getRecordsArray, type StoredRecord } from '../../shared/docLayout'
import { BoardBuilder } from '../helpers/boardBuilder'

function peer() {
  const doc = new Y.Doc()
  return { doc, records: new BoardRecords(doc, { canWrite: () => true }) }
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

function fundingCard(): StoredRecord {
  const board = new BoardBuilder()
  const page = board.page('ICP')
  board.attribute(
    { parent: page, id: 'funding', x: 10, y: 20 },
    { category: 'funding', label: 'Funding', value: 'Series A', evidenceSource: 'assumption' },
  )
  return board.records().find((record) => record.id === 'shape:funding') as unknown as StoredRecord
}

function withProps(record: StoredRecord, props: Record<string, unknown>): StoredRecord {
  return { ...record, props: { ...(record.props as object), ...props } }
}

describe('BoardRecords', () => {
  it('reads back every record it writes, whole', () => {
    const { records } = peer()
    const board = new BoardBuilder()
    const page = board.page('ICP')
    board.persona({ parent: page }, { title: 'VP Sales' })
    const written = board.records() as unknown as StoredRecord[]
    records.write({ put: written })
    expect(records.all()).toEqual(written)
  })

  it('keeps concurrent edits of different fields of one card, on both sides', () => {
    const facilitator = peer()
    const editor = peer()
    const card = fundingCard()
    facilitator.records.write({ put: [card] })
    sync(facilitator.doc, editor.doc)

    // The editor is offline: value and source; the facilitator renames the card meanwhile.
    editor.records.write({
      put: [withProps(card, { value: 'Series A–C', evidenceSource: 'crm' })],
    })
    facilitator.records.write({ put: [withProps(card, { label: 'Funding stage' })] })
    sync(facilitator.doc, editor.doc)

    const expected = withProps(card, {
      label: 'Funding stage',
      value: 'Series A–C',
      evidenceSource: 'crm',
    })
    expect(facilitator.records.get(card.id)).toEqual(expected)
    expect(editor.records.get(card.id)).toEqual(expected)
  })

  it('reports a concurrent edit of the same field to the side whose edit lost', () => {
    const a = peer()
    const b = peer()
    const card = fundingCard()
    a.records.write({ put: [card] })
    sync(a.doc, b.doc)
    const conflicts: FieldConflict[] = []
    for (const side of [a, b]) {
      side.records.on('conflict', (found: FieldConflict[]) => conflicts.push(...found))
    }
    a.records.write({ put: [withProps(card, { label: 'From A' })] })
    b.records.write({ put: [withProps(card, { label: 'From B' })] })
    sync(a.doc, b.doc)
    sync(a.doc, b.doc)

    const winner = (a.records.get(card.id)?.props as { label: string }).label
    expect((b.records.get(card.id)?.props as { label: string }).label).toBe(winner)
    const loser = winner === 'From A' ? b : a
    expect(conflicts).toContainEqual({
      recordId: card.id,
      field: 'props.label',
      winner: { value: winner, client: (loser === a ? b : a).doc.clientID },
      loser: { value: winner === 'From A' ? 'From B' : 'From A', client: loser.doc.clientID },
    })
  })

  it('treats a field edited while the card was deleted as a leftover, not as a card', () => {
    const a = peer()
    const b = peer()
    const card = fundingCard()
    a.records.write({ put: [card] })
    sync(a.doc, b.doc)
    a.records.write({ remove: [card.id] })
    b.records.write({ put: [withProps(card, { value: 'Series B' })] })
    sync(a.doc, b.doc)
    for (const side of [a, b]) {
      expect(side.records.get(card.id)).toBeUndefined()
      expect(side.records.leftoverIds()).toEqual([card.id])
    }
    a.records.write({ remove: a.records.leftoverIds() })
    sync(a.doc, b.doc)
    expect(b.records.leftoverIds()).toEqual([])
    expect(getRecordsArray(b.doc).length).toBe(0)
  })

  it('writes only the fields that changed', () => {
    const { doc, records } = peer()
    const card = fundingCard()
    records.write({ put: [card] })
    const length = getRecordsArray(doc).length
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    records.write({ put: [{ ...card, x: 99 }] })
    expect(getRecordsArray(doc).length).toBe(length)
    const { structs } = Y.decodeUpdate(updates[0] as Uint8Array)
    const written = structs.flatMap((struct) =>
      struct instanceof Y.Item && struct.content instanceof Y.ContentAny ? struct.content.arr : [],
    )
    expect(written).toEqual([{ key: `${card.id}/x`, val: 99 }])
  })
})
