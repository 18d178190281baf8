import { YKeyValue } from 'y-utility/y-keyvalue'
import type * as Y from 'yjs'
import { onePer } from '../lib/onePer'

/** One stored entry of a workshop root (see shared/workshop/workshopLayout.ts). */
export interface KeyValueItem {
  key: string
  val: unknown
}

/** A workshop root of a board doc, as the YKeyValue entries it holds. */
export function getWorkshopArray(doc: Y.Doc, rootName: string): Y.Array<KeyValueItem> {
  return doc.getArray<KeyValueItem>(rootName)
}

/**
 * The current value of every key in a YKeyValue array, read without writing: the rightmost entry
 * of a key wins, as in YKeyValue. Creating a YKeyValue cleans up duplicate entries, which is a
 * write; read-only participants (viewers) must never write, so they read through this.
 */
export function readKeyValues(array: Y.Array<KeyValueItem>): Map<string, unknown> {
  const values = new Map<string, unknown>()
  for (const item of array.toArray()) {
    if (typeof item === 'object' && item !== null && typeof item.key === 'string') {
      values.set(item.key, item.val)
    }
  }
  return values
}

/**
 * Calls `onChange(values)` now and after every change of the array (local or remote). Returns a
 * function that stops listening.
 */
export function observeKeyValues(
  array: Y.Array<KeyValueItem>,
  onChange: (values: Map<string, unknown>) => void,
): () => void {
  const notify = () => onChange(readKeyValues(array))
  array.observe(notify)
  notify()
  return () => array.unobserve(notify)
}

const writersOf = onePer((_doc: Y.Doc) => new Map<string, YKeyValue<unknown>>())

/**
 * The one YKeyValue of a workshop root, for writing (created on first use and kept for the doc's
 * lifetime, as y-utility requires). Only call it when the participant's role may write the root.
 */
export function getWorkshopWriter<T>(doc: Y.Doc, rootName: string): YKeyValue<T> {
  const byRoot = writersOf(doc)
  let writer = byRoot.get(rootName)
  if (!writer) {
    writer = new YKeyValue(getWorkshopArray(doc, rootName))
    byRoot.set(rootName, writer)
  }
  return writer as YKeyValue<T>
}
