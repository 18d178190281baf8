/**
 * Building blocks of the hostile-input tests: frames as a (misbehaving) client would send them,
 * tokens minted with a known secret, and a dump of everything the server stored, to prove an
 * attack changed nothing.
 */
import { createHmac } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import Database from 'better-sqlite3'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { expect } from 'vitest'
import { encodeAwarenessEntries } from '../../server/protocol'
import { BoardRecords } from '../../shared/BoardRecords'
import type { StoredRecord } from '../../shared/docLayout'
import { messageAwareness, messageQueryAwareness, messageSync } from '../../shared/protocol'
import { seededRandom } from './seededRandom'
import type { ServerProcess } from './serverProcess'
import { waitFor } from './waitFor'

/** A sync step 2 frame carrying `update` (what a client answers to the server's step 1). */
export function syncStep2Frame(update: Uint8Array): Uint8Array {
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, messageSync)
  encoding.writeVarUint(frame, syncProtocol.messageYjsSyncStep2)
  encoding.writeVarUint8Array(frame, update)
  return encoding.toUint8Array(frame)
}

/** A sync step 1 frame with `stateVector` (empty: "send me everything"). */
export function syncStep1Frame(stateVector = new Uint8Array([0])): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}

/** An awareness frame with the given entries, encoded by hand. */
export function awarenessFrame(
  entries: { clientId: number; clock: number; state: unknown }[],
): Uint8Array {
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, messageAwareness)
  encoding.writeVarUint8Array(frame, encodeAwarenessEntries(entries))
  return encoding.toUint8Array(frame)
}

/** A Yjs update made by `write` on a fresh doc. */
export function updateOf(write: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  write(doc)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/**
 * A Yjs update that writes `record`'s fields as the fields of record `id` (the record's own `id`
 * is ignored: in the doc a record's id is the key of its fields), as the tldraw bridge would.
 */
export function recordUpdate(id: string, record: unknown): Uint8Array {
  return updateOf((doc) => {
    const records = new BoardRecords(doc)
    records.write({ put: [{ ...(record as StoredRecord), id }] })
    records.destroy()
  })
}

/** A Yjs update that writes one raw `{ key, val }` entry into the root array `root`. */
export function entryUpdate(root: string, key: string, val: unknown): Uint8Array {
  return updateOf((doc) => doc.getArray(root).push([{ key, val }]))
}

/**
 * A valid Yjs update that changes nothing, padded to `bytes`: Yjs reads an empty struct section
 * and an empty delete set and ignores the rest. A flood of these costs the server only bytes.
 */
export function paddedEmptyUpdate(bytes: number): Uint8Array {
  return new Uint8Array(Math.max(2, bytes))
}

/** Deterministic pseudo-random bytes (seededRandom), so a failure can be replayed. */
export function pseudoRandomBytes(length: number, seed = 42): Uint8Array {
  const random = seededRandom(seed)
  return Uint8Array.from({ length }, () => Math.floor(random() * 256))
}

/** The payload of a share-link token (server/auth.ts). */
export interface TokenPayload {
  v: number
  room: string
  role: string
  gen: number
  exp: number | null
}

/** Signs `payload` as the server does with `secret` (the `SECRET` the server was started with). */
export function mintToken(secret: string, payload: TokenPayload): string {
  const text = Buffer.from(JSON.stringify(payload)).toString('base64url')
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8')).update(text).digest()
  return `${text}.${signature.toString('base64url')}`
}

/** Rows of every table of one SQLite file, by table; blobs as base64. */
export type DatabaseDump = Record<string, unknown[]>

/**
 * Everything stored in `<dataDir>` (rooms.sqlite and datasets.sqlite), read through a second
 * connection, without the rows of `exceptRooms` (rooms whose content a test changes on purpose)
 * and without SQLite's own bookkeeping (`sqlite_sequence`).
 */
export function dumpStorage(dataDir: string, exceptRooms: readonly string[] = []): DatabaseDump {
  const dump: DatabaseDump = {}
  for (const file of ['rooms.sqlite', 'datasets.sqlite']) {
    const filePath = path.join(dataDir, file)
    if (!fs.existsSync(filePath)) continue
    const db = new Database(filePath, { readonly: true, fileMustExist: true })
    try {
      const tables = db
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all()
      for (const { name } of tables) {
        const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all() as Record<
          string,
          unknown
        >[]
        dump[`${file}:${name}`] = dumpRows(rows, exceptRooms)
      }
    } finally {
      db.close()
    }
  }
  return dump
}

/** Rows as a dump keeps them: without those of `exceptRooms`, blobs as base64 text. */
export function dumpRows(
  rows: Record<string, unknown>[],
  exceptRooms: readonly string[],
): Record<string, unknown>[] {
  return rows
    .filter((row) => !exceptRooms.includes(String(row.room_id ?? row.id)))
    .map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [
          key,
          Buffer.isBuffer(value) ? `blob:${value.toString('base64')}` : value,
        ]),
      ),
    )
}

/**
 * Sends a WebSocket upgrade for `path` exactly as written (no URL normalisation) and reports the
 * HTTP status, or, after a 101, the close frame the server sends.
 */
export function rawUpgrade(port: number, path: string) {
  return new Promise<{ status: number; code?: number; reason?: string }>((resolve, reject) => {
    const request = http.request({
      port,
      host: '127.0.0.1',
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version': '13',
      },
    })
    request.on('response', (response) => {
      response.resume()
      resolve({ status: response.statusCode ?? 0 })
    })
    request.on('upgrade', (_response, socket, head: Buffer) => {
      let buffer = head
      const readCloseFrame = () => {
        // An unmasked close frame: 0x88, payload length, 2-byte code, reason.
        const length = (buffer[1] ?? 0) & 0x7f
        if (buffer.length < 2 || buffer.length < 2 + length) return
        if (buffer[0] !== 0x88)
          return reject(new Error(`expected a close frame, got ${buffer.toString('hex')}`))
        resolve({
          status: 101,
          code: buffer.readUInt16BE(2),
          reason: buffer.subarray(4, 2 + length).toString(),
        })
        socket.destroy()
      }
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk])
        readCloseFrame()
      })
      readCloseFrame()
    })
    request.on('error', reject)
    request.end()
  })
}

/** A plain HTTP request with `path` sent exactly as written (no URL normalisation). */
export function rawRequest(
  port: number,
  path: string,
  { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {},
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const request = http.request({ port, host: '127.0.0.1', path, method, headers })
      request.on('response', (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (body += chunk))
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        )
      })
      request.on('error', reject)
      request.end()
    },
  )
}

/** A query for everyone's awareness state (one byte). */
export const queryAwarenessFrame = new Uint8Array([messageQueryAwareness])

/** What `server.stats` (SIGUSR2, after a forced GC with `--expose-gc`) reports. */
export interface ServerStats {
  rooms: number
  unloadTimers: number
  clients: number
  awarenessClocks: number
  connections: number
  sockets: number
  heapUsed: number
  rss: number
  /** The longest event-loop stall since the previous stats (ms; includes waiting for a CPU). */
  loopDelayMaxMs: number
  /** How long the event loop was busy since the previous stats (ms). */
  loopActiveMs: number
}

/** Asks a server process for its stats (SIGUSR2) and reads the line it logs. */
export async function readServerStats(server: ServerProcess): Promise<ServerStats> {
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
    loopDelayMaxMs: field('loopDelayMaxMs'),
    loopActiveMs: field('loopActiveMs'),
  }
}

/**
 * CPU time (ms) the main thread of process `pid` (its event loop) has used so far, from Linux's
 * /proc: unlike wall-clock stalls, it does not grow when a busy machine keeps the process waiting.
 */
export function mainThreadCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')
  // Fields after "pid (name) ": state is the first, utime the 12th and stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10 // clock ticks of 10 ms (USER_HZ)
}

/**
 * Runs `attack` and reports what it cost the server's event loop: the CPU time of its main
 * thread meanwhile, and its longest stall as the server measured it (`server.stats`; on a busy
 * machine this includes waiting for a CPU).
 */
export async function measureLoad<T>(
  server: ServerProcess,
  attack: () => Promise<T>,
): Promise<{ result: T; cpuMs: number; longestMs: number }> {
  await readServerStats(server)
  // The stats' own forced GC is left out of the window (see server/index.ts).
  await new Promise((resolve) => setTimeout(resolve, 100))
  const pid = server.child.pid!
  const cpuBefore = mainThreadCpuMs(pid)
  const result = await attack()
  const cpuMs = mainThreadCpuMs(pid) - cpuBefore
  const { loopDelayMaxMs } = await readServerStats(server)
  return { result, cpuMs, longestMs: loopDelayMaxMs }
}

/**
 * Starts a request whose headers announce a body of `declaredBytes` and sends only its first
 * `firstChunk`, then reports the server's answer: a refusal by size needs only the headers, and
 * a client that has not finished writing when the server hangs up would otherwise see EPIPE.
 */
export function declaredUpload(
  port: number,
  path: string,
  {
    method = 'PUT',
    headers = {},
    declaredBytes,
    firstChunk,
  }: {
    method?: string
    headers?: Record<string, string>
    declaredBytes: number
    firstChunk: string
  },
) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const request = http.request({
      port,
      host: '127.0.0.1',
      path,
      method,
      headers: { ...headers, 'content-length': String(declaredBytes) },
    })
    request.on('response', (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => {
        request.destroy()
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown })
      })
    })
    request.on('error', reject)
    request.write(firstChunk)
  })
}
