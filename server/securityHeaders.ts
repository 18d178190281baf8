/**
 * Security headers on every response, app pages above all:
 * - `Content-Security-Policy`: scripts, styles, fonts and connections from this server only (the
 *   sync socket on this host), no plugins, no `<base>` or form posts elsewhere, and
 *   `frame-ancestors 'none'`: no other site may frame a board (clickjacking). tldraw sets inline
 *   styles and draws images from `data:` and `blob:` URLs, hence those.
 * - `X-Frame-Options: DENY` for browsers that predate `frame-ancestors`.
 * - `Referrer-Policy: no-referrer`: a board's address never leaks to sites it links to.
 * - `X-Content-Type-Options: nosniff`.
 */
import type { MiddlewareHandler } from 'hono'

/** The Content-Security-Policy of a page served from `host` (the Host header). */
export function contentSecurityPolicy(host: string): string {
  const sockets = /^[\w.:[\]-]+$/.test(host) ? ` ws://${host} wss://${host}` : ''
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    `connect-src 'self' data: blob:${sockets}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Middleware adding the headers above to every response. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const { headers } = c.res
    headers.set('content-security-policy', contentSecurityPolicy(c.req.header('host') ?? ''))
    headers.set('x-frame-options', 'DENY')
    headers.set('referrer-policy', 'no-referrer')
    headers.set('x-content-type-options', 'nosniff')
  }
}
