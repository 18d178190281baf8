/**
 * Reading and writing `{ key, val }` entries of a root Y.Array (the YKeyValue layout of
 * shared/docLayout.ts and shared/workshop/workshopLayout.ts) without a YKeyValue: creating one
 * attaches an observer that rewrites the array (it deletes superseded entries), and neither the
 * server nor a read-only participant may write what it does not mean to. Semantics match
 * YKeyValue: the rightmost entry of a key wins; setting a key deletes its other entries and
 * appends the new one.
 */
import type * as Y from 'yjs'

/** A YKeyValue entry as stored in the array. */
export interface KeyValueEntry<T = unknown> {
  key: string
  val: T
}

function isEntry(value: unknown): value is KeyValueEntry {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { key?: unknown }).key === 'string' &&
    'val' in value
  )
}

/** The current value of every key (rightmost entry wins). */
export function readEntries<T>(array: Y.Array<T>): Map<string, unknown> {
  const entries = new Map<string, unknown>()
  for (const value of array.toArray()) if (isEntry(value)) entries.set(value.key, value.val)
  return entries
}

/** The current value of `key`, or undefined. */
export function readEntry(array: Y.Array<unknown>, key: string): unknown {
  const values = array.toArray()
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i]
    if (isEntry(value) && value.key === key) return value.val
  }
  return undefined
}

/**
 * Sets and deletes keys like YKeyValue would (call inside a transaction to make it one update):
 * every existing entry of a changed key is deleted, then the new values are appended.
 */
export function writeEntries(
  array: Y.Array<unknown>,
  changes: { set?: ReadonlyMap<string, unknown>; delete?: Iterable<string> },
): void {
  const keys = new Set<string>([...(changes.set?.keys() ?? []), ...(changes.delete ?? [])])
  if (keys.size === 0) return
  const values = array.toArray()
  // Runs of adjacent doomed entries are deleted at once, from the right, so earlier indices stay
  // valid while deleting.
  let end = values.length
  for (let i = values.length - 1; i >= -1; i--) {
    const value = i >= 0 ? values[i] : undefined
    const isDoomed = i >= 0 && isEntry(value) && keys.has(value.key)
    if (isDoomed) continue
    if (end > i + 1) array.delete(i + 1, end - (i + 1))
    end = i
  }
  const appended = [...(changes.set ?? [])].map(([key, val]) => ({ key, val }))
  if (appended.length > 0) array.push(appended)
}
