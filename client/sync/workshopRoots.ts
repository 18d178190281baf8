import { YKeyValue } from 'y-utility/y-keyvalue'
import type * as Y from 'yjs'
import { readEntries, type KeyValueEntry } from '../../shared/keyValueEntries'
import { onePer } from '../lib/onePer'

/** A workshop root of a board doc, as the YKeyValue entries it holds. */
export function getWorkshopArray(doc: Y.Doc, rootName: string): Y.Array<KeyValueEntry> {
  return doc.getArray<KeyValueEntry>(rootName)
}

/**
 * Calls `onChange(values)` now and after every change of the array (local or remote). Returns a
 * function that stops listening.
 */
export function observeKeyValues(
  array: Y.Array<KeyValueEntry>,
  onChange: (values: Map<string, unknown>) => void,
): () => void {
  // Read without a YKeyValue: creating one is a write, and viewers must never write.
  const notify = () => onChange(readEntries(array))
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
