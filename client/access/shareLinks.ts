import { boardLinkPath, boardTokenParam as tokenParam } from '../../shared/workshop/workshopApi'
import { tokenSchema } from './roomAccessSlice'

/**
 * Takes the share-link token out of the address bar (`?t=`), so it does not linger in the
 * history, screenshots or a copied URL, and returns it when it is well-formed.
 */
export function takeTokenFromAddressBar(win: Window = window): string | null {
  const url = new URL(win.location.href)
  const raw = url.searchParams.get(tokenParam)
  if (raw === null) return null
  url.searchParams.delete(tokenParam)
  win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`)
  const parsed = tokenSchema.safeParse(raw)
  return parsed.success ? parsed.data : null
}

/** The link that opens a board with a token: `https://host/b/<roomId>?t=<token>`. */
export function boardLink(roomId: string, token: string, origin = window.location.origin): string {
  return `${origin}${boardLinkPath(roomId, token)}`
}

/** `path` with the token as `?t=`, for plain links the browser follows (downloads). */
export function withToken(path: string, token: string | null): string {
  if (!token) return path
  const separator = path.includes('?') ? '&' : '?'
  return `${path}${separator}${tokenParam}=${encodeURIComponent(token)}`
}
