import { describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import {
  EntryMap,
  type EntryChange,
  type EntryConflict,
  type StoredEntry,
} from '../../shared/EntryMap'
import { readEntries } from '../../shared/keyValueEntries'
import { seededRandom } from '../helpers/seededRandom'

function docWithMap(canWrite = true) {
  const doc = new Y.Doc()
  const array = doc.getArray<StoredEntry>('entries')
  const map = new EntryMap(array, { canWrite: () => canWrite })
  return { doc, array, map }
}

/** Exchanges everything two docs lack from each other. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

function asObject(map: EntryMap): Record<string, unknown> {
  return Object.fromEntries(map.entries())
}

describe('EntryMap', () => {
  it('reads a doc written by y-utility YKeyValue the same way', () => {
    const doc = new Y.Doc()
    const keyValue = new YKeyValue<unknown>(doc.getArray('entries'))
    keyValue.set('a', 1)
    keyValue.set('b', { nested: [1, 2] })
    keyValue.set('a', 3)
    keyValue.delete('b')
    keyValue.set('c', 'x')
    const map = new EntryMap(doc.getArray<StoredEntry>('entries'))
    expect(asObject(map)).toEqual({ a: 3, c: 'x' })
  })

  it('reports adds, updates and deletes, and keeps one live entry per key', () => {
    const { array, map } = docWithMap()
    const events: Map<string, EntryChange>[] = []
    map.on('change', (changes: Map<string, EntryChange>) => events.push(changes))
    map.write({
      set: new Map<string, unknown>([
        ['x', 1],
        ['y', 2],
      ]),
    })
    map.write({ set: new Map([['x', 5]]), remove: ['y'] })
    expect(events.map((changes) => Object.fromEntries(changes))).toEqual([
      { x: { action: 'add', newValue: 1 }, y: { action: 'add', newValue: 2 } },
      { x: { action: 'update', oldValue: 1, newValue: 5 }, y: { action: 'delete', oldValue: 2 } },
    ])
    expect(array.toArray()).toEqual([{ key: 'x', val: 5 }])
  })

  it('does not rewrite a value that is deep-equal to the current one', () => {
    const { doc, map } = docWithMap()
    map.write({ set: new Map([['k', { a: [1] }]]) })
    const before = Y.encodeStateVector(doc)
    map.write({ set: new Map([['k', { a: [1] }]]) })
    expect(Y.encodeStateVector(doc)).toEqual(before)
  })

  it('lets the rightmost of two concurrent writes win on both sides, and tells the loser', () => {
    const left = docWithMap()
    const right = docWithMap()
    left.map.write({
      set: new Map([
        ['label', 'base'],
        ['value', 'v0'],
      ]),
    })
    sync(left.doc, right.doc)
    const seen = new Map<Y.Doc, EntryConflict[]>([
      [left.doc, []],
      [right.doc, []],
    ])
    for (const peer of [left, right]) {
      peer.map.on('conflict', (found: EntryConflict[]) => seen.get(peer.doc)?.push(...found))
    }

    left.map.write({ set: new Map([['label', 'from left']]) })
    right.map.write({
      set: new Map([
        ['label', 'from right'],
        ['value', 'v1'],
      ]),
    })
    sync(left.doc, right.doc)
    sync(left.doc, right.doc)

    expect(asObject(left.map)).toEqual(asObject(right.map))
    expect(asObject(left.map).value).toBe('v1')
    // Same winner as the rightmost-wins reading of the raw array (YKeyValue's rule).
    const winner = readEntries(left.array).get('label')
    expect(left.map.get('label')).toBe(winner)
    const loser = winner === 'from left' ? right : left
    expect(seen.get(loser.doc)).toEqual([
      {
        key: 'label',
        winner: { value: winner, client: (loser === left ? right : left).doc.clientID },
        loser: {
          value: winner === 'from left' ? 'from right' : 'from left',
          client: loser.doc.clientID,
        },
      },
    ])
    // The loser's entry was cleaned up.
    expect(left.array.length).toBe(2)
    expect(right.array.length).toBe(2)
  })

  it('tells the loser even when the winner arrives together with the cleanup of its entry', () => {
    for (let round = 0; round < 20; round++) {
      const offline = docWithMap()
      const online = docWithMap()
      const third = docWithMap()
      const conflicts: EntryConflict[] = []
      for (const peer of [offline, online]) {
        peer.map.on('conflict', (found: EntryConflict[]) => conflicts.push(...found))
      }
      online.map.write({ set: new Map([['label', 'base']]) })
      sync(online.doc, offline.doc)
      sync(online.doc, third.doc)
      offline.map.write({ set: new Map([['label', 'offline edit']]) })
      online.map.write({ set: new Map([['label', 'online edit']]) })
      // Only the third writer sees both entries live: it keeps the rightmost and deletes the other.
      // Each of the two then hears of the winner in the same update as the deletion of its own
      // entry (if it lost), never both entries live.
      sync(offline.doc, third.doc)
      sync(online.doc, third.doc)
      sync(offline.doc, third.doc)
      const winner = third.map.get('label')
      expect(offline.map.get('label')).toBe(winner)
      expect(online.map.get('label')).toBe(winner)
      const loser = winner === 'online edit' ? offline : online
      expect(conflicts).toEqual([
        expect.objectContaining({
          loser: {
            value: winner === 'online edit' ? 'offline edit' : 'online edit',
            client: loser.doc.clientID,
          },
          winner: expect.objectContaining({ value: winner }),
        }),
      ])
    }
  })

  it('falls back to the remaining entry when the winner of a duplicate is deleted', () => {
    // Read-only maps never clean up, so the duplicate stays until the winner goes.
    const writer = docWithMap(false)
    const other = docWithMap(false)
    writer.map.write({ set: new Map([['k', 'a']]) })
    other.map.write({ set: new Map([['k', 'b']]) })
    sync(writer.doc, other.doc)
    expect(writer.array.length).toBe(2)
    const winner = writer.map.get('k')
    const loser = winner === 'a' ? 'b' : 'a'
    const index = writer.array.toArray().findIndex((entry) => entry.val === winner)
    writer.array.delete(index, 1)
    expect(writer.map.get('k')).toBe(loser)
  })

  it('converges with the rightmost-wins reading under random concurrent edits', () => {
    const random = seededRandom(11)
    const peers = [docWithMap(), docWithMap(), docWithMap(false)]
    const keys = ['a', 'b', 'c', 'd', 'e']
    for (let round = 0; round < 200; round++) {
      const peer = peers[Math.floor(random() * peers.length)]!
      const key = keys[Math.floor(random() * keys.length)]!
      if (random() < 0.2) peer.map.write({ remove: [key] })
      else peer.map.write({ set: new Map([[key, round]]) })
      if (random() < 0.3) {
        const a = peers[Math.floor(random() * peers.length)]!
        const b = peers[Math.floor(random() * peers.length)]!
        if (a !== b) sync(a.doc, b.doc)
      }
    }
    for (let pass = 0; pass < 2; pass++) {
      for (const a of peers) for (const b of peers) if (a !== b) sync(a.doc, b.doc)
    }
    const expected = Object.fromEntries(readEntries(peers[0]!.array))
    for (const peer of peers) {
      expect(asObject(peer.map)).toEqual(expected)
      // Writers deleted every superseded duplicate.
      expect(peer.array.length).toBe(peer.map.size)
    }
  })

  it('finds entries far from the end as well as near it (a long board, random edits)', () => {
    const random = seededRandom(5)
    const { array, map } = docWithMap()
    // One item per key: 300 separate pushes, so old entries lie hundreds of items from the end.
    for (let key = 0; key < 300; key++) map.write({ set: new Map([[`k${key}`, 0]]) })
    const expected = new Map<string, number>()
    for (let edit = 1; edit <= 2000; edit++) {
      const keys = Array.from(
        { length: 1 + Math.floor(random() * 4) },
        () => `k${Math.floor(random() * 300)}`,
      )
      map.write({ set: new Map(keys.map((key) => [key, edit])) })
      for (const key of keys) expected.set(key, edit)
    }
    for (let key = 0; key < 300; key++)
      expect(map.get(`k${key}`)).toBe(expected.get(`k${key}`) ?? 0)
    // One live entry per key: every rewrite deleted exactly the entry it replaced.
    expect(array.length).toBe(300)
    expect(Object.fromEntries(readEntries(array))).toEqual(asObject(map))
  })

  it('keeps the document small when one key is rewritten 10,000 times', () => {
    const { doc, map } = docWithMap()
    map.write({ set: new Map(Array.from({ length: 50 }, (_, i) => [`field${i}`, i])) })
    const base = Y.encodeStateAsUpdate(doc).byteLength
    for (let frame = 0; frame < 10_000; frame++) {
      doc.transact(() =>
        map.write({
          set: new Map([
            ['x', frame],
            ['y', frame],
          ]),
        }),
      )
    }
    expect(Y.encodeStateAsUpdate(doc).byteLength - base).toBeLessThan(200)
  })
})
