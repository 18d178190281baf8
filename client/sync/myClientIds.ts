/** How many past Yjs client ids of one board this browser remembers. */
const maxRemembered = 20

/**
 * Remembers `clientId` as one of this browser's on board `roomId` (localStorage) and returns all
 * of them. An edit made offline and replayed after a reload carries the client id of the session
 * that made it, and its author must still be recognised (conflict notices). Without storage, only
 * this session's id is known.
 */
export function rememberClientId(roomId: string, clientId: number): ReadonlySet<number> {
  const key = `icp-client-ids:${roomId}`
  let known: number[] = []
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]')
    if (Array.isArray(parsed)) known = parsed.filter((id): id is number => Number.isInteger(id))
  } catch {
    // Unreadable or unavailable storage: start afresh.
  }
  const ids = [...known.filter((id) => id !== clientId), clientId].slice(-maxRemembered)
  try {
    localStorage.setItem(key, JSON.stringify(ids))
  } catch {
    // Private mode or full storage: this session's id still counts.
  }
  return new Set(ids)
}
