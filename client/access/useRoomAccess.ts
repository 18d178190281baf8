import { useEffect, useState } from 'react'
import type { Role } from '../../shared/workshop/roles'
import { ApiError } from '../app/api'
import { useUiStore } from '../state/uiStore'
import type { BoardConnection } from '../sync/boardConnection'
import { fetchRoomRole } from './accessApi'
import { takeTokenFromAddressBar } from './shareLinks'

/**
 * The share-link token of a board: taken from `?t=` when the page was opened with one (and the
 * address bar cleaned), otherwise the one stored from an earlier visit. Null: none known.
 */
export function useRoomToken(roomId: string): string | null {
  // Taken once, before the first connection opens (and kept even if React renders twice).
  useState(() => {
    const fromUrl = takeTokenFromAddressBar()
    if (fromUrl) useUiStore.getState().rememberRoomToken(roomId, fromUrl)
  })
  return useUiStore((state) => state.roomAccess[roomId]?.token ?? null)
}

/**
 * Asks the server which role the token grants and hands it to the connection (and the cache, for
 * an offline start). Until it answers, the cached role applies. A refused token is left to the
 * WebSocket, which closes with 4401 and shows the refusal.
 */
export function useRoomRole(
  roomId: string,
  token: string | null,
  connection: BoardConnection | null,
): void {
  const rememberRoomRole = useUiStore((state) => state.rememberRoomRole)
  useEffect(() => {
    if (!connection) return
    const cached: Role | null | undefined = useUiStore.getState().roomAccess[roomId]?.role
    if (cached && token === useUiStore.getState().roomAccess[roomId]?.token) {
      connection.setRole(cached)
    }
    let isCurrent = true
    fetchRoomRole(roomId, token)
      .then((role) => {
        if (!isCurrent) return
        connection.setRole(role)
        if (token) rememberRoomRole(roomId, role)
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError)) console.warn('Could not load the role', error)
      })
    return () => {
      isCurrent = false
    }
  }, [roomId, token, connection, rememberRoomRole])
}
