import type { TLRecord, TLStore } from 'tldraw'
import type * as Y from 'yjs'
import { createRecordsKeyValue, type StoredRecord } from '../../shared/docLayout'

/** Origin of the Yjs transactions the bridge makes, so it can ignore its own changes. */
const bridgeOrigin = Symbol('tldraw-bridge')

export interface BindStoreToDocOptions {
  /** Called with records from the doc that fail the store's validators (they are skipped). */
  onInvalidRecord?: (record: unknown, error: unknown) => void
  /**
   * Whether local changes may go to the doc now. Read-only participants (viewers, commenters)
   * still get records tldraw writes by itself (their `user` record); sending those would be
   * refused by the server, which closes the connection. Default: always.
   */
  canWrite?: () => boolean
}

/**
 * Binds a tldraw store to a board Y.Doc both ways (doc layout: shared/docLayout.ts):
 * - the store is first replaced by the doc's records;
 * - only the user's document changes go to the doc (presence and session state never do);
 * - remote doc changes are applied inside `store.mergeRemoteChanges`, so they stay out of the
 *   local undo history and are not echoed back;
 * - records that fail validation are skipped instead of breaking the whole batch.
 * Returns a function that removes every listener.
 */
export function bindStoreToDoc(
  store: TLStore,
  doc: Y.Doc,
  { onInvalidRecord = warnInvalidRecord, canWrite = () => true }: BindStoreToDocOptions = {},
): () => void {
  const records = createRecordsKeyValue(doc)

  const validated = (candidates: Iterable<unknown>): TLRecord[] => {
    const valid: TLRecord[] = []
    for (const candidate of candidates) {
      try {
        valid.push(store.schema.validateRecord(store, candidate as TLRecord, 'initialize', null))
      } catch (error) {
        onInvalidRecord(candidate, error)
      }
    }
    return valid
  }

  // Load: the doc is the source of truth for document records.
  store.mergeRemoteChanges(() => {
    const docRecords = validated(Array.from(records.map.values(), (entry) => entry.val))
    const docIds = new Set(docRecords.map((record) => record.id))
    const stale = store
      .allRecords()
      .filter((record) => store.scopedTypes.document.has(record.typeName) && !docIds.has(record.id))
    if (stale.length > 0) store.remove(stale.map((record) => record.id))
    if (docRecords.length > 0) store.put(docRecords)
  })

  const stopListening = store.listen(
    ({ changes }) => {
      if (!canWrite()) return
      doc.transact(() => {
        for (const record of Object.values(changes.added)) records.set(record.id, toStored(record))
        for (const [, record] of Object.values(changes.updated)) {
          records.set(record.id, toStored(record))
        }
        for (const record of Object.values(changes.removed)) records.delete(record.id)
      }, bridgeOrigin)
    },
    { source: 'user', scope: 'document' },
  )

  const onDocChange = (
    changes: Map<string, { action: 'add' | 'update' | 'delete'; newValue?: StoredRecord }>,
    transaction: Y.Transaction,
  ) => {
    if (transaction.origin === bridgeOrigin) return
    const toPut: unknown[] = []
    const toRemove: TLRecord['id'][] = []
    for (const [id, change] of changes) {
      if (change.action === 'delete') toRemove.push(id as TLRecord['id'])
      else toPut.push(change.newValue)
    }
    const valid = validated(toPut)
    store.mergeRemoteChanges(() => {
      const present = toRemove.filter((id) => store.has(id))
      if (present.length > 0) store.remove(present)
      if (valid.length > 0) store.put(valid)
    })
  }
  records.on('change', onDocChange)

  return () => {
    stopListening()
    records.off('change', onDocChange)
    records.destroy()
  }
}

function toStored(record: TLRecord): StoredRecord {
  // Records are immutable plain JSON; Yjs copies them into the update as-is.
  return record as unknown as StoredRecord
}

function warnInvalidRecord(record: unknown, error: unknown) {
  console.warn('Skipped an invalid record from the board document', record, error)
}
