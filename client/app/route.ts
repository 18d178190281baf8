import { useSyncExternalStore } from 'react'

/** The pages of the app. A board's URL (`/b/<roomId>`) is what people share. */
export type Route = { page: 'home' } | { page: 'board'; roomId: string } | { page: 'notFound' }

/** Parses a pathname into a route. Room ids are validated later, by the server. */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' }
  const board = /^\/b\/([^/]+)\/?$/.exec(pathname)
  if (board?.[1]) return { page: 'board', roomId: decodeURIComponent(board[1]) }
  return { page: 'notFound' }
}

/** The URL path of a board. */
export function boardPath(roomId: string): string {
  return `/b/${encodeURIComponent(roomId)}`
}

const navigationEvent = 'icp:navigate'

/** Client-side navigation: two pages do not need a router library. */
export function navigate(path: string): void {
  window.history.pushState(null, '', path)
  window.dispatchEvent(new Event(navigationEvent))
}

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange)
  window.addEventListener(navigationEvent, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(navigationEvent, onChange)
  }
}

/** The current pathname, re-rendering on navigation. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname)
}
