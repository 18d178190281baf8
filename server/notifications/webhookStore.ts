/**
 * Board webhooks and their delivery log, kept by the storage backend (server/storage/): here the
 * SQLite store, `<dataDir>/notifications.sqlite` (beside rooms.sqlite); on PostgreSQL the same two
 * tables in the shared database, so every node sees a board's webhook. The webhook URL is a secret (whoever has it can post into the team's channel),
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

/** The store's operations. Rejects on I/O errors. */
export interface WebhookStore {
  getUrl(roomId: string): Promise<{ url: string; updatedAt: number } | null>
  setUrl(roomId: string, url: string, now: number): Promise<void>
  removeUrl(roomId: string): Promise<void>
  /** Logs a new delivery as pending and resolves with its id; trims the room's log. */
  addDelivery(
    roomId: string,
    event: NotificationEvent,
    summary: string,
    now: number,
  ): Promise<number>
  /** Records an attempt's outcome. */
  updateDelivery(
    id: number,
    change: Pick<StoredDelivery, 'status' | 'attempts' | 'responseStatus' | 'error'>,
    now: number,
  ): Promise<void>
  /** The room's most recent deliveries, newest first. */
  listDeliveries(roomId: string): Promise<StoredDelivery[]>
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

/** A row of `webhook_deliveries` (PostgreSQL returns BIGINT as a string). */
export interface DeliveryRow {
  id: number | string
  room_id: string
  event: NotificationEvent
  summary: string
  status: StoredDelivery['status']
  attempts: number
  response_status: number | null
  error: string | null
  created_at: number | string
  updated_at: number | string
}

/** The contract's shape of a `webhook_deliveries` row. */
export function deliveryOf(row: DeliveryRow): StoredDelivery {
  return {
    id: Number(row.id),
    roomId: row.room_id,
    event: row.event,
    summary: row.summary,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.response_status,
    error: row.error,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

/** Opens (creating if needed) `<dataDir>/notifications.sqlite`. */
export function createWebhookStore(dataDir: string): WebhookStore & { close(): void } {
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
    async getUrl(roomId) {
      const row = selectUrl.get(roomId)
      return row ? { url: row.url, updatedAt: Number(row.updated_at) } : null
    },
    setUrl: async (roomId, url, now) => void upsertUrl.run(roomId, url, now),
    removeUrl: async (roomId) => void deleteUrl.run(roomId),
    addDelivery: async (roomId, event, summary, now) => add(roomId, event, summary, now),
    async updateDelivery(id, change, now) {
      update.run(change.status, change.attempts, change.responseStatus, change.error, now, id)
    },
    listDeliveries: async (roomId) => list.all(roomId, deliveryLogSize).map(deliveryOf),
    close: () => db.close(),
  }
}
