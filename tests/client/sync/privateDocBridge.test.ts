import { createTLStore, type TLGeoShape, type TLStore } from 'tldraw'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { bindStoreToDoc } from '../../../client/sync/bindStoreToDoc'
import { readBoardRecords } from '../../../shared/BoardRecords'
import { createBoardSchema } from '../../../shared/schema/boardSchema'
import { createTemplateRecords } from '../../../shared/templates/boardTemplate'
import { geoShape, putRecords, removeRecords } from '../../helpers/records'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

/** A store bound to a board doc and a private doc; `isPrivate` is the brainstorm switch. */
function createBridge() {
  const board = new Y.Doc()
  putRecords(board, ...createTemplateRecords('blank'))
  const mine = new Y.Doc()
  const store = createTLStore({ schema: createBoardSchema() })
  const state = { isPrivate: false }
  cleanups.push(
    bindStoreToDoc(store, board, {
      privateDoc: { doc: mine, isPrivate: () => state.isPrivate },
    }),
  )
  return { board, mine, store, state }
}

const ids = (doc: Y.Doc) =>
  readBoardRecords(doc)
    .map((record) => record.id)
    .filter((id) => id.startsWith('shape:'))
    .sort()

const shapeId = (name: string) => `shape:${name}` as TLGeoShape['id']

function move(store: TLStore, name: string, changes: Partial<TLGeoShape>): void {
  store.update(shapeId(name), (shape) => ({ ...shape, ...changes }) as TLGeoShape)
}

describe('the bridge with a private doc', () => {
  it('puts cards made during a private brainstorm in the private doc, and their edits too', () => {
    const { board, mine, store, state } = createBridge()
    store.put([geoShape('public')])
    state.isPrivate = true
    store.put([geoShape('idea', 10, 10)])
    move(store, 'idea', { x: 99 })
    // An existing board card stays on the board, even while the brainstorm runs.
    move(store, 'public', { y: 42 })
    expect(ids(board)).toEqual(['shape:public'])
    expect(ids(mine)).toEqual(['shape:idea'])
    expect(readBoardRecords(mine)[0]).toMatchObject({ id: 'shape:idea', x: 99 })
    expect(readBoardRecords(board).find((r) => r.id === 'shape:public')).toMatchObject({ y: 42 })
    // After the brainstorm, new cards go to the board; the private one keeps its doc.
    state.isPrivate = false
    store.put([geoShape('later')])
    move(store, 'idea', { y: 7 })
    expect(ids(board)).toEqual(['shape:later', 'shape:public'])
    expect(readBoardRecords(mine)[0]).toMatchObject({ id: 'shape:idea', x: 99, y: 7 })
  })

  it('shows both docs’ records, and a card the reveal moves to the board stays shown', () => {
    const { board, mine, store } = createBridge()
    putRecords(mine, geoShape('idea', 5, 6))
    expect(store.get(shapeId('idea'))).toMatchObject({ x: 5, y: 6 })
    // The reveal: the board gets it, then the private doc lets it go (either order).
    putRecords(board, geoShape('idea', 5, 6))
    removeRecords(mine, 'shape:idea')
    expect(store.get(shapeId('idea'))).toMatchObject({ x: 5, y: 6 })
    // From now on its edits go to the board.
    move(store, 'idea', { x: 1 })
    expect(ids(mine)).toEqual([])
    expect(readBoardRecords(board).find((r) => r.id === 'shape:idea')).toMatchObject({ x: 1 })
  })

  it('moves a board card placed in a private frame into the private doc, with what it holds', () => {
    const { board, mine, store, state } = createBridge()
    store.put([geoShape('group'), { ...geoShape('inside'), parentId: shapeId('group') }])
    state.isPrivate = true
    store.put([geoShape('private-frame', 300, 300)])
    // Nobody else has the private frame: the board card cannot point at it from the board.
    move(store, 'group', { parentId: shapeId('private-frame') } as Partial<TLGeoShape>)
    expect(ids(board)).toEqual([])
    expect(ids(mine)).toEqual(['shape:group', 'shape:inside', 'shape:private-frame'])
    expect(store.get(shapeId('inside'))).toMatchObject({ parentId: 'shape:group' })
  })

  it('shows a private card whose board frame someone deleted on the page', () => {
    const { board, mine, store } = createBridge()
    putRecords(board, geoShape('frame'))
    putRecords(mine, { ...geoShape('idea'), parentId: 'shape:frame' })
    removeRecords(board, 'shape:frame')
    putRecords(mine, { ...geoShape('idea', 3, 3), parentId: 'shape:frame' })
    expect(store.get(shapeId('idea'))).toMatchObject({ parentId: 'page:page', x: 3 })
  })
})
