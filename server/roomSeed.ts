import * as Y from 'yjs'
import { BoardRecords } from '../shared/BoardRecords'
import {
  docLayoutVersion,
  getMetaMap,
  layoutMetaKey,
  schemaMetaKey,
  type StoredRecord,
} from '../shared/docLayout'
import { createBoardSchema } from '../shared/schema/boardSchema'
import { createTemplateRecords, type BoardTemplate } from '../shared/templates/boardTemplate'

/**
 * The initial Yjs update of a new room: the template's records as field entries, the layout
 * version and the board schema in `meta`. The server seeds rooms so clients never seed one.
 */
export function createRoomSeedUpdate(template: BoardTemplate): Uint8Array {
  const doc = new Y.Doc()
  const records = new BoardRecords(doc)
  try {
    doc.transact(() => {
      records.write({ put: createTemplateRecords(template) as unknown as StoredRecord[] })
      const meta = getMetaMap(doc)
      meta.set(layoutMetaKey, docLayoutVersion)
      meta.set(schemaMetaKey, createBoardSchema().serialize())
    })
    return Y.encodeStateAsUpdate(doc)
  } finally {
    records.destroy()
    doc.destroy()
  }
}
