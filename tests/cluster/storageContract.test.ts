/**
 * The storage contract (server/storage/serverStorage.ts), one suite run against both backends:
 * SQLite in a temporary directory and PostgreSQL in a database of its own. "Two processes" are
 * two storage instances opened on the same data.
 */
import { gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createPostgresStorage } from '../../server/storage/postgresStorage'
import type { ServerStorage } from '../../server/storage/serverStorage'
import { createSqliteStorage } from '../../server/storage/sqliteStorage'
import { deliveryLogSize } from '../../server/notifications/webhookStore'
import { createTestDatabase } from '../helpers/storageBackend'
import { createTempDir, removeDir } from '../helpers/syncServer'

interface Backend {
  name: string
  /** Opens a fresh store; `again` opens another instance on the same data (a second process). */
  open(now: () => number): Promise<{ storage: ServerStorage; again(): Promise<ServerStorage> }>
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    async open(now) {
      const dir = createTempDir('icp-contract-')
      cleanups.push(async () => removeDir(dir))
      return {
        storage: createSqliteStorage(dir, { now }),
        again: async () => createSqliteStorage(dir, { now }),
      }
    },
  },
  {
    name: 'PostgreSQL',
    async open(now) {
      const url = await createTestDatabase()
      return {
        storage: await createPostgresStorage(url, { now }),
        again: () => createPostgresStorage(url, { now }),
      }
    },
  },
]

const cleanups: (() => Promise<void>)[] = []
const opened: ServerStorage[] = []

afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const bytes = (...values: number[]) => Buffer.from(values)

describe.each(backends)('storage contract on $name', (backend) => {
  let time = 1_000
  const now = () => time

  async function open() {
    time = 1_000
    const { storage, again } = await backend.open(now)
    opened.push(storage)
    return {
      storage,
      async again() {
        const second = await again()
        opened.push(second)
        return second
      },
    }
  }

  it('loads the snapshot followed by the log in append order', async () => {
    const { storage } = await open()
    await storage.createRoom('room-one', bytes(1))
    const [first, second] = await storage.appendUpdates([
      { roomId: 'room-one', update: bytes(2) },
      { roomId: 'room-one', update: bytes(3, 3) },
    ])
    expect(second).toBeGreaterThan(first!)
    expect(await storage.loadRoom('room-one')).toEqual({
      updates: [bytes(1), bytes(2), bytes(3, 3)],
      logIds: [first, second],
      logBytes: 3,
      snapshotBytes: 1,
      epoch: 0,
      owners: { clients: new Map(), participants: new Map() },
    })
  })

  it('stores ownership claims with their updates; the first claim of an id wins, per room', async () => {
    const { storage, again } = await open()
    await storage.createRoom('room-one', bytes(1))
    await storage.createRoom('room-two', bytes(1))
    const claims = (owner: string, clientIds: number[], participantIds: string[]) => [
      { owner, clientIds, participantIds },
    ]
    await storage.appendUpdates([
      { roomId: 'room-one', update: bytes(2), claims: claims('ann', [7, 2 ** 32 - 1], ['p-ann']) },
      { roomId: 'room-one', update: bytes(3), claims: claims('mallory', [7, 8], ['p-ann', 'p-m']) },
      { roomId: 'room-two', update: bytes(4), claims: claims('mallory', [7], []) },
    ])
    // A second process appending later cannot take an id either.
    const second = await again()
    await second.appendUpdates([
      { roomId: 'room-one', update: bytes(5), claims: claims('eve', [2 ** 32 - 1], ['p-m']) },
    ])
    const { owners } = await storage.loadRoom('room-one')
    expect(owners.clients).toEqual(
      new Map([
        [7, 'ann'],
        [2 ** 32 - 1, 'ann'],
        [8, 'mallory'],
      ]),
    )
    expect(owners.participants).toEqual(
      new Map([
        ['p-ann', 'ann'],
        ['p-m', 'mallory'],
      ]),
    )
    expect((await storage.loadRoom('room-two')).owners.clients).toEqual(new Map([[7, 'mallory']]))
  })

  it('appends the updates of several rooms in one call, ids in input order', async () => {
    const { storage } = await open()
    await storage.createRoom('room-one', bytes(1))
    await storage.createRoom('room-two', bytes(5))
    const ids = await storage.appendUpdates([
      { roomId: 'room-two', update: bytes(6) },
      { roomId: 'room-one', update: bytes(2) },
      { roomId: 'room-two', update: bytes(7) },
    ])
    expect(ids).toHaveLength(3)
    expect(new Set(ids).size).toBe(3)
    expect(await storage.loadRoom('room-one')).toMatchObject({
      updates: [bytes(1), bytes(2)],
      logIds: [ids[1]],
    })
    expect(await storage.loadRoom('room-two')).toMatchObject({
      updates: [bytes(5), bytes(6), bytes(7)],
      logIds: [ids[0], ids[2]],
    })
    expect(await storage.appendUpdates([])).toEqual([])
  })

  it('compacts atomically: the new snapshot replaces the rows it covers, other rows stay', async () => {
    const { storage } = await open()
    await storage.createRoom('room-one', bytes(1))
    const [a, b, c] = await storage.appendUpdates(
      [2, 3, 4].map((value) => ({ roomId: 'room-one', update: bytes(value) })),
    )
    expect(
      await storage.compactRoom('room-one', {
        snapshot: bytes(9),
        expectedEpoch: 0,
        coveredIds: [a!, c!],
      }),
    ).toEqual({ ok: true, epoch: 1 })
    expect(await storage.loadRoom('room-one')).toEqual({
      updates: [bytes(9), bytes(3)],
      logIds: [b],
      logBytes: 1,
      snapshotBytes: 1,
      epoch: 1,
      owners: { clients: new Map(), participants: new Map() },
    })
  })

  it('refuses a compaction from an older epoch, changes nothing and hands back the stored snapshot', async () => {
    const { storage } = await open()
    await storage.createRoom('room-one', bytes(1))
    const [a, b] = await storage.appendUpdates(
      [2, 3].map((value) => ({ roomId: 'room-one', update: bytes(value) })),
    )
    await storage.compactRoom('room-one', {
      snapshot: bytes(8),
      expectedEpoch: 0,
      coveredIds: [a!],
    })
    expect(
      await storage.compactRoom('room-one', {
        snapshot: bytes(9),
        expectedEpoch: 0,
        coveredIds: [b!],
      }),
    ).toEqual({ ok: false, epoch: 1, snapshot: bytes(8) })
    expect((await storage.loadRoom('room-one')).updates).toEqual([bytes(8), bytes(3)])
  })

  it('lets exactly one of two processes compacting the same room at once win', async () => {
    const { storage, again } = await open()
    const other = await again()
    await storage.createRoom('room-one', bytes(1))
    const ids = await storage.appendUpdates(
      [2, 3, 4].map((value) => ({ roomId: 'room-one', update: bytes(value) })),
    )
    const results = await Promise.all([
      storage.compactRoom('room-one', { snapshot: bytes(8), expectedEpoch: 0, coveredIds: ids }),
      other.compactRoom('room-one', { snapshot: bytes(9), expectedEpoch: 0, coveredIds: ids }),
    ])
    expect(results.filter((result) => result.ok)).toHaveLength(1)
    const loser = results.find((result) => !result.ok)
    const winner = results.indexOf(results.find((result) => result.ok)!)
    expect(loser).toEqual({ ok: false, epoch: 1, snapshot: winner === 0 ? bytes(8) : bytes(9) })
    expect((await other.loadRoom('room-one')).updates).toEqual([winner === 0 ? bytes(8) : bytes(9)])
  })

  it('keeps every update two processes append to one room at once', async () => {
    const { storage, again } = await open()
    const other = await again()
    await storage.createRoom('room-one', bytes(0))
    const appends = (target: ServerStorage, first: number) =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          target.appendUpdates([{ roomId: 'room-one', update: bytes(first + i) }]),
        ),
      )
    const [mine, theirs] = await Promise.all([appends(storage, 1), appends(other, 101)])
    const loaded = await storage.loadRoom('room-one')
    expect(new Set([...mine.flat(), ...theirs.flat()])).toEqual(new Set(loaded.logIds))
    expect(
      loaded.updates
        .slice(1)
        .map((update) => update[0])
        .sort((x, y) => x! - y!),
    ).toEqual([
      ...Array.from({ length: 20 }, (_, i) => 1 + i),
      ...Array.from({ length: 20 }, (_, i) => 101 + i),
    ])
  })

  it('rewrites a room with a backup of the state before, and puts a backup back', async () => {
    const { storage } = await open()
    // Real Yjs updates: restoring merges the state it replaces into a backup.
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    doc.getMap('m').set('a', 1)
    doc.getMap('m').set('b', 2)
    const [first, second] = updates as [Uint8Array, Uint8Array]
    await storage.createRoom('room-one', first)
    const [a] = await storage.appendUpdates([{ roomId: 'room-one', update: second }])
    time = 2_000
    const rewritten = Y.encodeStateAsUpdate(doc)
    const rewrite = { snapshot: rewritten, expectedEpoch: 0, coveredIds: [a!] }
    const backup = { reason: 'upgrade from doc layout 1', state: Y.mergeUpdates([first, second]) }
    expect(await storage.replaceRoomState('room-one', rewrite, backup)).toEqual({
      ok: true,
      epoch: 1,
    })
    // A rewrite from an older epoch changes nothing, and keeps no backup.
    expect(await storage.replaceRoomState('room-one', rewrite, backup)).toEqual({
      ok: false,
      epoch: 1,
      snapshot: Buffer.from(rewritten),
    })
    expect((await storage.loadRoom('room-one')).updates).toEqual([Buffer.from(rewritten)])
    const backups = await storage.listRoomBackups('room-one')
    expect(backups).toEqual([
      {
        id: expect.any(Number),
        roomId: 'room-one',
        createdAt: 2_000,
        reason: backup.reason,
        bytes: backup.state.byteLength,
      },
    ])

    doc.getMap('m').set('c', 3)
    await storage.appendUpdates([{ roomId: 'room-one', update: updates[2]! }])
    time = 3_000
    expect(await storage.restoreRoomBackup('room-one', backups[0]!.id)).toBe(true)
    expect(await storage.restoreRoomBackup('room-one', 999_999)).toBe(false)
    expect(await storage.loadRoom('room-one')).toMatchObject({
      updates: [Buffer.from(backup.state)],
      logIds: [],
      epoch: 2,
    })
    const [newest] = await storage.listRoomBackups('room-one')
    expect(newest).toMatchObject({
      createdAt: 3_000,
      reason: `before restoring backup ${backups[0]!.id}`,
    })
    // That backup is the whole state restoring replaced, the last update included.
    const replaced = new Y.Doc()
    const stored = await storage.listRoomBackups('room-one')
    expect(stored).toHaveLength(2)
    expect(await storage.restoreRoomBackup('room-one', newest!.id)).toBe(true)
    for (const update of (await storage.loadRoom('room-one')).updates)
      Y.applyUpdate(replaced, update)
    expect(replaced.getMap('m').toJSON()).toEqual({ a: 1, b: 2, c: 3 })
    expect(await storage.listRoomBackups('room-two')).toEqual([])
  })

  it('keeps rooms apart and knows which exist', async () => {
    const { storage } = await open()
    await storage.createRoom('room-one', bytes(1))
    await storage.createRoom('room-two', bytes(5))
    await storage.appendUpdates([{ roomId: 'room-two', update: bytes(6) }])
    expect((await storage.loadRoom('room-one')).updates).toHaveLength(1)
    expect(await storage.roomExists('room-two')).toBe(true)
    expect(await storage.roomExists('room-three')).toBe(false)
    await expect(storage.loadRoom('room-three')).rejects.toThrow('room room-three does not exist')
    await expect(storage.createRoom('room-one', bytes(1))).rejects.toThrow(/UNIQUE|duplicate/)
  })

  it('records creation and update times', async () => {
    const { storage } = await open()
    await storage.createRoom('room-one', bytes(1))
    time = 5_000
    const [id] = await storage.appendUpdates([{ roomId: 'room-one', update: bytes(2) }])
    expect(await storage.getRoomInfo('room-one')).toEqual({ createdAt: 1_000, updatedAt: 5_000 })
    time = 9_000
    await storage.compactRoom('room-one', {
      snapshot: bytes(3),
      expectedEpoch: 0,
      coveredIds: [id!],
    })
    expect(await storage.getRoomInfo('room-one')).toEqual({ createdAt: 1_000, updatedAt: 5_000 })
    expect(await storage.getRoomInfo('room-nine')).toBeNull()
  })

  it('counts link generations per room and role', async () => {
    const { storage } = await open()
    await storage.createRoom('room-one', bytes(1))
    await storage.createRoom('room-two', bytes(1))
    expect(await storage.getLinkGeneration('room-one', 'editor')).toBe(0)
    expect(await storage.bumpLinkGeneration('room-one', 'editor')).toBe(1)
    expect(await storage.bumpLinkGeneration('room-one', 'editor')).toBe(2)
    expect(await storage.getLinkGeneration('room-one', 'editor')).toBe(2)
    expect(await storage.getLinkGeneration('room-one', 'viewer')).toBe(0)
    expect(await storage.getLinkGeneration('room-two', 'editor')).toBe(0)
  })

  it('stores versions and lists them newest first', async () => {
    const { storage } = await open()
    await storage.createRoom('room-one', bytes(1))
    const version = (id: string, createdAt: number) => ({
      id,
      roomId: 'room-one',
      name: `Version ${id}`,
      createdAt,
      createdBy: id === 'v1' ? null : 'Ada',
      icpCount: 2,
      compiled: `{"id":"${id}"}`,
      snapshot: bytes(7, 7),
    })
    await storage.createVersion(version('v1', 100))
    await storage.createVersion(version('v2', 300))
    await storage.createVersion(version('v3', 300))
    const { compiled: _compiled, snapshot: _snapshot, ...info } = version('v3', 300)
    expect((await storage.listVersions('room-one')).map((entry) => entry.id)).toEqual([
      'v3',
      'v2',
      'v1',
    ])
    expect((await storage.listVersions('room-one'))[0]).toEqual(info)
    expect(await storage.getVersion('room-one', 'v1')).toEqual(version('v1', 100))
    expect(await storage.getVersion('room-two', 'v1')).toBeNull()
    await expect(storage.createVersion(version('v1', 500))).rejects.toThrow()
  })

  it('stores data sets with versions that only grow', async () => {
    const { storage } = await open()
    const input = (fileName: string) => ({
      kind: 'customers' as const,
      fileName,
      importedAt: 1_000,
      importedBy: 'Ada',
      fields: [
        {
          key: 'company',
          label: 'Company',
          type: 'text' as const,
          role: 'identity' as const,
          column: 'Company',
          columnIndex: 0,
          currency: null,
        },
      ],
      rows: [
        { row: 2, values: { company: 'Acme' } },
        { row: 3, values: { company: 'Globex' } },
      ],
    })
    const first = await storage.datasets.put('room-one', input('a.csv'))
    expect(first).toMatchObject({ kind: 'customers', version: 1, rowCount: 2, fileName: 'a.csv' })
    const second = await storage.datasets.put('room-one', input('b.csv'))
    expect(second.version).toBe(2)
    expect(await storage.datasets.getMeta('room-one', 'customers')).toEqual(second)
    const body = await storage.datasets.getBody('room-one', 'customers')
    expect(JSON.parse(gunzipSync(body!.gzipped).toString())).toEqual({
      meta: second,
      rows: input('b.csv').rows,
    })
    expect(await storage.datasets.list('room-one')).toEqual([second])
    expect(await storage.datasets.list('room-two')).toEqual([])
    expect(await storage.datasets.delete('room-one', 'customers')).toBe(true)
    expect(await storage.datasets.delete('room-one', 'customers')).toBe(false)
    expect(await storage.datasets.getBody('room-one', 'customers')).toBeNull()
    expect((await storage.datasets.put('room-one', input('c.csv'))).version).toBe(3)
  })

  it('keeps board webhooks and a delivery log of the newest deliveries per room', async () => {
    const { storage, again } = await open()
    const { webhooks } = storage
    expect(await webhooks.getUrl('room-one')).toBeNull()
    await webhooks.setUrl('room-one', 'https://hooks.example.com/a', 1_000)
    await webhooks.setUrl('room-one', 'https://hooks.example.com/b', 2_000)
    // Another process sharing the data sees it.
    expect(await (await again()).webhooks.getUrl('room-one')).toEqual({
      url: 'https://hooks.example.com/b',
      updatedAt: 2_000,
    })
    const ids: number[] = []
    for (let i = 0; i < deliveryLogSize + 3; i++) {
      ids.push(await webhooks.addDelivery('room-one', 'thread.created', `message ${i}`, 3_000 + i))
    }
    await webhooks.addDelivery('room-two', 'version.saved', 'other room', 5_000)
    await webhooks.updateDelivery(
      ids.at(-1)!,
      {
        status: 'failed',
        attempts: 2,
        responseStatus: 500,
        error: 'the receiver answered HTTP 500',
      },
      9_000,
    )
    const log = await webhooks.listDeliveries('room-one')
    expect(log).toHaveLength(deliveryLogSize)
    expect(log.map((delivery) => delivery.id)).toEqual(ids.slice(3).reverse())
    expect(log[0]).toEqual({
      id: ids.at(-1),
      roomId: 'room-one',
      event: 'thread.created',
      summary: `message ${deliveryLogSize + 2}`,
      status: 'failed',
      attempts: 2,
      responseStatus: 500,
      error: 'the receiver answered HTTP 500',
      createdAt: 3_000 + deliveryLogSize + 2,
      updatedAt: 9_000,
    })
    expect(log[1]).toMatchObject({ status: 'pending', attempts: 0, responseStatus: null })
    expect(await webhooks.listDeliveries('room-two')).toHaveLength(1)
    await webhooks.removeUrl('room-one')
    expect(await webhooks.getUrl('room-one')).toBeNull()
  })

  it('keeps one token secret for every process sharing the data', async () => {
    const { storage, again } = await open()
    const secret = await storage.loadOrCreateSecret()
    expect(secret.byteLength).toBeGreaterThanOrEqual(32)
    expect(await storage.loadOrCreateSecret()).toEqual(secret)
    expect(await (await again()).loadOrCreateSecret()).toEqual(secret)
  })

  it('answers a ping, and rejects calls once closed', async () => {
    const { storage } = await open()
    await expect(storage.ping()).resolves.toBeUndefined()
    opened.splice(opened.indexOf(storage), 1)
    await storage.close()
    await expect(storage.roomExists('room-one')).rejects.toThrow()
  })
})
