import type { SerializedSchema } from '@tldraw/store'
import type { TLRecord } from '@tldraw/tlschema'
import { createBoardSchema } from '../../shared/schema/boardSchema'

const schema = createBoardSchema()

/**
 * The board schema as it was before any card props migration: every sequence of our cards
 * (`com.tldraw.shape.icp-*`) at version 0, tldraw's own at today's version. Records written then
 * (the seed fixtures, rooms stored by older servers) conform to it.
 */
export function firstCardVersionSchema(): SerializedSchema {
  const current = schema.serialize()
  const sequences = Object.fromEntries(
    Object.entries(current.sequences).map(([id, version]) => [
      id,
      id.startsWith('com.tldraw.shape.icp-') ? 0 : version,
    ]),
  )
  return { schemaVersion: 2, sequences }
}

/** Migrates one record between `from` and the current board schema (`up`) or back (`down`). */
export function migrateRecord(
  record: TLRecord,
  from: SerializedSchema,
  direction: 'up' | 'down',
): TLRecord {
  const result = schema.migratePersistedRecord(record, from, direction)
  if (result.type !== 'success') throw new Error(`migration failed: ${result.reason}`)
  return result.value
}

/** Records written at the cards' first props version (the seed fixtures), brought up to date. */
export function upToDateRecords(records: readonly unknown[]): TLRecord[] {
  const from = firstCardVersionSchema()
  return (records as TLRecord[]).map((record) => migrateRecord(record, from, 'up'))
}
