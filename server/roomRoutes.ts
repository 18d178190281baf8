/**
 * The workshop routes under `/api/rooms/:roomId` (shapes in shared/workshop/workshopApi.ts): share
 * links and their rotation, and versions (save, list, read, diff, restore). Authentication is the
 * `requireRole('viewer')` middleware http.ts puts in front of every room route; routes that change
 * something add `requireRole('facilitator')`. Also the short-lived download tokens of links.
 */
import type { Context, Hono } from 'hono'
import { isRole, roles, shareableRoles, type ShareableRole } from '../shared/workshop/roles'
import { diffCompilations } from '../shared/workshop/versionDiff'
import {
  createVersionBodySchema,
  currentVersionId,
  type CreatedRoomResponse,
  type DownloadTokenResponse,
  type RestoreResponse,
  type RotatedLinkResponse,
  type ShareLinksResponse,
  type VersionDiffResponse,
  type VersionListResponse,
  type VersionResponse,
  type VersionSummary,
} from '../shared/workshop/workshopApi'
import { requireRole, type TokenAuthority } from './auth'
import type { Revocation } from './cluster/redisCluster'
import type { Logger } from './log'
import type { ServerStorage, StoredVersionInfo } from './storage/serverStorage'
import { limitBodyBytes, readJsonBody } from './readJsonBody'
import { utcDayOf } from './roomBoard'
import type { RoomManager } from './rooms'
import { isNearServerDay, VersionError, VersionService } from './versions'
import { jsonError } from './jsonError'

/** What the room routes need. */
export interface RoomRoutesOptions {
  storage: ServerStorage
  rooms: RoomManager
  authority: TokenAuthority
  /** Closes the sockets of a rotated link, on every node. */
  revokeLinks: (revocation: Revocation) => void
  log: Logger
  now: () => number
  /** Largest accepted JSON body (bytes). */
  maxBodyBytes: number
  /** Told about every saved version (notifications). */
  onVersionSaved?: (roomId: string, version: StoredVersionInfo) => void
}

/** The body of `POST /api/rooms` for a new room: facilitator token and share links. */
export async function createdRoomResponse(
  authority: TokenAuthority,
  roomId: string,
): Promise<CreatedRoomResponse> {
  const facilitator = await authority.issue(roomId, 'facilitator')
  return { roomId, facilitatorToken: facilitator.token, ...(await shareLinks(authority, roomId)) }
}

async function shareLinks(authority: TokenAuthority, roomId: string): Promise<ShareLinksResponse> {
  const issued = Object.fromEntries(
    await Promise.all(
      shareableRoles.map(async (role) => [role, await authority.issue(roomId, role)] as const),
    ),
  ) as Record<ShareableRole, Awaited<ReturnType<TokenAuthority['issue']>>>
  const expiresAt = issued.viewer.expiresAt
  return {
    links: {
      editor: issued.editor.token,
      commenter: issued.commenter.token,
      viewer: issued.viewer.token,
    },
    linksExpireAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
  }
}

function versionSummary(info: StoredVersionInfo): VersionSummary {
  return {
    id: info.id,
    name: info.name,
    createdAt: new Date(info.createdAt).toISOString(),
    createdBy: info.createdBy,
    icpCount: info.icpCount,
  }
}

/**
 * Registers the link and version routes on `api` (mounted at /api). Register them before any
 * catch-all `/rooms/:roomId/:file` route so that one does not answer for them.
 */
export function registerRoomRoutes(api: Hono, options: RoomRoutesOptions): void {
  const { storage, rooms, authority, revokeLinks, log, now, maxBodyBytes } = options
  const auth = { authority, persistence: storage }
  const facilitator = requireRole('facilitator', auth)
  const viewer = requireRole('viewer', auth)
  const versions = new VersionService({ storage, rooms, now })
  const limitBody = limitBodyBytes(maxBodyBytes)

  api.get('/rooms/:roomId/links', facilitator, async (c) => {
    return c.json((await shareLinks(authority, c.var.auth.roomId)) satisfies ShareLinksResponse)
  })

  api.post('/rooms/:roomId/links/:role/rotate', facilitator, async (c) => {
    const { roomId } = c.var.auth
    const role = c.req.param('role')
    if (!isRole(role)) {
      return jsonError(
        c,
        400,
        `unknown role "${role.slice(0, 40)}": use one of ${roles.join(', ')}`,
      )
    }
    const rotated = await authority.rotate(roomId, role)
    revokeLinks({ roomId, role, generation: rotated.generation })
    log('room.link.rotated', { room: roomId, role, generation: rotated.generation })
    const body: RotatedLinkResponse = {
      role,
      token: rotated.token,
      expiresAt: rotated.expiresAt === null ? null : new Date(rotated.expiresAt).toISOString(),
    }
    return c.json(body)
  })

  api.post('/rooms/:roomId/download-token', viewer, (c) => {
    const issued = authority.issueDownload(c.var.auth)
    const body: DownloadTokenResponse = {
      token: issued.token,
      expiresAt: new Date(issued.expiresAt ?? 0).toISOString(),
    }
    return c.json(body, 200, { 'cache-control': 'no-store' })
  })

  api.post('/rooms/:roomId/versions', limitBody, facilitator, async (c) => {
    const body = await readJsonBody(c, createVersionBodySchema)
    if (body instanceof Response) return body
    const { roomId } = c.var.auth
    const serverDay = utcDayOf(now())
    const today = body.today ?? serverDay
    if (!isNearServerDay(today, now())) {
      return jsonError(
        c,
        400,
        `today (${today}) must be within a day of the server's date (${serverDay} UTC)`,
      )
    }
    const info = await versions.save(roomId, body.name, body.createdBy ?? null, today)
    log('room.version.saved', { room: roomId, version: info.id, icps: info.icpCount })
    options.onVersionSaved?.(roomId, info)
    return c.json({ version: versionSummary(info) }, 201)
  })

  api.get('/rooms/:roomId/versions', viewer, async (c) => {
    const list = (await versions.list(c.var.auth.roomId)).map(versionSummary)
    return c.json({ versions: list } satisfies VersionListResponse)
  })

  // Before /versions/:versionId, which would otherwise take "diff" for an id.
  api.get('/rooms/:roomId/versions/diff', viewer, async (c) => {
    const { roomId } = c.var.auth
    const fromId = c.req.query('from')
    const toId = c.req.query('to') ?? currentVersionId
    if (!fromId) {
      return jsonError(
        c,
        400,
        `say what to compare: ?from=<versionId>&to=<versionId|${currentVersionId}>`,
      )
    }
    return withVersionErrors(c, async () => {
      const from = await versions.get(roomId, fromId)
      const to = toId === currentVersionId ? null : await versions.get(roomId, toId)
      const body: VersionDiffResponse = {
        from: versionSummary(from.info),
        to: to ? versionSummary(to.info) : null,
        diff: diffCompilations(
          from.compilation,
          to ? to.compilation : await versions.compileCurrent(roomId),
        ),
      }
      return c.json(body)
    })
  })

  api.get('/rooms/:roomId/versions/:versionId', viewer, (c) => {
    return withVersionErrors(c, async () => {
      const { info, compilation } = await versions.get(c.var.auth.roomId, c.req.param('versionId'))
      return c.json({ version: versionSummary(info), compilation } satisfies VersionResponse)
    })
  })

  api.post('/rooms/:roomId/versions/:versionId/restore', facilitator, (c) => {
    const { roomId } = c.var.auth
    return withVersionErrors(c, async () => {
      const { info, result } = await versions.restore(roomId, c.req.param('versionId'))
      log('room.version.restored', { room: roomId, version: info.id, ...result })
      return c.json({ version: versionSummary(info), restored: result } satisfies RestoreResponse)
    })
  })
}

/** Answers a VersionError with its status; rethrows the rest (see `api.onError` in http.ts). */
async function withVersionErrors(c: Context, handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle()
  } catch (error) {
    if (error instanceof VersionError) return jsonError(c, error.status, error.message)
    throw error
  }
}
