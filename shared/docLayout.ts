/**
 * The layout of a board's Y.Doc: a stable contract shared by the client, the server, tests and
 * tools. Changing a name here breaks every stored room; a new layout gets a new `docLayoutVersion`
 * and a migration in the server (server/upgradeRoom.ts).
 *
 * Layout 2 (current):
 * - `doc.getArray('records')`: every tldraw document record (pages, shapes, bindings, assets, the
 *   document record), one `{ key, val }` entry per FIELD, in y-utility's YKeyValue layout (the
 *   rightmost entry of a key wins). The key is `<record id>/<field>`: a top-level field (`x`,
 *   `parentId`, `meta`, `typeName`...; not `id`, which is the key's first part) or `props.<name>`
 *   for each prop. A record exists while its `typeName` entry does; entries of a record without
 *   one are leftovers of a concurrent delete and are ignored (the server deletes them). Because
 *   each field is its own entry, concurrent edits of different fields of one card both survive.
 * - `doc.getMap('meta')`: `schema` holds the tldraw schema snapshot (`SerializedSchema`) the
 *   records conform to, `layout` the layout version, `legacySchema` the schema of the layout 1
 *   records a converted room had. Written by the server only.
 *
 * Layout 1 (before): one entry per whole record in `doc.getArray('tldraw')`; the server converts
 * such rooms when it loads them and keeps the old state as a backup.
 *
 * Session state (camera, selection, current page) and presence are never in the document.
 */
import type * as Y from 'yjs'
import type { StoredEntry } from './EntryMap'

/** The layout this code reads and writes (`meta.layout`). */
export const docLayoutVersion = 2

/** Name of the root Y.Array holding one entry per tldraw record field (layout 2). */
export const recordsArrayName = 'records'
/** Name of the layout 1 root Y.Array, one entry per whole record; converted on load. */
export const legacyRecordsArrayName = 'tldraw'
/** Name of the root Y.Map holding document metadata. */
export const metaMapName = 'meta'
/** Key in the meta map holding the serialized tldraw schema. */
export const schemaMetaKey = 'schema'
/** Key in the meta map holding the layout version (absent in layout 1 rooms). */
export const layoutMetaKey = 'layout'
/**
 * Key in the meta map holding the schema of the room's layout 1 records when it was converted, so
 * layout 1 edits that arrive later (an old client's offline work) can still be migrated.
 */
export const legacySchemaMetaKey = 'legacySchema'

/** A tldraw record as stored in the doc: plain JSON with at least an id and a typeName. */
export interface StoredRecord {
  id: string
  typeName: string
  [key: string]: unknown
}

/** The field entry that marks a record as existing. */
export const existenceField = 'typeName'
/** Prefix of the fields that hold one prop each. */
export const propFieldPrefix = 'props.'

/** The entry key of one field of a record: `<id>/<field>`. */
export function fieldKey(recordId: string, field: string): string {
  return `${recordId}/${field}`
}

/** The record id and field of an entry key, or null when the key has no field part. */
export function parseFieldKey(key: string): { recordId: string; field: string } | null {
  const slash = key.lastIndexOf('/')
  if (slash <= 0 || slash === key.length - 1) return null
  return { recordId: key.slice(0, slash), field: key.slice(slash + 1) }
}

/**
 * The fields of a record as entries are written: top-level fields but `id`, and one
 * `props.<name>` per prop (a record whose props object is empty keeps `props` whole).
 */
export function recordFields(record: StoredRecord): Map<string, unknown> {
  const fields = new Map<string, unknown>()
  for (const [name, value] of Object.entries(record)) {
    if (name === 'id') continue
    if (name === 'props' && isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [prop, propValue] of Object.entries(value)) {
        fields.set(`${propFieldPrefix}${prop}`, propValue)
      }
    } else {
      fields.set(name, value)
    }
  }
  return fields
}

/** The record `recordFields` was made from, or null when it has no `typeName` field. */
export function assembleRecord(
  recordId: string,
  fields: ReadonlyMap<string, unknown>,
): StoredRecord | null {
  const typeName = fields.get(existenceField)
  if (typeof typeName !== 'string') return null
  const record: StoredRecord = { id: recordId, typeName }
  let props: Record<string, unknown> | null = null
  for (const [field, value] of fields) {
    if (field.startsWith(propFieldPrefix)) {
      props ??= {}
      props[field.slice(propFieldPrefix.length)] = value
    } else {
      record[field] = value
    }
  }
  if (props) record.props = { ...(isPlainObject(record.props) ? record.props : {}), ...props }
  return record
}

/** The records array of a board doc (see module comment). */
export function getRecordsArray(doc: Y.Doc): Y.Array<StoredEntry> {
  return doc.getArray(recordsArrayName)
}

/** The layout 1 records array (whole records as YKeyValue entries). */
export function getLegacyRecordsArray(doc: Y.Doc): Y.Array<StoredEntry<StoredRecord>> {
  return doc.getArray(legacyRecordsArrayName)
}

/** The meta map of a board doc (see module comment). */
export function getMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(metaMapName)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
