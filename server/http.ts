/**
 * HTTP routes (hono): the room API under /api and the built client (dist/) for everything else.
 * Every /api answer is JSON, errors included (`{ error }` with a sentence a person can act on).
 * Every route under /api/rooms/:roomId needs a token of that room (server/auth.ts), whoever
 * registers it: one `requireRole('viewer')` middleware covers the whole group.
 *
 * CORS: same origin only. No response carries `Access-Control-Allow-*` headers (never a wildcard,
 * never credentials), so browsers let only the app's own pages read the API; request bodies must
 * be JSON (or CSV where a route takes a file), else 415, see server/bodyType.ts.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { getMimeType } from 'hono/utils/mime'
import { roomIdProblem } from '../shared/roomId'
import { syncPathPrefix } from '../shared/protocol'
import { createRoomBodySchema } from '../shared/workshop/workshopApi'
import { exportBoard, exportFormats, isExportFormat } from './export/exportBoard'
import { requireBodyType } from './bodyType'
import { refuseCrossSite } from './crossSite'
import { securityHeaders } from './securityHeaders'
import { guardRoomCreation, type RoomCreationLimits } from './roomCreation'
import { attachmentDisposition } from './export/attachmentDisposition'
import { dataArrayName } from '../shared/data/dataEntries'
import { requireRole, type TokenAuthority } from './auth'
import { registerDatasetRoutes } from './datasets/datasetRoutes'
import type { ScorePool } from './datasets/scorePool'
import { readEntries, writeEntries } from '../shared/keyValueEntries'
import type { Revocation } from './cluster/redisCluster'
import type { Logger } from './log'
import { registerMetricsRoute, registerOpsRoutes, type OpsRoutesOptions } from './opsRoutes'
import type { ServerStorage } from './storage/serverStorage'
import { createdRoomResponse, registerRoomRoutes } from './roomRoutes'
import { RoomFullError, StorageFailedError, type RoomManager } from './rooms'
import { storageTroubleOf } from './storageErrors'
import { limitBodyBytes, readJsonBody } from './readJsonBody'
import { readBoard, readRoom } from './roomBoard'
import { createRoomSeedUpdate } from './roomSeed'
import { newRoomRecords } from './newRoomRecords'
import { VersionService } from './versions'
import type { BoardNotifier } from './notifications/BoardNotifier'
import { registerNotificationRoutes } from './notifications/notificationRoutes'
import type { WebhookPolicy } from './notifications/webhookPolicy'
import type { WebhookStore } from './notifications/webhookStore'
import { boardNameOf } from './export/exportBoard'
import { jsonError } from './jsonError'

/** Largest accepted request body under /api (bytes). */
export const maxApiBodyBytes = 16 * 1024

/** Most a change of the `data` entries adds to a room (the best-customer entry's body cap). */
const maxDataEntryBytes = 64 * 1024

/** Bytes of randomness in a room id: 12 bytes are 16 base64url characters (96 bits). */
const roomIdRandomBytes = 12

/** Options of the HTTP app. */
export interface HttpAppOptions extends OpsRoutesOptions {
  storage: ServerStorage
  rooms: RoomManager
  /** Issues and checks the tokens of /api/rooms/:roomId routes. */
  authority: TokenAuthority
  /** Closes the sockets of a rotated link, on every node. */
  revokeLinks: (revocation: Revocation) => void
  /** Absolute path of the built client (`dist/`). */
  staticDir: string
  log: Logger
  /** The clock exports are dated by (ms since the epoch); default `Date.now`. */
  now?: () => number
  /** Who may create rooms and how fast (server/roomCreation.ts). */
  roomCreation?: { limits?: RoomCreationLimits; createRoomsToken?: string }
  /** Runs account scoring off the event loop (the caller closes it). */
  scorer: ScorePool
  /** Board webhooks (server/notifications/). */
  notifications: { store: WebhookStore; notifier: BoardNotifier; policy: WebhookPolicy }
}

/** A fresh, unguessable room id that passes `roomIdProblem`. */
export function createRoomId(): string {
  return randomBytes(roomIdRandomBytes).toString('base64url')
}

/** The hono app serving /api and the static client. */
export function createHttpApp({
  storage,
  rooms,
  authority,
  revokeLinks,
  staticDir,
  log,
  now = Date.now,
  roomCreation = {},
  scorer,
  health,
  metrics,
  notifications,
}: HttpAppOptions): Hono {
  const app = new Hono()
  const api = new Hono()
  const roomAuth = { authority, persistence: storage }
  // Exports and scoring read rooms without loading them (server/roomBoard.ts).
  const roomSource = {
    storage,
    loadedDoc: (roomId: string) => rooms.loadedDoc(roomId),
    schema: rooms.schema,
  }
  const readRoomBoard = (roomId: string) =>
    readRoom(roomId, roomSource, (doc) => readBoard(doc, roomSource.schema))

  registerOpsRoutes(api, { health, metrics })
  /** A room's board name (its document record), '' when unnamed or unknown. */
  const boardName = async (roomId: string) =>
    boardNameOf((await readRoomBoard(roomId))?.records ?? [])

  const versions = new VersionService({ storage, rooms, now })
  api.post(
    '/rooms',
    guardRoomCreation(roomCreation),
    limitBodyBytes(maxApiBodyBytes),
    async (c) => {
      const body = await readJsonBody(c, createRoomBodySchema, '{"template":"blank"}')
      if (body instanceof Response) return body
      const template = body.template ?? 'blank'
      const seed = await newRoomRecords(body, {
        authority,
        versions,
        boardName: (id) => boardName(id),
      })
      if (!seed.ok) return jsonError(c, seed.status, seed.error)
      let roomId = createRoomId()
      while (await storage.roomExists(roomId)) roomId = createRoomId()
      const update = createRoomSeedUpdate(seed.records)
      await storage.createRoom(roomId, update)
      if (seed.baseline) {
        await versions.addCopy(roomId, seed.baseline.name, update, seed.baseline.from)
      }
      log('room.created', { room: roomId, template })
      return c.json(await createdRoomResponse(authority, roomId), 201)
    },
  )

  api.get('/rooms/:roomId', requireRole('viewer', roomAuth), async (c) => {
    const roomId = c.req.param('roomId')
    const problem = roomIdProblem(roomId)
    if (problem) return jsonError(c, 400, `invalid room id: ${problem}`)
    const info = await storage.getRoomInfo(roomId)
    if (!info) return jsonError(c, 404, `room ${roomId} does not exist`)
    return c.json({
      roomId,
      createdAt: new Date(info.createdAt).toISOString(),
      updatedAt: new Date(info.updatedAt).toISOString(),
      role: c.var.auth.role,
    })
  })

  // Links and versions; before the catch-all download route below.
  registerRoomRoutes(api, {
    storage,
    rooms,
    authority,
    revokeLinks,
    log,
    now,
    maxBodyBytes: maxApiBodyBytes,
    onVersionSaved: (roomId, version) =>
      void readRoom(roomId, roomSource, (doc) =>
        notifications.notifier.versionSaved(roomId, doc, version),
      ).catch((error: unknown) => log('notify.failed', { room: roomId, error: String(error) })),
  })
  registerNotificationRoutes(api, {
    ...notifications,
    authority,
    persistence: storage,
    log,
    now,
    maxBodyBytes: maxApiBodyBytes,
    boardName,
  })

  // Customer data, best customers and account scoring; before the catch-all download route too.
  registerDatasetRoutes(api, {
    store: storage.datasets,
    readBoard: readRoomBoard,
    updateDataEntries: (roomId, update) =>
      rooms.withRoom(roomId, (room) =>
        room.applyServerChange((doc) => {
          const array = doc.getArray(dataArrayName)
          writeEntries(array, update(readEntries(array)))
        }, maxDataEntryBytes),
      ),
    requireRole: (role) => requireRole(role, roomAuth),
    scorer,
    log,
    now,
  })

  // Downloads of the board's ICPs, compiled from the stored (or live) room: icp.json, .md, .csv, .pdf.
  api.get('/rooms/:roomId/:file', async (c) => {
    const roomId = c.req.param('roomId')
    const file = c.req.param('file')
    const problem = roomIdProblem(roomId)
    if (problem) return exportError(c, 400, `invalid room id: ${problem}`)
    const extension = /^icp\.(.+)$/.exec(file)?.[1]
    if (extension === undefined || !isExportFormat(extension)) {
      const formats = exportFormats.map((format) => `icp.${format}`).join(', ')
      return exportError(c, 404, `no export named "${file.slice(0, 80)}": use one of ${formats}`)
    }
    const startedAt = performance.now()
    let board
    try {
      board = await readRoomBoard(roomId)
    } catch (error) {
      log('room.export.failed', { room: roomId, format: extension, error: String(error) })
      return exportError(c, 500, `could not read room ${roomId} from storage; try again`)
    }
    if (!board) return exportError(c, 404, `room ${roomId} does not exist`)
    let result
    try {
      result = await exportBoard(board, {
        roomId,
        format: extension,
        icpId: c.req.query('icp'),
        now: new Date(now()),
      })
    } catch (error) {
      log('room.export.failed', { room: roomId, format: extension, error: String(error) })
      return exportError(
        c,
        500,
        `could not export room ${roomId} as ${extension}: compiling or rendering the board failed (the error was logged)`,
      )
    }
    if (result.kind === 'unknownIcp') return exportError(c, 404, result.message)
    if (result.kind === 'openThreads') return exportError(c, 409, result.message)
    log('room.exported', {
      room: roomId,
      format: extension,
      icps: result.icps,
      bytes: result.body.byteLength,
      ms: Number((performance.now() - startedAt).toFixed(1)),
    })
    return c.body(result.body, 200, {
      'content-type': result.contentType,
      'content-length': String(result.body.byteLength),
      'content-disposition': attachmentDisposition(result.fileName),
      ...noStoreHeaders,
    })
  })

  api.notFound((c) => jsonError(c, 404, `no API route ${c.req.method} ${c.req.path}`))
  api.onError((error, c) => answerError(c, error, log))

  // Registered on `app` before `api` is mounted, so they run first for every API route.
  app.use('*', securityHeaders())
  app.use('/api/*', closeAfterRefusedBody)
  app.use('/api/*', refuseCrossSite())
  app.use('/api/*', requireBodyType())
  app.use('/api/rooms/:roomId/*', requireRole('viewer', roomAuth))
  app.route('/api', api)
  registerMetricsRoute(app, { health, metrics })
  app.all('/api/*', (c) => jsonError(c, 404, `no API route ${c.req.method} ${c.req.path}`))
  // Errors of the middleware above (token checks read storage) are answered like the routes'.
  app.onError((error, c) => {
    if (c.req.path.startsWith('/api/')) return answerError(c, error, log)
    log('http.error', { method: c.req.method, path: c.req.path, error: String(error) })
    return c.text('Internal server error', 500)
  })

  app.get('*', async (c) => {
    if (c.req.path === syncPathPrefix || c.req.path.startsWith(`${syncPathPrefix}/`)) {
      return c.text(`${syncPathPrefix} is the WebSocket endpoint; connect with a WebSocket`, 426)
    }
    const indexFile = path.join(staticDir, 'index.html')
    if (!fs.existsSync(indexFile)) {
      return c.text(
        `The client is not built: no ${indexFile}. Run \`npm run build\`, then restart the server.`,
        503,
      )
    }
    const file = resolveStaticFile(staticDir, c.req.path)
    return serveFile(c, file ?? indexFile, file !== null)
  })

  return app
}

/**
 * The JSON answer to an error a route threw: 503 for a change storage could not make now (a full
 * disk; it was not made and can be retried), 500 otherwise, always `{ error }`.
 */
function answerError(c: Context, error: unknown, log: Logger): Response {
  log('http.error', { method: c.req.method, path: c.req.path, error: String(error) })
  if (error instanceof StorageFailedError) return jsonError(c, 503, `${error.message}; try again`)
  if (error instanceof RoomFullError) {
    return jsonError(c, 413, `${error.message}: remove content from the board first`)
  }
  switch (storageTroubleOf(error)) {
    case 'unavailable':
      return jsonError(
        c,
        503,
        'storage is unavailable (the disk may be full); nothing was changed, try again later',
      )
    case 'damaged':
      return jsonError(c, 500, 'storage is damaged; the operator must restore it from a backup')
    default:
      return jsonError(c, 500, 'internal server error')
  }
}

/**
 * A body refused as too large was not read to its end, and the adaptor drops the rest of it by
 * closing the socket: say so (`Connection: close`), or a keep-alive client would send its next
 * request on a connection that is about to go away, and see it fail.
 */
const closeAfterRefusedBody: MiddlewareHandler = async (c, next) => {
  await next()
  if (c.res.status === 413) c.res.headers.set('connection', 'close')
}

/** Exports are generated per request and must be neither cached nor sniffed into another type. */
const noStoreHeaders = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }

function exportError(c: Context, status: 400 | 404 | 409 | 500, message: string): Response {
  return c.json({ error: message }, status, noStoreHeaders)
}

/** The file under `staticDir` that `urlPath` names, or null (not a file, or outside the dir). */
function resolveStaticFile(staticDir: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const root = path.resolve(staticDir)
  const file = path.resolve(root, `.${decoded}`)
  if (!file.startsWith(root + path.sep)) return null
  try {
    return fs.statSync(file).isFile() ? file : null
  } catch {
    return null
  }
}

/** Streams a file. Hashed build assets are cached forever; everything else is revalidated. */
function serveFile(c: Context, file: string, isExactMatch: boolean): Response {
  const isHashedAsset = isExactMatch && c.req.path.startsWith('/assets/')
  const headers = new Headers({
    'content-type': getMimeType(file) ?? 'application/octet-stream',
    'content-length': String(fs.statSync(file).size),
    'cache-control': isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (c.req.method === 'HEAD') return new Response(null, { headers })
  const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>
  return new Response(body, { headers })
}
