/**
 * The layout of a board's Y.Doc: a stable contract shared by the client, the server, tests and
 * tools. Changing a name here breaks every stored room.
 *
 * - `doc.getArray('tldraw')`: every tldraw document record (pages, shapes, bindings, assets, the
 *   document record), managed by y-utility's `YKeyValue`: entries are `{ key: record.id, val:
 *   record }` where `record` is the plain JSON record at the schema version in `meta.schema`.
 *   YKeyValue drops overwritten values, so history does not grow with every drag.
 * - `doc.getMap('meta')`: `schema` holds the tldraw schema snapshot (`SerializedSchema`) the
 *   records conform to.
 *
 * Session state (camera, selection, current page) and presence are never in the document.
 */
import type * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'

/** Name of the root Y.Array holding tldraw records as YKeyValue entries. */
export const recordsArrayName = 'tldraw'
/** Name of the root Y.Map holding document metadata. */
export const metaMapName = 'meta'
/** Key in the meta map holding the serialized tldraw schema. */
export const schemaMetaKey = 'schema'

/** A tldraw record as stored in the doc: plain JSON with at least an id and a typeName. */
export interface StoredRecord {
  id: string
  typeName: string
  [key: string]: unknown
}

/** The records array of a board doc (see module comment). */
export function getRecordsArray(doc: Y.Doc): Y.Array<{ key: string; val: StoredRecord }> {
  return doc.getArray(recordsArrayName)
}

/** The meta map of a board doc (see module comment). */
export function getMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(metaMapName)
}

/**
 * Wraps the records array in a YKeyValue. Create one per doc and keep it: each instance observes
 * the array and removes superseded entries.
 */
export function createRecordsKeyValue(doc: Y.Doc): YKeyValue<StoredRecord> {
  return new YKeyValue(getRecordsArray(doc))
}
