import { createTLStore, type TLGeoShape, type TLRecord, type TLStore } from 'tldraw'
import { firstPageId, geoShape, putRecords } from '../../helpers/records'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createBoardSchema } from '../../../shared/schema/boardSchema'
import { createTemplateRecords } from '../../../shared/templates/boardTemplate'
import { bindStoreToDoc } from '../../../client/sync/bindStoreToDoc'
import type { FieldConflict } from '../../../shared/BoardRecords'

/** Two peers, each a tldraw store bound to its own Y.Doc; docs exchange updates on demand. */
function createPeers() {
  const seed = new Y.Doc()
  putRecords(seed, ...createTemplateRecords('blank'))
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
    // Each peer changed another field of shape one: both edits survive.
    expect(a.store.get('shape:one' as TLGeoShape['id'])).toMatchObject({ x: 50, y: 75 })
  })

  it('resolves concurrent edits of one field the same way on both peers and tells the loser', () => {
    const { a, b, exchange } = createPeers()
    a.store.put([geo('card', 0, 0)])
    exchange()
    const conflicts: FieldConflict[] = []
    for (const peer of [a, b]) {
      peer.unbind()
      cleanups.push(
        bindStoreToDoc(peer.store, peer.doc, {
          onConflict: (found) => conflicts.push(...found),
        }),
      )
    }
    const recolour = (store: TLStore, color: TLGeoShape['props']['color']) =>
      store.update('shape:card' as TLGeoShape['id'], (shape) => ({
        ...(shape as TLGeoShape),
        props: { ...(shape as TLGeoShape).props, color },
      }))
    recolour(a.store, 'red')
    recolour(b.store, 'blue')
    exchange()
    exchange()
    const colorOf = (store: TLStore) =>
      (store.get('shape:card' as TLGeoShape['id']) as TLGeoShape).props.color
    expect(colorOf(a.store)).toBe(colorOf(b.store))
    const loser = colorOf(a.store) === 'red' ? b : a
    expect(conflicts).toContainEqual(
      expect.objectContaining({
        recordId: 'shape:card',
        field: 'props.color',
        loser: { value: colorOf(a.store) === 'red' ? 'blue' : 'red', client: loser.doc.clientID },
      }),
    )
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

  it('skips records it cannot read, keeps the valid ones, and reports which it skipped', () => {
    const { a, b, exchange } = createPeers()
    const reports: ReadonlySet<string>[] = []
    b.unbind()
    const unbind = bindStoreToDoc(b.store, b.doc, { onUnreadable: (ids) => reports.push(ids) })
    cleanups.push(unbind)
    a.unbind()
    putRecords(a.doc, { ...geo('bad', 0, 0), props: { nonsense: true } }, geo('good', 0, 0))
    exchange()
    expect(b.store.has('shape:good' as TLRecord['id'])).toBe(true)
    expect(b.store.has('shape:bad' as TLRecord['id'])).toBe(false)
    expect(reports.at(-1)).toEqual(new Set(['shape:bad']))
    // Once the record is gone from the board, it is no longer reported.
    a.doc.transact(() => {
      const records = a.doc.getArray<{ key: string }>('records')
      const keys = records.toArray().map((entry) => entry.key)
      for (let i = keys.length - 1; i >= 0; i--) {
        if (keys[i]?.startsWith('shape:bad/')) records.delete(i, 1)
      }
    })
    exchange()
    expect(reports.at(-1)).toEqual(new Set())
  })

  it('migrates records the doc holds at an older schema', () => {
    const doc = new Y.Doc()
    // Geo shapes one version back, before tldraw's AddFlipProps migration (12) added flipX/flipY.
    const oldSchema = createBoardSchema().serialize()
    oldSchema.sequences['com.tldraw.shape.geo'] = 11
    const { flipX: _flipX, flipY: _flipY, ...oldProps } = geo('old', 0, 0).props
    putRecords(doc, ...createTemplateRecords('blank'), { ...geo('old', 0, 0), props: oldProps })
    doc.getMap('meta').set('schema', oldSchema)
    const store = createTLStore({ schema: createBoardSchema() })
    const reports: ReadonlySet<string>[] = []
    cleanups.push(bindStoreToDoc(store, doc, { onUnreadable: (ids) => reports.push(ids) }))
    expect(store.get('shape:old' as TLRecord['id'])).toMatchObject({
      props: { flipX: false, flipY: false },
    })
    expect(reports).toEqual([])
  })

  it('shows a shape whose parents would loop back to it on its page, and survives it', () => {
    const { a, b, exchange } = createPeers()
    const frame = (id: string, parentId: string) =>
      ({
        ...geo(id, 0, 0),
        type: 'frame',
        parentId,
        props: { w: 200, h: 200, name: id, color: 'black' },
      }) as unknown as TLRecord
    a.store.put([frame('one', pageId), frame('two', pageId)])
    exchange()
    // Two concurrent moves, each fine alone: one into two, two into one.
    a.store.update(
      'shape:one' as TLGeoShape['id'],
      (shape) => ({ ...shape, parentId: 'shape:two' }) as never,
    )
    b.store.update(
      'shape:two' as TLGeoShape['id'],
      (shape) => ({ ...shape, parentId: 'shape:one' }) as never,
    )
    exchange()
    for (const { store } of [a, b]) {
      const parents = ['shape:one', 'shape:two'].map(
        (id) => (store.get(id as TLRecord['id']) as TLGeoShape).parentId,
      )
      // No loop: at least one of them is on the page.
      expect(parents).toContain(pageId)
    }
  })

  it('stops syncing after unbinding', () => {
    const { a, b, exchange } = createPeers()
    b.unbind()
    a.store.put([geo('late', 0, 0)])
    exchange()
    expect(b.store.has('shape:late' as TLRecord['id'])).toBe(false)
  })
})
