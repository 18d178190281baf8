import type { TLRecord } from '@tldraw/tlschema'
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

/**
 * The initial Yjs update of a new room: `records` (a template's) as field entries, the layout
 * version and the board schema in `meta`. The server seeds rooms so clients never seed one.
 */
export function createRoomSeedUpdate(records: readonly TLRecord[]): Uint8Array {
  const doc = new Y.Doc()
  const board = new BoardRecords(doc)
  try {
    doc.transact(() => {
      board.write({ put: records as unknown as StoredRecord[] })
      const meta = getMetaMap(doc)
      meta.set(layoutMetaKey, docLayoutVersion)
      meta.set(schemaMetaKey, createBoardSchema().serialize())
    })
    return Y.encodeStateAsUpdate(doc)
  } finally {
    board.destroy()
    doc.destroy()
  }
}
