/**
 * Test harness for the sync server: starts the real server on port 0 with a fresh data
 * directory, creates rooms over HTTP (remembering their tokens), and connects real y-websocket
 * providers or raw sockets with the token of a role (`params: { token }`, as the client does).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import WebSocket from 'ws'
import * as authProtocol from 'y-protocols/auth'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { BoardRecords, readBoardRecords } from '../../shared/BoardRecords'
import type { StoredRecord } from '../../shared/docLayout'
import {
  messageAuth,
  syncBrowserParam,
  syncFormatParam,
  syncParticipantParam,
  syncTokenParam,
} from '../../shared/protocol'
import { boardFormatGeneration } from '../../shared/schema/boardFormat'
import type { Role } from '../../shared/workshop/roles'
import { formatLogLine, type LogFields, type Logger } from '../../server/log'
import { startServer, type RunningServer, type StartServerOptions } from '../../server/startServer'
import { postRoom, syncUrl, type CreatedRoom } from './serverApi'
import { waitFor } from './waitFor'

export { syncUrl, type CreatedRoom } from './serverApi'

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

/** POSTs /api/rooms and returns the new room with its tokens (asserting 201 Created). */
export async function createRoom(baseUrl: string, body?: unknown): Promise<CreatedRoom> {
  const { status, room } = await postRoom(baseUrl, body)
  expect(status).toBe(201)
  return room
}

/** A connected test client: a real WebsocketProvider with its doc and records. */
export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  records: BoardRecords
  /** Writes a record (its changed fields) into the doc, as the client's tldraw bridge would. */
  put(record: { id: string; typeName: string } | StoredRecord): void
  /** Deletes records from the doc, as the client's tldraw bridge would. */
  remove(...ids: string[]): void
  /** Close events the provider saw, in order. */
  closes: { code: number; reason: string }[]
  /** Reasons of the auth (permission denied) messages the server sent, in order. */
  denials: string[]
  /** Every frame the server sent this client, in order (with `recordFrames` only). */
  frames: Uint8Array[]
  /** The entries of a key-value root (`comments`, `people`, ...) of the doc, by key. */
  entries(rootName: string): Record<string, unknown>
  /** Writes one entry of a key-value root, as the client's YKeyValue would. */
  setEntry(rootName: string, key: string, val: unknown): void
  /** Resolves once the provider has synced with the server. */
  synced(): Promise<void>
  /** The records of the doc as a plain object keyed by id. */
  snapshot(): Record<string, StoredRecord>
  destroy(): void
}

/** Who a test client says it is (server/ownership.ts): `?participant=` and `?browser=`. */
export interface ClientIdentity {
  /** The participant (roster id) it speaks for. */
  participantId?: string
  /** The browser key it sends (22+ base64url characters); none: told apart by its token. */
  browserKey?: string
  /** Use this doc (e.g. one restored from a saved copy, as IndexedDB does) instead of a new one. */
  doc?: Y.Doc
  /** Keep every frame the server sends (`frames`), to inspect the raw traffic. */
  recordFrames?: boolean
}

/**
 * The query parameters the board client sends: its token, board format generation and, when
 * given, who it is (`identity`).
 */
export function syncParams(
  token?: string,
  identity: Omit<ClientIdentity, 'doc' | 'recordFrames'> = {},
): Record<string, string> {
  const params: Record<string, string> = { [syncFormatParam]: String(boardFormatGeneration) }
  if (token !== undefined) params[syncTokenParam] = token
  if (identity.participantId !== undefined) params[syncParticipantParam] = identity.participantId
  if (identity.browserKey !== undefined) params[syncBrowserParam] = identity.browserKey
  return params
}

/**
 * Connects a WebsocketProvider (Node `ws`, no BroadcastChannel) to `roomId` with `token` (none
 * when undefined), the way the board client does: `params: { token, format, participant,
 * browser }`.
 */
export function connectClient(
  baseUrl: string,
  roomId: string,
  token?: string,
  identity: ClientIdentity = {},
): TestClient {
  const doc = identity.doc ?? new Y.Doc()
  const records = new BoardRecords(doc, { canWrite: () => true })
  const frames: Uint8Array[] = []
  const socketClass = identity.recordFrames ? recordingWebSocket(frames) : WebSocket
  const provider = new WebsocketProvider(syncUrl(baseUrl), roomId, doc, {
    WebSocketPolyfill: socketClass as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
    params: syncParams(token, identity),
  })
  const closes: TestClient['closes'] = []
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  const denials: string[] = []
  provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
    authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => denials.push(reason))
  }
  const keyValues = new Map<string, YKeyValue<unknown>>()
  const keyValue = (rootName: string) => {
    let found = keyValues.get(rootName)
    if (!found) {
      found = new YKeyValue(doc.getArray(rootName))
      keyValues.set(rootName, found)
    }
    return found
  }
  return {
    doc,
    provider,
    records,
    put: (record) => records.write({ put: [record as StoredRecord] }),
    remove: (...ids) => records.write({ remove: ids }),
    closes,
    denials,
    frames,
    entries: (rootName) =>
      Object.fromEntries([...keyValue(rootName).map].map(([key, entry]) => [key, entry.val])),
    setEntry: (rootName, key, val) => keyValue(rootName).set(key, val),
    synced: () => waitFor(() => expect(provider.synced).toBe(true)).then(() => undefined),
    snapshot: () => Object.fromEntries(records.all().map((record) => [record.id, record])),
    destroy() {
      provider.destroy()
      records.destroy()
      doc.destroy()
    },
  }
}

/** A `ws` WebSocket class whose sockets push every frame they receive into `frames`. */
function recordingWebSocket(frames: Uint8Array[]) {
  return class RecordingWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols)
      this.on('message', (data: Buffer) => frames.push(new Uint8Array(data)))
    }
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

/** How `connect` and `openSocket` authenticate: a role of the room, or an explicit token. */
export interface ConnectOptions extends Omit<ClientIdentity, 'doc'> {
  /** Role whose token (from `createRoom`) is used; default `editor`. */
  role?: Role
  /** This token instead (`null`: none at all). */
  token?: string | null
}

/**
 * Tokens of every room a harness created in this test file, by room id (ids are random). Shared by
 * harnesses, so a server restarted on the same data directory (same secret.key) is reached with
 * the tokens the first one issued.
 */
const roomTokens = new Map<string, Record<Role, string>>()

/**
 * GETs `url` with the token of `role` (viewer by default) of the room it names, in the
 * Authorization header, for rooms a harness created; other URLs are fetched without a token.
 */
export function fetchWithRoomToken(url: string, role: Role = 'viewer'): Promise<Response> {
  const roomId = /\/api\/rooms\/([^/?]+)/.exec(url)?.[1]
  const token = roomId === undefined ? undefined : roomTokens.get(roomId)?.[role]
  return fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } })
}

/** A server started for one test, with its data directory and captured events. */
export interface TestServer {
  server: RunningServer
  url: string
  dataDir: string
  events: LoggedEvent[]
  clients: TestClient[]
  /** Connects a client (as an editor unless told otherwise) that is destroyed by `stop`. */
  connect(roomId: string, options?: ConnectOptions): TestClient
  /** Opens a raw socket to the room (as an editor unless told otherwise). */
  openSocket(roomId: string, options?: ConnectOptions & WebSocket.ClientOptions): RawSocket
  /** Creates a room and returns its id; its tokens are remembered (see `tokens`). */
  createRoom(body?: unknown): Promise<string>
  /** The tokens of a room made with `createRoom`. */
  tokens(roomId: string): Record<Role, string>
  /** A JSON API call with a role's token as `Authorization: Bearer` (`token: null` for none). */
  api(
    method: string,
    pathname: string,
    options?: ConnectOptions & { body?: unknown },
  ): Promise<{ status: number; body: unknown }>
  /** Stored records of a room, read from the database (a second SQLite connection). */
  storedRecords(roomId: string): Record<string, StoredRecord>
  /** Stored entries of a key-value root (`comments`, `people`, ...), by key. */
  storedEntries(roomId: string, rootName: string): Record<string, unknown>
  /** Destroys the clients, closes the server and, unless `keepData`, removes the data dir. */
  stop(options?: { keepData?: boolean }): Promise<void>
}

/** Starts the real server on port 0 with a fresh (or the given) data directory. */
export async function startTestServer(
  options: Partial<StartServerOptions> = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? createTempDir()
  const { log, events } = createMemoryLogger()
  // Tests create rooms quickly; a test of the creation limit passes its own `roomCreation`.
  const roomCreation = { limits: { perMinute: 1_000_000, burst: 1_000_000 } }
  const server = await startServer({ log, roomCreation, ...options, port: 0, dataDir })
  const clients: TestClient[] = []
  const tokenFor = (
    roomId: string,
    { role = 'editor', token }: Pick<ConnectOptions, 'role' | 'token'> = {},
  ) => (token === undefined ? roomTokens.get(roomId)?.[role] : (token ?? undefined))
  return {
    server,
    url: server.url,
    dataDir,
    events,
    clients,
    connect(roomId, options = {}) {
      const { participantId, browserKey } = options
      const client = connectClient(server.url, roomId, tokenFor(roomId, options), {
        participantId,
        browserKey,
      })
      clients.push(client)
      return client
    },
    openSocket(roomId, { role, token, participantId, browserKey, ...socketOptions } = {}) {
      const params = syncParams(tokenFor(roomId, { role, token }), { participantId, browserKey })
      const query = new URLSearchParams(params)
      return openRawSocket(server.url, `${roomId}?${query.toString()}`, socketOptions)
    },
    async createRoom(body) {
      const created = await createRoom(server.url, body)
      roomTokens.set(created.roomId, created.tokens)
      return created.roomId
    },
    tokens(roomId) {
      const tokens = roomTokens.get(roomId)
      if (!tokens) throw new Error(`room ${roomId} was not created by this harness`)
      return tokens
    },
    async api(method, pathname, { body, ...auth } = {}) {
      const roomId = /^\/api\/rooms\/([^/?]+)/.exec(pathname)?.[1] ?? ''
      const token = tokenFor(roomId, auth)
      const response = await fetch(`${server.url}${pathname}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const type = response.headers.get('content-type') ?? ''
      return {
        status: response.status,
        body: type.includes('json') ? await response.json() : await response.text(),
      }
    },
    storedRecords: (roomId) => readStoredRecords(dataDir, roomId),
    storedEntries: (roomId, rootName) => readStoredEntries(dataDir, roomId, rootName),
    async stop({ keepData = false } = {}) {
      for (const client of clients.splice(0)) client.destroy()
      await server.close()
      if (!keepData) removeDir(dataDir)
    },
  }
}

/** Loads a room from the database file in `dataDir` and returns its records keyed by id. */
export function readStoredRecords(dataDir: string, roomId: string): Record<string, StoredRecord> {
  const doc = readStoredDoc(dataDir, roomId)
  try {
    return Object.fromEntries(readBoardRecords(doc).map((record) => [record.id, record]))
  } finally {
    doc.destroy()
  }
}

/** What the SQLite database holds for a room (see `readStoredLog`). */
export interface StoredLog {
  /** The snapshot, then the log rows in order: apply them in order to get the room. */
  updates: Uint8Array[]
  /** Rows of update log after the snapshot. */
  logCount: number
  /** Id of the last log row, or 0. */
  lastUpdateId: number
}

/**
 * What rooms.sqlite in `dataDir` holds for a room, read with plain SQL through a second, read-only
 * connection (not through the server's storage code).
 */
export function readStoredLog(dataDir: string, roomId: string): StoredLog {
  const db = new Database(path.join(dataDir, 'rooms.sqlite'), {
    readonly: true,
    fileMustExist: true,
  })
  try {
    const snapshot = db
      .prepare<[string], { snapshot: Buffer }>(
        'SELECT snapshot FROM room_snapshots WHERE room_id = ?',
      )
      .get(roomId)
    if (!snapshot) throw new Error(`room ${roomId} is not stored in ${dataDir}`)
    const rows = db
      .prepare<[string], { id: number; data: Buffer }>(
        'SELECT id, data FROM room_updates WHERE room_id = ? ORDER BY id',
      )
      .all(roomId)
    return {
      updates: [snapshot.snapshot, ...rows.map((row) => row.data)],
      logCount: rows.length,
      lastUpdateId: rows.at(-1)?.id ?? 0,
    }
  } finally {
    db.close()
  }
}

/** The room stored in `dataDir` as a Y.Doc (the caller destroys it). */
export function readStoredDoc(dataDir: string, roomId: string): Y.Doc {
  const doc = new Y.Doc()
  for (const update of readStoredLog(dataDir, roomId).updates) Y.applyUpdate(doc, update)
  return doc
}

/** Loads a room from the database in `dataDir`; the entries of a key-value root, by key. */
export function readStoredEntries(
  dataDir: string,
  roomId: string,
  rootName: string,
): Record<string, unknown> {
  const doc = readStoredDoc(dataDir, roomId)
  try {
    const entries = new YKeyValue<unknown>(doc.getArray(rootName))
    return Object.fromEntries([...entries.map.entries()].map(([k, v]) => [k, v.val]))
  } finally {
    doc.destroy()
  }
}
