import type { SerializedSchema } from '@tldraw/store'
import type { TLRecord, TLStore } from 'tldraw'
import type * as Y from 'yjs'
import { BoardRecords, type FieldConflict } from '../../shared/BoardRecords'
import { getMetaMap, schemaMetaKey, type StoredRecord } from '../../shared/docLayout'
import { findParentLoops } from '../../shared/parentLoops'

/** Origin of the Yjs transactions the bridge makes, so it can ignore its own changes. */
const bridgeOrigin = Symbol('tldraw-bridge')

export interface BindStoreToDocOptions {
  /**
   * Called with the ids of the doc's records this code cannot read (they failed migration or
   * validation), every time that set changes. They are not shown, so the UI must say so.
   */
  onUnreadable?: (ids: ReadonlySet<string>) => void
  /**
   * Whether local changes may go to the doc now. Read-only participants (viewers, commenters)
   * still get records tldraw writes by itself (their `user` record); sending those would be
   * refused by the server, which closes the connection. Default: always.
   */
  canWrite?: () => boolean
  /** Called with concurrent edits of one field, once resolved (the winner is in the store). */
  onConflict?: (conflicts: FieldConflict[]) => void
}

/**
 * Binds a tldraw store to a board Y.Doc both ways (doc layout: shared/docLayout.ts):
 * - the store is first replaced by the doc's records;
 * - only the user's document changes go to the doc (presence and session state never do), and of
 *   a changed record only its changed fields, so concurrent edits of different fields merge;
 * - remote doc changes are applied inside `store.mergeRemoteChanges`, so they stay out of the
 *   local undo history and are not echoed back;
 * - records stored at an older schema are migrated on the way in; records that still cannot be
 *   read are skipped and reported through `onUnreadable`, never dropped from the doc;
 * - a shape whose parents would loop back to it (a stored room from before the server refused
 *   loops, two concurrent moves) is shown on its page instead: tldraw would never return from
 *   placing it. The doc is left as it is; the server repairs it.
 * Returns a function that removes every listener.
 */
export function bindStoreToDoc(
  store: TLStore,
  doc: Y.Doc,
  { onUnreadable, canWrite = () => true, onConflict }: BindStoreToDocOptions = {},
): () => void {
  const records = new BoardRecords(doc, { canWrite })
  const unreadable = new Set<string>()
  const reportUnreadable = (changed: boolean) => {
    if (changed) onUnreadable?.(new Set(unreadable))
  }

  /** The record as this code's schema has it, or null (then it counts as unreadable). */
  const readable = (record: StoredRecord): TLRecord | null => {
    try {
      const migrated = migrateFromDoc(store, doc, record)
      const valid = store.schema.validateRecord(store, migrated, 'initialize', null)
      unreadable.delete(record.id)
      return valid
    } catch {
      unreadable.add(record.id)
      return null
    }
  }

  // Load: the doc is the source of truth for document records.
  store.mergeRemoteChanges(() => {
    const docRecords = records.all().flatMap((record) => readable(record) ?? [])
    const docIds = new Set(records.all().map((record) => record.id))
    const stale = store
      .allRecords()
      .filter((record) => store.scopedTypes.document.has(record.typeName) && !docIds.has(record.id))
    if (stale.length > 0) store.remove(stale.map((record) => record.id))
    if (docRecords.length > 0) store.put(withoutParentLoops(store, docRecords))
  })
  reportUnreadable(unreadable.size > 0)

  const stopListening = store.listen(
    ({ changes }) => {
      if (!canWrite()) return
      records.write(
        {
          put: [
            ...Object.values(changes.added),
            ...Object.values(changes.updated).map(([, to]) => to),
          ] as unknown as StoredRecord[],
          remove: Object.keys(changes.removed),
        },
        bridgeOrigin,
      )
    },
    { source: 'user', scope: 'document' },
  )

  const onRecordsChange = (ids: Set<string>, transaction: Y.Transaction) => {
    if (transaction.origin === bridgeOrigin) return
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    const before = unreadable.size
    let changed = false
    for (const id of ids) {
      const record = records.get(id)
      const valid = record && readable(record)
      if (valid) toPut.push(valid)
      else {
        toRemove.push(id as TLRecord['id'])
        if (!record) changed = unreadable.delete(id) || changed
      }
    }
    store.mergeRemoteChanges(() => {
      const present = toRemove.filter((id) => store.has(id))
      if (present.length > 0) store.remove(present)
      if (toPut.length > 0) store.put(withoutParentLoops(store, toPut))
    })
    reportUnreadable(changed || unreadable.size !== before)
  }
  const onRecordsConflict = (conflicts: FieldConflict[]) => onConflict?.(conflicts)
  records.on('change', onRecordsChange)
  records.on('conflict', onRecordsConflict)

  return () => {
    stopListening()
    records.off('change', onRecordsChange)
    records.off('conflict', onRecordsConflict)
    records.destroy()
  }
}

/**
 * `incoming` (about to be put in the store) with each shape that would close a loop of parents
 * moved to a page; a shape of the store that closes the loop is added, moved.
 */
function withoutParentLoops(store: TLStore, incoming: TLRecord[]): TLRecord[] {
  const byId = new Map<string, TLRecord>(incoming.map((record) => [record.id, record]))
  const get = (id: string) => byId.get(id) ?? store.get(id as TLRecord['id'])
  const loops = findParentLoops(incoming, get)
  if (loops.length === 0) return incoming
  const page =
    incoming.find((record) => record.typeName === 'page') ??
    store.allRecords().find((record) => record.typeName === 'page')
  if (!page) return incoming
  for (const id of loops) {
    const shape = get(id)
    if (shape) byId.set(id, { ...shape, parentId: page.id } as TLRecord)
  }
  return [...byId.values()]
}

/**
 * `record` migrated from the schema the doc says its records are at, when that is older than
 * this code's (an offline copy stored before an upgrade). Throws when it cannot be migrated.
 */
function migrateFromDoc(store: TLStore, doc: Y.Doc, record: StoredRecord): TLRecord {
  const docSchema = getMetaMap(doc).get(schemaMetaKey) as SerializedSchema | undefined
  const asRecord = record as unknown as TLRecord
  if (!docSchema) return asRecord
  const migrations = store.schema.getMigrationsSince(docSchema)
  if (!migrations.ok || migrations.value.length === 0) return asRecord
  const result = store.schema.migratePersistedRecord(asRecord, docSchema)
  if (result.type === 'error') throw new Error(`cannot migrate ${record.id}: ${result.reason}`)
  return result.value
}
