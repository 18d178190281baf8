/**
 * Board webhooks and their delivery log, in `<dataDir>/notifications.sqlite` (beside
 * rooms.sqlite). The webhook URL is a secret (whoever has it can post into the team's channel),
 * so it lives here and never in the board's Y.Doc, where every participant would receive it.
 * The log keeps the 50 most recent deliveries of each room.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { NotificationEvent } from '../../shared/workshop/notificationApi'

/** File name of the store inside the data directory. */
export const notificationsFileName = 'notifications.sqlite'

/** Deliveries kept per room. */
export const deliveryLogSize = 50

/** A stored delivery (times in ms since the epoch). */
export interface StoredDelivery {
  id: number
  roomId: string
  event: NotificationEvent
  summary: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  responseStatus: number | null
  error: string | null
  createdAt: number
  updatedAt: number
}

/** The store's operations. */
export interface WebhookStore {
  getUrl(roomId: string): { url: string; updatedAt: number } | null
  setUrl(roomId: string, url: string, now: number): void
  removeUrl(roomId: string): void
  /** Logs a new delivery as pending and returns its id; trims the room's log. */
  addDelivery(roomId: string, event: NotificationEvent, summary: string, now: number): number
  /** Records an attempt's outcome. */
  updateDelivery(
    id: number,
    change: Pick<StoredDelivery, 'status' | 'attempts' | 'responseStatus' | 'error'>,
    now: number,
  ): void
  /** The room's most recent deliveries, newest first. */
  listDeliveries(roomId: string): StoredDelivery[]
  close(): void
}

const schemaSql = `
  CREATE TABLE IF NOT EXISTS webhooks (
    room_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id TEXT NOT NULL,
    event TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    response_status INTEGER,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS webhook_deliveries_room ON webhook_deliveries (room_id, id);
`

interface DeliveryRow {
  id: number
  room_id: string
  event: NotificationEvent
  summary: string
  status: StoredDelivery['status']
  attempts: number
  response_status: number | null
  error: string | null
  created_at: number
  updated_at: number
}

/** Opens (creating if needed) `<dataDir>/notifications.sqlite`. */
export function createWebhookStore(dataDir: string): WebhookStore {
  fs.mkdirSync(dataDir, { recursive: true })
  const db = new Database(path.resolve(dataDir, notificationsFileName))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec(schemaSql)
  const selectUrl = db.prepare<[string], { url: string; updated_at: number }>(
    'SELECT url, updated_at FROM webhooks WHERE room_id = ?',
  )
  const upsertUrl = db.prepare<[string, string, number]>(
    `INSERT INTO webhooks (room_id, url, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (room_id) DO UPDATE SET url = excluded.url, updated_at = excluded.updated_at`,
  )
  const deleteUrl = db.prepare<[string]>('DELETE FROM webhooks WHERE room_id = ?')
  const insertDelivery = db.prepare<[string, string, string, number, number]>(
    `INSERT INTO webhook_deliveries
       (room_id, event, summary, status, attempts, created_at, updated_at)
     VALUES (?, ?, ?, 'pending', 0, ?, ?)`,
  )
  const trim = db.prepare<[string, string, number]>(
    `DELETE FROM webhook_deliveries WHERE room_id = ? AND id NOT IN (
       SELECT id FROM webhook_deliveries WHERE room_id = ? ORDER BY id DESC LIMIT ?)`,
  )
  const update = db.prepare<[string, number, number | null, string | null, number, number]>(
    `UPDATE webhook_deliveries
     SET status = ?, attempts = ?, response_status = ?, error = ?, updated_at = ? WHERE id = ?`,
  )
  const list = db.prepare<[string, number], DeliveryRow>(
    'SELECT * FROM webhook_deliveries WHERE room_id = ? ORDER BY id DESC LIMIT ?',
  )
  const add = db.transaction(
    (roomId: string, event: NotificationEvent, summary: string, now: number) => {
      const id = Number(insertDelivery.run(roomId, event, summary, now, now).lastInsertRowid)
      trim.run(roomId, roomId, deliveryLogSize)
      return id
    },
  )
  return {
    getUrl(roomId) {
      const row = selectUrl.get(roomId)
      return row ? { url: row.url, updatedAt: row.updated_at } : null
    },
    setUrl: (roomId, url, now) => void upsertUrl.run(roomId, url, now),
    removeUrl: (roomId) => void deleteUrl.run(roomId),
    addDelivery: (roomId, event, summary, now) => add(roomId, event, summary, now),
    updateDelivery(id, change, now) {
      update.run(change.status, change.attempts, change.responseStatus, change.error, now, id)
    },
    listDeliveries: (roomId) =>
      list.all(roomId, deliveryLogSize).map((row) => ({
        id: row.id,
        roomId: row.room_id,
        event: row.event,
        summary: row.summary,
        status: row.status,
        attempts: row.attempts,
        responseStatus: row.response_status,
        error: row.error,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      })),
    close: () => db.close(),
  }
}
