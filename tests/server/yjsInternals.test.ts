/**
 * The server relies on internals of yjs and y-protocols that are not part of their public API:
 * the v1 update encoding (server/updateCost.ts walks it byte by byte; server/updateValidation.ts
 * reads decoded structs), the struct store (`pendingStructs`, `pendingDs`, `findIndexSS`), the
 * linked items of a type (`_start`, `right`), and the awareness and sync message formats
 * (server/protocol.ts decodes them by hand). Both packages are pinned to exact versions in
 * package.json; these tests fail when an upgrade changes what the server relies on, so an upgrade
 * is a deliberate change with the pre-scan and inspector checked against the new internals.
 */
import { readFileSync } from 'node:fs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { scanUpdate } from '../../server/updateCost'

function packageJson(path: string): {
  version?: string
  dependencies?: Record<string, string>
} {
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as never
}

describe('the Yjs internals the server relies on', () => {
  it('are pinned to exact versions, and those are the ones installed', () => {
    const { dependencies = {} } = packageJson('../../package.json')
    expect({ yjs: dependencies.yjs, 'y-protocols': dependencies['y-protocols'] }).toEqual({
      yjs: '13.6.33',
      'y-protocols': '1.0.7',
    })
    expect(packageJson('../../node_modules/yjs/package.json').version).toBe('13.6.33')
    expect(packageJson('../../node_modules/y-protocols/package.json').version).toBe('1.0.7')
  })

  it('encode an update byte for byte as the pre-scan reads it', () => {
    const doc = new Y.Doc()
    doc.clientID = 7
    doc.getArray('comments').push([{ key: 'k', val: 1 }])
    doc.getArray('comments').push([{ key: 'j', val: true }])
    doc.getArray('comments').delete(0, 1)
    const update = Y.encodeStateAsUpdate(doc)
    // One client (7) from clock 0 with two structs: a deleted item with its root's name
    // ("comments"), then a ContentAny item whose origin is 7:0, holding { key: 'j', val: true };
    // then the delete set: client 7, one range [0, 1).
    expect(Array.from(update)).toEqual([
      1, 2, 7, 0, 1, 1, 8, 99, 111, 109, 109, 101, 110, 116, 115, 1, 136, 7, 0, 1, 118, 2, 3, 107,
      101, 121, 119, 1, 106, 3, 118, 97, 108, 120, 1, 7, 1, 0, 1,
    ])
    expect(scanUpdate(update)).toEqual({
      structs: 2,
      deleteRanges: 2,
      writes: new Map([[7, { from: 0, to: 2 }]]),
      passedLimit: null,
    })
  })

  /** A doc whose `comments` holds an entry of client 1, then one of client 2 (two items). */
  function twoWriters(): Y.Doc {
    const first = new Y.Doc()
    first.clientID = 1
    first.getArray('comments').push([{ key: 'a', val: 1 }])
    const doc = new Y.Doc()
    doc.clientID = 2
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(first))
    doc.getArray('comments').push([{ key: 'b', val: 2 }])
    return doc
  }

  it('decode structs with the fields the inspector reads', () => {
    const structs = Y.decodeUpdate(Y.encodeStateAsUpdate(twoWriters())).structs as Y.Item[]
    const first = structs.find((struct) => struct.id.client === 1)!
    const second = structs.find((struct) => struct.id.client === 2)!
    expect(first).toBeInstanceOf(Y.Item)
    expect(first.parent).toBe('comments')
    expect(first.content).toBeInstanceOf(Y.ContentAny)
    expect((first.content as Y.ContentAny).arr).toEqual([{ key: 'a', val: 1 }])
    expect(second.origin).toEqual(Y.createID(1, 0))
    expect(second.parent).toBeNull()
    expect([first.rightOrigin, first.parentSub]).toEqual([null, null])
  })

  it('park structs with missing dependencies in the store, where the room drops them', () => {
    const writer = new Y.Doc()
    writer.getArray('comments').push([1])
    const before = Y.encodeStateVector(writer)
    writer.getArray('comments').push([2])
    const server = new Y.Doc()
    Y.applyUpdate(server, Y.encodeStateAsUpdate(writer, before))
    expect(server.store.pendingStructs).not.toBeNull()
    expect(server.store.pendingStructs?.missing.get(writer.clientID)).toBe(0)
    expect(server.getArray('comments').toArray()).toEqual([])

    const deleter = new Y.Doc()
    Y.applyUpdate(deleter, Y.encodeStateAsUpdate(writer))
    const synced = Y.encodeStateVector(deleter)
    deleter.getArray('comments').delete(0, 1)
    const elsewhere = new Y.Doc()
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(deleter, synced))
    expect(elsewhere.store.pendingDs).toBeInstanceOf(Uint8Array)
  })

  it('link items of a root and find them by clock in the struct store', () => {
    const doc = twoWriters()
    const array = doc.getArray('comments')
    const first = array._start
    expect(first?.id).toEqual(Y.createID(1, 0))
    expect(first?.right?.content).toBeInstanceOf(Y.ContentAny)
    const structs = doc.store.clients.get(2)!
    expect(structs[Y.findIndexSS(structs, 0)]).toBe(first?.right)
    expect(Y.getState(doc.store, 2)).toBe(1)
    expect(Y.findRootTypeKey(array)).toBe('comments')
  })

  it('encode awareness and sync messages as server/protocol.ts decodes them', () => {
    const doc = new Y.Doc()
    doc.clientID = 7
    const awareness = new awarenessProtocol.Awareness(doc)
    awareness.setLocalState({ user: { id: 'p' } })
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [7])
    awareness.destroy()
    // count, then per client: id, clock, JSON state.
    expect(Array.from(update.slice(0, 4))).toEqual([1, 7, 1, 19])
    expect(new TextDecoder().decode(update.slice(4))).toBe('{"user":{"id":"p"}}')
    expect([
      syncProtocol.messageYjsSyncStep1,
      syncProtocol.messageYjsSyncStep2,
      syncProtocol.messageYjsUpdate,
    ]).toEqual([0, 1, 2])
  })
})
