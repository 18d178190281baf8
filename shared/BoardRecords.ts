/**
 * The tldraw records of a board doc, read and written whole on top of their field entries
 * (layout 2, shared/docLayout.ts). Writing a record writes only the fields that changed, so two
 * people editing different fields of one card never overwrite each other; deleting a record
 * deletes all its fields. Reads are cached per record and invalidated by any change to it.
 */
import { equalityDeep } from 'lib0/function'
import { Observable } from 'lib0/observable'
import type * as Y from 'yjs'
import { EntryMap, type EntryConflict, type EntryMapOptions } from './EntryMap'
import { readEntries } from './keyValueEntries'
import {
  assembleRecord,
  existenceField,
  fieldKey,
  getRecordsArray,
  parseFieldKey,
  recordFields,
  type StoredRecord,
} from './docLayout'

/** Two concurrent edits of one field of a record: the winner's value is what everyone sees. */
export interface FieldConflict {
  recordId: string
  /** `x`, `parentId`, `props.label`... */
  field: string
  winner: { value: unknown; client: number }
  loser: { value: unknown; client: number }
}

type Events = {
  change: (recordIds: Set<string>, transaction: Y.Transaction) => void
  conflict: (conflicts: FieldConflict[], transaction: Y.Transaction) => void
}

/** See the module comment. Create one per doc and `destroy` it when done. */
export class BoardRecords extends Observable<keyof Events> {
  private readonly entries: EntryMap
  /** Fields of every record id that has any, including leftovers without `typeName`. */
  private readonly fields = new Map<string, Map<string, unknown>>()
  private readonly assembled = new Map<string, StoredRecord | null>()

  constructor(doc: Y.Doc, options: EntryMapOptions = {}) {
    super()
    this.entries = new EntryMap(getRecordsArray(doc), options)
    for (const [key, value] of this.entries.entries()) this.setField(key, value)
    this.entries.on('change', this.handleChange)
    this.entries.on('conflict', this.handleConflict)
  }

  /** The doc these records live in. */
  get doc(): Y.Doc {
    return this.entries.doc
  }

  /** The record, or undefined when it does not exist. */
  get(id: string): StoredRecord | undefined {
    let record = this.assembled.get(id)
    if (record === undefined) {
      const fields = this.fields.get(id)
      if (!fields) return undefined
      record = assembleRecord(id, fields)
      this.assembled.set(id, record)
    }
    return record ?? undefined
  }

  has(id: string): boolean {
    return this.fields.get(id)?.has(existenceField) ?? false
  }

  /** Every existing record. */
  all(): StoredRecord[] {
    const records: StoredRecord[] = []
    for (const id of this.fields.keys()) {
      const record = this.get(id)
      if (record) records.push(record)
    }
    return records
  }

  /** The raw fields of a record id (also of a leftover without `typeName`), or undefined. */
  fieldsOf(id: string): ReadonlyMap<string, unknown> | undefined {
    return this.fields.get(id)
  }

  /** The Yjs client id that wrote the current value of a record's field, or undefined. */
  writerOf(id: string, field: string): number | undefined {
    return this.entries.writerOf(fieldKey(id, field))
  }

  /** The id of the entry holding field entry `key`'s current value (see EntryMap), or undefined. */
  currentEntryOf(key: string): Y.ID | undefined {
    return this.entries.currentEntryOf(key)
  }

  /** Ids that have fields but no `typeName`: leftovers of a record deleted concurrently. */
  leftoverIds(ids: Iterable<string> = this.fields.keys()): string[] {
    return [...ids].filter((id) => this.fields.has(id) && !this.has(id))
  }

  /**
   * Writes records (only their changed fields; fields a record no longer has are deleted) and
   * deletes whole records (and leftovers), in one transaction. Returns how many records of `put`
   * had a field to write.
   */
  write(
    { put = [], remove = [] }: { put?: readonly StoredRecord[]; remove?: Iterable<string> },
    origin: unknown = null,
  ): number {
    const set = new Map<string, unknown>()
    const doomed: string[] = []
    let written = 0
    for (const record of put) {
      const current = this.fields.get(record.id)
      const next = recordFields(record)
      const before = set.size + doomed.length
      for (const [field, value] of next) {
        if (!current?.has(field) || !equalityDeep(current.get(field), value)) {
          set.set(fieldKey(record.id, field), value)
        }
      }
      for (const field of current?.keys() ?? []) {
        if (!next.has(field)) doomed.push(fieldKey(record.id, field))
      }
      if (set.size + doomed.length > before) written += 1
    }
    for (const id of remove) {
      for (const field of this.fields.get(id)?.keys() ?? []) doomed.push(fieldKey(id, field))
    }
    this.entries.write({ set, remove: doomed }, origin)
    return written
  }

  /** Stops listening to the doc. */
  override destroy(): void {
    this.entries.off('change', this.handleChange)
    this.entries.off('conflict', this.handleConflict)
    this.entries.destroy()
    super.destroy()
  }

  private setField(key: string, value: unknown): string | null {
    const parsed = parseFieldKey(key)
    if (!parsed) return null
    let fields = this.fields.get(parsed.recordId)
    if (!fields) {
      fields = new Map()
      this.fields.set(parsed.recordId, fields)
    }
    fields.set(parsed.field, value)
    return parsed.recordId
  }

  private deleteField(key: string): string | null {
    const parsed = parseFieldKey(key)
    const fields = parsed && this.fields.get(parsed.recordId)
    if (!parsed || !fields) return null
    fields.delete(parsed.field)
    if (fields.size === 0) this.fields.delete(parsed.recordId)
    return parsed.recordId
  }

  private readonly handleChange = (
    changes: Map<string, { action: string; newValue?: unknown }>,
    transaction: Y.Transaction,
  ): void => {
    const ids = new Set<string>()
    for (const [key, change] of changes) {
      const id =
        change.action === 'delete' ? this.deleteField(key) : this.setField(key, change.newValue)
      if (id !== null) ids.add(id)
    }
    for (const id of ids) this.assembled.delete(id)
    if (ids.size > 0) this.emit('change', [ids, transaction])
  }

  private readonly handleConflict = (
    conflicts: EntryConflict[],
    transaction: Y.Transaction,
  ): void => {
    const found: FieldConflict[] = []
    for (const { key, winner, loser } of conflicts) {
      const parsed = parseFieldKey(key)
      if (parsed) found.push({ ...parsed, winner, loser })
    }
    if (found.length > 0) this.emit('conflict', [found, transaction])
  }
}

/**
 * Every record of a doc's field entries, read once without attaching a BoardRecords (whose
 * listener outlives the read): for exports, versions and scratch docs.
 */
export function readBoardRecords(doc: Y.Doc): StoredRecord[] {
  const fields = new Map<string, Map<string, unknown>>()
  for (const [key, value] of readEntries(getRecordsArray(doc))) {
    const parsed = parseFieldKey(key)
    if (!parsed) continue
    let record = fields.get(parsed.recordId)
    if (!record) {
      record = new Map()
      fields.set(parsed.recordId, record)
    }
    record.set(parsed.field, value)
  }
  const records: StoredRecord[] = []
  for (const [id, recordFieldValues] of fields) {
    const record = assembleRecord(id, recordFieldValues)
    if (record) records.push(record)
  }
  return records
}
