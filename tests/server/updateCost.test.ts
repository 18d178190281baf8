import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  MalformedUpdateError,
  scanUpdate,
  updateCostProblem,
  type UpdateCostLimits,
} from '../../server/updateCost'
import {
  deleteRangesUpdate,
  madeUpClientsUpdate,
  oneClientStructsUpdate,
} from '../helpers/forgedUpdates'

/** What Yjs itself decodes from `update`: structs, clock range per client, delete-set entries. */
function decodedByYjs(update: Uint8Array) {
  const { structs, ds } = Y.decodeUpdate(update)
  const writes = new Map<number, { from: number; to: number }>()
  for (const struct of structs) {
    const known = writes.get(struct.id.client)
    const to = struct.id.clock + struct.length
    writes.set(struct.id.client, {
      from: Math.min(known?.from ?? struct.id.clock, struct.id.clock),
      to: Math.max(known?.to ?? to, to),
    })
  }
  let deleteRanges = 0
  for (const items of ds.clients.values()) deleteRanges += 1 + items.length
  return { structs: structs.length, deleteRanges, writes, passedLimit: null }
}

function everyContentType(): Uint8Array {
  const doc = new Y.Doc()
  doc.transact(() => {
    doc
      .getArray('list')
      .insert(0, [
        1,
        -7,
        2.5,
        'text',
        null,
        true,
        false,
        { nested: [{ deep: [1, [2, [3, { x: 'y' }]]] }], bytes: new Uint8Array([1, 2, 3]) },
        new Uint8Array([9, 9]),
        0.1,
        { big: BigInt(12) },
      ])
    doc.getArray('list').insert(0, [new Y.Map([['inner', 'value']])])
    doc.getMap('map').set('key', 'value')
    doc.getText('text').insert(0, 'héllo 😀 wörld')
    doc.getText('text').format(0, 3, { bold: true })
    doc.getText('text').insertEmbed(2, { image: 'x.png' })
    const xml = doc.getXmlFragment('xml')
    const element = new Y.XmlElement('p')
    element.insert(0, [new Y.XmlText('hi')])
    xml.insert(0, [element, new Y.XmlHook('hook') as unknown as Y.XmlElement])
    doc.getArray('docs').insert(0, [new Y.Doc({ guid: 'sub' })])
    doc.getArray('list').delete(2, 3)
    doc.getText('text').delete(1, 2)
  })
  return Y.encodeStateAsUpdate(doc)
}

const limits: UpdateCostLimits = {
  maxUpdateStructs: 1000,
  maxUpdateClientIds: 10,
  maxUpdateDeleteRanges: 1000,
  maxRoomClientIds: 100,
}

describe('scanUpdate', () => {
  it.each([
    ['every kind of struct content', everyContentType()],
    ['one-clock GC structs of 500 clients', madeUpClientsUpdate(500)],
    ['an empty update', new Uint8Array([0, 0])],
    [
      'a diff against a state vector',
      (() => {
        const doc = new Y.Doc()
        doc.getArray('a').insert(0, [1, 2, 3])
        const before = Y.encodeStateVector(doc)
        doc.getArray('a').insert(1, ['x'])
        doc.getArray('a').delete(0, 1)
        return Y.encodeStateAsUpdate(doc, before)
      })(),
    ],
  ])('counts what Yjs decodes from %s', (_name, update) => {
    expect(scanUpdate(update)).toEqual(decodedByYjs(update))
  })

  it('skips deeply nested values without recursion', () => {
    const depth = 100_000
    const doc = new Y.Doc()
    const encoder = encoding.createEncoder()
    for (let i = 0; i < depth; i++) {
      encoding.writeUint8(encoder, 117)
      encoding.writeVarUint(encoder, 1)
    }
    encoding.writeUint8(encoder, 126)
    const nested = encoding.toUint8Array(encoder)
    // One ContentAny item at the root of "a" holding the nested value.
    const update = encoding.createEncoder()
    encoding.writeVarUint(update, 1)
    encoding.writeVarUint(update, 1)
    encoding.writeVarUint(update, doc.clientID)
    encoding.writeVarUint(update, 0)
    encoding.writeUint8(update, 8)
    encoding.writeVarUint(update, 1)
    encoding.writeVarString(update, 'a')
    encoding.writeVarUint(update, 1)
    encoding.writeUint8Array(update, nested)
    encoding.writeVarUint(update, 0)
    expect(scanUpdate(encoding.toUint8Array(update)).structs).toBe(1)
  })

  it.each([
    ['random bytes', new Uint8Array([5, 200, 1, 2, 3])],
    ['a cut-off struct', everyContentType().slice(0, 40)],
    ['an unknown content type', new Uint8Array([1, 1, 7, 0, 0b00011111, 1, 1, 0])],
  ])('refuses %s', (_name, bytes) => {
    expect(() => scanUpdate(bytes)).toThrow(MalformedUpdateError)
  })
})

describe('updateCostProblem', () => {
  const emptyRoom = { stateOf: () => 0, clientIds: 0 }

  it('accepts an honest update and names the clients it writes under', () => {
    const doc = new Y.Doc()
    doc.getArray('a').insert(0, [1, 2, 3])
    const scan = scanUpdate(Y.encodeStateAsUpdate(doc), limits)
    expect(updateCostProblem(scan, emptyRoom, limits)).toEqual({
      problem: null,
      writers: [doc.clientID],
    })
  })

  it('refuses more client ids than an update may write under, reading no further', () => {
    const scan = scanUpdate(madeUpClientsUpdate(300_000), limits)
    expect(scan.writes.size).toBe(10)
    expect(updateCostProblem(scan, emptyRoom, limits).problem).toBe(
      'update writes under more than 10 client ids (the limit)',
    )
  })

  it('refuses more structs than an update may hold', () => {
    const scan = scanUpdate(oneClientStructsUpdate(7, 1001), limits)
    expect(scan.structs).toBe(0)
    expect(updateCostProblem(scan, emptyRoom, limits).problem).toBe(
      'update holds more than 1000 structs (the limit)',
    )
  })

  it('refuses a delete set with more ranges than allowed', () => {
    const update = deleteRangesUpdate(42, 1000)
    expect(scanUpdate(update).deleteRanges).toBe(1001)
    expect(updateCostProblem(scanUpdate(update, limits), emptyRoom, limits).problem).toBe(
      'update deletes more than 1000 ranges (the limit)',
    )
  })

  it('refuses new client ids beyond the room cap, not content the room already has', () => {
    const full = { stateOf: (client: number) => (client < 1_000_005 ? 1 : 0), clientIds: 100 }
    expect(updateCostProblem(scanUpdate(madeUpClientsUpdate(5), limits), full, limits)).toEqual({
      problem: null,
      writers: [],
    })
    expect(
      updateCostProblem(scanUpdate(madeUpClientsUpdate(6), limits), full, limits).problem,
    ).toBe('the room holds 100 client ids; the limit is 100')
  })
})
