import * as Y from 'yjs'
import { createRecordsKeyValue, type StoredRecord } from '../../shared/docLayout'
import type { RoomPersistence } from '../persistence'

/** Where an export reads a room from. */
export interface RoomSource {
  persistence: RoomPersistence
  /** The live doc of a room that is loaded in memory, or undefined. */
  loadedDoc(roomId: string): Y.Doc | undefined
}

/**
 * The tldraw records of a room, or null when no such room exists. A loaded room is read from its
 * live doc (so the result holds every edit the server has accepted), any other room from storage;
 * neither is kept in memory. The live doc is copied into a scratch doc first: reading it through
 * a YKeyValue would attach an observer to it and could write to it (YKeyValue deletes superseded
 * entries when it is created). Throws when storage fails or holds an unreadable update.
 */
export function readRoomRecords(roomId: string, source: RoomSource): StoredRecord[] | null {
  const live = source.loadedDoc(roomId)
  let updates: Uint8Array[]
  if (live) {
    updates = [Y.encodeStateAsUpdate(live)]
  } else {
    if (!source.persistence.roomExists(roomId)) return null
    updates = source.persistence.loadRoom(roomId).updates
  }
  const doc = new Y.Doc({ gc: true })
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update)
    })
    const records = createRecordsKeyValue(doc)
    return [...records.map.values()].map((entry) => entry.val)
  } finally {
    doc.destroy()
  }
}
