/**
 * Validation of the tldraw records an update writes (server/updateValidation.ts hands over every
 * entry it finds in the records roots).
 *
 * Layout 2 writes single fields (shared/docLayout.ts), and a field is only valid in its record:
 * a `props.value` means nothing without the card's type. So the fields an update writes are
 * collected per record and, once the whole update is read, laid over the record's current fields
 * in the room; the result must pass the board schema. A record's `typeName` and `type` never
 * change. Fields of a record that no longer exists (an edit that raced a delete) are let through:
 * they are no card, and the room deletes them once applied (server/rooms.ts).
 *
 * Layout 1 entries (whole records; an old client's offline edits replayed after the room was
 * converted) are migrated from the schema they were written with and validated whole.
 */
import type { TLRecord, TLSchema } from '@tldraw/tlschema'
import type * as Y from 'yjs'
import type { BoardRecords } from '../shared/BoardRecords'
import {
  assembleRecord,
  existenceField,
  parseFieldKey,
  type StoredRecord,
} from '../shared/docLayout'
import { legacySchemaOf, migrateRecords } from './upgradeRoom'

/** A problem with an update, phrased for a close reason. */
export interface UpdateProblem {
  /** Key of the offending entry, when the problem is one entry. */
  recordId?: string
  message: string
}

/** Fields whose value fixes what a record is; they never change once it exists. */
const identityFields = [existenceField, 'type']

/** Collects the record entries of one update and checks the records they produce. */
export class RecordFieldCheck {
  private readonly written = new Map<string, Map<string, unknown>>()

  constructor(
    private readonly schema: TLSchema,
    /** The room's records (current fields); absent when the update is checked on its own. */
    private readonly records: BoardRecords | undefined,
  ) {}

  /** Remembers one field entry of the records root; a problem with its key, or null. */
  addField(key: string, value: unknown): UpdateProblem | null {
    const parsed = parseFieldKey(key)
    if (!parsed) {
      return { recordId: key, message: `record entry ${key}: its key must be <record id>/<field>` }
    }
    if (parsed.field === 'id') {
      return { recordId: parsed.recordId, message: `record ${parsed.recordId}: id is its key` }
    }
    let fields = this.written.get(parsed.recordId)
    if (!fields) {
      fields = new Map()
      this.written.set(parsed.recordId, fields)
    }
    fields.set(parsed.field, value)
    return null
  }

  /** The ids of the records this update writes fields of. */
  get recordIds(): IterableIterator<string> {
    return this.written.keys()
  }

  /** The first record the collected fields make invalid, or null. */
  finish(): UpdateProblem | null {
    for (const [id, fields] of this.written) {
      const current = this.records?.fieldsOf(id)
      const exists = current?.has(existenceField) ?? false
      for (const field of identityFields) {
        if (exists && fields.has(field) && fields.get(field) !== current?.get(field)) {
          return { recordId: id, message: `record ${id}: its ${field} cannot change` }
        }
      }
      const merged = new Map(current)
      for (const [field, value] of fields) merged.set(field, value)
      const record = assembleRecord(id, merged)
      if (!record) continue // fields of a deleted record: cleaned up after applying
      const problem = recordProblem(id, record, this.schema)
      if (problem) return problem
    }
    return null
  }
}

/** Problems of one layout 1 entry (a whole record), migrated from the doc's legacy schema. */
export function legacyRecordProblem(
  key: string,
  value: unknown,
  schema: TLSchema,
  doc: Y.Doc,
): UpdateProblem | null {
  if (!isPlainObject(value)) {
    return { recordId: key, message: `record ${key}: value must be an object` }
  }
  const { records, unmigrated } = migrateRecords(
    [value as StoredRecord],
    legacySchemaOf(doc),
    schema,
  )
  if (unmigrated.length > 0) {
    return {
      recordId: key,
      message: `record ${key}: written by an older version that cannot be migrated`,
    }
  }
  return recordProblem(key, records[0] as StoredRecord, schema)
}

/** Problems of one whole tldraw record stored under `key`. */
export function recordProblem(key: string, val: unknown, schema: TLSchema): UpdateProblem | null {
  if (!isPlainObject(val)) {
    return { recordId: key, message: `record ${key}: value must be an object` }
  }
  const { id, typeName } = val
  if (typeof typeName !== 'string') {
    return { recordId: key, message: `record ${key}: typeName must be a string` }
  }
  if (id !== key) {
    return { recordId: key, message: `record ${key}: key does not match record id ${String(id)}` }
  }
  const recordType = Object.hasOwn(schema.types, typeName)
    ? schema.types[typeName as keyof typeof schema.types]
    : undefined
  if (!recordType) return { recordId: key, message: `record ${key}: unknown type ${typeName}` }
  if (recordType.scope !== 'document') {
    return {
      recordId: key,
      message: `record ${key}: ${typeName} is ${recordType.scope} state, not document content`,
    }
  }
  try {
    recordType.validate(val as unknown as TLRecord)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { recordId: key, message: `invalid record ${key}: ${message}` }
  }
  return null
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
