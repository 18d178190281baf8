import * as Y from 'yjs'
import {
  createRecordsKeyValue,
  getMetaMap,
  schemaMetaKey,
  type StoredRecord,
} from '../shared/docLayout'
import { createBoardSchema } from '../shared/schema/boardSchema'
import type { TLRecord } from '@tldraw/tlschema'

/**
 * The initial Yjs update of a new room: `records` (a template's) in the records array and the
 * board schema in `meta.schema`. The server seeds rooms so clients never seed one themselves.
 */
export function createRoomSeedUpdate(records: readonly TLRecord[]): Uint8Array {
  const doc = new Y.Doc()
  try {
    const stored = createRecordsKeyValue(doc)
    doc.transact(() => {
      for (const record of records) {
        stored.set(record.id, { ...record } as StoredRecord)
      }
      getMetaMap(doc).set(schemaMetaKey, createBoardSchema().serialize())
    })
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}
