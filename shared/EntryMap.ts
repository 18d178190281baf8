/**
 * A last-writer-wins map over a root Y.Array of `{ key, val }` entries: the layout of y-utility's
 * YKeyValue (the rightmost entry of a key wins; setting a key deletes its entries and appends a new
 * one), with a cost per change that does not grow with the size of the map.
 *
 * YKeyValue rebuilds an array of every entry on each change and finds entries by scanning from the
 * left, which is fine for a few thousand whole records but not for one entry per record field
 * (tens of thousands on a large board: a drag frame would cost milliseconds). Here:
 * - changes are read from the transaction itself (`afterState` vs `beforeState` for inserts, its
 *   delete set for deletions), not from `event.changes`, which walks the whole array;
 * - each key remembers the ids of its live entries, so the winner and the entries to delete are
 *   known without a scan;
 * - an entry's index (for `Y.Array.delete`) is found by walking right from it to the end: the
 *   entries a session rewrites (positions during a drag) were appended last, so the walk is short.
 *
 * Concurrent writes of one key leave two live entries until a writer deletes the one on the left;
 * every EntryMap agrees on the winner because Yjs orders the array identically everywhere. When the
 * losing entry was written by another client than the winner, a `conflict` is reported, so a person
 * whose concurrent edit lost can be told.
 */
import { equalityDeep } from 'lib0/function'
import { Observable } from 'lib0/observable'
import * as Y from 'yjs'

/** One entry as stored in the array. */
export interface StoredEntry<T = unknown> {
  key: string
  val: T
}

/** What happened to one key in a transaction (the shape of YKeyValue's and Y.Map's events). */
export type EntryChange<T = unknown> =
  | { action: 'add'; newValue: T }
  | { action: 'update'; oldValue: T; newValue: T }
  | { action: 'delete'; oldValue: T }

/** Two live entries of one key from different clients: the right one won. */
export interface EntryConflict<T = unknown> {
  key: string
  winner: { value: T; client: number }
  loser: { value: T; client: number }
}

interface Slot<T> {
  /** Live entries of the key; the first is the winner (rightmost). Usually one. */
  ids: Y.ID[]
  value: T
}

/** Options of an EntryMap. */
export interface EntryMapOptions {
  /**
   * Whether this map may delete superseded duplicates itself (default: never). Read-only
   * participants and the server leave that to the writers, as they must not write.
   */
  canWrite?: () => boolean
}

/** How far from the end (in items) an entry is found by walking right; beyond, one walk from the start. */
const nearEndItems = 64

/** Transaction origin of the deletions an EntryMap makes to clean up superseded duplicates. */
export const entryCleanupOrigin = Symbol('entry cleanup')

type Events<T> = {
  change: (changes: Map<string, EntryChange<T>>, transaction: Y.Transaction) => void
  conflict: (conflicts: EntryConflict<T>[], transaction: Y.Transaction) => void
}

/** See the module comment. Create one per array and doc, and `destroy` it when done. */
export class EntryMap<T = unknown> extends Observable<keyof Events<T>> {
  readonly doc: Y.Doc
  private readonly slots = new Map<string, Slot<T>>()
  private readonly canWrite: () => boolean

  constructor(
    readonly array: Y.Array<StoredEntry<T>>,
    { canWrite = () => false }: EntryMapOptions = {},
  ) {
    super()
    if (!array.doc) throw new Error('EntryMap needs an array that belongs to a Y.Doc')
    this.doc = array.doc
    this.canWrite = canWrite
    // Left to right: a later entry of a key is further right, so it wins.
    for (const item of Y.getTypeChildren(array)) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
      item.content.arr.forEach((value, offset) => {
        if (!isEntry(value)) return
        const id = Y.createID(item.id.client, item.id.clock + offset)
        const slot = this.slots.get(value.key)
        if (!slot) this.slots.set(value.key, { ids: [id], value: value.val as T })
        else {
          slot.ids.unshift(id)
          slot.value = value.val as T
        }
      })
    }
    this.doc.on('afterTransaction', this.handleTransaction)
    this.cleanUpDuplicates([...this.slots.values()].flatMap((slot) => slot.ids.slice(1)))
  }

  /** Number of keys. */
  get size(): number {
    return this.slots.size
  }

  get(key: string): T | undefined {
    return this.slots.get(key)?.value
  }

  has(key: string): boolean {
    return this.slots.has(key)
  }

  keys(): IterableIterator<string> {
    return this.slots.keys()
  }

  /** The Yjs client id that wrote the current value of `key`, or undefined. */
  writerOf(key: string): number | undefined {
    return this.currentEntryOf(key)?.client
  }

  /** The id of the entry holding the current value of `key` (its rightmost live one), or undefined. */
  currentEntryOf(key: string): Y.ID | undefined {
    return this.slots.get(key)?.ids[0]
  }

  /** Every key with its value. */
  *entries(): IterableIterator<[string, T]> {
    for (const [key, slot] of this.slots) yield [key, slot.value]
  }

  /**
   * Sets and deletes keys in one transaction: every live entry of a changed key is deleted and
   * the new values are appended together. A value deep-equal to the current one is not rewritten.
   */
  write(
    { set, remove }: { set?: ReadonlyMap<string, T>; remove?: Iterable<string> },
    origin: unknown = null,
  ): void {
    const appended: StoredEntry<T>[] = []
    const doomed: Y.ID[] = []
    for (const [key, val] of set ?? []) {
      const slot = this.slots.get(key)
      if (slot && slot.ids.length === 1 && equalityDeep(slot.value, val)) continue
      if (slot) doomed.push(...slot.ids)
      appended.push({ key, val })
    }
    for (const key of remove ?? []) {
      const slot = this.slots.get(key)
      if (slot && !set?.has(key)) doomed.push(...slot.ids)
    }
    if (appended.length === 0 && doomed.length === 0) return
    this.doc.transact(() => {
      this.deleteEntries(doomed)
      if (appended.length > 0) this.array.push(appended)
    }, origin)
  }

  /** Stops listening to the doc. */
  override destroy(): void {
    this.doc.off('afterTransaction', this.handleTransaction)
    super.destroy()
  }

  private readonly handleTransaction = (transaction: Y.Transaction): void => {
    if (
      !transaction.changed.has(
        this.array as unknown as Y.AbstractType<Y.YEvent<Y.Array<StoredEntry<T>>>>,
      )
    )
      return
    const changes = new Map<string, EntryChange<T>>()
    const before = new Map<string, T>()
    const touched = new Set<string>()
    const remember = (key: string) => {
      if (touched.has(key)) return
      touched.add(key)
      const slot = this.slots.get(key)
      if (slot) before.set(key, slot.value)
    }

    // Deletions first: an overwrite deletes the old entry in the same transaction as it adds the
    // new one, and that is not a conflict. A winner deleted here may still have lost to a
    // concurrent entry (a writer that saw both cleaned it up): checked once the inserts are in.
    const deletedWinners: { key: string; id: Y.ID; value: T }[] = []
    for (const [client, deletions] of transaction.deleteSet.clients) {
      const structs = this.doc.store.clients.get(client)
      if (!structs) continue
      for (const { clock, len } of deletions) {
        forEachEntryInRange(structs, clock, clock + len, this.array, (entry, id) => {
          const slot = this.slots.get(entry.key)
          const index = slot ? slot.ids.findIndex((live) => Y.compareIDs(live, id)) : -1
          if (!slot || index < 0) return
          remember(entry.key)
          if (index === 0) deletedWinners.push({ key: entry.key, id, value: slot.value })
          slot.ids.splice(index, 1)
          if (slot.ids.length === 0) this.slots.delete(entry.key)
          else if (index === 0) this.promoteRightmost(slot)
        })
      }
    }

    const conflicts: EntryConflict<T>[] = []
    const duplicates: Y.ID[] = []
    for (const [client, after] of transaction.afterState) {
      const start = transaction.beforeState.get(client) ?? 0
      if (after <= start) continue
      const structs = this.doc.store.clients.get(client)
      if (!structs) continue
      forEachEntryInRange(structs, start, after, this.array, (entry, id, item) => {
        if (item.deleted) return
        remember(entry.key)
        const slot = this.slots.get(entry.key)
        if (!slot) {
          this.slots.set(entry.key, { ids: [id], value: entry.val })
          return
        }
        const winner = slot.ids[0] as Y.ID
        const isNewWinner = this.isLeftOf(winner, id)
        const loser = isNewWinner ? winner : id
        if (isNewWinner) {
          slot.ids.unshift(id)
          slot.value = entry.val
        } else {
          slot.ids.splice(1, 0, id)
        }
        duplicates.push(loser)
        const loserValue = this.entryValue(loser)
        const winnerId = slot.ids[0] as Y.ID
        if (loser.client !== winnerId.client && !equalityDeep(loserValue, slot.value)) {
          conflicts.push({
            key: entry.key,
            winner: { value: slot.value, client: winnerId.client },
            loser: { value: loserValue, client: loser.client },
          })
        }
      })
    }

    for (const deleted of deletedWinners) {
      const slot = this.slots.get(deleted.key)
      const winner = slot?.ids[0]
      if (!slot || !winner || winner.client === deleted.id.client) continue
      if (equalityDeep(slot.value, deleted.value) || !this.isUnseenBy(deleted.id, winner)) continue
      conflicts.push({
        key: deleted.key,
        winner: { value: slot.value, client: winner.client },
        loser: { value: deleted.value, client: deleted.id.client },
      })
    }

    for (const key of touched) {
      const had = before.has(key)
      const slot = this.slots.get(key)
      const oldValue = before.get(key) as T
      if (!slot && had) changes.set(key, { action: 'delete', oldValue })
      else if (slot && !had) changes.set(key, { action: 'add', newValue: slot.value })
      else if (slot && slot.value !== oldValue) {
        changes.set(key, { action: 'update', oldValue, newValue: slot.value })
      }
    }
    if (changes.size > 0) this.emit('change', [changes, transaction])
    if (conflicts.length > 0) this.emit('conflict', [conflicts, transaction])
    this.cleanUpDuplicates(duplicates)
  }

  /** Makes the rightmost of a key's remaining live entries its winner. */
  private promoteRightmost(slot: Slot<T>): void {
    let winner = 0
    for (let i = 1; i < slot.ids.length; i++) {
      if (this.isLeftOf(slot.ids[winner] as Y.ID, slot.ids[i] as Y.ID)) winner = i
    }
    const [id] = slot.ids.splice(winner, 1) as [Y.ID]
    slot.ids.unshift(id)
    slot.value = this.entryValue(id)
  }

  /** Deletes superseded entries of keys when this map may write. */
  private cleanUpDuplicates(ids: Y.ID[]): void {
    if (ids.length === 0 || !this.canWrite()) return
    this.doc.transact(() => this.deleteEntries(ids), entryCleanupOrigin)
  }

  /** Deletes the live entries with these ids, from the right so earlier indices stay valid. */
  private deleteEntries(ids: Y.ID[]): void {
    const indices: number[] = []
    const far: Y.Item[] = []
    for (const id of ids) {
      const item = Y.getItem(this.doc.store, id)
      if (!(item instanceof Y.Item) || item.deleted) continue
      const index = this.indexNearEnd(item, id)
      if (index === null) far.push(item)
      else indices.push(index)
    }
    if (far.length > 0) indices.push(...this.indicesFromStart(far, ids))
    indices.sort((a, b) => b - a)
    for (const index of indices) this.array.delete(index, 1)
  }

  /**
   * The index of the live entry `id` in `item`, counted by walking right to the end of the array
   * (entries rewritten often, like positions during a drag, were appended last), or null when the
   * end is further than `nearEndItems` items away.
   */
  private indexNearEnd(item: Y.Item, id: Y.ID): number | null {
    let after = item.length - 1 - (id.clock - item.id.clock)
    let steps = 0
    for (let right = item.right; right !== null; right = right.right) {
      if (++steps > nearEndItems) return null
      if (!right.deleted && right.countable) after += right.length
    }
    return this.array.length - 1 - after
  }

  /** Indices of the entries of `ids` that lie in `items`, in one walk from the array's start. */
  private indicesFromStart(items: Y.Item[], ids: Y.ID[]): number[] {
    const wanted = new Set(items)
    const indices: number[] = []
    let index = 0
    for (let item = this.array._start; item !== null && wanted.size > 0; item = item.right) {
      if (item.deleted || !item.countable) continue
      if (wanted.delete(item)) {
        for (const id of ids) {
          const offset = id.clock - item.id.clock
          if (id.client === item.id.client && offset >= 0 && offset < item.length) {
            indices.push(index + offset)
          }
        }
      }
      index += item.length
    }
    return indices
  }

  /**
   * True when the writer of entry `b` had not seen entry `a`: a push lands right after the last
   * item its writer knew (its origin), so anything right of that origin was written concurrently.
   * Uses the origin of `b`'s item, which for later entries of a merged item errs towards "unseen".
   */
  private isUnseenBy(a: Y.ID, b: Y.ID): boolean {
    const itemB = Y.getItem(this.doc.store, b) as Y.Item
    if (itemB.origin === null) return true
    const origin = Y.getItem(this.doc.store, itemB.origin)
    const itemA = Y.getItem(this.doc.store, a)
    if (origin === itemA) return a.clock > itemB.origin.clock
    for (let right = origin.right; right !== null && right !== itemB; right = right.right) {
      if (right === itemA) return true
    }
    return this.isLeftOf(b, a)
  }

  /** True when the entry `a` stands left of the entry `b` in the array. */
  private isLeftOf(a: Y.ID, b: Y.ID): boolean {
    const itemA = Y.getItem(this.doc.store, a)
    const itemB = Y.getItem(this.doc.store, b)
    if (itemA === itemB) return a.clock < b.clock
    for (let right = itemA.right; right !== null; right = right.right) {
      if (right === itemB) return true
    }
    return false
  }

  private entryValue(id: Y.ID): T {
    const item = Y.getItem(this.doc.store, id) as Y.Item
    const entry = (item.content as Y.ContentAny).arr[id.clock - item.id.clock] as StoredEntry<T>
    return entry.val
  }
}

function isEntry(value: unknown): value is StoredEntry {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { key?: unknown }).key === 'string' &&
    'val' in value
  )
}

/**
 * Calls `visit` for every `{ key, val }` entry of `array` among one client's structs in clocks
 * [start, end), without splitting items (reading must not change the store).
 */
function forEachEntryInRange<T>(
  structs: (Y.Item | Y.GC)[],
  start: number,
  end: number,
  array: Y.Array<StoredEntry<T>>,
  visit: (entry: StoredEntry<T>, id: Y.ID, item: Y.Item) => void,
): void {
  const last = structs.at(-1)
  if (!last || start >= last.id.clock + last.length) return
  for (let i = Y.findIndexSS(structs, start); i < structs.length; i++) {
    const struct = structs[i] as Y.Item | Y.GC
    if (struct.id.clock >= end) break
    if (!(struct instanceof Y.Item) || struct.parent !== array) continue
    if (!(struct.content instanceof Y.ContentAny)) continue
    const from = Math.max(start - struct.id.clock, 0)
    const to = Math.min(end - struct.id.clock, struct.length)
    for (let offset = from; offset < to; offset++) {
      const value = struct.content.arr[offset]
      if (isEntry(value)) {
        visit(
          value as StoredEntry<T>,
          Y.createID(struct.id.client, struct.id.clock + offset),
          struct,
        )
      }
    }
  }
}
