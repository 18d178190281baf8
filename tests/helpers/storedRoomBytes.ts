/** What a room takes in storage; no vitest here, the benchmarks use it too. */
import path from 'node:path'
import Database from 'better-sqlite3'

/** Bytes of a room's snapshot and update log rows in `<dataDir>/rooms.sqlite`. */
export function storedRoomBytes(dataDir: string, roomId: string): number {
  const db = new Database(path.join(dataDir, 'rooms.sqlite'), { readonly: true })
  try {
    const row = db
      .prepare<[string, string], { bytes: number }>(
        `SELECT (SELECT coalesce(sum(length(snapshot)), 0) FROM room_snapshots WHERE room_id = ?) +
                (SELECT coalesce(sum(length(data)), 0) FROM room_updates WHERE room_id = ?) AS bytes`,
      )
      .get(roomId, roomId)
    return row?.bytes ?? 0
  } finally {
    db.close()
  }
}
