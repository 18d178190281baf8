/**
 * Thousands of connections opened and dropped (cleanly, abruptly, and mid-greeting) against the
 * real server process: afterwards every internal table is empty again (rooms unloaded, no
 * connection, socket, awareness clock or unload timer left behind) and the heap, measured after a
 * forced GC in the server (`--expose-gc`, SIGUSR2 logs `server.stats`), is back near its baseline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { awarenessFrame, syncStep1Frame } from '../helpers/hostile'
import { spawnServer, type ServerProcess } from '../helpers/serverProcess'
import {
  createRoom,
  createTempDir,
  openRawSocket,
  removeDir,
  type CreatedRoom,
  syncParams,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

const roomCount = 20
const warmUpConnections = 500
const rounds = 4
const connectionsPerRound = 500
const batchSize = 100
/** Heap growth tolerated after all rounds (GC noise, caches that fill once). */
const heapToleranceBytes = 4 * 1024 * 1024

let server: ServerProcess & { ready: Promise<string> }
let baseUrl: string
let dataDir: string
let rooms: CreatedRoom[] = []
let nextClientId = 10_000

interface ServerStats {
  rooms: number
  unloadTimers: number
  clients: number
  awarenessClocks: number
  connections: number
  sockets: number
  heapUsed: number
  rss: number
}

/** Asks the server for its stats (SIGUSR2) and reads the line it logs. */
async function readStats(): Promise<ServerStats> {
  const seen = server.output().split('server.stats').length
  server.child.kill('SIGUSR2')
  const line = await waitFor(() => {
    const parts = server.output().split('server.stats')
    expect(parts.length).toBeGreaterThan(seen)
    return (parts.at(-1) ?? '').split('\n')[0] ?? ''
  })
  const field = (name: string) => Number(new RegExp(`\\b${name}=(\\d+)`).exec(line)?.[1])
  expect(line).toContain('isAfterGc=true')
  return {
    rooms: field('rooms'),
    unloadTimers: field('unloadTimers'),
    clients: field('clients'),
    awarenessClocks: field('awarenessClocks'),
    connections: field('connections'),
    sockets: field('sockets'),
    heapUsed: field('heapUsed'),
    rss: field('rss'),
  }
}

/** Waits until nothing is left: no room, connection, socket, awareness clock or timer. */
async function settled(): Promise<ServerStats> {
  return waitFor(
    async () => {
      const stats = await readStats()
      expect(stats).toMatchObject({
        rooms: 0,
        unloadTimers: 0,
        clients: 0,
        awarenessClocks: 0,
        connections: 0,
        sockets: 0,
      })
      return stats
    },
    { timeout: 30_000, interval: 200 },
  )
}

/**
 * One visit: connects, asks for the room and announces a presence, then leaves. `how` picks the
 * ending: a clean close, a dropped TCP connection, or a drop before the greeting was read.
 */
async function visit(room: CreatedRoom, how: 'close' | 'terminate' | 'early') {
  const query = new URLSearchParams(syncParams(room.tokens.editor)).toString()
  const socket = openRawSocket(baseUrl, `${room.roomId}?${query}`)
  await socket.opened
  if (how === 'early') {
    socket.socket.terminate()
    return socket.closed
  }
  socket.socket.send(syncStep1Frame())
  nextClientId += 1
  socket.socket.send(awarenessFrame([{ clientId: nextClientId, clock: 1, state: { n: 1 } }]))
  // Greeting (step 1), the answer to our step 1, and our own presence echoed back.
  await waitFor(() => expect(socket.frames.length).toBeGreaterThanOrEqual(3))
  if (how === 'close') socket.socket.close()
  else socket.socket.terminate()
  return socket.closed
}

async function churn(connections: number) {
  const endings = ['close', 'terminate', 'early'] as const
  for (let start = 0; start < connections; start += batchSize) {
    const batch = []
    for (let i = start; i < Math.min(connections, start + batchSize); i++) {
      batch.push(visit(rooms[i % roomCount] as CreatedRoom, endings[i % endings.length]!))
    }
    await Promise.all(batch)
  }
}

beforeAll(async () => {
  dataDir = createTempDir('icp-churn-')
  server = spawnServer({ DATA_DIR: dataDir, UNLOAD_GRACE_MS: '50' }, { nodeArgs: ['--expose-gc'] })
  baseUrl = await server.ready
  rooms = []
  for (let i = 0; i < roomCount; i++) rooms.push(await createRoom(baseUrl))
}, 30_000)

afterAll(async () => {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL')
    await server.exited
  }
  removeDir(dataDir)
})

describe('connection churn', () => {
  it(
    'leaves no rooms, connections, sockets, awareness clocks or timers, and no heap growth, after thousands of visits',
    { timeout: 240_000 },
    async () => {
      await churn(warmUpConnections)
      const baseline = await settled()
      for (let round = 0; round < rounds; round++) await churn(connectionsPerRound)
      const after = await settled()
      console.log(
        `connection churn: ${warmUpConnections + rounds * connectionsPerRound} visits; heap after GC ${(baseline.heapUsed / 1e6).toFixed(1)} MB -> ${(after.heapUsed / 1e6).toFixed(1)} MB, RSS ${(baseline.rss / 1e6).toFixed(1)} MB -> ${(after.rss / 1e6).toFixed(1)} MB`,
      )
      expect(after.heapUsed).toBeLessThan(baseline.heapUsed + heapToleranceBytes)
      expect(server.child.exitCode).toBeNull()
      expect(server.output()).not.toMatch(/MaxListenersExceededWarning|uncaught/i)
    },
  )
})
