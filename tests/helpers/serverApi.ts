/**
 * Talking to a running server without vitest (creating a room over HTTP, the sync URL): the test
 * harness (`syncServer.ts`) and the benchmarks (`bench/lib/servers.ts`, run by tsx outside vitest)
 * both use it.
 */
import { syncPathPrefix } from '../../shared/protocol'
import type { Role } from '../../shared/workshop/roles'
import {
  createdRoomResponseSchema,
  type CreatedRoomResponse,
} from '../../shared/workshop/workshopApi'

/** A room created over HTTP, with the token of every role. */
export interface CreatedRoom extends CreatedRoomResponse {
  tokens: Record<Role, string>
}

/**
 * POSTs /api/rooms and returns the new room with its tokens, and the response status (callers in
 * tests assert the exact status). Throws on a non-2xx answer, which has no room to parse.
 */
export async function postRoom(
  baseUrl: string,
  body?: unknown,
): Promise<{ status: number; room: CreatedRoom }> {
  const response = await fetch(`${baseUrl}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) {
    throw new Error(`POST /api/rooms answered ${response.status}: ${await response.text()}`)
  }
  const created = createdRoomResponseSchema.parse(await response.json())
  return {
    status: response.status,
    room: { ...created, tokens: { facilitator: created.facilitatorToken, ...created.links } },
  }
}

/** The ws:// URL prefix of the sync endpoint of a server at `baseUrl`. */
export function syncUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}${syncPathPrefix}`
}
