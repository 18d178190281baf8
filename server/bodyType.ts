/**
 * Content types of request bodies under /api: JSON everywhere, and CSV (`text/csv`, or `text/plain`
 * as some tools send it) where a route takes a file. Anything else is answered 415 before a route
 * reads it.
 *
 * This is also half of the CORS policy (see http.ts): the server sends no CORS headers, so only
 * pages of its own origin can read its answers, and a JSON body makes a browser ask first (a
 * preflight the server does not grant). Refusing other types keeps cross-site pages from posting
 * form-like bodies (`text/plain`, form encodings) that need no preflight. Tokens travel in the
 * Authorization header or `?t=`, never in cookies, so there is no ambient credential to abuse.
 */
import type { MiddlewareHandler } from 'hono'

const json = 'application/json'
const csvTypes = ['text/csv', 'text/plain', json] as const

/** Routes that take a CSV file as well as JSON: imports and scoring. */
const csvRoutes: readonly { method: string; path: RegExp }[] = [
  { method: 'PUT', path: /^\/api\/rooms\/[^/]+\/datasets\/[^/]+$/ },
  { method: 'POST', path: /^\/api\/rooms\/[^/]+\/score$/ },
]

/** The media types a body of `method` on `path` may have. */
export function acceptedBodyTypes(method: string, path: string): readonly string[] {
  const isCsvRoute = csvRoutes.some((route) => route.method === method && route.path.test(path))
  return isCsvRoute ? csvTypes : [json]
}

/** The media type of a Content-Type header, lower case, without parameters; null when absent. */
export function mediaTypeOf(header: string | undefined): string | null {
  const type = header?.split(';')[0]?.trim().toLowerCase()
  return type ? type : null
}

function hasBody(headers: { header(name: string): string | undefined }): boolean {
  const length = headers.header('content-length')
  if (length !== undefined) return Number(length) > 0
  return headers.header('transfer-encoding') !== undefined
}

/** Answers 415 (`{ error }`) for a request body whose type the route does not take. */
export function requireBodyType(): MiddlewareHandler {
  return async (c, next) => {
    if (!hasBody(c.req)) return next()
    const accepted = acceptedBodyTypes(c.req.method, c.req.path)
    const type = mediaTypeOf(c.req.header('content-type'))
    if (type !== null && accepted.includes(type)) return next()
    const wanted =
      accepted.length === 1 ? accepted[0] : `${accepted.slice(0, -1).join(', ')} or ${json}`
    const got = type === null ? 'no Content-Type' : `"${type.slice(0, 60)}"`
    return c.json({ error: `send the body as ${wanted} (got ${got})` }, 415)
  }
}
