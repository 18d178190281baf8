import type { SerializedSchema } from '@tldraw/store'
import type { TLRecord, TLStore } from 'tldraw'
import type * as Y from 'yjs'
import { BoardRecords, type FieldConflict } from '../../shared/BoardRecords'
import { getMetaMap, schemaMetaKey, type StoredRecord } from '../../shared/docLayout'
import { findParentLoops } from '../../shared/parentLoops'

/** Origin of the Yjs transactions the bridge makes, so it can ignore its own changes. */
const bridgeOrigin = Symbol('tldraw-bridge')

/** Records a private doc holds: the cards one makes in a private brainstorm and their links. */
const privateTypeNames: ReadonlySet<string> = new Set(['shape', 'binding'])

/** The person's private doc (server/privateDocs.ts) and when new cards go there. */
export interface PrivateDocBinding {
  doc: Y.Doc
  /** True while a private brainstorm is on: cards made now go to the private doc. */
  isPrivate: () => boolean
}

export interface BindStoreToDocOptions {
  /**
   * Called with the ids of the doc's records this code cannot read (they failed migration or
   * validation), every time that set changes. They are not shown, so the UI must say so.
   */
  onUnreadable?: (ids: ReadonlySet<string>) => void
  /**
   * Whether local changes may go to the doc now. Read-only participants (viewers, commenters)
   * still get records tldraw writes by itself (their `user` record); sending those would be
   * refused by the server, which closes the connection. Default: always.
   */
  canWrite?: () => boolean
  /** Called with concurrent edits of one field, once resolved (the winner is in the store). */
  onConflict?: (conflicts: FieldConflict[]) => void
  /** The person's private doc, whose records the store shows next to the board's. */
  privateDoc?: PrivateDocBinding
}

/**
 * Binds a tldraw store to a board Y.Doc both ways (doc layout: shared/docLayout.ts), and to the
 * person's private doc when there is one:
 * - the store is first replaced by the doc's records (and the private doc's);
 * - a change goes to the doc that holds the record; a record made during a private brainstorm to
 *   the private doc, and so does a board record placed in (or bound to) a private one, with
 *   whatever it holds: no board record ever points at something others cannot see. When both
 *   docs hold a record (the moment of a reveal), the board's copy is the one shown and edited;
 * - only the user's document changes go to the doc (presence and session state never do), and of
 *   a changed record only its changed fields, so concurrent edits of different fields merge;
 * - remote doc changes are applied inside `store.mergeRemoteChanges`, so they stay out of the
 *   local undo history and are not echoed back;
 * - records stored at an older schema are migrated on the way in; records that still cannot be
 *   read are skipped and reported through `onUnreadable`, never dropped from the doc;
 * - a shape whose parents would loop back to it (a stored room from before the server refused
 *   loops, two concurrent moves) is shown on its page instead: tldraw would never return from
 *   placing it. The doc is left as it is; the server repairs it.
 * Returns a function that removes every listener.
 */
export function bindStoreToDoc(
  store: TLStore,
  doc: Y.Doc,
  { onUnreadable, canWrite = () => true, onConflict, privateDoc }: BindStoreToDocOptions = {},
): () => void {
  const records = new BoardRecords(doc, { canWrite })
  const mine = privateDoc ? new BoardRecords(privateDoc.doc, { canWrite }) : null
  /** The record as shown: the board's copy, else the private doc's. */
  const recordOf = (id: string) => records.get(id) ?? mine?.get(id)
  const unreadable = new Set<string>()
  const reportUnreadable = (changed: boolean) => {
    if (changed) onUnreadable?.(new Set(unreadable))
  }

  /** The record as this code's schema has it, or null (then it counts as unreadable). */
  const readable = (record: StoredRecord): TLRecord | null => {
    try {
      const source = mine && !records.get(record.id) ? mine.doc : doc
      const migrated = migrateFromDoc(store, source, record)
      const valid = store.schema.validateRecord(store, migrated, 'initialize', null)
      unreadable.delete(record.id)
      return valid
    } catch {
      unreadable.add(record.id)
      return null
    }
  }

  // Load: the docs are the source of truth for document records.
  store.mergeRemoteChanges(() => {
    const all = new Map((mine?.all() ?? []).map((record) => [record.id, record]))
    for (const record of records.all()) all.set(record.id, record)
    const docRecords = [...all.values()].flatMap((record) => readable(record) ?? [])
    const docIds = new Set(all.keys())
    const stale = store
      .allRecords()
      .filter((record) => store.scopedTypes.document.has(record.typeName) && !docIds.has(record.id))
    if (stale.length > 0) store.remove(stale.map((record) => record.id))
    if (docRecords.length > 0) store.put(withoutParentLoops(store, docRecords))
  })
  reportUnreadable(unreadable.size > 0)

  const stopListening = store.listen(
    ({ changes }) => {
      if (!canWrite()) return
      const added = Object.values(changes.added) as unknown as StoredRecord[]
      const updated = Object.values(changes.updated).map(
        ([, to]) => to,
      ) as unknown as StoredRecord[]
      const removed = Object.keys(changes.removed)
      if (!mine || !privateDoc) {
        records.write({ put: [...added, ...updated], remove: removed }, bridgeOrigin)
        return
      }
      const routes = routeChanges(store, records, mine, privateDoc.isPrivate(), {
        added,
        updated,
        removed,
      })
      records.write(routes.board, bridgeOrigin)
      mine.write(routes.mine, bridgeOrigin)
    },
    { source: 'user', scope: 'document' },
  )

  const onRecordsChange = (ids: Set<string>, transaction: Y.Transaction) => {
    if (transaction.origin === bridgeOrigin) return
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    const before = unreadable.size
    let changed = false
    for (const id of ids) {
      const record = recordOf(id)
      const valid = record && readable(record)
      if (valid) toPut.push(valid)
      else {
        toRemove.push(id as TLRecord['id'])
        if (!record) changed = unreadable.delete(id) || changed
      }
    }
    store.mergeRemoteChanges(() => {
      const present = toRemove.filter((id) => store.has(id))
      if (present.length > 0) store.remove(present)
      if (toPut.length > 0) store.put(withoutParentLoops(store, toPut))
    })
    reportUnreadable(changed || unreadable.size !== before)
  }
  const onRecordsConflict = (conflicts: FieldConflict[]) => onConflict?.(conflicts)
  for (const source of mine ? [records, mine] : [records]) {
    source.on('change', onRecordsChange)
    source.on('conflict', onRecordsConflict)
  }

  return () => {
    stopListening()
    for (const source of mine ? [records, mine] : [records]) {
      source.off('change', onRecordsChange)
      source.off('conflict', onRecordsConflict)
      source.destroy()
    }
  }
}

/** What goes to each doc: `put` and `remove` for BoardRecords.write. */
interface DocWrites {
  put: StoredRecord[]
  remove: string[]
}

/**
 * Splits the user's changes between the board and the private doc (see `bindStoreToDoc`): a
 * record goes to the doc that holds it (the board when both do); a new shape or binding to the
 * private doc while `isPrivate`; then every record bound for the board whose parent, or binding
 * end, is private moves to the private doc, with everything inside it.
 */
function routeChanges(
  store: TLStore,
  board: BoardRecords,
  mine: BoardRecords,
  isPrivate: boolean,
  changes: { added: StoredRecord[]; updated: StoredRecord[]; removed: string[] },
): { board: DocWrites; mine: DocWrites } {
  const toBoard = new Map<string, StoredRecord>()
  const toMine = new Map<string, StoredRecord>()
  for (const record of changes.added) {
    const isNewPrivate = isPrivate && privateTypeNames.has(record.typeName) && !board.has(record.id)
    if (mine.has(record.id) || isNewPrivate) toMine.set(record.id, record)
    else toBoard.set(record.id, record)
  }
  for (const record of changes.updated) {
    if (!board.has(record.id) && mine.has(record.id)) toMine.set(record.id, record)
    else toBoard.set(record.id, record)
  }
  const removeFromBoard: string[] = []
  const removeFromMine: string[] = []
  for (const id of changes.removed) {
    if (mine.has(id)) removeFromMine.push(id)
    if (board.has(id) || !mine.has(id)) removeFromBoard.push(id)
  }

  const isPrivateId = (id: unknown) =>
    typeof id === 'string' && (toMine.has(id) || (mine.has(id) && !board.has(id)))
  const pointsAtPrivate = (record: StoredRecord) =>
    isPrivateId(record.parentId) || isPrivateId(record.fromId) || isPrivateId(record.toId)
  // A board record placed in a private one would point at nothing for everyone else.
  const moved: StoredRecord[] = [...toBoard.values()].filter(pointsAtPrivate)
  let contents: Map<string, StoredRecord[]> | null = null
  while (moved.length > 0) {
    const record = moved.pop()!
    if (toMine.has(record.id)) continue
    toBoard.delete(record.id)
    toMine.set(record.id, record)
    if (board.has(record.id)) removeFromBoard.push(record.id)
    contents ??= recordsPointingAt(store)
    for (const inside of contents.get(record.id) ?? []) {
      if (!toMine.has(inside.id) && (board.has(inside.id) || toBoard.has(inside.id))) {
        moved.push(toBoard.get(inside.id) ?? inside)
      }
    }
  }
  return {
    board: { put: [...toBoard.values()], remove: removeFromBoard },
    mine: { put: [...toMine.values()], remove: removeFromMine },
  }
}

/** The store's document records by the id they point at (parent, binding ends). */
function recordsPointingAt(store: TLStore): Map<string, StoredRecord[]> {
  const byTarget = new Map<string, StoredRecord[]>()
  for (const record of store.allRecords() as unknown as StoredRecord[]) {
    for (const target of [record.parentId, record.fromId, record.toId]) {
      if (typeof target !== 'string') continue
      const list = byTarget.get(target)
      if (list) list.push(record)
      else byTarget.set(target, [record])
    }
  }
  return byTarget
}

/**
 * `incoming` (about to be put in the store) with each shape that would close a loop of parents,
 * or whose parent exists nowhere (your private card in a frame someone deleted), moved to a page;
 * a shape of the store that closes a loop is added, moved.
 */
function withoutParentLoops(store: TLStore, incoming: TLRecord[]): TLRecord[] {
  const byId = new Map<string, TLRecord>(incoming.map((record) => [record.id, record]))
  const get = (id: string) => byId.get(id) ?? store.get(id as TLRecord['id'])
  const orphans = incoming.filter(
    (record) => record.typeName === 'shape' && !get((record as { parentId: string }).parentId),
  )
  const loops = [...findParentLoops(incoming, get), ...orphans.map((record) => record.id)]
  if (loops.length === 0) return incoming
  const page =
    incoming.find((record) => record.typeName === 'page') ??
    store.allRecords().find((record) => record.typeName === 'page')
  if (!page) return incoming
  for (const id of loops) {
    const shape = get(id)
    if (shape) byId.set(id, { ...shape, parentId: page.id } as TLRecord)
  }
  return [...byId.values()]
}

/**
 * `record` migrated from the schema the doc says its records are at, when that is older than
 * this code's (an offline copy stored before an upgrade). Throws when it cannot be migrated.
 */
function migrateFromDoc(store: TLStore, doc: Y.Doc, record: StoredRecord): TLRecord {
  const docSchema = getMetaMap(doc).get(schemaMetaKey) as SerializedSchema | undefined
  const asRecord = record as unknown as TLRecord
  if (!docSchema) return asRecord
  const migrations = store.schema.getMigrationsSince(docSchema)
  if (!migrations.ok || migrations.value.length === 0) return asRecord
  const result = store.schema.migratePersistedRecord(asRecord, docSchema)
  if (result.type === 'error') throw new Error(`cannot migrate ${record.id}: ${result.reason}`)
  return result.value
}
