import { afterEach, describe, expect, it } from 'vitest'
import { getMetaMap, schemaMetaKey } from '../../shared/docLayout'
import { createBoardSchema } from '../../shared/schema/boardSchema'
import { geoShape } from '../helpers/records'
import {
  createTempDir,
  readStoredLog,
  removeDir,
  startTestServer,
  type TestServer,
} from '../helpers/syncServer'
import { startServer } from '../../server/startServer'
import { waitFor } from '../helpers/waitFor'

let servers: TestServer[] = []

async function start(options: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer(options)
  servers.push(server)
  return server
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop()
})

describe('sync server', () => {
  it('seeds a new room with the template records and the board schema', async () => {
    const { createRoom, connect } = await start()
    const roomId = await createRoom({ template: 'blank' })
    const client = connect(roomId)
    await client.synced()

    expect(Object.keys(client.snapshot()).sort()).toEqual(['document:document', 'page:page'])
    expect(getMetaMap(client.doc).get(schemaMetaKey)).toEqual(createBoardSchema().serialize())
  })

  it('lets two clients edit the same room and converge, and a late joiner gets everything', async () => {
    const { createRoom, connect } = await start()
    const roomId = await createRoom()
    const alice = connect(roomId)
    const bob = connect(roomId)
    await Promise.all([alice.synced(), bob.synced()])

    alice.put(geoShape('a', 10, 20))
    bob.put(geoShape('b', 30, 40))
    alice.put(geoShape('a', 50, 60))

    await waitFor(() => expect(bob.snapshot()).toEqual(alice.snapshot()))
    expect(bob.snapshot()['shape:a']).toEqual(geoShape('a', 50, 60))
    expect(alice.snapshot()['shape:b']).toEqual(geoShape('b', 30, 40))

    const carol = connect(roomId)
    await carol.synced()
    await waitFor(() => expect(carol.snapshot()).toEqual(alice.snapshot()))
  })

  it('keeps every edit across a restart on the same data directory', async () => {
    const first = await start()
    const roomId = await first.createRoom()
    const alice = first.connect(roomId)
    await alice.synced()
    for (let i = 0; i < 20; i++) alice.put(geoShape(`s${i}`, i, i))
    alice.remove('shape:s3')
    // The whole of Alice's copy, not a count: 21 records are also stored before her last two edits.
    const expected = alice.snapshot()
    expect(Object.keys(expected)).toHaveLength(2 + 19)
    await waitFor(() => expect(first.storedRecords(roomId)).toEqual(expected))
    await first.stop({ keepData: true })
    servers = servers.filter((server) => server !== first)

    const second = await start({ dataDir: first.dataDir })
    const bob = second.connect(roomId)
    await bob.synced()
    expect(bob.snapshot()).toEqual(expected)
  })

  it('compacts the update log into a snapshot without changing the content', async () => {
    const { createRoom, connect, events, storedRecords, dataDir } = await start({
      limits: { compactAfterUpdates: 5 },
    })
    const roomId = await createRoom()
    const alice = connect(roomId)
    await alice.synced()
    // Two rounds past the threshold (one round may be committed, and compacted, as one batch).
    const compactions = () => events.filter((e) => e.event === 'room.compacted').length
    for (let i = 0; i < 6; i++) alice.put(geoShape(`c${i}`, i, 0))
    await waitFor(() => expect(compactions()).toBeGreaterThanOrEqual(1))
    for (let i = 6; i < 12; i++) alice.put(geoShape(`c${i}`, i, 0))
    await waitFor(() => expect(compactions()).toBeGreaterThanOrEqual(2))
    await waitFor(() => expect(storedRecords(roomId)).toEqual(alice.snapshot()))
    const { logCount, updates } = readStoredLog(dataDir, roomId)
    expect(logCount).toBeLessThan(5)
    expect(updates).toHaveLength(1 + logCount)
  })

  it('unloads an empty room after the grace period and reloads it intact', async () => {
    const { createRoom, connect, events, clients } = await start({ unloadGraceMs: 50 })
    const roomId = await createRoom()
    const alice = connect(roomId)
    await alice.synced()
    alice.put(geoShape('u', 1, 2))
    const expected = alice.snapshot()
    await waitFor(() =>
      expect(events.some((e) => e.event === 'room.loaded' && e.fields.room === roomId)).toBe(true),
    )
    alice.destroy()
    clients.splice(0)

    await waitFor(() =>
      expect(
        events.filter((e) => e.event === 'room.unloaded' && e.fields.room === roomId),
      ).toHaveLength(1),
    )
    const bob = connect(roomId)
    await bob.synced()
    expect(bob.snapshot()).toEqual(expected)
    expect(
      events.filter((e) => e.event === 'room.loaded' && e.fields.room === roomId),
    ).toHaveLength(2)
  })

  it('rejects a port that is already in use', async () => {
    const first = await start()
    const dataDir = createTempDir()
    try {
      await expect(
        startServer({ port: first.server.port, dataDir, log: () => {} }),
      ).rejects.toThrow(/EADDRINUSE/)
    } finally {
      removeDir(dataDir)
    }
  })

  it('keeps an empty room loaded when a client comes back within the grace period', async () => {
    const { createRoom, connect, events } = await start({ unloadGraceMs: 60_000 })
    const roomId = await createRoom()
    const alice = connect(roomId)
    await alice.synced()
    alice.provider.disconnect()
    await waitFor(() =>
      expect(events.some((e) => e.event === 'connection.closed' && e.fields.room === roomId)).toBe(
        true,
      ),
    )
    alice.provider.connect()
    await alice.synced()
    expect(events.filter((e) => e.event === 'room.loaded')).toHaveLength(1)
    expect(events.filter((e) => e.event === 'room.unloaded')).toHaveLength(0)
  })
})
