/**
 * Test harness for the sync server: starts the real server on port 0 with a fresh data
 * directory, creates rooms over HTTP, and connects real y-websocket providers or raw sockets.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import WebSocket from 'ws'
import { createRecordsKeyValue, type StoredRecord } from '../../shared/docLayout'
import { syncPathPrefix } from '../../shared/protocol'
import { formatLogLine, type LogFields, type Logger } from '../../server/log'
import { createSqlitePersistence } from '../../server/persistence'
import { startServer, type RunningServer, type StartServerOptions } from '../../server/startServer'
import { waitFor } from './waitFor'

/** A logged server event. */
export interface LoggedEvent {
  event: string
  fields: LogFields
}

/** A logger that keeps events in memory (set `DEBUG_SERVER_LOG=1` to also print them). */
export function createMemoryLogger(): { log: Logger; events: LoggedEvent[] } {
  const events: LoggedEvent[] = []
  const log: Logger = (event, fields = {}) => {
    events.push({ event, fields })
    if (process.env.DEBUG_SERVER_LOG) console.log(formatLogLine(event, fields))
  }
  return { log, events }
}

/** A fresh temporary directory, removed by `removeDir`. */
export function createTempDir(prefix = 'icp-server-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true })
}

/** POSTs /api/rooms and returns the new room id. */
export async function createRoom(baseUrl: string, body?: unknown): Promise<string> {
  const response = await fetch(`${baseUrl}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  expect(response.status).toBe(201)
  const { roomId } = (await response.json()) as { roomId: string }
  return roomId
}

/** The ws:// URL prefix of the sync endpoint of a server at `baseUrl`. */
export function syncUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}${syncPathPrefix}`
}

/** A connected test client: a real WebsocketProvider with its doc and records. */
export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  records: ReturnType<typeof createRecordsKeyValue>
  /** Writes a record (keyed by its id) into the doc, as the client's tldraw bridge would. */
  put(record: { id: string; typeName: string }): void
  /** Close events the provider saw, in order. */
  closes: { code: number; reason: string }[]
  /** Resolves once the provider has synced with the server. */
  synced(): Promise<void>
  /** The records of the doc as a plain object keyed by id. */
  snapshot(): Record<string, StoredRecord>
  destroy(): void
}

/** Connects a WebsocketProvider (Node `ws`, no BroadcastChannel) to `roomId`. */
export function connectClient(baseUrl: string, roomId: string): TestClient {
  const doc = new Y.Doc()
  const records = createRecordsKeyValue(doc)
  const provider = new WebsocketProvider(syncUrl(baseUrl), roomId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  })
  const closes: TestClient['closes'] = []
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  return {
    doc,
    provider,
    records,
    put: (record) => records.set(record.id, record as StoredRecord),
    closes,
    synced: () => waitFor(() => expect(provider.synced).toBe(true)).then(() => undefined),
    snapshot: () => Object.fromEntries([...records.map.entries()].map(([k, v]) => [k, v.val])),
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** A raw WebSocket to the sync endpoint that records frames and its close. */
export interface RawSocket {
  socket: WebSocket
  frames: Uint8Array[]
  /** Resolves with the close code and reason once the socket closed. */
  closed: Promise<{ code: number; reason: string }>
  /** Resolves once open. */
  opened: Promise<void>
}

/** Opens a raw socket to `${syncUrl}/${roomPath}` (the path is sent as given). */
export function openRawSocket(
  baseUrl: string,
  roomPath: string,
  options?: WebSocket.ClientOptions,
): RawSocket {
  const socket = new WebSocket(`${syncUrl(baseUrl)}/${roomPath}`, options)
  const frames: Uint8Array[] = []
  socket.on('message', (data) => frames.push(new Uint8Array(data as Buffer)))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return { socket, frames, closed, opened }
}

/** A server started for one test, with its data directory and captured events. */
export interface TestServer {
  server: RunningServer
  url: string
  dataDir: string
  events: LoggedEvent[]
  clients: TestClient[]
  /** Connects a client that is destroyed by `stop`. */
  connect(roomId: string): TestClient
  createRoom(body?: unknown): Promise<string>
  /** Stored records of a room, read from the database (a second SQLite connection). */
  storedRecords(roomId: string): Record<string, StoredRecord>
  /** Destroys the clients, closes the server and, unless `keepData`, removes the data dir. */
  stop(options?: { keepData?: boolean }): Promise<void>
}

/** Starts the real server on port 0 with a fresh (or the given) data directory. */
export async function startTestServer(
  options: Partial<StartServerOptions> = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? createTempDir()
  const { log, events } = createMemoryLogger()
  const server = await startServer({ log, ...options, port: 0, dataDir })
  const clients: TestClient[] = []
  return {
    server,
    url: server.url,
    dataDir,
    events,
    clients,
    connect(roomId) {
      const client = connectClient(server.url, roomId)
      clients.push(client)
      return client
    },
    createRoom: (body) => createRoom(server.url, body),
    storedRecords: (roomId) => readStoredRecords(dataDir, roomId),
    async stop({ keepData = false } = {}) {
      for (const client of clients.splice(0)) client.destroy()
      await server.close()
      if (!keepData) removeDir(dataDir)
    },
  }
}

/** Loads a room from the database file in `dataDir` and returns its records keyed by id. */
export function readStoredRecords(dataDir: string, roomId: string): Record<string, StoredRecord> {
  const persistence = createSqlitePersistence(dataDir)
  try {
    const doc = new Y.Doc()
    for (const update of persistence.loadRoom(roomId).updates) Y.applyUpdate(doc, update)
    const records = createRecordsKeyValue(doc)
    const result = Object.fromEntries([...records.map.entries()].map(([k, v]) => [k, v.val]))
    doc.destroy()
    return result
  } finally {
    persistence.close()
  }
}
