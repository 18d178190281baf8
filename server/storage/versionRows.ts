/** Rows of `room_versions` as both SQL backends return them, and their contract shape. */
import type { StoredVersionInfo } from './serverStorage'

/** A row of `room_versions` without its payloads. */
export interface VersionInfoRow {
  id: string
  room_id: string
  name: string
  /** PostgreSQL returns BIGINT as a string. */
  created_at: number | string
  created_by: string | null
  icp_count: number
}

/** The contract's shape of a `room_versions` row. */
export function versionInfo(row: VersionInfoRow): StoredVersionInfo {
  return {
    id: row.id,
    roomId: row.room_id,
    name: row.name,
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
    icpCount: row.icp_count,
  }
}
