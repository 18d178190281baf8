/**
 * Refuses cross-site requests that change something. Browsers say where a request comes from:
 * `Sec-Fetch-Site` (`same-origin`, `same-site`, `cross-site`, `none` for a typed address) and
 * `Origin` on every POST, PUT, PATCH and DELETE. A page of another site can still send a request
 * that needs no preflight (a form post, or a `fetch` with no body and no headers, which created
 * rooms before); its answer is unreadable, but the change would be made. So a change whose
 * `Sec-Fetch-Site` is not same-origin, or whose `Origin` names another host than the one the
 * request was sent to, is answered 403. Requests without these headers (curl, scripts, the
 * tests) are not from a browser page and pass; they need their tokens like everyone.
 */
import type { MiddlewareHandler } from 'hono'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Middleware answering 403 `{ error }` to a cross-site request that is not GET, HEAD or OPTIONS. */
export function refuseCrossSite(): MiddlewareHandler {
  return async (c, next) => {
    if (safeMethods.has(c.req.method)) return next()
    const site = c.req.header('sec-fetch-site')
    const origin = c.req.header('origin')
    const isCrossSite =
      (site !== undefined && site !== 'same-origin' && site !== 'none') ||
      (origin !== undefined && !isSameHost(origin, c.req.header('host')))
    if (!isCrossSite) return next()
    return c.json(
      { error: 'cross-site requests cannot change anything here: use this server’s own pages' },
      403,
    )
  }
}

/** True when the `Origin` header names `host` (the Host header: name and port). */
function isSameHost(origin: string, host: string | undefined): boolean {
  if (origin === 'null' || host === undefined) return false
  try {
    return new URL(origin).host === host.toLowerCase()
  } catch {
    return false
  }
}
