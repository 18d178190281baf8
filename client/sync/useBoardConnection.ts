import { useEffect, useState } from 'react'
import type { Signal, TLUser } from 'tldraw'
import { BoardConnection, defaultSyncUrl } from './boardConnection'

/** Who connects: the participant (roster id) and this browser's key (server/ownership.ts). */
export interface ConnectionIdentity {
  participantId: string
  browserKey: string
}

/**
 * Opens a board connection for the component's lifetime, with the board's share-link token and
 * who we are (a new connection when they change). Returns null during the first render; the
 * connection is created in an effect so React's double-invoked effects create and destroy cleanly.
 */
export function useBoardConnection(
  roomId: string,
  $user: Signal<TLUser | null>,
  token: string | null = null,
  identity?: ConnectionIdentity,
): BoardConnection | null {
  const [connection, setConnection] = useState<BoardConnection | null>(null)
  const participantId = identity?.participantId
  const browserKey = identity?.browserKey
  useEffect(() => {
    const created = new BoardConnection({
      roomId,
      syncUrl: defaultSyncUrl(),
      $user,
      token,
      participantId,
      browserKey,
    })
    setConnection(created)
    return () => {
      setConnection(null)
      created.destroy()
    }
  }, [roomId, $user, token, participantId, browserKey])
  return connection
}
