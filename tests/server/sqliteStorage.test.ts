/**
 * What only the SQLite backend does (the contract itself: tests/cluster/storageContract.test.ts,
 * on both backends): its durability settings, and opening a file written before snapshots had an
 * epoch.
 */
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteStorage, type SqliteStorage } from '../../server/storage/sqliteStorage'
import { createTempDir, removeDir } from '../helpers/syncServer'

let dataDir: string
let storage: SqliteStorage | undefined

beforeEach(() => {
  dataDir = createTempDir()
})

afterEach(async () => {
  await storage?.close()
  storage = undefined
  removeDir(dataDir)
})

const bytes = (...values: number[]) => Buffer.from(values)

describe('SQLite storage', () => {
  it('uses WAL with synchronous NORMAL', () => {
    storage = createSqliteStorage(dataDir)
    expect(storage.database.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(storage.database.pragma('synchronous', { simple: true })).toBe(1)
  })

  it('opens a database written before snapshots had an epoch, keeping every room', async () => {
    // The schema as the previous release created it (no user_version, no epoch column).
    const old = new Database(path.join(dataDir, 'rooms.sqlite'))
    old.exec(`
      CREATE TABLE rooms (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE room_snapshots (room_id TEXT PRIMARY KEY REFERENCES rooms(id), snapshot BLOB NOT NULL);
      CREATE TABLE room_updates (id INTEGER PRIMARY KEY AUTOINCREMENT, room_id TEXT NOT NULL REFERENCES rooms(id), data BLOB NOT NULL);
      INSERT INTO rooms VALUES ('room-old', 1000, 2000);
      INSERT INTO room_snapshots VALUES ('room-old', x'01');
      INSERT INTO room_updates (room_id, data) VALUES ('room-old', x'02'), ('room-old', x'0303');
    `)
    old.close()

    storage = createSqliteStorage(dataDir)
    const loaded = await storage.loadRoom('room-old')
    expect(loaded).toEqual({
      updates: [bytes(1), bytes(2), bytes(3, 3)],
      logIds: [1, 2],
      logBytes: 3,
      snapshotBytes: 1,
      epoch: 0,
      owners: { clients: new Map(), participants: new Map() },
    })
    expect(
      await storage.compactRoom('room-old', {
        snapshot: bytes(9),
        expectedEpoch: 0,
        coveredIds: [1, 2],
      }),
    ).toEqual({ ok: true, epoch: 1 })
    expect(storage.database.pragma('user_version', { simple: true })).toBe(3)
  })

  it('keeps committed updates when reopened', async () => {
    storage = createSqliteStorage(dataDir)
    await storage.createRoom('room-one', bytes(1))
    await storage.appendUpdates([{ roomId: 'room-one', update: bytes(2) }])
    await storage.close()
    storage = createSqliteStorage(dataDir)
    expect((await storage.loadRoom('room-one')).logIds).toHaveLength(1)
  })
})
