import type { Role, ShareableRole } from '../../shared/workshop/roles'
import {
  roomInfoResponseSchema,
  rotatedLinkResponseSchema,
  shareLinksResponseSchema,
  type ShareLinksResponse,
} from '../../shared/workshop/workshopApi'
import { request } from '../app/api'

function roomPath(roomId: string): string {
  return `/api/rooms/${encodeURIComponent(roomId)}`
}

/** The role `token` grants on the board (`GET /api/rooms/:roomId`). */
export async function fetchRoomRole(roomId: string, token: string | null): Promise<Role> {
  const info = await request(roomPath(roomId), { method: 'GET' }, roomInfoResponseSchema, token)
  return info.role
}

/** The board's three share-link tokens and when they expire (facilitator only). */
export function fetchShareLinks(roomId: string, token: string): Promise<ShareLinksResponse> {
  return request(`${roomPath(roomId)}/links`, { method: 'GET' }, shareLinksResponseSchema, token)
}

/** Revokes every link of `role` and returns the new token (facilitator only). */
export async function rotateShareLink(
  roomId: string,
  role: ShareableRole,
  token: string,
): Promise<string> {
  const result = await request(
    `${roomPath(roomId)}/links/${encodeURIComponent(role)}/rotate`,
    { method: 'POST' },
    rotatedLinkResponseSchema,
    token,
  )
  return result.token
}
