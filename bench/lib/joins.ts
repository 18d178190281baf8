/**
 * Timing how long a new client takes to join a filled room, shared by the `join` section (a room
 * with a long edit history) and the `rooms` section (a ~1 MB room): warm joins with the room in
 * memory and, for our server, cold joins right after restarts on the same data directory.
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { allSynced, connectBenchClient, type BenchClient } from './clients'
import { removeDataDir, startOurServer, type BenchServer } from './servers'

/** Joins timed per measurement (the tables print their median). */
export const joinRuns = 5

/** Writes a room's content through `writer`; resolves with how many shapes it wrote. */
export type FillRoom = (writer: BenchClient) => Promise<number>

/** Join times of one room; `coldJoinMs` only for our server (the reference keeps rooms in memory). */
export interface JoinTimes {
  /** Size of the room's state as a joining client has it (`Y.encodeStateAsUpdate`). */
  stateBytes: number
  warmJoinMs: number[]
  coldJoinMs?: number[]
}

async function waitUntil(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

/** Fills `roomId` with `fill` through one client; returns the number of shapes written. */
async function fillRoom(server: BenchServer, roomId: string, fill: FillRoom): Promise<number> {
  const writer = connectBenchClient(server.syncUrl, roomId)
  await allSynced([writer])
  const shapeCount = await fill(writer)
  // A second client that syncs after the writer's last edit has everything the server has (with a
  // time limit: a server that lost an update must fail the run, not hang it).
  const check = connectBenchClient(server.syncUrl, roomId)
  await allSynced([check])
  const target = Y.encodeStateVector(writer.doc)
  await waitUntil(() => equalBytes(Y.encodeStateVector(check.doc), target))
  check.destroy()
  writer.destroy()
  return shapeCount
}

/** ms from connecting a new client to `roomId` until it has synced, and the state it got. */
async function timeJoin(
  server: BenchServer,
  roomId: string,
  shapeCount: number,
): Promise<{ ms: number; stateBytes: number }> {
  const start = performance.now()
  const client = connectBenchClient(server.syncUrl, roomId)
  await allSynced([client])
  const ms = performance.now() - start
  const stateBytes = Y.encodeStateAsUpdate(client.doc).length
  // A join that synced without the room's shapes measured nothing.
  const joined = client.records.all().length
  if (joined < shapeCount) throw new Error(`joined with ${joined} records`)
  client.destroy()
  return { ms, stateBytes }
}

async function warmJoins(server: BenchServer, roomId: string, shapeCount: number) {
  const joins = []
  for (let run = 0; run < joinRuns; run++) joins.push(await timeJoin(server, roomId, shapeCount))
  return { stateBytes: joins[0]!.stateBytes, warmJoinMs: joins.map((join) => join.ms) }
}

/**
 * Our server: fills a room, times warm joins, stops the server (then `whileStopped` may read the
 * data directory, before any restart touches it), and times one cold join after each of
 * `joinRuns` restarts. The data directory is removed at the end.
 */
export async function measureOurJoins<T>(
  fill: FillRoom,
  whileStopped: (dataDir: string, roomId: string) => T,
): Promise<JoinTimes & { coldJoinMs: number[]; stopped: T }> {
  let server = await startOurServer()
  const dataDir = server.dataDir!
  try {
    const roomId = await server.createRoom()
    const shapeCount = await fillRoom(server, roomId, fill)
    const warm = await warmJoins(server, roomId, shapeCount)
    await server.stop()
    const stopped = whileStopped(dataDir, roomId)
    const coldJoinMs: number[] = []
    for (let run = 0; run < joinRuns; run++) {
      server = await startOurServer(dataDir)
      coldJoinMs.push((await timeJoin(server, roomId, shapeCount)).ms)
      await server.stop()
    }
    return { ...warm, coldJoinMs, stopped }
  } finally {
    await server.stop()
    removeDataDir(dataDir)
  }
}

/** A server that keeps rooms in memory only (the reference): fills a room, times warm joins. */
export async function measureWarmJoins(server: BenchServer, fill: FillRoom): Promise<JoinTimes> {
  const roomId = await server.createRoom()
  const shapeCount = await fillRoom(server, roomId, fill)
  return warmJoins(server, roomId, shapeCount)
}
