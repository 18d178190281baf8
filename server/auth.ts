/**
 * Share-link tokens: who may open a board, and as which role. There are no accounts; a token is
 * a capability signed by the server.
 *
 * Format: `<payload>.<signature>`, both base64url. The payload is JSON
 * `{ v: 1, room, role, gen, exp }`: the room id, the role, the role's link generation in that
 * room when the token was issued, and the expiry in ms since the epoch (`null` = never). The
 * signature is HMAC-SHA256 of the payload text with the server secret, compared in constant time.
 *
 * Revocation: a token is valid only while `gen` equals the room's current generation for that
 * role (`room_link_generations` in storage); rotating a link bumps it, so every older token of that
 * role stops working at once, and the caller closes sockets still holding one (on every node).
 *
 * Lifetimes (`defaultTokenLifetimes`): facilitator tokens never expire (rotate to revoke); share
 * links expire 180 days after they were issued. Every issue mints a fresh token, so a link fetched
 * later lasts longer; all tokens of the current generation stay valid until their own expiry.
 *
 * Download tokens (`use: "download"` in the payload) let a plain link download a file: a
 * browser cannot add a header to a link it follows, so the token rides in `?t=`, where it ends up
 * in history and logs. So a link never carries the share-link token: the app asks for a download
 * token (`POST /api/rooms/:roomId/download-token`) that lasts one minute and only reads (GET), and
 * share-link tokens are accepted in the Authorization header only.
 *
 * The secret is `SECRET` from the environment, or 32 random bytes generated once and kept with the
 * data (`<dataDir>/secret.key`, mode 0600, or a row in PostgreSQL; see the storage contract).
 * Losing or changing it invalidates every link.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Context, MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { roomIdProblem } from '../shared/roomId'
import { hasRole, roles, type Role } from '../shared/workshop/roles'
import type { Logger } from './log'
import type { LinkGenerationStore, RoomStore } from './storage/serverStorage'

/** What a valid token grants: one role in one room. Passed on to connections and routes. */
export interface AuthContext {
  roomId: string
  role: Role
  /** The link generation the token was issued for. */
  generation: number
  /** Ms since the epoch, or null for a token that never expires. */
  expiresAt: number | null
  /** `download`: a short-lived token for links, good for GET requests only (see above). */
  use: 'share' | 'download'
}

/** A freshly issued token. */
export interface IssuedToken {
  token: string
  expiresAt: number | null
}

/** Result of `TokenAuthority.verify`: the context, or why the token is refused (a sentence). */
export type TokenCheck = { ok: true; auth: AuthContext } | { ok: false; reason: string }

/** How long tokens of each role last (ms), `null` = forever. */
export type TokenLifetimes = Record<Role, number | null>

const day = 24 * 60 * 60 * 1000

/** Facilitator tokens never expire; share links last 180 days. */
export const defaultTokenLifetimes: TokenLifetimes = {
  facilitator: null,
  editor: 180 * day,
  commenter: 180 * day,
  viewer: 180 * day,
}

/** Name of the secret file in the data directory. */
export const secretFileName = 'secret.key'

/** Shortest accepted `SECRET` (characters). */
export const minSecretLength = 32

/** How long a download token lasts (ms). */
export const downloadTokenLifetimeMs = 60_000

/** Longest token accepted for verification; real ones are about 150 characters. */
const maxTokenLength = 1024

const tokenPattern = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

const payloadSchema = z.strictObject({
  v: z.literal(1),
  room: z.string(),
  role: z.enum(roles),
  gen: z.number().int().nonnegative(),
  exp: z.number().int().nullable(),
  use: z.literal('download').optional(),
})

/** Options of a TokenAuthority. */
export interface TokenAuthorityOptions {
  secret: Uint8Array
  generations: LinkGenerationStore
  /** Clock (ms since the epoch); tests pin it to test expiry. */
  now?: () => number
  lifetimes?: Partial<TokenLifetimes>
}

/** Issues, verifies and rotates tokens. */
export class TokenAuthority {
  private readonly secret: Uint8Array
  private readonly generations: LinkGenerationStore
  private readonly now: () => number
  private readonly lifetimes: TokenLifetimes

  constructor(options: TokenAuthorityOptions) {
    if (options.secret.byteLength < 16)
      throw new Error('the token secret must be at least 16 bytes')
    this.secret = options.secret
    this.generations = options.generations
    this.now = options.now ?? Date.now
    this.lifetimes = { ...defaultTokenLifetimes, ...options.lifetimes }
  }

  /** A new token for `role` in `roomId` at the role's current generation. */
  async issue(roomId: string, role: Role): Promise<IssuedToken> {
    return this.sign(roomId, role, await this.generations.getLinkGeneration(roomId, role))
  }

  /**
   * A download token for the holder of `auth`: same room, role and generation, good for GET
   * requests for `downloadTokenLifetimeMs` (never beyond the share token's own expiry).
   */
  issueDownload(auth: AuthContext): IssuedToken {
    const lifetimeEnd = this.now() + downloadTokenLifetimeMs
    const expiresAt = auth.expiresAt === null ? lifetimeEnd : Math.min(lifetimeEnd, auth.expiresAt)
    return this.signPayload({
      v: 1,
      room: auth.roomId,
      role: auth.role,
      gen: auth.generation,
      exp: expiresAt,
      use: 'download',
    })
  }

  /** Revokes every token of `role` in `roomId` and returns a new one (with its generation). */
  async rotate(roomId: string, role: Role): Promise<IssuedToken & { generation: number }> {
    const generation = await this.generations.bumpLinkGeneration(roomId, role)
    return { ...this.sign(roomId, role, generation), generation }
  }

  /**
   * Checks `token` for `roomId`: signature (constant time), payload, room, expiry and generation.
   * Reads the generation from storage, so it rejects when storage fails.
   */
  async verify(token: string | null | undefined, roomId: string): Promise<TokenCheck> {
    if (!token) return refuse('no token: open the board with its share link')
    if (token.length > maxTokenLength || !tokenPattern.test(token)) return refuse('malformed token')
    const [payloadText = '', signatureText = ''] = token.split('.')
    const signature = Buffer.from(signatureText, 'base64url')
    const expected = this.signature(payloadText)
    if (signature.byteLength !== expected.byteLength || !timingSafeEqual(signature, expected)) {
      return refuse(
        'invalid token: the signature does not match (tampered, or from another server)',
      )
    }
    let payload: z.infer<typeof payloadSchema>
    try {
      payload = payloadSchema.parse(JSON.parse(Buffer.from(payloadText, 'base64url').toString()))
    } catch {
      return refuse('malformed token')
    }
    if (payload.room !== roomId) return refuse('this token is for another board')
    if (payload.exp !== null && this.now() >= payload.exp) return refuse(expiredReason(payload.exp))
    if (payload.gen !== (await this.generations.getLinkGeneration(roomId, payload.role))) {
      return refuse(revokedReason(payload.role))
    }
    return {
      ok: true,
      auth: {
        roomId,
        role: payload.role,
        generation: payload.gen,
        expiresAt: payload.exp,
        use: payload.use ?? 'share',
      },
    }
  }

  private sign(roomId: string, role: Role, generation: number): IssuedToken {
    const lifetime = this.lifetimes[role]
    const expiresAt = lifetime === null ? null : this.now() + lifetime
    return this.signPayload({ v: 1, room: roomId, role, gen: generation, exp: expiresAt })
  }

  private signPayload(payload: z.infer<typeof payloadSchema>): IssuedToken {
    const payloadText = Buffer.from(JSON.stringify(payload)).toString('base64url')
    return {
      token: `${payloadText}.${this.signature(payloadText).toString('base64url')}`,
      expiresAt: payload.exp,
    }
  }

  private signature(payloadText: string): Buffer {
    return createHmac('sha256', this.secret).update(payloadText).digest()
  }
}

/** "an editor", "a viewer": for messages. */
export function withArticle(role: Role): string {
  return `${role === 'editor' ? 'an' : 'a'} ${role}`
}

/** Close reason / error for a token that expired at `expiresAt` (ms since the epoch). */
export function expiredReason(expiresAt: number): string {
  const date = new Date(expiresAt).toISOString().slice(0, 10)
  return `this link expired on ${date}; ask the facilitator for a new one`
}

/** Close reason / error for a token of `role` whose link was rotated. */
export function revokedReason(role: Role): string {
  return `this ${role} link was revoked by the facilitator; ask for the new link`
}

function refuse(reason: string): TokenCheck {
  return { ok: false, reason }
}

/** The token secret: `SECRET` when set, else the one storage keeps (created on first use). */
export async function loadTokenSecret(
  storage: { loadOrCreateSecret(): Promise<Buffer> },
  envSecret?: string,
): Promise<Buffer> {
  return envSecret !== undefined ? Buffer.from(envSecret, 'utf8') : storage.loadOrCreateSecret()
}

/** A new random token secret (what a storage backend keeps when `SECRET` is unset). */
export function createRandomSecret(): Buffer {
  return randomBytes(32)
}

/**
 * The contents of `<dataDir>/secret.key`, created with 32 random bytes (mode 0600) on first
 * start. Creation goes through a temporary file and a hard link, so two processes starting at once
 * agree on one secret and a crash never leaves a half-written key.
 */
export function loadOrCreateSecretFile(dataDir: string, log?: Logger): Buffer {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, secretFileName)
  if (!fs.existsSync(file)) {
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    fs.writeFileSync(temporary, `${createRandomSecret().toString('base64url')}\n`, {
      mode: 0o600,
    })
    try {
      fs.linkSync(temporary, file)
      log?.('auth.secret.created', { file })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      fs.rmSync(temporary, { force: true })
    }
  }
  const secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url')
  if (secret.byteLength < 16) {
    throw new Error(`${file} does not hold a usable secret; delete it to generate a new one`)
  }
  return secret
}

/**
 * The token of an HTTP request: `Authorization: Bearer <token>`, else the `t` query parameter,
 * and where it came from.
 */
export function readRequestToken(c: Context): { token: string | null; isFromQuery: boolean } {
  const header = c.req.header('authorization')
  const bearer = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined
  if (bearer !== undefined) return { token: bearer, isFromQuery: false }
  const query = c.req.query('t')
  return { token: query ?? null, isFromQuery: query !== undefined }
}

/** Why a valid token may not be used this way (see the module comment), or null. */
function tokenMisuse(auth: AuthContext, isFromQuery: boolean, method: string): string | null {
  if (auth.use === 'download') {
    return method === 'GET' || method === 'HEAD'
      ? null
      : 'a download token only downloads; send the share-link token in the Authorization header'
  }
  return isFromQuery
    ? 'a link carries a download token (POST /api/rooms/:roomId/download-token), never the share-link token; send that in the Authorization header'
    : null
}

/** Refusals depend on the token: never cache them. */
const noStore = { 'cache-control': 'no-store' }

/** Hono variables set by `requireRole`. */
export interface AuthVariables {
  auth: AuthContext
}

/** What `requireRole` needs. */
export interface RequireRoleOptions {
  authority: TokenAuthority
  persistence: Pick<RoomStore, 'roomExists'>
}

/**
 * Middleware for routes under `/rooms/:roomId`: 400 for a malformed room id, 404 for an unknown
 * room, 401 for a missing, malformed, forged, expired, revoked or other-room token, 403 when the
 * token's role is below `required`. Sets `c.var.auth`. A second `requireRole` on the same request
 * (a stricter one on one route) only checks the role.
 */
export function requireRole(
  required: Role,
  { authority, persistence }: RequireRoleOptions,
): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    let auth: AuthContext | undefined = c.get('auth')
    if (!auth) {
      const roomId = c.req.param('roomId') ?? ''
      const problem = roomIdProblem(roomId)
      if (problem) return c.json({ error: `invalid room id: ${problem}` }, 400, noStore)
      if (!(await persistence.roomExists(roomId))) {
        return c.json({ error: `room ${roomId} does not exist` }, 404, noStore)
      }
      const { token, isFromQuery } = readRequestToken(c)
      const check = await authority.verify(token, roomId)
      if (!check.ok) return c.json({ error: check.reason }, 401, noStore)
      const misuse = tokenMisuse(check.auth, isFromQuery, c.req.method)
      if (misuse !== null) return c.json({ error: misuse }, 401, noStore)
      auth = check.auth
      c.set('auth', auth)
    }
    if (!hasRole(auth.role, required)) {
      const error = `this needs ${withArticle(required)} link; yours is ${withArticle(auth.role)} link`
      return c.json({ error }, 403, noStore)
    }
    await next()
  }
}
