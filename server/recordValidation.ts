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
 * Two rules span records. A parent graph that loops freezes every editor that opens the board: a
 * move that closes a loop on its own (or with the same connection's earlier moves) is refused;
 * one that closes it only with another person's concurrent move, each fine alone, is taken and
 * undone (the shape goes back where it was), so neither of two honest people is dropped. And a
 * frame the facilitator locked (shared/workshop/facilitatorLock.ts) is the facilitator's alone.
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
import { isFacilitatorLocked } from '../shared/workshop/facilitatorLock'
import { legacySchemaOf, migrateRecords } from './upgradeRoom'

/** A problem with an update, phrased for a close reason. */
export interface UpdateProblem {
  /** Key of the offending entry, when the problem is one entry. */
  recordId?: string
  message: string
}

/** Fields whose value fixes what a record is; they never change once it exists. */
const identityFields = [existenceField, 'type']

/** The fields tldraw changes when it moves a shape to another parent (kept page position). */
const placementFields = ['parentId', 'x', 'y', 'rotation', 'index'] as const

/** Reason given to anyone but the facilitator who changes a frame the facilitator locked. */
export const facilitatorLockReason = 'the frame is locked by the facilitator'

/**
 * A shape whose new parent would close a loop with another person's concurrent move: put back
 * where it was (these fields, as they were before the update) once the update is applied.
 */
export interface PlacementRestore {
  recordId: string
  fields: Map<string, unknown>
}

/** What the record rules found in one update. */
export interface RecordRulesResult {
  problem: UpdateProblem | null
  /** Why the writer may not make this change (a facilitator's lock), or null. */
  forbiddenReason: string | null
  /** Moves to undo after applying (a loop closed concurrently); see PlacementRestore. */
  restores: PlacementRestore[]
}

/**
 * The current fields of records, as RecordFieldCheck reads them: a room's BoardRecords, or for a
 * private doc its own records over the board's (server/privateDocs.ts). `currentEntryOf` is
 * always of the room's own doc (the one updates are applied to).
 */
export type RecordFieldsView = Pick<BoardRecords, 'fieldsOf' | 'writerOf' | 'currentEntryOf'>

/** What RecordFieldCheck needs besides the update's entries. */
export interface RecordFieldCheckOptions {
  schema: TLSchema
  /** The room's records (current fields); absent when the update is checked on its own. */
  records?: RecordFieldsView
  /** Yjs client ids this connection has written with: its own earlier changes. */
  ownClients?: ReadonlySet<number>
  /** True for the facilitator, the only one who may change what they locked. */
  mayChangeLocked?: boolean
}

/** Collects the record entries of one update and checks the records they produce. */
export class RecordFieldCheck {
  private readonly written = new Map<string, Map<string, unknown>>()
  private readonly deleted = new Set<string>()

  constructor(private readonly options: RecordFieldCheckOptions) {}

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

  /** Remembers that the update deletes a live field entry (not a superseded duplicate). */
  addDeletion(key: string): void {
    const parsed = parseFieldKey(key)
    if (parsed) this.deleted.add(parsed.recordId)
  }

  /** The fields this update writes, by record id. */
  get writtenFields(): ReadonlyMap<string, ReadonlyMap<string, unknown>> {
    return this.written
  }

  /** The ids of the records this update writes or deletes fields of. */
  get recordIds(): Set<string> {
    return new Set([...this.written.keys(), ...this.deleted])
  }

  /** Checks the collected fields: validity, identity, parent loops and the facilitator's locks. */
  finish(): RecordRulesResult {
    const result: RecordRulesResult = { problem: null, forbiddenReason: null, restores: [] }
    for (const [id, fields] of this.written) {
      const current = this.options.records?.fieldsOf(id)
      const exists = current?.has(existenceField) ?? false
      for (const field of identityFields) {
        if (exists && fields.has(field) && fields.get(field) !== current?.get(field)) {
          result.problem = { recordId: id, message: `record ${id}: its ${field} cannot change` }
          return result
        }
      }
      const record = assembleRecord(id, this.merged(id))
      if (!record) continue // fields of a deleted record: cleaned up after applying
      const problem = recordProblem(id, record, this.options.schema)
      if (problem) {
        result.problem = problem
        return result
      }
    }
    result.forbiddenReason = this.options.mayChangeLocked ? null : this.lockViolation()
    if (result.forbiddenReason) return result
    for (const [id, fields] of this.written) {
      if (!fields.has('parentId') || result.restores.some((r) => r.recordId === id)) continue
      const loop = this.loopFrom(id)
      if (!loop) continue
      if (!this.closesForeignEdge(loop)) {
        result.problem = {
          recordId: id,
          message: `record ${id}: its parents loop back to it (${[...loop, id].join(' → ')})`,
        }
        return result
      }
      for (const member of loop) {
        if (this.written.get(member)?.has('parentId')) result.restores.push(this.restoreOf(member))
      }
    }
    return result
  }

  /** A record's fields after this update: its current fields with the written ones laid over. */
  private merged(id: string): Map<string, unknown> {
    const merged = new Map(this.options.records?.fieldsOf(id))
    for (const [field, value] of this.written.get(id) ?? []) merged.set(field, value)
    return merged
  }

  private parentOf(id: string): unknown {
    return this.written.get(id)?.has('parentId')
      ? this.written.get(id)?.get('parentId')
      : this.options.records?.fieldsOf(id)?.get('parentId')
  }

  /** The ids around a loop of parents through `id` (starting at `id`), or null. */
  private loopFrom(id: string): string[] | null {
    const path = [id]
    const seen = new Set(path)
    for (let parent = this.parentOf(id); typeof parent === 'string';) {
      if (parent === id) return path
      if (seen.has(parent)) return null // a loop further up, not through `id`: not this one's
      seen.add(parent)
      path.push(parent)
      parent = this.parentOf(parent)
    }
    return null
  }

  /** True when an edge of the loop is a parent someone else set (a concurrent move). */
  private closesForeignEdge(loop: readonly string[]): boolean {
    const own = this.options.ownClients ?? new Set<number>()
    return loop.some((member) => {
      if (this.written.get(member)?.has('parentId')) return false
      const writer = this.options.records?.writerOf(member, 'parentId')
      return writer !== undefined && !own.has(writer)
    })
  }

  /** Where a record was before this update: its placement fields as stored now. */
  private restoreOf(id: string): PlacementRestore {
    const current = this.options.records?.fieldsOf(id)
    const fields = new Map<string, unknown>()
    for (const field of placementFields) {
      if (current?.has(field)) fields.set(field, current.get(field))
    }
    return { recordId: id, fields }
  }

  /** Why this update breaks a facilitator's lock, or null. */
  private lockViolation(): string | null {
    const isLocked = (id: unknown) =>
      typeof id === 'string' && isFacilitatorLocked(this.options.records?.fieldsOf(id)?.get('meta'))
    for (const id of this.deleted) if (isLocked(id)) return facilitatorLockReason
    for (const [id, fields] of this.written) {
      if (isLocked(id)) return facilitatorLockReason
      if (fields.has('meta') && isFacilitatorLocked(fields.get('meta')))
        return facilitatorLockReason
      if (fields.has('parentId') && isLocked(fields.get('parentId'))) return facilitatorLockReason
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
