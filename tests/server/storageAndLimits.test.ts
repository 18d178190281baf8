import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteStorage, type SqliteStorage } from '../../server/storage/sqliteStorage'
import { dataArrayName } from '../../shared/data/dataEntries'
import { closeCodes } from '../../shared/protocol'
import { readSample } from '../helpers/datasets'
import { geoShape } from '../helpers/records'
import { createTempDir, startTestServer, type TestServer } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

/** A valid shape record carrying `bytes` of payload in its meta. */
function heavyShape(id: string, bytes: number) {
  return { ...geoShape(id), meta: { note: 'x'.repeat(bytes) } }
}

let harness: TestServer | undefined
let persistence: SqliteStorage | undefined

afterEach(async () => {
  await harness?.stop()
  await persistence?.close()
  harness = undefined
  persistence = undefined
})

describe('storage failures', () => {
  it('does not broadcast an edit it could not store, closes the room with storageFailed, and stores it once storage works again', async () => {
    const dataDir = createTempDir()
    persistence = createSqliteStorage(dataDir)
    harness = await startTestServer({ dataDir, storage: persistence })
    const roomId = await harness.createRoom()
    const alice = harness.connect(roomId)
    const bob = harness.connect(roomId)
    await Promise.all([alice.synced(), bob.synced()])
    alice.put(geoShape('before'))
    await waitFor(() => expect(bob.snapshot()['shape:before']).toBeDefined())

    let bobAtFirstClose: Record<string, unknown> | undefined
    bob.provider.on('connection-close', () => {
      bobAtFirstClose ??= bob.snapshot()
    })
    // A real SQLITE_FULL: the database may not grow beyond the pages it has now.
    persistence.database.pragma('max_page_count = 1')
    alice.put(heavyShape('during', 20_000))

    await waitFor(() => {
      expect(alice.closes[0]).toEqual({
        code: closeCodes.storageFailed,
        reason: 'storage failed: your edit was not saved; reconnecting',
      })
      expect(bob.closes[0]?.code).toBe(closeCodes.storageFailed)
    })
    expect(bobAtFirstClose?.['shape:during']).toBeUndefined()
    expect(harness.storedRecords(roomId)['shape:during']).toBeUndefined()
    const failure = harness.events.find((e) => e.event === 'room.storage.failed')
    expect(failure?.fields.error).toMatch(/full/i)

    // Storage recovers; the providers reconnect on their own and Alice's edit is re-sent.
    persistence.database.pragma('max_page_count = 1073741823')
    await waitFor(
      () => {
        expect(harness?.storedRecords(roomId)['shape:during']).toEqual(heavyShape('during', 20_000))
        expect(bob.snapshot()['shape:during']).toEqual(heavyShape('during', 20_000))
      },
      { timeout: 10_000 },
    )
    expect(bob.snapshot()).toEqual(alice.snapshot())
  })

  it('answers an API change the board could not store with 503, and a retry once storage works completes it', async () => {
    const dataDir = createTempDir()
    persistence = createSqliteStorage(dataDir)
    const sqlite = persistence
    let isFull = false
    const failing: SqliteStorage = {
      ...sqlite,
      async appendUpdates(updates) {
        if (isFull) throw new Error('database or disk is full')
        return sqlite.appendUpdates(updates)
      },
    }
    harness = await startTestServer({ dataDir, storage: failing })
    const roomId = await harness.createRoom()
    const datasetUrl = `/api/rooms/${roomId}/datasets/customers`
    const imported = await harness.api('PUT', datasetUrl, {
      body: { fileName: 'customers.csv', csv: readSample('customers.csv') },
    })
    expect(imported.status).toBe(200)
    expect(Object.keys(harness.storedEntries(roomId, dataArrayName))).not.toEqual([])

    isFull = true
    const failed = await harness.api('DELETE', datasetUrl)
    expect(failed).toEqual({
      status: 503,
      body: {
        error: expect.stringMatching(
          /^storage failed: the change to room .* was not saved; try again$/,
        ),
      },
    })
    isFull = false
    // The rows went before the board change failed; the retry still takes the data off the board.
    expect((await harness.api('DELETE', datasetUrl)).status).toBe(204)
    expect(harness.storedEntries(roomId, dataArrayName)).toEqual({})
  })
})

describe('compaction failures', () => {
  it('keeps the update log when a compaction cannot be written, closes nobody, and compacts once storage works again', async () => {
    const dataDir = createTempDir()
    persistence = createSqliteStorage(dataDir)
    const sqlite = persistence
    let isFull = true
    const failing: SqliteStorage = {
      ...sqlite,
      async compactRoom(roomId, compaction) {
        if (isFull) throw new Error('database or disk is full')
        return sqlite.compactRoom(roomId, compaction)
      },
    }
    harness = await startTestServer({
      dataDir,
      storage: failing,
      limits: { compactAfterUpdates: 5 },
    })
    const roomId = await harness.createRoom()
    const alice = harness.connect(roomId)
    const bob = harness.connect(roomId)
    await Promise.all([alice.synced(), bob.synced()])
    for (let i = 0; i < 12; i++) alice.put(geoShape(`k${i}`, i))
    await waitFor(() => expect(bob.snapshot()).toEqual(alice.snapshot()))
    await waitFor(() => expect(harness?.storedRecords(roomId)).toEqual(alice.snapshot()))
    const failures = harness.events.filter((e) => e.event === 'room.compaction.failed')
    expect(failures.length).toBeGreaterThanOrEqual(2)
    expect(failures[0]?.fields.error).toBe('database or disk is full')
    expect(harness.events.some((e) => e.event === 'room.compacted')).toBe(false)
    expect([...alice.closes, ...bob.closes]).toEqual([])

    isFull = false
    for (let i = 12; i < 18; i++) alice.put(geoShape(`k${i}`, i))
    await waitFor(() =>
      expect(harness?.events.some((e) => e.event === 'room.compacted')).toBe(true),
    )
    await waitFor(() => expect(harness?.storedRecords(roomId)).toEqual(alice.snapshot()))
    expect((await sqlite.loadRoom(roomId)).logIds.length).toBeLessThan(5)
  })
})

describe('size caps', () => {
  it('refuses growth of a room beyond its cap with tooLarge, closing only the writer', async () => {
    harness = await startTestServer({ limits: { maxRoomBytes: 20_000, maxUpdateBytes: 16_000 } })
    const roomId = await harness.createRoom()
    const alice = harness.connect(roomId)
    const bob = harness.connect(roomId)
    await Promise.all([alice.synced(), bob.synced()])
    for (let i = 0; i < 3; i++) alice.put(heavyShape(`h${i}`, 5000))
    await waitFor(() => expect(bob.snapshot()).toEqual(alice.snapshot()))

    alice.put(heavyShape('h3', 5000))
    await waitFor(() =>
      expect(alice.closes).toEqual([
        { code: closeCodes.tooLarge, reason: 'room would grow beyond 20000 bytes' },
      ]),
    )
    expect(bob.closes).toEqual([])
    expect(Object.keys(harness.storedRecords(roomId)).sort()).toEqual(
      ['document:document', 'page:page', 'shape:h0', 'shape:h1', 'shape:h2'].sort(),
    )
    bob.remove('shape:h0')
    await waitFor(() => expect(harness?.storedRecords(roomId)['shape:h0']).toBeUndefined())
  })
})
