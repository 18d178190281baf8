import { createTLStore, type TLGeoShape, type TLRecord, type TLStore } from 'tldraw'
import { firstPageId, geoShape } from '../../helpers/records'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createRecordsKeyValue } from '../../../shared/docLayout'
import { createBoardSchema } from '../../../shared/schema/boardSchema'
import { createTemplateRecords } from '../../../shared/templates/boardTemplate'
import { bindStoreToDoc } from '../../../client/sync/bindStoreToDoc'

/** Two peers, each a tldraw store bound to its own Y.Doc; docs exchange updates on demand. */
function createPeers() {
  const seed = new Y.Doc()
  const seedRecords = createRecordsKeyValue(seed)
  seed.transact(() => {
    for (const record of createTemplateRecords('blank')) seedRecords.set(record.id, record as never)
  })
  const peers = [0, 1].map(() => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(seed))
    const store = createTLStore({ schema: createBoardSchema() })
    const unbind = bindStoreToDoc(store, doc)
    return { doc, store, unbind }
  })
  const [a, b] = peers as [(typeof peers)[0], (typeof peers)[0]]
  /** Delivers each doc's missing updates to the other, like a sync round trip. */
  const exchange = () => {
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)))
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)))
  }
  cleanups.push(() => peers.forEach((peer) => peer.unbind()))
  return { a, b, exchange }
}

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

const pageId = firstPageId
const geo = geoShape

function documentRecords(store: TLStore): TLRecord[] {
  return store
    .allRecords()
    .filter((record) => store.scopedTypes.document.has(record.typeName))
    .sort((x, y) => x.id.localeCompare(y.id))
}

describe('bindStoreToDoc', () => {
  it('loads the document records of the doc into the store', () => {
    const { a } = createPeers()
    expect(a.store.get('page:page' as TLRecord['id'])).toMatchObject({ name: 'Page 1' })
  })

  it('converges after concurrent creates, updates and deletes on both peers', () => {
    const { a, b, exchange } = createPeers()
    a.store.put([geo('one', 0, 0), geo('two', 100, 0)])
    exchange()

    // Concurrently: A moves one and deletes two, B creates three and moves one elsewhere.
    a.store.update('shape:one' as TLGeoShape['id'], (shape) => ({ ...shape, x: 50 }))
    a.store.remove(['shape:two' as TLGeoShape['id']])
    b.store.put([geo('three', 200, 200)])
    b.store.update('shape:one' as TLGeoShape['id'], (shape) => ({ ...shape, y: 75 }))
    exchange()

    expect(documentRecords(a.store)).toEqual(documentRecords(b.store))
    const ids = documentRecords(a.store).map((record) => record.id)
    expect(ids).toContain('shape:three')
    expect(ids).not.toContain('shape:two')
    // Both edits of shape one are whole-record writes: one of them wins on both peers.
    const one = a.store.get('shape:one' as TLGeoShape['id']) as TLGeoShape
    expect([50, 0]).toContain(one.x)
  })

  it('keeps remote changes out of the local undo history', () => {
    const { a, b, exchange } = createPeers()
    b.store.put([geo('remote', 10, 10)])
    exchange()
    const history: unknown[] = []
    a.store.listen((entry) => history.push(entry), { source: 'user', scope: 'document' })
    b.store.update('shape:remote' as TLGeoShape['id'], (shape) => ({ ...shape, x: 99 }))
    exchange()
    expect(a.store.get('shape:remote' as TLGeoShape['id'])).toMatchObject({ x: 99 })
    expect(history).toEqual([])
  })

  it('does not write presence or session records to the doc', () => {
    const { a } = createPeers()
    const before = Y.encodeStateAsUpdate(a.doc)
    a.store.put([
      a.store.schema.types.instance_presence.create({
        id: 'instance_presence:x' as never,
        userId: 'user:x' as never,
        userName: 'X',
        currentPageId: pageId as never,
      }),
    ])
    expect(Y.encodeStateAsUpdate(a.doc)).toEqual(before)
  })

  it('skips invalid records from the doc and keeps the valid ones', () => {
    const { a, b, exchange } = createPeers()
    const warnings: unknown[] = []
    b.unbind()
    const unbind = bindStoreToDoc(b.store, b.doc, {
      onInvalidRecord: (record) => warnings.push(record),
    })
    cleanups.push(unbind)
    const kv = createRecordsKeyValue(a.doc)
    a.doc.transact(() => {
      kv.set('shape:bad', { ...geo('bad', 0, 0), props: { nonsense: true } } as never)
      kv.set('shape:good', geo('good', 0, 0) as never)
    })
    exchange()
    expect(b.store.has('shape:good' as TLRecord['id'])).toBe(true)
    expect(b.store.has('shape:bad' as TLRecord['id'])).toBe(false)
    expect(warnings).toHaveLength(1)
  })

  it('stops syncing after unbinding', () => {
    const { a, b, exchange } = createPeers()
    b.unbind()
    a.store.put([geo('late', 0, 0)])
    exchange()
    expect(b.store.has('shape:late' as TLRecord['id'])).toBe(false)
  })
})
