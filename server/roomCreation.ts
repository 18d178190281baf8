/**
 * Who may create rooms, and how fast. Creating a room needs no token (it makes you the
 * facilitator), so without a limit anyone could fill the disk (260-332 rooms a second, 5-6 GB an
 * hour). Two guards on `POST /api/rooms`:
 * - a rate per client address (a token bucket: `burst` at once, then `perMinute`): 429 with
 *   `Retry-After` beyond it;
 * - an optional creation key (`CREATE_ROOMS_TOKEN`): when the operator sets one, creating a room
 *   needs `Authorization: Bearer <key>` (401 with `needsCreateKey: true` without it), so a public
 *   server only makes rooms for people who were given the key.
 * Behind a reverse proxy every request comes from the proxy's address: limit rates there too.
 */
import { timingSafeEqual } from 'node:crypto'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler } from 'hono'
import { TokenBucket } from './rateLimit'

/** Limits of room creation. */
export interface RoomCreationLimits {
  /** Rooms one client address may create per minute, sustained. */
  perMinute: number
  /** Rooms one client address may create at once. */
  burst: number
}

/** 20 rooms at once, then 20 a minute, per client address. */
export const defaultRoomCreationLimits: RoomCreationLimits = { perMinute: 20, burst: 20 }

/** Client addresses tracked at most; idle ones are forgotten first. */
const maxTrackedClients = 10_000

/** Middleware guarding room creation (see the module comment). */
export function guardRoomCreation({
  limits = defaultRoomCreationLimits,
  createRoomsToken,
}: {
  limits?: RoomCreationLimits
  /** The key creation needs, or undefined for none. */
  createRoomsToken?: string
}): MiddlewareHandler {
  const buckets = new Map<string, TokenBucket>()
  const perSecond = limits.perMinute / 60
  return async (c, next) => {
    if (createRoomsToken !== undefined && !hasKey(c, createRoomsToken)) {
      return c.json(
        {
          error: 'this server needs a room creation key to create boards: ask its operator',
          needsCreateKey: true,
        },
        401,
      )
    }
    const client = clientAddress(c)
    let bucket = buckets.get(client)
    if (!bucket) {
      if (buckets.size >= maxTrackedClients) {
        // The oldest entry is the longest tracked: good enough to bound the map.
        const oldest = buckets.keys().next().value
        if (oldest !== undefined) buckets.delete(oldest)
      }
      bucket = new TokenBucket(perSecond, limits.burst)
      buckets.set(client, bucket)
    }
    if (!bucket.take(1)) {
      const retryAfter = Math.ceil(1 / perSecond)
      return c.json(
        {
          error: `too many new boards from this address: at most ${limits.perMinute} a minute; try again in ${retryAfter} s`,
        },
        429,
        { 'retry-after': String(retryAfter) },
      )
    }
    return next()
  }
}

function hasKey(c: Context, key: string): boolean {
  const header = c.req.header('authorization') ?? ''
  const given = Buffer.from(/^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '')
  const expected = Buffer.from(key)
  return given.byteLength === expected.byteLength && timingSafeEqual(given, expected)
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    // Not served by node:http (e.g. app.request in a test): one shared bucket.
    return 'unknown'
  }
}
