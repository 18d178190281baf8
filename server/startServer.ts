/**
 * Starts the one server process: HTTP (API + built client) and the y-websocket sync endpoint on
 * one port. Used by server/index.ts and by the tests (port 0 picks a free port).
 *
 * WebSocket upgrades are accepted only under `/sync/<roomId>?token=<token>`. A bad or unknown room
 * id, or a missing, forged, expired, revoked or other-room token, still completes the handshake and
 * is then closed with `invalidRoomId` / `roomNotFound` / `unauthorized` and a reason, because a
 * browser cannot read the HTTP status of a refused upgrade but does see close codes. Checking the
 * token and loading the room are asynchronous; the socket's frames wait meanwhile
 * (server/earlyFrames.ts).
 *
 * Storage is SQLite in `dataDir`, or PostgreSQL with `databaseUrl`; with `redisUrl` the node joins
 * the other nodes sharing that Redis (server/cluster/redisCluster.ts).
 *
 * `close` drains: readiness turns false, the port stops accepting (a proxy sends new connections
 * to other nodes), this node's clients' presence is withdrawn from the others, sockets are closed
 * with `serverShutdown` (clients reconnect elsewhere and re-sync anything unsent), every room's
 * writes are committed and compacted, then storage and Redis are closed.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { createAdaptorServer } from '@hono/node-server'
import { WebSocketServer, type WebSocket } from 'ws'
import {
  closeCodes,
  maxFrameBytes,
  privateDocSuffix,
  syncBrowserParam,
  syncParticipantParam,
  syncFormatParam,
  syncPathPrefix,
  syncTokenParam,
} from '../shared/protocol'
import { roomIdProblem } from '../shared/roomId'
import { boardFormatGeneration, parseBoardFormatParam } from '../shared/schema/boardFormat'
import { createBoardSchema } from '../shared/schema/boardSchema'
import { hasRole, isRole } from '../shared/workshop/roles'
import {
  expiredReason,
  loadTokenSecret,
  revokedReason,
  TokenAuthority,
  type AuthContext,
  type TokenLifetimes,
} from './auth'
import type { RedisCluster, Revocation } from './cluster/redisCluster'
import { defaultStaticDir } from './config'
import { Connection } from './connection'
import { ScorePool } from './datasets/scorePool'
import { holdFrames, type HeldFrames } from './earlyFrames'
import { BoardNotifier } from './notifications/BoardNotifier'
import { WebhookDispatcher } from './notifications/WebhookDispatcher'
import type { WebhookPolicy } from './notifications/webhookPolicy'
import { createHttpApp } from './http'
import { createConsoleLogger, limitLogRate, type Logger } from './log'
import { createServerMetrics } from './metrics'
import { probe } from './opsRoutes'
import { connectionIdentity } from './ownership'
import { parseInternalRoomId, PrivateDocs } from './privateDocs'
import { CloseError, fitCloseReason } from './protocol'
import { defaultRateLimits, type RateLimits } from './rateLimit'
import type { RoomCreationLimits } from './roomCreation'
import { defaultRoomLimits, RoomManager, type RoomLimits, type RoomManagerStats } from './rooms'
import { GroupCommit } from './storage/groupCommit'
import { openStorage } from './storage/openStorage'
import type { ServerStorage } from './storage/serverStorage'

/** Options of `startServer`; only `port` and `dataDir` are required. */
export interface StartServerOptions {
  /** 0 picks a free port (see the returned `port`). */
  port: number
  /** Interface to listen on; default 127.0.0.1. */
  host?: string
  /** Directory of rooms.sqlite (unless `databaseUrl`) and secret.key; created if missing. */
  dataDir: string
  /** `postgres://...`: store everything in PostgreSQL instead of SQLite. */
  databaseUrl?: string
  /** `redis://...`: serve rooms together with the other nodes on this Redis. */
  redisUrl?: string
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
  /** Test hook of the SQLite backend: runs inside every compaction transaction. */
  duringCompaction?: (roomId: string) => void
  /** Storage to use instead of opening one (the caller closes it). */
  storage?: ServerStorage
  /**
   * The clock (ms since the epoch) of exports, token expiry, versions and the people roster;
   * default `Date.now`. Tests pin it.
   */
  now?: () => number
  /** Token signing secret (env `SECRET`); default: the one kept by storage, created if missing. */
  secret?: string
  /** Token lifetimes by role; defaults in `defaultTokenLifetimes` (server/auth.ts). */
  tokenLifetimes?: Partial<TokenLifetimes>
  /** Room creation key and rate per client address (server/roomCreation.ts). */
  roomCreation?: { createRoomsToken?: string; limits?: RoomCreationLimits }
  /**
   * On `close`, how long (ms) the node keeps serving with `/api/ready` answering 503 before it
   * stops accepting, so a load balancer that polls readiness moves new clients away first.
   * Default 0 (nginx notices a closed port at once).
   */
  drainDelayMs?: number
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
  /** This node's id in the cluster, or null on a single node. */
  nodeId: string | null
  /** Sizes of the internal tables (leak checks and the `server.stats` log event). */
  stats(): ServerStats
  /**
   * Graceful stop (drain, see the module comment): stops accepting, closes sockets with
   * `serverShutdown`, commits and compacts rooms, closes storage and Redis. Idempotent.
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

/** Revocations are remembered this long (ms) for sockets whose token check was under way. */
const revocationMemoryMs = 60_000

/** Starts listening; resolves once the port is bound. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  // Client input causes log lines (refused and dropped updates, closed sockets): rate-limited.
  const log = limitLogRate(options.log ?? createConsoleLogger())
  const ownsStorage = !options.storage
  const storage =
    options.storage ??
    (await openStorage({
      dataDir: options.dataDir,
      databaseUrl: options.databaseUrl,
      duringCompaction: options.duringCompaction,
      log,
    }))
  const limits: RoomLimits = { ...defaultRoomLimits, ...options.limits }
  const rateLimits: RateLimits = { ...defaultRateLimits, ...options.rateLimits }
  const now = options.now ?? Date.now
  const connections = new Set<Connection>()
  /** Sockets whose token was accepted and whose room is loading. */
  const joining = new Map<WebSocket, { auth: AuthContext; held: HeldFrames }>()
  /** Recent link rotations, `room\nrole` → generation and when (for sockets still joining). */
  const revocations = new Map<string, { generation: number; at: number }>()
  const metrics = createServerMetrics({
    // Read on scrapes only, once the manager exists.
    rooms: () => roomManager.stats().rooms,
    connections: () => connections.size,
  })
  let cluster: RedisCluster | null = null
  let authority: TokenAuthority
  try {
    authority = new TokenAuthority({
      secret: await loadTokenSecret(storage, options.secret),
      generations: storage,
      now,
      lifetimes: options.tokenLifetimes,
    })
    if (options.redisUrl) {
      // Loaded only when used: a single node starts without the Redis client.
      const { RedisCluster } = await import('./cluster/redisCluster')
      cluster = await RedisCluster.connect({ url: options.redisUrl, log, metrics })
    }
  } catch (error) {
    if (ownsStorage) await storage.close()
    throw error
  }
  const commits = new GroupCommit(storage, ({ updates, seconds, isOk }) => {
    metrics.storageWriteSeconds.observe({ outcome: isOk ? 'ok' : 'failed' }, seconds)
    metrics.storageBatchUpdates.observe(updates)
    if (isOk) metrics.updatesCommitted.inc(updates)
  })
  const schema = createBoardSchema()
  const { webhooks } = storage
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
    hasWebhook: async (roomId) => (await webhooks.getUrl(roomId)) !== null,
    schema,
  })
  const privateDocs = new PrivateDocs({ storage, log })
  const roomManager = new RoomManager({
    storage,
    commits,
    cluster: cluster ?? undefined,
    schema,
    log,
    limits,
    unloadGraceMs: options.unloadGraceMs ?? 10_000,
    now,
    departedAwarenessTtlMs: options.departedAwarenessTtlMs,
    onRoomLoaded: (room) => {
      const stopSecrets = privateDocs.watch(room)
      // Private docs and vaults hold no comments, and none of their content may be announced.
      if (parseInternalRoomId(room.id)) return stopSecrets
      const stopNotifier = notifier.watch(room.id, room.doc)
      return () => {
        stopSecrets()
        stopNotifier()
      }
    },
    spaceFor: (roomId) => privateDocs.spaceFor(roomId),
  })
  privateDocs.attach(roomManager)
  const scorer = new ScorePool()
  let isShuttingDown = false

  /** Closes this node's sockets holding a token of `role` older than `generation`. */
  const revokeHere = ({ roomId, role, generation }: Revocation) => {
    if (!isRole(role)) return
    revocations.set(`${roomId}\n${role}`, { generation, at: performance.now() })
    const reason = revokedReason(role)
    for (const [socket, { auth, held }] of joining) {
      if (auth.roomId === roomId && auth.role === role && auth.generation < generation) {
        joining.delete(socket)
        held.release()
        socket.close(closeCodes.unauthorized, fitCloseReason(reason))
      }
    }
    roomManager.closeRevoked(roomId, role, generation, closeCodes.unauthorized, reason)
  }
  cluster?.onRevocation(revokeHere)
  const isRevoked = (auth: AuthContext) =>
    (revocations.get(`${auth.roomId}\n${auth.role}`)?.generation ?? 0) > auth.generation

  const app = createHttpApp({
    storage,
    staticDir: options.staticDir ?? defaultStaticDir,
    log,
    now,
    rooms: roomManager,
    authority,
    roomCreation: options.roomCreation,
    scorer,
    revokeLinks: (revocation) =>
      cluster ? cluster.publishRevocation(revocation) : revokeHere(revocation),
    health: async () => {
      const database = await probe(() => storage.ping())
      const redis = cluster ? await probe(() => cluster.ping()) : null
      return { database, redis, isDraining: isShuttingDown }
    },
    metrics: metrics.registry,
    notifications: { store: webhooks, notifier, policy: webhookPolicy },
  })
  // Without http2/https options the adaptor creates a plain node:http Server.
  const httpServer = createAdaptorServer({ fetch: app.fetch }) as Server
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes })

  const refuse = (
    socket: WebSocket,
    roomId: string,
    code: number,
    reason: string,
    held?: HeldFrames,
  ) => {
    held?.release()
    log('connection.refused', { room: roomId.slice(0, 80), code, reason })
    socket.close(code, fitCloseReason(reason))
  }

  const handleSocket = async (
    socket: WebSocket,
    roomName: string,
    params: URLSearchParams,
    format: number | null,
  ) => {
    const token = params.get(syncTokenParam)
    // `<roomId>~private` is the connection's private doc of the board (server/privateDocs.ts).
    const isPrivate = roomName.endsWith(privateDocSuffix)
    const roomId = isPrivate ? roomName.slice(0, -privateDocSuffix.length) : roomName
    socket.on('error', (error) => log('connection.error', { room: roomId, error: error.message }))
    if (isShuttingDown)
      return refuse(socket, roomId, closeCodes.serverShutdown, 'server is shutting down')
    const problem = roomIdProblem(roomId)
    if (problem)
      return refuse(socket, roomId, closeCodes.invalidRoomId, `invalid room id: ${problem}`)
    const held = holdFrames(socket, 2 * maxFrameBytes)
    const refuseUnreadable = (error: unknown) => {
      log('room.load.failed', { room: roomId, error: String(error) })
      refuse(socket, roomId, closeCodes.storageFailed, 'could not read storage; try again', held)
    }
    let exists: boolean
    let check
    try {
      exists = await storage.roomExists(roomId)
      check = exists ? await authority.verify(token, roomId) : null
    } catch (error) {
      return refuseUnreadable(error)
    }
    if (!exists || !check)
      return refuse(socket, roomId, closeCodes.roomNotFound, `room ${roomId} does not exist`, held)
    if (!check.ok) return refuse(socket, roomId, closeCodes.unauthorized, check.reason, held)
    if (check.auth.use === 'download') {
      const reason = 'a download token cannot open the board; use the share link'
      return refuse(socket, roomId, closeCodes.unauthorized, reason, held)
    }
    const identity = connectionIdentity({
      token: token ?? '',
      browserKey: params.get(syncBrowserParam),
      participantId: params.get(syncParticipantParam),
    })
    if (!identity.ok) {
      return refuse(socket, roomId, closeCodes.protocolError, identity.reason, held)
    }
    if (format === null || format < boardFormatGeneration) {
      return refuse(
        socket,
        roomId,
        closeCodes.clientOutdated,
        'a newer version of this board is available: reload the page',
        held,
      )
    }
    if (format > boardFormatGeneration) {
      return refuse(
        socket,
        roomId,
        closeCodes.serverOutdated,
        'this server runs an older version of the board; try again',
        held,
      )
    }
    const { auth } = check
    if (isRevoked(auth)) {
      return refuse(socket, roomId, closeCodes.unauthorized, revokedReason(auth.role), held)
    }
    let joinedId = roomId
    if (isPrivate) {
      const refusal = !hasRole(auth.role, 'editor')
        ? {
            code: closeCodes.forbidden,
            reason: 'only editors and the facilitator have a private doc',
          }
        : params.get(syncBrowserParam) === null
          ? { code: closeCodes.protocolError, reason: 'a private doc needs the browser key' }
          : null
      if (refusal) return refuse(socket, roomId, refusal.code, refusal.reason, held)
      let admitted
      try {
        admitted = await privateDocs.admit(roomId, identity.identity)
      } catch (error) {
        return refuseUnreadable(error)
      }
      if (!admitted.ok) return refuse(socket, roomId, closeCodes.forbidden, admitted.reason, held)
      joinedId = admitted.roomId
    }
    if (held.isClosed) return held.release()
    if (isShuttingDown)
      return refuse(socket, roomId, closeCodes.serverShutdown, 'server is shutting down', held)
    joining.set(socket, { auth, held })
    let connection: Connection | undefined
    let room
    try {
      room = await roomManager.join(joinedId, (loaded) => {
        // Gone meanwhile: closed by the client, a revocation or the shutdown.
        if (!joining.has(socket) || held.isClosed || isShuttingDown) return null
        connection = new Connection(socket, auth, identity.identity, {
          log,
          now,
          maxBufferedBytes: 2 * maxFrameBytes,
          rateLimits,
          onClose: (closed) => {
            connections.delete(closed)
            roomManager.leave(loaded, closed)
          },
        })
        return connection
      })
    } catch (error) {
      joining.delete(socket)
      if (error instanceof CloseError) return refuse(socket, roomId, error.code, error.reason, held)
      log('room.load.failed', { room: roomId, error: String(error) })
      return refuse(
        socket,
        roomId,
        closeCodes.storageFailed,
        'could not load the room; try again',
        held,
      )
    }
    joining.delete(socket)
    if (!room || !connection) {
      if (isShuttingDown && !held.isClosed) {
        return refuse(socket, roomId, closeCodes.serverShutdown, 'server is shutting down', held)
      }
      return held.release()
    }
    connections.add(connection)
    connection.attach(room, held.release())
    log('connection.opened', { room: roomId, role: auth.role, connections: room.clientCount })
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
    const format = parseBoardFormatParam(params.get(syncFormatParam))
    wss.handleUpgrade(request, socket, head, (ws) => void handleSocket(ws, roomId, params, format))
  })

  // Keepalive, the end of sockets whose link expired while they were open, and old revocations.
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
    const cutoff = performance.now() - revocationMemoryMs
    for (const [key, { at }] of revocations) if (at < cutoff) revocations.delete(key)
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
    await scorer.close()
    dispatcher.close()
    await cluster?.close()
    if (ownsStorage) await storage.close()
    throw error
  }
  const { port } = httpServer.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  publicUrl ||= url

  let closing: Promise<void> | null = null
  const close = () => {
    closing ??= (async () => {
      isShuttingDown = true
      log('server.draining', { ms: options.drainDelayMs ?? 0 })
      if (options.drainDelayMs) {
        await new Promise((resolve) => setTimeout(resolve, options.drainDelayMs))
      }
      clearInterval(heartbeat)
      const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()))
      httpServer.closeIdleConnections()
      await cluster?.leave()
      for (const [socket, { held }] of joining) {
        refuse(socket, '', closeCodes.serverShutdown, 'server is shutting down', held)
      }
      joining.clear()
      await privateDocs.close()
      const sockets = [...wss.clients]
      await roomManager.unloadAll(closeCodes.serverShutdown, 'server is shutting down')
      await waitForSockets(sockets, shutdownSocketTimeoutMs)
      wss.close()
      httpServer.closeAllConnections()
      await httpClosed
      await commits.drained()
      await scorer.close()
      dispatcher.close()
      await cluster?.close()
      if (ownsStorage) await storage.close()
      log('server.stopped', { url })
    })()
    return closing
  }

  const stats = (): ServerStats => ({
    ...roomManager.stats(),
    connections: connections.size,
    sockets: wss.clients.size,
  })

  return { port, url, nodeId: cluster?.nodeId ?? null, stats, close }
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
