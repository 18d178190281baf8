import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqlitePersistence, type SqlitePersistence } from '../../server/persistence'
import { createTempDir, removeDir } from '../helpers/syncServer'

let dataDir: string
let persistence: SqlitePersistence
let time = 1_000

beforeEach(() => {
  dataDir = createTempDir()
  persistence = createSqlitePersistence(dataDir, { now: () => time })
})

afterEach(() => {
  persistence.close()
  removeDir(dataDir)
})

const bytes = (...values: number[]) => new Uint8Array(values)

describe('SQLite persistence', () => {
  it('uses WAL with synchronous NORMAL', () => {
    expect(persistence.database.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(persistence.database.pragma('synchronous', { simple: true })).toBe(1)
  })

  it('loads the snapshot followed by the log in append order', () => {
    persistence.createRoom('room-one', bytes(1))
    const first = persistence.appendUpdate('room-one', bytes(2))
    const second = persistence.appendUpdate('room-one', bytes(3, 3))
    expect(second).toBeGreaterThan(first)
    expect(persistence.loadRoom('room-one')).toEqual({
      updates: [bytes(1), bytes(2), bytes(3, 3)].map((b) => Buffer.from(b)),
      lastUpdateId: second,
      logCount: 2,
      logBytes: 3,
      snapshotBytes: 1,
    })
  })

  it('compacts atomically: the new snapshot replaces the log rows it covers, later rows stay', () => {
    persistence.createRoom('room-one', bytes(1))
    persistence.appendUpdate('room-one', bytes(2))
    const covered = persistence.appendUpdate('room-one', bytes(3))
    persistence.appendUpdate('room-one', bytes(4))
    persistence.compact('room-one', bytes(9), covered)
    const loaded = persistence.loadRoom('room-one')
    expect(loaded.updates).toEqual([Buffer.from(bytes(9)), Buffer.from(bytes(4))])
    expect(loaded.logCount).toBe(1)
  })

  it('keeps rooms apart and knows which exist', () => {
    persistence.createRoom('room-one', bytes(1))
    persistence.createRoom('room-two', bytes(5))
    persistence.appendUpdate('room-two', bytes(6))
    expect(persistence.loadRoom('room-one').updates).toHaveLength(1)
    expect(persistence.roomExists('room-two')).toBe(true)
    expect(persistence.roomExists('room-three')).toBe(false)
    expect(() => persistence.loadRoom('room-three')).toThrow('room room-three does not exist')
    expect(() => persistence.createRoom('room-one', bytes(1))).toThrow(/UNIQUE/)
  })

  it('records creation and update times', () => {
    persistence.createRoom('room-one', bytes(1))
    time = 5_000
    persistence.appendUpdate('room-one', bytes(2))
    expect(persistence.getRoomInfo('room-one')).toEqual({ createdAt: 1_000, updatedAt: 5_000 })
    expect(persistence.getRoomInfo('room-nine')).toBeNull()
  })

  it('keeps committed updates when reopened', () => {
    persistence.createRoom('room-one', bytes(1))
    persistence.appendUpdate('room-one', bytes(2))
    persistence.close()
    persistence = createSqlitePersistence(dataDir)
    expect(persistence.loadRoom('room-one').logCount).toBe(1)
  })
})
