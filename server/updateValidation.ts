/**
 * Checks an incoming Yjs update against the board's doc layout (shared/docLayout.ts) before it
 * is applied, so an invalid record never reaches the room, the disk or the other clients.
 *
 * The update is decoded without applying it. Inserted items are checked by their content, not by
 * their parent: an item inserted next to another one does not carry its parent in the encoding.
 * - Only JSON values (ContentAny) may be inserted: the layout has no nested Yjs types, text,
 *   embeds or binaries, and a client that reads `{ key, val }` entries would break on them.
 * - Every value shaped like a YKeyValue entry (`{ key, val }`) is a tldraw record: `val` must pass
 *   the board schema's validator for its record type, be document-scoped (session state and
 *   presence never live in the doc) and `key` must equal `val.id`.
 * Deletions are not checked: any client may delete records (roles will restrict that later).
 */
import type { TLSchema } from '@tldraw/tlschema'
import * as Y from 'yjs'

/** A problem with an update, phrased for a close reason. */
export interface UpdateProblem {
  /** Id of the offending record, when the problem is one record. */
  recordId?: string
  message: string
}

/** What `inspectUpdate` found. */
export interface UpdateInspection {
  /** The first problem, or null when the update may be applied. */
  problem: UpdateProblem | null
  /** True when the update inserts content; false for deletions only (which never grow a room). */
  isInsert: boolean
}

/**
 * Checks `update` for a board built from `schema` without applying it. Throws when the bytes are
 * not a Yjs update (the caller treats that as a protocol error too).
 */
export function inspectUpdate(update: Uint8Array, schema: TLSchema): UpdateInspection {
  const { structs } = Y.decodeUpdate(update)
  let isInsert = false
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue // GC and Skip structs carry no content
    isInsert = true
    const content = struct.content
    if (content instanceof Y.ContentDeleted) continue
    if (!(content instanceof Y.ContentAny)) {
      const message = `unsupported Yjs content ${content.constructor.name}: the board holds JSON values only`
      return { problem: { message }, isInsert }
    }
    for (const value of content.arr) {
      const problem = recordEntryProblem(value, schema)
      if (problem) return { problem, isInsert }
    }
  }
  return { problem: null, isInsert }
}

/** The first problem of `update` (see `inspectUpdate`), or null when it may be applied. */
export function findUpdateProblem(update: Uint8Array, schema: TLSchema): UpdateProblem | null {
  return inspectUpdate(update, schema).problem
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Problems of one inserted JSON value; values that are not `{ key, val }` entries pass. */
function recordEntryProblem(value: unknown, schema: TLSchema): UpdateProblem | null {
  if (!isPlainObject(value) || !('key' in value) || !('val' in value)) return null
  const { key, val } = value
  if (typeof key !== 'string') return { message: 'record entry key must be a string' }
  if (!isPlainObject(val))
    return { recordId: key, message: `record ${key}: value must be an object` }
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
    recordType.validate(val)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { recordId: key, message: `invalid record ${key}: ${message}` }
  }
  return null
}
