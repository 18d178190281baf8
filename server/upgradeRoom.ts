/**
 * Brings a room's doc to the current doc layout (shared/docLayout.ts) and board schema
 * (shared/schema/boardSchema.ts), and reads boards of any age at the current schema.
 *
 * The server upgrades a room when it loads it, before anyone syncs (server/rooms.ts), in one
 * transaction that is stored atomically with a backup of the old state (server/persistence.ts).
 * Records are migrated with tldraw's migrations (`migrateStoreSnapshot`, so store-level
 * migrations run too); a record that cannot be migrated is kept as it was and reported, never
 * dropped. Layout 1 entries that arrive after the conversion (an old client's offline edits,
 * replayed from its local copy) are converted the same way, from the schema they were written with.
 */
import type { SerializedSchema } from '@tldraw/store'
import type { TLRecord, TLSchema } from '@tldraw/tlschema'
import type * as Y from 'yjs'
import { BoardRecords, readBoardRecords } from '../shared/BoardRecords'
import {
  docLayoutVersion,
  getLegacyRecordsArray,
  getMetaMap,
  layoutMetaKey,
  legacySchemaMetaKey,
  schemaMetaKey,
  type StoredRecord,
} from '../shared/docLayout'
import { readEntries } from '../shared/keyValueEntries'

/** What `upgradeBoardDoc` changed. */
export interface UpgradeReport {
  /** The layout the doc had (1 when it had no `layout`). */
  fromLayout: number
  /** True when records were migrated to a newer schema. */
  migratedSchema: boolean
  /** Layout 1 records converted to field entries. */
  converted: number
  /** Records whose fields changed. */
  written: number
  /** Ids of records no migration could bring to the current schema (kept as they were). */
  unmigrated: string[]
}

/** A board's records at the current schema, and those that could not be migrated. */
export interface BoardReading {
  records: StoredRecord[]
  unmigrated: string[]
}

/**
 * The records of `doc` at `schema`'s versions, whichever layout and schema the doc is at (layout 1
 * entries win over field entries of the same id: they are newer when both exist). Only reads.
 */
export function readCurrentRecords(doc: Y.Doc, schema: TLSchema): BoardReading {
  const meta = getMetaMap(doc)
  const isLayout1 = meta.get(layoutMetaKey) === undefined
  const stored = meta.get(schemaMetaKey) as SerializedSchema | undefined
  const current = migrateRecords(readBoardRecords(doc), isLayout1 ? undefined : stored, schema)
  const legacy = [...readEntries(getLegacyRecordsArray(doc)).values()] as StoredRecord[]
  if (legacy.length === 0) return current
  const converted = migrateRecords(legacy, legacySchemaOf(doc), schema)
  const byId = new Map(current.records.map((record) => [record.id, record]))
  for (const record of converted.records) byId.set(record.id, record)
  return {
    records: [...byId.values()],
    unmigrated: [...current.unmigrated, ...converted.unmigrated],
  }
}

/** The schema layout 1 entries of `doc` were written with: `meta.schema` until it is converted. */
export function legacySchemaOf(doc: Y.Doc): SerializedSchema | undefined {
  const meta = getMetaMap(doc)
  const key = meta.get(layoutMetaKey) === undefined ? schemaMetaKey : legacySchemaMetaKey
  return meta.get(key) as SerializedSchema | undefined
}

/** True when `doc` is at the current layout and `schema`, with no layout 1 entries left. */
export function isBoardDocCurrent(doc: Y.Doc, schema: TLSchema): boolean {
  const meta = getMetaMap(doc)
  if (meta.get(layoutMetaKey) !== docLayoutVersion) return false
  if (getLegacyRecordsArray(doc).length > 0) return false
  const stored = meta.get(schemaMetaKey) as SerializedSchema | undefined
  if (!stored) return false
  const migrations = schema.getMigrationsSince(stored)
  // A newer schema than ours (an older server reading a newer room) is left alone.
  return !migrations.ok || migrations.value.length === 0
}

/**
 * Converts layout 1 entries, migrates every record to `schema` and records the layout and schema
 * in `meta`, in one transaction with `origin`. Returns null when the doc was already current.
 */
export function upgradeBoardDoc(
  doc: Y.Doc,
  schema: TLSchema,
  origin: unknown,
): UpgradeReport | null {
  if (isBoardDocCurrent(doc, schema)) return null
  const meta = getMetaMap(doc)
  const layout = meta.get(layoutMetaKey)
  const fromLayout = typeof layout === 'number' ? layout : 1
  const stored = meta.get(schemaMetaKey) as SerializedSchema | undefined
  const legacyArray = getLegacyRecordsArray(doc)
  const converted = legacyArray.length
  const { records, unmigrated } = readCurrentRecords(doc, schema)
  const target = new Map(records.map((record) => [record.id, record]))
  const fields = new BoardRecords(doc)
  let written = 0
  try {
    doc.transact(() => {
      written = fields.write({ put: [...target.values()] })
      if (legacyArray.length > 0) legacyArray.delete(0, legacyArray.length)
      if (fromLayout === 1 && stored) meta.set(legacySchemaMetaKey, stored)
      meta.set(layoutMetaKey, docLayoutVersion)
      meta.set(schemaMetaKey, schema.serialize())
    }, origin)
  } finally {
    fields.destroy()
  }
  const migrations = stored ? schema.getMigrationsSince(stored) : null
  return {
    fromLayout,
    migratedSchema: migrations?.ok === true && migrations.value.length > 0,
    converted,
    written,
    unmigrated,
  }
}

/** `records` migrated from `from` to `schema`; without `from` they are taken as they are. */
export function migrateRecords(
  records: StoredRecord[],
  from: SerializedSchema | undefined,
  schema: TLSchema,
): BoardReading {
  if (!from || records.length === 0) return { records, unmigrated: [] }
  const migrations = schema.getMigrationsSince(from)
  if (!migrations.ok || migrations.value.length === 0) return { records, unmigrated: [] }
  const store = Object.fromEntries(
    records.map((record) => [record.id, record as unknown as TLRecord]),
  )
  const whole = schema.migrateStoreSnapshot({ store, schema: from })
  if (whole.type === 'success') {
    return { records: Object.values(whole.value) as unknown as StoredRecord[], unmigrated: [] }
  }
  // One bad record must not hold the others back: migrate them one by one, keep the failures.
  const unmigrated: string[] = []
  const migrated = records.map((record) => {
    const result = schema.migratePersistedRecord(record as unknown as TLRecord, from)
    if (result.type === 'success') return result.value as unknown as StoredRecord
    unmigrated.push(record.id)
    return record
  })
  return { records: migrated, unmigrated }
}
