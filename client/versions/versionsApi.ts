import {
  currentVersionId,
  restoreResponseSchema,
  versionCreatedResponseSchema,
  versionDiffResponseSchema,
  versionListResponseSchema,
  type RestoreResponse,
  type VersionDiffResponse,
  type VersionSummary,
} from '../../shared/workshop/workshopApi'
import { request } from '../app/api'

function versionsPath(roomId: string): string {
  return `/api/rooms/${encodeURIComponent(roomId)}/versions`
}

/** The board's saved versions, newest first. */
export async function listVersions(
  roomId: string,
  token: string | null,
): Promise<VersionSummary[]> {
  const body = await request(
    versionsPath(roomId),
    { method: 'GET' },
    versionListResponseSchema,
    token,
  )
  return body.versions
}

/** Saves the board's current ICP as a named version (facilitator only). */
export async function createVersion(
  roomId: string,
  token: string | null,
  name: string,
  createdBy: string | null,
  today: string,
): Promise<VersionSummary> {
  const body = await request(
    versionsPath(roomId),
    { method: 'POST', body: JSON.stringify({ name, createdBy, today }) },
    versionCreatedResponseSchema,
    token,
  )
  return body.version
}

/** What changed from version `from` to version `to`, or to the live board (`to` omitted). */
export function fetchVersionDiff(
  roomId: string,
  token: string | null,
  from: string,
  to: string = currentVersionId,
): Promise<VersionDiffResponse> {
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`
  return request(
    `${versionsPath(roomId)}/diff?${query}`,
    { method: 'GET' },
    versionDiffResponseSchema,
    token,
  )
}

/** Writes a version over the board as one new change (facilitator only). */
export function restoreVersion(
  roomId: string,
  token: string | null,
  versionId: string,
): Promise<RestoreResponse> {
  return request(
    `${versionsPath(roomId)}/${encodeURIComponent(versionId)}/restore`,
    { method: 'POST' },
    restoreResponseSchema,
    token,
  )
}
