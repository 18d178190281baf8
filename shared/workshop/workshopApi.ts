/**
 * Request and response shapes of the workshop HTTP API (server/http.ts, server/roomRoutes.ts),
 * declared once with zod so clients validate what they receive. Every route under
 * `/api/rooms/:roomId` needs a token of that room: `Authorization: Bearer <token>`, or
 * `?t=<token>` for plain links such as downloads. Errors are `{ error }` with a sentence.
 *
 * | method | path                                         | role        |
 * |--------|----------------------------------------------|-------------|
 * | POST   | /api/rooms                                   | none        |
 * | GET    | /api/rooms/:roomId                           | viewer      |
 * | GET    | /api/rooms/:roomId/links                     | facilitator |
 * | POST   | /api/rooms/:roomId/links/:role/rotate        | facilitator |
 * | POST   | /api/rooms/:roomId/versions                  | facilitator |
 * | GET    | /api/rooms/:roomId/versions                  | viewer      |
 * | GET    | /api/rooms/:roomId/versions/diff?from=&to=   | viewer      |
 * | GET    | /api/rooms/:roomId/versions/:versionId       | viewer      |
 * | POST   | /api/rooms/:roomId/versions/:versionId/restore | facilitator |
 */
import { z } from 'zod'
import { boardCompilationSchema } from '../compile/icpDocument'
import { boardTemplates, maxBoardNameLength } from '../templates/boardTemplate'
import { roles } from './roles'
import { versionDiffSchema } from './versionDiff'

/** Query parameter of a board URL carrying the token: `/b/<roomId>?t=<token>`. */
export const boardTokenParam = 't'

/** The board URL path a share link opens. */
export function boardLinkPath(roomId: string, token: string): string {
  return `/b/${encodeURIComponent(roomId)}?${boardTokenParam}=${encodeURIComponent(token)}`
}

/** Tokens of the three share links of a board. */
export const shareLinksSchema = z.object({
  editor: z.string(),
  commenter: z.string(),
  viewer: z.string(),
})
export type ShareLinks = z.infer<typeof shareLinksSchema>

/**
 * Body of `POST /api/rooms`: the template (default blank) and the board's name (default the
 * template's title). `icp-review` needs `source`: a saved version of another board and a token
 * (any role) of that board.
 */
export const createRoomBodySchema = z.strictObject({
  template: z.enum(boardTemplates).optional(),
  name: z
    .string()
    .max(maxBoardNameLength * 4)
    .optional(),
  source: z
    .strictObject({
      roomId: z.string().min(1).max(200),
      versionId: z.string().min(1).max(200),
      token: z.string().min(1).max(1024),
    })
    .optional(),
})
export type CreateRoomBody = z.infer<typeof createRoomBodySchema>

/** `POST /api/rooms` (201): the creator gets the facilitator token and the share links. */
export const createdRoomResponseSchema = z.object({
  roomId: z.string(),
  facilitatorToken: z.string(),
  links: shareLinksSchema,
  /** When the share-link tokens above expire (ISO 8601); the facilitator token never does. */
  linksExpireAt: z.string().nullable(),
})
export type CreatedRoomResponse = z.infer<typeof createdRoomResponseSchema>

/** `GET /api/rooms/:roomId`: the room and the role of the presented token. */
export const roomInfoResponseSchema = z.object({
  roomId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  role: z.enum(roles),
})
export type RoomInfoResponse = z.infer<typeof roomInfoResponseSchema>

/** `GET /api/rooms/:roomId/links`: freshly issued tokens of the current share links. */
export const shareLinksResponseSchema = z.object({
  links: shareLinksSchema,
  linksExpireAt: z.string().nullable(),
})
export type ShareLinksResponse = z.infer<typeof shareLinksResponseSchema>

/**
 * `POST /api/rooms/:roomId/links/:role/rotate`: the new token of `role`. Every older token of that
 * role stops working, and sockets holding one are closed with `unauthorized` (rotating
 * `facilitator` closes the caller's own sockets too: switch to the new token).
 */
export const rotatedLinkResponseSchema = z.object({
  role: z.enum(roles),
  token: z.string(),
  expiresAt: z.string().nullable(),
})
export type RotatedLinkResponse = z.infer<typeof rotatedLinkResponseSchema>

/** Body of `POST /api/rooms/:roomId/versions`. */
export const createVersionBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  /** Who saved it (the facilitator's display name). */
  createdBy: z.string().trim().max(120).nullable().optional(),
  /**
   * Today in the facilitator's time zone (`YYYY-MM-DD`): the review date the server stamps on the
   * statement cards and the date the version is compiled at. Default: the server's UTC day.
   */
  today: z.iso.date().optional(),
})
export type CreateVersionBody = z.infer<typeof createVersionBodySchema>

/** A saved version, without its content. */
export const versionSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** ISO 8601. */
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  icpCount: z.number().int(),
})
export type VersionSummary = z.infer<typeof versionSummarySchema>

/** `POST /api/rooms/:roomId/versions` (201). */
export const versionCreatedResponseSchema = z.object({ version: versionSummarySchema })

/** `GET /api/rooms/:roomId/versions`: newest first. */
export const versionListResponseSchema = z.object({ versions: z.array(versionSummarySchema) })
export type VersionListResponse = z.infer<typeof versionListResponseSchema>

/** `GET /api/rooms/:roomId/versions/:versionId`: the version and its frozen compilation. */
export const versionResponseSchema = z.object({
  version: versionSummarySchema,
  compilation: boardCompilationSchema,
})
export type VersionResponse = z.infer<typeof versionResponseSchema>

/** The `to` of a diff that means the live board. */
export const currentVersionId = 'current'

/** `GET /api/rooms/:roomId/versions/diff?from=<id>&to=<id|current>`; `to: null` = the live board. */
export const versionDiffResponseSchema = z.object({
  from: versionSummarySchema,
  to: versionSummarySchema.nullable(),
  diff: versionDiffSchema,
})
export type VersionDiffResponse = z.infer<typeof versionDiffResponseSchema>

/**
 * `POST /api/rooms/:roomId/versions/:versionId/restore`: how many board records were written and
 * removed (one new change everyone receives; comments, votes and workshop state are untouched).
 */
export const restoreResponseSchema = z.object({
  version: versionSummarySchema,
  restored: z.object({ written: z.number().int(), removed: z.number().int() }),
})
export type RestoreResponse = z.infer<typeof restoreResponseSchema>
