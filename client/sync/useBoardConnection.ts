import { useEffect, useState } from 'react'
import type { Signal, TLUser } from 'tldraw'
import { BoardConnection, defaultSyncUrl } from './boardConnection'

/**
 * Opens a board connection for the component's lifetime, with the board's share-link token (a
 * new connection when it changes). Returns null during the first render; the connection is
 * created in an effect so React's double-invoked effects create and destroy cleanly.
 */
export function useBoardConnection(
  roomId: string,
  $user: Signal<TLUser | null>,
  token: string | null = null,
): BoardConnection | null {
  const [connection, setConnection] = useState<BoardConnection | null>(null)
  useEffect(() => {
    const created = new BoardConnection({ roomId, syncUrl: defaultSyncUrl(), $user, token })
    setConnection(created)
    return () => {
      setConnection(null)
      created.destroy()
    }
  }, [roomId, $user, token])
  return connection
}
