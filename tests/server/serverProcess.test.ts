import { afterEach, describe, expect, it } from 'vitest'
import { closeCodes } from '../../shared/protocol'
import { geoShape } from '../helpers/records'
import { spawnServer, type ServerProcess } from '../helpers/serverProcess'
import {
  connectClient,
  createRoom,
  createTempDir,
  readStoredRecords,
  type CreatedRoom,
  removeDir,
  type TestClient,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

const processes: ServerProcess[] = []
const clients: TestClient[] = []
const dirs: string[] = []

async function start(dataDir: string) {
  const server = spawnServer({ DATA_DIR: dataDir })
  processes.push(server)
  await server.ready
  return server
}

function connect(url: string, room: CreatedRoom) {
  const client = connectClient(url, room.roomId, room.tokens.editor)
  clients.push(client)
  return client
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  for (const server of processes.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null)
      server.child.kill('SIGKILL')
    await server.exited
  }
  for (const dir of dirs.splice(0)) removeDir(dir)
})

describe('server process', () => {
  it(
    'loses nothing that was broadcast when it is killed with SIGKILL',
    { timeout: 30_000 },
    async () => {
      const dataDir = createTempDir()
      dirs.push(dataDir)
      const first = await start(dataDir)
      const room = await createRoom(first.url)
      const alice = connect(first.url, room)
      const bob = connect(first.url, room)
      await Promise.all([alice.synced(), bob.synced()])

      for (let i = 0; i < 50; i++) alice.put(geoShape(`k${i}`, i, i))
      // Once Bob has every edit, each was broadcast, so each was stored first.
      await waitFor(() => expect(bob.snapshot()).toEqual(alice.snapshot()))
      const broadcast = bob.snapshot()
      first.child.kill('SIGKILL')
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' })
      alice.destroy()
      bob.destroy()

      expect(readStoredRecords(dataDir, room.roomId)).toEqual(broadcast)
      const second = await start(dataDir)
      const carol = connect(second.url, room)
      await carol.synced()
      expect(carol.snapshot()).toEqual(broadcast)
      expect(Object.keys(broadcast)).toHaveLength(52)
    },
  )

  it(
    'stops gracefully on SIGTERM: closes sockets with serverShutdown and exits 0',
    { timeout: 30_000 },
    async () => {
      const dataDir = createTempDir()
      dirs.push(dataDir)
      const server = await start(dataDir)
      const room = await createRoom(server.url)
      const alice = connect(server.url, room)
      await alice.synced()
      alice.put(geoShape('t'))
      await waitFor(() => expect(readStoredRecords(dataDir, room.roomId)['shape:t']).toBeDefined())

      server.child.kill('SIGTERM')
      expect(await server.exited).toEqual({ code: 0, signal: null })
      expect(alice.closes[0]).toEqual({
        code: closeCodes.serverShutdown,
        reason: 'server is shutting down',
      })
      expect(server.output()).toMatch(/room\.unloaded room=\S+ bytes=\d+/)
      expect(server.output()).toContain('server.stopped')
      expect(readStoredRecords(dataDir, room.roomId)['shape:t']).toEqual(geoShape('t'))
    },
  )

  it(
    'exits with 1 and a clear message when PORT is not a port number',
    { timeout: 30_000 },
    async () => {
      const server = spawnServer({ PORT: 'eighty', DATA_DIR: createTempDir() })
      processes.push(server)
      expect((await server.exited).code).toBe(1)
      expect(server.output()).toContain(
        'Configuration error: PORT must be an integer from 0 to 65535, got "eighty"',
      )
    },
  )
})
