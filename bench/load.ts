/**
 * Load: many people in several rooms at once, each moving a card a few times a second and their
 * cursor at 20 Hz (what client/sync/bindPresence.ts sends), for a fixed time on loopback; then
 * everyone stops and must converge. Reports propagation latency of card moves (writer to every
 * other client of the room), the server's CPU and memory, and divergence (clients whose state
 * differs from their room's once the run is over: must be zero).
 *
 * The same clients run against our server and the y-websocket@2 reference server, each in its own
 * process. All clients share this process, so its event loop is part of every latency measured,
 * for both servers alike.
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { geoShape } from '../tests/helpers/records'
import { allSynced, connectBenchClient, putRecord, type BenchClient } from './lib/clients'
import { cpuTimeMs, residentBytes } from './lib/processMemory'
import type { BenchServer } from './lib/servers'
import { summarize, type Summary } from './lib/stats'

/** Shape of a load run. */
export interface LoadOptions {
  rooms: number
  clientsPerRoom: number
  durationMs: number
  /** Card moves per second per client. */
  editsPerSecond: number
  /** Cursor moves per second per client. */
  cursorsPerSecond: number
  /** How long to wait for convergence after the run (ms). */
  settleTimeoutMs?: number
}

/** The numbers of one load run. */
export interface LoadResult {
  options: LoadOptions
  clients: number
  edits: number
  cursorMoves: number
  /** Card moves seen by other clients, with their writer-to-reader latency. */
  latency: Summary
  /** Others' awareness changes applied per client per second (what cursors cost each client). */
  awarenessPerClientPerSecond: number
  /** Server CPU time over wall time, in % of one core. */
  serverCpuPercent: number
  /** This process's CPU time (all the clients) over wall time, in % of one core. */
  clientsCpuPercent: number
  /** Wall time of the measured run (ms). */
  wallMs: number
  serverRssStartBytes: number
  serverRssPeakBytes: number
  serverRssEndBytes: number
  /** Clients whose state differs from the rest of their room after the run: must be 0. */
  divergentClients: number
  /** Clients closed by the server during the run (any code). */
  closedClients: number
  /** ms from the end of the run until every room converged (or the settle timeout). */
  convergeMs: number
}

/** Meta field carrying the writer's clock (this process's `performance.now()`). */
const sentAtField = 'loadSentAt'

interface LoadClient {
  bench: BenchClient
  room: number
  index: number
  closed: boolean
  awarenessChanges: number
}

/** Runs the load against `server` and returns its numbers; closes every client it opened. */
export async function measureLoad(server: BenchServer, options: LoadOptions): Promise<LoadResult> {
  const { rooms, clientsPerRoom, durationMs, editsPerSecond, cursorsPerSecond } = options
  const roomIds: string[] = []
  for (let r = 0; r < rooms; r++) roomIds.push(await server.createRoom())
  const clients: LoadClient[] = []
  const samples: number[] = []
  for (let r = 0; r < rooms; r++) {
    for (let i = 0; i < clientsPerRoom; i++) {
      const bench = connectBenchClient(server.syncUrl, roomIds[r]!)
      const client: LoadClient = { bench, room: r, index: i, closed: false, awarenessChanges: 0 }
      bench.provider.on('connection-close', () => {
        client.closed = true
      })
      bench.records.on('change', (ids: Set<string>) => {
        const at = performance.now()
        for (const id of ids) {
          const meta = bench.records.get(id)?.meta as Record<string, unknown> | undefined
          const sentAt = meta?.[sentAtField]
          if (typeof sentAt === 'number' && meta?.writer !== `${r}:${i}`) {
            samples.push(at - sentAt)
          }
        }
      })
      bench.provider.awareness.on('change', (_changes: unknown, origin: unknown) => {
        if (origin !== 'local') client.awarenessChanges += 1
      })
      clients.push(client)
    }
  }
  const timers: NodeJS.Timeout[] = []
  try {
    await allSynced(clients.map((client) => client.bench))
    for (const client of clients) {
      putRecord(client.bench, geoShape(`load-${client.index}`, 0, client.index * 120))
      client.bench.provider.awareness.setLocalStateField('user', { name: `User ${client.index}` })
    }
    // Let the initial cards and presences settle before measuring.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    samples.length = 0
    for (const client of clients) client.awarenessChanges = 0

    let edits = 0
    let cursorMoves = 0
    const startedAt = performance.now()
    const cpuStart = cpuTimeMs(server.pid)
    const clientsCpuStart = process.cpuUsage()
    const rssStart = residentBytes(server.pid)
    let rssPeak = rssStart
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, residentBytes(server.pid))
    }, 500)
    timers.push(sampler)
    for (const client of clients) {
      let x = 0
      const edit = () => {
        x += 1
        edits += 1
        const card = geoShape(`load-${client.index}`, x, client.index * 120)
        putRecord(client.bench, {
          ...card,
          meta: { [sentAtField]: performance.now(), writer: `${client.room}:${client.index}` },
        } as typeof card)
      }
      const cursor = () => {
        cursorMoves += 1
        client.bench.provider.awareness.setLocalStateField('presence', {
          cursor: { x: Math.round(Math.random() * 2000), y: Math.round(Math.random() * 1000) },
        })
      }
      // Random phases, so the clients do not all fire in the same millisecond.
      const editEvery = 1000 / editsPerSecond
      const cursorEvery = 1000 / cursorsPerSecond
      timers.push(
        setTimeout(() => timers.push(setInterval(edit, editEvery)), Math.random() * editEvery),
        setTimeout(
          () => timers.push(setInterval(cursor, cursorEvery)),
          Math.random() * cursorEvery,
        ),
      )
    }
    await new Promise((resolve) => setTimeout(resolve, durationMs))
    for (const timer of timers.splice(0)) clearInterval(timer)
    clearInterval(sampler)
    const wallMs = performance.now() - startedAt
    const cpuMs = cpuTimeMs(server.pid) - cpuStart
    const clientsCpu = process.cpuUsage(clientsCpuStart)
    const awarenessChanges = clients.reduce((sum, client) => sum + client.awarenessChanges, 0)

    const endedAt = performance.now()
    const divergentClients = await waitForConvergence(clients, options.settleTimeoutMs ?? 30_000)
    const convergeMs = performance.now() - endedAt
    return {
      options,
      clients: clients.length,
      edits,
      cursorMoves,
      latency: summarize(samples),
      awarenessPerClientPerSecond: awarenessChanges / clients.length / (wallMs / 1000),
      serverCpuPercent: (cpuMs / wallMs) * 100,
      clientsCpuPercent: ((clientsCpu.user + clientsCpu.system) / 1000 / wallMs) * 100,
      wallMs,
      serverRssStartBytes: rssStart,
      serverRssPeakBytes: rssPeak,
      serverRssEndBytes: residentBytes(server.pid),
      divergentClients,
      closedClients: clients.filter((client) => client.closed).length,
      convergeMs,
    }
  } finally {
    for (const timer of timers) clearInterval(timer)
    for (const client of clients) client.bench.destroy()
  }
}

/** A client's records and state vector, comparable across clients. */
function fingerprint(client: LoadClient): string {
  const records = client.bench.records.all().sort((a, b) => (a.id < b.id ? -1 : 1))
  const vector = [...Y.decodeStateVector(Y.encodeStateVector(client.bench.doc)).entries()].sort(
    ([a], [b]) => a - b,
  )
  return JSON.stringify([records, vector])
}

/**
 * Waits until every room's clients hold the same state, up to `timeoutMs`; returns how many
 * clients then still differ from their room's most common state.
 */
async function waitForConvergence(clients: LoadClient[], timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const divergent = countDivergent(clients)
    if (divergent === 0 || performance.now() >= deadline) return divergent
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function countDivergent(clients: LoadClient[]): number {
  const byRoom = new Map<number, string[]>()
  for (const client of clients) {
    const list = byRoom.get(client.room) ?? []
    list.push(fingerprint(client))
    byRoom.set(client.room, list)
  }
  let divergent = 0
  for (const prints of byRoom.values()) {
    const counts = new Map<string, number>()
    for (const print of prints) counts.set(print, (counts.get(print) ?? 0) + 1)
    divergent += prints.length - Math.max(...counts.values())
  }
  return divergent
}
