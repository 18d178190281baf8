/**
 * The editing workload of the durability tests: clients that create, move and delete their own
 * cards and move shared ones at random, remembering what they wrote so the end state can be
 * checked against it; and a record of everything the clients received from the server.
 */
import { expect } from 'vitest'
import * as Y from 'yjs'
import { geoShape } from './records'
import type { TestClient } from './syncServer'
import { waitFor } from './waitFor'

/** A client and what it wrote. */
export interface Editor {
  client: TestClient
  /** Own cards alive now, with the x last written. */
  live: Map<string, number>
  created: number
}

/** Shared cards every editor may move. */
export const sharedShapes = 5

/** Editors for `clients`; the first writes the shared cards. */
export function createEditors(clients: TestClient[]): Editor[] {
  const first = clients[0]!
  first.doc.transact(() => {
    for (let k = 0; k < sharedShapes; k++) first.put(geoShape(`shared${k}`, 0, k * 150))
  })
  return clients.map((client) => ({ client, live: new Map(), created: 0 }))
}

/**
 * Every `intervalMs` each editor may create, move or delete one of its cards, or move a shared
 * one (`random` decides). Returns the deleted keys and a function that stops editing.
 */
export function editRandomly(
  editors: Editor[],
  random: () => number,
  intervalMs = 100,
): { deleted: Set<string>; stop(): void } {
  const deleted = new Set<string>()
  let tick = 0
  const timer = setInterval(() => {
    tick += 1
    for (const [i, editor] of editors.entries()) {
      const roll = random()
      if (roll < 0.5) continue
      const own = [...editor.live.keys()]
      if (roll < 0.65 || own.length === 0) {
        editor.created += 1
        const id = `c${i}-${editor.created}`
        editor.client.put(geoShape(id, tick, i * 120))
        editor.live.set(`shape:${id}`, tick)
      } else if (roll < 0.85) {
        const key = own[Math.floor(random() * own.length)]!
        editor.client.put(geoShape(key.slice('shape:'.length), tick, i * 120))
        editor.live.set(key, tick)
      } else if (roll < 0.93) {
        const key = own[Math.floor(random() * own.length)]!
        editor.client.remove(key)
        editor.live.delete(key)
        deleted.add(key)
      } else {
        const k = Math.floor(random() * sharedShapes)
        editor.client.put(geoShape(`shared${k}`, tick, k * 150))
      }
    }
  }, intervalMs)
  return { deleted, stop: () => clearInterval(timer) }
}

/**
 * Merges every update the clients receive from the server into one doc: whatever it holds, the
 * server acknowledged (broadcast or answered) and must never lose.
 */
export function recordAcknowledged(clients: TestClient[]): { doc: Y.Doc; count(): number } {
  const doc = new Y.Doc()
  let received = 0
  for (const client of clients) {
    client.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== client.provider) return
      received += 1
      Y.applyUpdate(doc, update)
    })
  }
  return { doc, count: () => received }
}

/** True when `doc` holds everything `other` holds: merging `other` in changes nothing. */
export function contains(doc: Y.Doc, other: Y.Doc): boolean {
  const merged = new Y.Doc()
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(doc))
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(other))
  const isSame =
    merged.store.pendingStructs === null &&
    merged.store.pendingDs === null &&
    Y.equalSnapshots(Y.snapshot(merged), Y.snapshot(doc))
  merged.destroy()
  return isSame
}

/**
 * Waits until every editor is connected and holds the same records, exactly the ones written:
 * every card created and not deleted (with its last position), the shared ones, no key twice.
 * Returns the converged records.
 */
export async function expectConvergedOnWrites(
  editors: Editor[],
  deleted: ReadonlySet<string>,
): Promise<Record<string, unknown>> {
  const expected = new Set<string>([
    'document:document',
    'page:page',
    ...Array.from({ length: sharedShapes }, (_, k) => `shape:shared${k}`),
    ...editors.flatMap((editor) => [...editor.live.keys()]),
  ])
  await waitFor(
    () => {
      const reference = editors[0]!.client.snapshot()
      for (const editor of editors) {
        expect(editor.client.provider.synced).toBe(true)
        expect(editor.client.snapshot()).toEqual(reference)
      }
      expect(new Set(Object.keys(reference))).toEqual(expected)
      const keys = editors[0]!.client.doc
        .getArray<{ key: string }>('tldraw')
        .toArray()
        .map((entry) => entry.key)
      expect(keys).toHaveLength(new Set(keys).size)
    },
    { timeout: 60_000, interval: 100 },
  )
  const final = editors[0]!.client.snapshot()
  for (const editor of editors) {
    for (const [key, x] of editor.live) expect(final[key]).toMatchObject({ x })
  }
  expect([...deleted].filter((key) => key in final)).toEqual([])
  return final
}
