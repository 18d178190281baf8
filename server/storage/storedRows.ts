/** Rows of `room_versions` and `room_backups` as both SQL backends return them, in contract shape. */
import type { RoomBackupInfo, StoredVersion, StoredVersionInfo } from './serverStorage'

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

/** A row of `room_backups` without its state, with the state's size. */
export interface BackupRow {
  id: number | string
  room_id: string
  created_at: number | string
  reason: string
  bytes: number
}

/** The contract's shape of a `room_backups` row. */
export function backupInfo(row: BackupRow): RoomBackupInfo {
  return {
    id: Number(row.id),
    roomId: row.room_id,
    createdAt: Number(row.created_at),
    reason: row.reason,
    bytes: row.bytes,
  }
}

/** The values of a `room_versions` row, in column order (id, room_id, name, created_at, created_by, icp_count, compiled, snapshot). */
export function versionRowValues(
  version: StoredVersion,
): [string, string, string, number, string | null, number, string, Buffer] {
  const { snapshot } = version
  return [
    version.id,
    version.roomId,
    version.name,
    version.createdAt,
    version.createdBy,
    version.icpCount,
    version.compiled,
    Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength),
  ]
}
