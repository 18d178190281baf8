/**
 * Joining a big room: 2,000 shapes and 20,000 edits of history. Measures how long a new client
 * takes from connecting to being synced, with the room in memory (warm) and, for our server, after
 * a restart (cold: loaded from SQLite). Also compares stored bytes with the state's own size.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { geoShape } from '../tests/helpers/records'
import { allSynced, connectBenchClient, putRecord } from './lib/clients'
import { startOurServer, type BenchServer } from './lib/servers'

export interface JoinResult {
  /** Median of several joins with the room in memory. */
  warmJoinMs: number
  /** Median of several joins right after a server restart (room loaded from SQLite). */
  coldJoinMs?: number
  stateBytes: number
  /** Bytes of the room's snapshot and update log rows. */
  storedBytes?: number
  /** Size of the SQLite file after a clean shutdown. */
  fileBytes?: number
}

const joins = 5

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const shapeCount = 2000
const editCount = 20_000

/** Fills a room through one client: creates the shapes, then moves random ones. */
async function fillRoom(server: BenchServer, roomId: string): Promise<void> {
  const writer = connectBenchClient(server.syncUrl, roomId)
  await allSynced([writer])
  writer.doc.transact(() => {
    for (let i = 0; i < shapeCount; i++)
      putRecord(writer, geoShape(`s${i}`, (i % 50) * 120, Math.floor(i / 50) * 120))
  })
  // Deterministic pseudo-random moves, one transaction (one update message) each, as drags send.
  let seed = 42
  for (let edit = 0; edit < editCount; edit++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    const i = seed % shapeCount
    putRecord(writer, geoShape(`s${i}`, edit % 1000, i))
    if (edit % 1000 === 999) await new Promise((resolve) => setImmediate(resolve))
  }
  // A second client that syncs after the writer's last edit has everything the server has.
  const check = connectBenchClient(server.syncUrl, roomId)
  await allSynced([check])
  const target = Y.encodeStateVector(writer.doc)
  await waitUntil(() => equalBytes(Y.encodeStateVector(check.doc), target))
  check.destroy()
  writer.destroy()
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

async function waitUntil(condition: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function timeJoin(
  server: BenchServer,
  roomId: string,
): Promise<{ ms: number; stateBytes: number }> {
  const start = performance.now()
  const client = connectBenchClient(server.syncUrl, roomId)
  await allSynced([client])
  const ms = performance.now() - start
  const stateBytes = Y.encodeStateAsUpdate(client.doc).length
  if (client.records.map.size < shapeCount)
    throw new Error(`joined with ${client.records.map.size} records`)
  client.destroy()
  return { ms, stateBytes }
}

function storedRoomBytes(dataDir: string, roomId: string): number {
  const db = new Database(path.join(dataDir, 'rooms.sqlite'), { readonly: true })
  try {
    const row = db
      .prepare(
        `SELECT (SELECT coalesce(sum(length(snapshot)), 0) FROM room_snapshots WHERE room_id = ?) +
                (SELECT coalesce(sum(length(data)), 0) FROM room_updates WHERE room_id = ?) AS bytes`,
      )
      .get(roomId, roomId) as { bytes: number }
    return row.bytes
  } finally {
    db.close()
  }
}

function databaseBytes(dataDir: string): number {
  return ['rooms.sqlite', 'rooms.sqlite-wal']
    .map((file) => {
      try {
        return statSync(path.join(dataDir, file)).size
      } catch {
        return 0
      }
    })
    .reduce((a, b) => a + b, 0)
}

async function warmJoins(server: BenchServer, roomId: string) {
  const results = []
  for (let i = 0; i < joins; i++) results.push(await timeJoin(server, roomId))
  return { ms: median(results.map((result) => result.ms)), stateBytes: results[0]!.stateBytes }
}

export async function measureJoinOurs(): Promise<JoinResult> {
  let server = await startOurServer()
  const dataDir = server.dataDir!
  const roomId = await server.createRoom()
  await fillRoom(server, roomId)
  const warm = await warmJoins(server, roomId)
  await server.stop()
  const storedBytes = storedRoomBytes(dataDir, roomId)
  const fileBytes = databaseBytes(dataDir)
  const cold: number[] = []
  for (let i = 0; i < joins; i++) {
    server = await startOurServer(dataDir)
    cold.push((await timeJoin(server, roomId)).ms)
    await server.stop()
  }
  return {
    warmJoinMs: warm.ms,
    coldJoinMs: median(cold),
    stateBytes: warm.stateBytes,
    storedBytes,
    fileBytes,
  }
}

export async function measureJoinReference(server: BenchServer): Promise<JoinResult> {
  const roomId = await server.createRoom()
  await fillRoom(server, roomId)
  const warm = await warmJoins(server, roomId)
  return { warmJoinMs: warm.ms, stateBytes: warm.stateBytes }
}
