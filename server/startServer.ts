/**
 * Starts the one server process: HTTP (API + built client) and the y-websocket sync endpoint on
 * one port. Used by server/index.ts and by the tests (port 0 picks a free port).
 *
 * WebSocket upgrades are accepted only under `/sync/<roomId>?token=<token>`. A bad or unknown room
 * id, or a missing, forged, expired, revoked or other-room token, still completes the handshake and
 * is then closed with `invalidRoomId` / `roomNotFound` / `unauthorized` and a reason, because a
 * browser cannot read the HTTP status of a refused upgrade but does see close codes.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { createAdaptorServer } from '@hono/node-server'
import { WebSocketServer, type WebSocket } from 'ws'
import {
  closeCodes,
  maxFrameBytes,
  syncFormatParam,
  syncPathPrefix,
  syncTokenParam,
} from '../shared/protocol'
import { roomIdProblem } from '../shared/roomId'
import { boardFormatGeneration, parseBoardFormatParam } from '../shared/schema/boardFormat'
import { createBoardSchema } from '../shared/schema/boardSchema'
import { expiredReason, loadOrCreateSecret, TokenAuthority, type TokenLifetimes } from './auth'
import { defaultStaticDir } from './config'
import { Connection } from './connection'
import { createDatasetStore } from './datasets/datasetStore'
import { BoardNotifier } from './notifications/BoardNotifier'
import { WebhookDispatcher } from './notifications/WebhookDispatcher'
import type { WebhookPolicy } from './notifications/webhookPolicy'
import { createWebhookStore } from './notifications/webhookStore'
import { createHttpApp } from './http'
import { createConsoleLogger, type Logger } from './log'
import { createSqlitePersistence, type ServerStorage } from './persistence'
import { fitCloseReason } from './protocol'
import { defaultRateLimits, type RateLimits } from './rateLimit'
import {
  defaultRoomLimits,
  RoomManager,
  type Room,
  type RoomLimits,
  type RoomManagerStats,
} from './rooms'

/** Options of `startServer`; only `port` and `dataDir` are required. */
export interface StartServerOptions {
  /** 0 picks a free port (see the returned `port`). */
  port: number
  /** Interface to listen on; default 127.0.0.1. */
  host?: string
  /** Directory of rooms.sqlite; created if missing. */
  dataDir: string
  /** The built client; default the repository's dist/. */
  staticDir?: string
  /** Event sink; default one line per event on the console. */
  log?: Logger
  /** How long an empty room stays in memory (ms); default 10 s. */
  unloadGraceMs?: number
  /**
   * Keepalive ping interval (ms); a socket that misses one pong is dropped, one whose link expired
   * is closed with `unauthorized`. Default 15 s.
   */
  pingIntervalMs?: number
  /** Size caps and compaction thresholds; defaults in `defaultRoomLimits`. */
  limits?: Partial<RoomLimits>
  /** Messages and bytes a second per connection; defaults in `defaultRateLimits`. */
  rateLimits?: Partial<RateLimits>
  /** How long a departed client's awareness clock is kept (ms); default 60 s (server/rooms.ts). */
  departedAwarenessTtlMs?: number
  /** Test hook of `<dataDir>/rooms.sqlite`: runs inside every compaction transaction. */
  duringCompaction?: (roomId: string) => void
  /** Storage to use instead of `<dataDir>/rooms.sqlite` (the caller closes it). */
  persistence?: ServerStorage
  /**
   * The clock (ms since the epoch) of exports, token expiry, versions and the people roster;
   * default `Date.now`. Tests pin it.
   */
  now?: () => number
  /** Token signing secret (env `SECRET`); default: `<dataDir>/secret.key`, created if missing. */
  secret?: string
  /** Token lifetimes by role; defaults in `defaultTokenLifetimes` (server/auth.ts). */
  tokenLifetimes?: Partial<TokenLifetimes>
  /** The app's public address for links in notifications (env `PUBLIC_URL`); default `url`. */
  publicUrl?: string
  /** Where board webhooks may post (env `WEBHOOK_ALLOWED_HOSTS`); default any public host. */
  webhookPolicy?: WebhookPolicy
  /** Delays between webhook attempts (ms); defaults in server/notifications/WebhookDispatcher.ts. */
  webhookRetryDelaysMs?: readonly number[]
}

/** A running server. */
export interface RunningServer {
  /** The port actually listened on. */
  port: number
  /** `http://host:port` */
  url: string
  /** Sizes of the internal tables (leak checks and the `server.stats` log event). */
  stats(): ServerStats
  /**
   * Graceful stop: stops accepting, closes sockets with `serverShutdown`, compacts and unloads
   * rooms, closes storage. Idempotent.
   */
  close(): Promise<void>
}

/** What `RunningServer.stats` reports: all zero but `rooms`/`unloadTimers` in grace when idle. */
export interface ServerStats extends RoomManagerStats {
  /** Connections attached to a room. */
  connections: number
  /** Open WebSockets, attached or not. */
  sockets: number
}

/** Sockets still open this long after shutdown began are terminated. */
const shutdownSocketTimeoutMs = 2000

/** Starts listening; resolves once the port is bound. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const log = options.log ?? createConsoleLogger()
  const ownsPersistence = !options.persistence
  const persistence =
    options.persistence ??
    createSqlitePersistence(options.dataDir, { duringCompaction: options.duringCompaction })
  const limits: RoomLimits = { ...defaultRoomLimits, ...options.limits }
  const rateLimits: RateLimits = { ...defaultRateLimits, ...options.rateLimits }
  const now = options.now ?? Date.now
  let authority: TokenAuthority
  try {
    authority = new TokenAuthority({
      secret: loadOrCreateSecret(options.dataDir, options.secret, log),
      generations: persistence,
      now,
      lifetimes: options.tokenLifetimes,
    })
  } catch (error) {
    if (ownsPersistence) persistence.close()
    throw error
  }
  const schema = createBoardSchema()
  const webhooks = createWebhookStore(options.dataDir)
  const webhookPolicy = options.webhookPolicy ?? { allowedHosts: null }
  const dispatcher = new WebhookDispatcher({
    store: webhooks,
    policy: webhookPolicy,
    log,
    now,
    retryDelaysMs: options.webhookRetryDelaysMs,
  })
  // The public address is known once the port is bound (port 0); links read it then.
  let publicUrl = options.publicUrl?.replace(/\/+$/, '') ?? ''
  const notifier = new BoardNotifier({
    dispatcher,
    get publicUrl() {
      return publicUrl
    },
    now,
    log,
    hasWebhook: (roomId) => webhooks.getUrl(roomId) !== null,
    schema,
  })
  const rooms = new RoomManager({
    persistence,
    schema,
    log,
    limits,
    unloadGraceMs: options.unloadGraceMs ?? 10_000,
    now,
    departedAwarenessTtlMs: options.departedAwarenessTtlMs,
    onRoomLoaded: (roomId, doc) => notifier.watch(roomId, doc),
  })
  const datasets = createDatasetStore(options.dataDir)
  const connections = new Set<Connection>()
  const app = createHttpApp({
    persistence,
    staticDir: options.staticDir ?? defaultStaticDir,
    log,
    now,
    rooms,
    authority,
    datasets,
    notifications: { store: webhooks, notifier, policy: webhookPolicy },
  })
  // Without http2/https options the adaptor creates a plain node:http Server.
  const httpServer = createAdaptorServer({ fetch: app.fetch }) as Server
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes })
  let isShuttingDown = false

  const refuse = (socket: WebSocket, roomId: string, code: number, reason: string) => {
    log('connection.refused', { room: roomId.slice(0, 80), code, reason })
    socket.close(code, fitCloseReason(reason))
  }

  const handleSocket = (
    socket: WebSocket,
    roomId: string,
    token: string | null,
    format: number | null,
  ) => {
    socket.on('error', (error) => log('connection.error', { room: roomId, error: error.message }))
    if (isShuttingDown)
      return refuse(socket, roomId, closeCodes.serverShutdown, 'server is shutting down')
    const problem = roomIdProblem(roomId)
    if (problem)
      return refuse(socket, roomId, closeCodes.invalidRoomId, `invalid room id: ${problem}`)
    let exists: boolean
    try {
      exists = persistence.roomExists(roomId)
    } catch (error) {
      log('room.load.failed', { room: roomId, error: String(error) })
      return refuse(socket, roomId, closeCodes.storageFailed, 'could not read storage; try again')
    }
    if (!exists)
      return refuse(socket, roomId, closeCodes.roomNotFound, `room ${roomId} does not exist`)
    let check
    try {
      check = authority.verify(token, roomId)
    } catch (error) {
      log('room.load.failed', { room: roomId, error: String(error) })
      return refuse(socket, roomId, closeCodes.storageFailed, 'could not read storage; try again')
    }
    if (!check.ok) return refuse(socket, roomId, closeCodes.unauthorized, check.reason)
    if (format === null || format < boardFormatGeneration) {
      return refuse(
        socket,
        roomId,
        closeCodes.clientOutdated,
        'a newer version of this board is available: reload the page',
      )
    }
    if (format > boardFormatGeneration) {
      return refuse(
        socket,
        roomId,
        closeCodes.serverOutdated,
        'this server runs an older version of the board; try again',
      )
    }
    let room: Room | undefined
    const connection = new Connection(socket, check.auth, {
      log,
      maxBufferedBytes: 2 * maxFrameBytes,
      rateLimits,
      onClose: (closed) => {
        connections.delete(closed)
        if (room) rooms.leave(room, closed)
      },
    })
    try {
      room = rooms.join(roomId, connection)
    } catch (error) {
      log('room.load.failed', { room: roomId, error: String(error) })
      return refuse(socket, roomId, closeCodes.storageFailed, 'could not load the room; try again')
    }
    connections.add(connection)
    connection.attach(room)
    log('connection.opened', {
      room: roomId,
      role: check.auth.role,
      connections: room.clientCount,
    })
  }

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The raw path, not a parsed URL: URL parsing would turn /sync/../etc into /etc.
    const [rawPath = '/', query = ''] = (request.url ?? '/').split('?')
    if (rawPath !== syncPathPrefix && !rawPath.startsWith(`${syncPathPrefix}/`)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const roomId = rawPath.slice(syncPathPrefix.length + 1)
    const params = new URLSearchParams(query)
    const token = params.get(syncTokenParam)
    const format = parseBoardFormatParam(params.get(syncFormatParam))
    wss.handleUpgrade(request, socket, head, (ws) => handleSocket(ws, roomId, token, format))
  })

  // Keepalive, and the end of sockets whose link expired while they were open.
  const heartbeat = setInterval(() => {
    const time = now()
    for (const connection of connections) {
      const { expiresAt } = connection.auth
      if (expiresAt !== null && time >= expiresAt) {
        connection.close(closeCodes.unauthorized, expiredReason(expiresAt))
      } else {
        connection.heartbeat()
      }
    }
  }, options.pingIntervalMs ?? 15_000)
  heartbeat.unref()

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject)
      httpServer.listen(options.port, host, () => {
        httpServer.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    // E.g. EADDRINUSE: release what we opened so the caller can retry or exit cleanly.
    clearInterval(heartbeat)
    wss.close()
    dispatcher.close()
    datasets.close()
    webhooks.close()
    if (ownsPersistence) persistence.close()
    throw error
  }
  const { port } = httpServer.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  publicUrl ||= url

  let closing: Promise<void> | null = null
  const close = () => {
    closing ??= (async () => {
      isShuttingDown = true
      clearInterval(heartbeat)
      const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()))
      httpServer.closeIdleConnections()
      const sockets = [...wss.clients]
      rooms.unloadAll(closeCodes.serverShutdown, 'server is shutting down')
      await waitForSockets(sockets, shutdownSocketTimeoutMs)
      wss.close()
      httpServer.closeAllConnections()
      await httpClosed
      dispatcher.close()
      datasets.close()
      webhooks.close()
      if (ownsPersistence) persistence.close()
      log('server.stopped', { url })
    })()
    return closing
  }

  const stats = (): ServerStats => ({
    ...rooms.stats(),
    connections: connections.size,
    sockets: wss.clients.size,
  })

  return { port, url, stats, close }
}

/** Resolves when every socket has closed, terminating stragglers after `timeoutMs`. */
async function waitForSockets(sockets: WebSocket[], timeoutMs: number): Promise<void> {
  const open = sockets.filter((socket) => socket.readyState !== socket.CLOSED)
  if (open.length === 0) return
  await new Promise<void>((resolve) => {
    let remaining = open.length
    const timer = setTimeout(() => {
      for (const socket of open) socket.terminate()
    }, timeoutMs)
    for (const socket of open) {
      socket.once('close', () => {
        remaining -= 1
        if (remaining === 0) {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  })
}
