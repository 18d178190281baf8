/**
 * What a storage error means for the client. SQLite (better-sqlite3's SqliteError) says why in
 * `code`: a full disk (`SQLITE_FULL`), an I/O error (`SQLITE_IOERR_*`, e.g. a write past the file
 * size limit), a busy or read-only database are passing trouble (503: the change was not made,
 * try again); a damaged file (`SQLITE_CORRUPT`, `SQLITE_NOTADB`) needs an operator (500).
 */

/** How a failed request should be answered. */
export type StorageTrouble = 'unavailable' | 'damaged' | null

const unavailableCodes = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CANTOPEN|PROTOCOL)/
const damagedCodes = /^SQLITE_(CORRUPT|NOTADB)/

/** The kind of storage trouble behind `error`, or null when it is not a storage error. */
export function storageTroubleOf(error: unknown): StorageTrouble {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return null
  if (unavailableCodes.test(code)) return 'unavailable'
  if (damagedCodes.test(code)) return 'damaged'
  return null
}
