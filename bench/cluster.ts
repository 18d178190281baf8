/**
 * Several nodes (`npm run bench -- cluster`): the compiled server on a durable PostgreSQL and a
 * Redis started for the run (scripts/localServices.ts), each node its own process.
 *
 * - Fan-out: one writer, everyone else in the room waits for the move, with the room's clients on
 *   one node, then spread over three (the writer on the first; two thirds of the readers hear it
 *   through Redis).
 * - Throughput: rooms spread over the nodes (room i on node i mod N), each with a writer that moves
 *   a card, waits until every reader of the room has it, and moves it again (closed loop), for a
 *   fixed time; round trips per second with one node and with three. Readers are bare sockets that
 *   count update frames, so the benchmark's own process costs little next to the servers.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { startPostgres, startRedis, type LocalPostgres } from '../scripts/localServices'
import { messageSync, syncFormatParam } from '../shared/protocol'
import { boardFormatGeneration } from '../shared/schema/boardFormat'
import { geoShape } from '../tests/helpers/records'
import { allSynced, connectBenchClient, putRecord, type BenchClient } from './lib/clients'
import { cpuTimeMs } from './lib/processMemory'
import { removeDataDir, roomTokens, startOurServer, type BenchServer } from './lib/servers'
import { summarize, type Summary } from './lib/stats'
import { measureFanOut, type LatencyResult } from './syncLatency'

/** y-protocols sync message type of an update (after sync step 1 and 2). */
const messageYjsUpdate = 2

/** PostgreSQL (durable, as in production) and Redis for the cluster benchmarks. */
export interface BenchServices {
  postgres: LocalPostgres
  redisUrl: string
  stop(): Promise<void>
}

/** Starts the services in a temporary directory. */
export async function startBenchServices(): Promise<BenchServices> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icp-bench-postgres-'))
  const [postgres, redis] = await Promise.all([startPostgres({ dir }), startRedis()])
  return {
    postgres,
    redisUrl: redis.url,
    async stop() {
      await redis.stop()
      await postgres.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** `count` nodes on a fresh database of `services`. */
export async function startBenchNodes(
  services: BenchServices,
  count: number,
): Promise<{ nodes: BenchServer[]; stop(): Promise<void> }> {
  const databaseUrl = await services.postgres.createDatabase(`bench_${Date.now()}_${count}`)
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: services.redisUrl }
  // One after the other: the first migrates the schema.
  const nodes: BenchServer[] = []
  for (let i = 0; i < count; i++) nodes.push(await startOurServer(undefined, env))
  return {
    nodes,
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()))
      for (const node of nodes) removeDataDir(node.dataDir)
    },
  }
}

/** Fan-out of one room's moves with its clients on the first node only, or on all `nodes`. */
export function measureClusterFanOut(
  nodes: BenchServer[],
  clients: number,
  rounds: number,
  isSpread: boolean,
): Promise<LatencyResult> {
  const [first] = nodes as [BenchServer]
  const urls = isSpread ? nodes.map((node) => node.syncUrl) : [first.syncUrl]
  return measureFanOut(first, clients, rounds, urls)
}

/** What a throughput run measured. */
export interface ThroughputResult {
  nodes: number
  rooms: number
  /** Moves every reader of the room received, over the run. */
  roundTrips: number
  perSecond: number
  /** From a move to the last reader of its room receiving it. */
  latency: Summary
  /** CPU of each node over the run, in % of one core. */
  nodeCpuPercent: number[]
  /** CPU time of all nodes together per 1,000 round trips (ms): the work one update costs. */
  cpuMsPerThousand: number
}

/** A bare socket that counts the update frames it receives. */
interface CountingReader {
  socket: WebSocket
  updates: number
  onUpdate: (() => void) | null
}

function openCountingReader(syncUrl: string, roomId: string): Promise<CountingReader> {
  const params = new URLSearchParams({
    [syncFormatParam]: String(boardFormatGeneration),
    token: roomTokens.get(roomId)!,
  })
  const reader: CountingReader = {
    socket: new WebSocket(`${syncUrl}/${roomId}?${params}`),
    updates: 0,
    onUpdate: null,
  }
  reader.socket.on('message', (data: Buffer) => {
    if (data[0] !== messageSync || data[1] !== messageYjsUpdate) return
    reader.updates += 1
    reader.onUpdate?.()
  })
  return new Promise((resolve, reject) => {
    reader.socket.once('open', () => resolve(reader))
    reader.socket.once('error', reject)
  })
}

/** Resolves once every reader has counted at least `count` updates; rejects after 30 s. */
async function allReceived(readers: CountingReader[], count: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`readers did not receive update ${count}`)), 30_000)
  })
  try {
    await Promise.race([received(readers, count), timeout])
  } finally {
    clearTimeout(timer)
  }
}

function received(readers: CountingReader[], count: number): Promise<void> {
  return Promise.all(
    readers.map(
      (reader) =>
        new Promise<void>((resolve) => {
          if (reader.updates >= count) return resolve()
          reader.onUpdate = () => {
            if (reader.updates < count) return
            reader.onUpdate = null
            resolve()
          }
        }),
    ),
  ).then(() => undefined)
}

/** Closed-loop moves in `rooms` rooms spread over `nodes` for `durationMs` (see module comment). */
export async function measureThroughput(
  nodes: BenchServer[],
  {
    rooms,
    readersPerRoom,
    durationMs,
  }: { rooms: number; readersPerRoom: number; durationMs: number },
): Promise<ThroughputResult> {
  const writers: BenchClient[] = []
  const readers: CountingReader[][] = []
  for (let r = 0; r < rooms; r++) {
    const node = nodes[r % nodes.length]!
    const roomId = await node.createRoom()
    writers.push(connectBenchClient(node.syncUrl, roomId))
    readers.push(
      await Promise.all(
        Array.from({ length: readersPerRoom }, () => openCountingReader(node.syncUrl, roomId)),
      ),
    )
  }
  try {
    await allSynced(writers)
    // Each room's card exists before the clock starts.
    await Promise.all(
      writers.map((writer, r) => {
        putRecord(writer, geoShape('card', 0, 0))
        return allReceived(readers[r]!, 1)
      }),
    )
    const samples: number[] = []
    let roundTrips = 0
    const cpuBefore = nodes.map((node) => cpuTimeMs(node.pid))
    const startedAt = performance.now()
    const deadline = startedAt + durationMs
    await Promise.all(
      writers.map(async (writer, r) => {
        const roomReaders = readers[r]!
        for (let move = 1; performance.now() < deadline; move++) {
          const sentAt = performance.now()
          putRecord(writer, geoShape('card', move, 0))
          await allReceived(roomReaders, move + 1)
          samples.push(performance.now() - sentAt)
          roundTrips += 1
        }
      }),
    )
    const wallMs = performance.now() - startedAt
    const cpuMs = nodes.reduce((total, node, i) => total + cpuTimeMs(node.pid) - cpuBefore[i]!, 0)
    return {
      nodes: nodes.length,
      rooms,
      roundTrips,
      perSecond: roundTrips / (wallMs / 1000),
      latency: summarize(samples),
      nodeCpuPercent: nodes.map(
        (node, i) => ((cpuTimeMs(node.pid) - cpuBefore[i]!) / wallMs) * 100,
      ),
      cpuMsPerThousand: (cpuMs / roundTrips) * 1000,
    }
  } finally {
    for (const writer of writers) writer.destroy()
    for (const reader of readers.flat()) reader.socket.terminate()
  }
}
