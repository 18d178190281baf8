import * as Y from 'yjs'
import {
  createRecordsKeyValue,
  getMetaMap,
  schemaMetaKey,
  type StoredRecord,
} from '../shared/docLayout'
import { createBoardSchema } from '../shared/schema/boardSchema'
import { createTemplateRecords, type BoardTemplate } from '../shared/templates/boardTemplate'

/**
 * The initial Yjs update of a new room: the template's records in the records array and the
 * board schema in `meta.schema`. The server seeds rooms so clients never seed one themselves.
 */
export function createRoomSeedUpdate(template: BoardTemplate): Uint8Array {
  const doc = new Y.Doc()
  try {
    const records = createRecordsKeyValue(doc)
    doc.transact(() => {
      for (const record of createTemplateRecords(template)) {
        records.set(record.id, { ...record } as StoredRecord)
      }
      getMetaMap(doc).set(schemaMetaKey, createBoardSchema().serialize())
    })
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}
