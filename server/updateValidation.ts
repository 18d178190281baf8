/**
 * Checks an incoming Yjs update against the board's doc layout (shared/docLayout.ts,
 * shared/workshop/workshopLayout.ts) and the writer's rights before it is applied, so an invalid
 * or forbidden change never reaches the room, the disk or the other clients.
 *
 * The update is decoded, not applied. Each new item is placed in its ROOT type the way Yjs will
 * place it (`Item.getMissing`/`integrate`): an item carries its parent only when it has no
 * neighbours; otherwise it goes where its origin (left neighbour), else its right origin, is:
 * an item already in the doc (`Y.findRootTypeKey` of its parent) or one in the same update (in any
 * order; resolved recursively). An item next to a garbage-collected struct becomes garbage itself
 * (no root). A part of a struct the doc already has is skipped, as Yjs skips it; the rest is
 * placed after the doc's previous item of that client, as Yjs does.
 *
 * Deletions change a root only when they hit an item the doc holds and has not deleted yet; a
 * client's sync step 2 always carries its whole delete set, so deletions the doc already has are
 * no-ops. Deleting a SUPERSEDED duplicate of a key-value entry (an entry of the same key stands
 * further right and stays) changes no value: YKeyValue in every client deletes those on its own,
 * so such deletions are allowed in roots the writer may not otherwise change.
 *
 * Unresolved: an item whose origin, right origin or parent, or a deletion whose target, is neither
 * in the doc nor in the update (a missing dependency; Yjs would park it as pending and integrate it
 * later, unchecked). The caller must not apply such an update.
 *
 * Content rules: only JSON values (ContentAny) or deleted content; in the key-value roots (every
 * root but `meta`) each value is a `{ key, val }` entry validated by its root: tldraw records by
 * the board schema (document scope, key = id), workshop entries by `entrySchemasByRoot` with the
 * key their content dictates (shared/workshop/entryKeys.ts). Unknown roots are refused.
 */
import type { TLSchema } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { legacyRecordsArrayName, metaMapName, recordsArrayName } from '../shared/docLayout'
import { expectedEntryKey } from '../shared/workshop/entryKeys'
import { entrySchemasByRoot } from '../shared/workshop/workshopLayout'
import { describeZodIssues } from './readJsonBody'
import {
  legacyRecordProblem,
  RecordFieldCheck,
  type PlacementRestore,
  type RecordFieldsView,
  type UpdateProblem,
} from './recordValidation'

export type { UpdateProblem } from './recordValidation'

/** Every root type of the board layout (the layout 1 records root too: see recordValidation.ts). */
export const knownRoots: ReadonlySet<string> = new Set([
  recordsArrayName,
  legacyRecordsArrayName,
  metaMapName,
  ...Object.keys(entrySchemasByRoot),
])

/** One `{ key, val }` entry of a key-value root. */
export interface EntryChange {
  root: string
  key: string
  value: unknown
}

/** What `inspectUpdate` found. */
export interface UpdateInspection {
  /** The first content problem, or null. */
  problem: UpdateProblem | null
  /** The first known root the update changes that `mayWrite` refuses, or null. */
  forbiddenRoot: string | null
  /** Every root the update changes (new items, deletions of live items; not cleanups). */
  touchedRoots: Set<string>
  /** True when the update brings structs the doc does not have yet (a deletion-only update is false). */
  isInsert: boolean
  /** Why part of the update depends on something neither the doc nor the update holds, or null. */
  unresolved: string | null
  /** Every entry the update inserts into one of `entryRoots` (valid ones; see `problem`). */
  writtenEntries: EntryChange[]
  /**
   * Live entries of `entryRoots` the update deletes while no entry of the same key survives
   * further right (deleting a superseded duplicate changes no value and is not listed).
   */
  removedEntries: EntryChange[]
  /** Ids of the tldraw records the update writes or deletes fields of. */
  recordIds: Set<string>
  /** The record fields the update writes, by record id. */
  recordFields: ReadonlyMap<string, ReadonlyMap<string, unknown>>
  /** Why the writer may not make this change though it may write its roots (a lock), or null. */
  forbiddenReason: string | null
  /** Moves to undo once the update is applied (a parent loop closed concurrently). */
  restores: PlacementRestore[]
  /** The Yjs client ids whose structs the update carries. */
  clients: Set<number>
}

/** What `inspectUpdate` needs besides the update. */
export interface InspectOptions {
  /** The live doc the update would be applied to (only read). */
  doc: Y.Doc
  /** The board schema tldraw records are validated with. */
  schema: TLSchema
  /**
   * The doc's records, whose current fields complete the fields an update writes; without it
   * every record must be written whole.
   */
  records?: RecordFieldsView
  /** Yjs client ids the writer wrote with before (its own earlier changes). */
  ownClients?: ReadonlySet<number>
  /** True when the writer may change what the facilitator locked (the facilitator). */
  mayChangeLocked?: boolean
  /** Whether the writer may change a root; default: any root. */
  mayWrite?: (root: string) => boolean
  /** Whether the writer may delete live entries of a root; default: `mayWrite`. */
  mayDelete?: (root: string) => boolean
  /** Key-value roots whose written and removed entries are reported (for the entry rules). */
  entryRoots?: ReadonlySet<string>
}

type Struct = Y.Item | Y.GC | Y.Skip

/** Where an item lands: a root (and map key), or nowhere (garbage), or unknown (missing). */
type Placement =
  | { kind: 'root'; root: string; parentSub: string | null; isNested: boolean }
  | { kind: 'garbage' }
  | { kind: 'missing'; reason: string }

/**
 * Checks `update` against `doc`, the layout and `mayWrite` without applying it (see the module
 * comment). Throws when the bytes are not a Yjs update (the caller treats that as a protocol error).
 */
export function inspectUpdate(update: Uint8Array, options: InspectOptions): UpdateInspection {
  return new Inspector(update, options).run()
}

/** The first content problem of `update` for `doc` (see `inspectUpdate`), or null. */
export function findUpdateProblem(
  update: Uint8Array,
  schema: TLSchema,
  doc: Y.Doc = new Y.Doc(),
): UpdateProblem | null {
  return inspectUpdate(update, { doc, schema }).problem
}

class Inspector {
  private readonly structs: Struct[]
  private readonly store: Y.Doc['store']
  /** The update's structs per client, in clock order. */
  private readonly byClient = new Map<number, Struct[]>()
  private readonly placements = new Map<Y.Item, Placement>()
  private readonly deletedByUpdate: Map<number, [number, number][]>
  /** Entry roots in which the update deletes live items (see `collectRemovedEntries`). */
  private readonly entryRootsWithDeletions = new Set<string>()
  private readonly result: UpdateInspection = {
    problem: null,
    forbiddenRoot: null,
    touchedRoots: new Set(),
    isInsert: false,
    unresolved: null,
    writtenEntries: [],
    removedEntries: [],
    recordIds: new Set(),
    recordFields: new Map(),
    forbiddenReason: null,
    restores: [],
    clients: new Set(),
  }
  private readonly recordFields: RecordFieldCheck

  constructor(
    update: Uint8Array,
    private readonly options: InspectOptions,
  ) {
    const { structs, ds } = Y.decodeUpdate(update)
    this.structs = structs
    this.store = options.doc.store
    this.recordFields = new RecordFieldCheck(options)
    for (const struct of structs) {
      const list = this.byClient.get(struct.id.client)
      if (list) list.push(struct)
      else this.byClient.set(struct.id.client, [struct])
    }
    this.deletedByUpdate = new Map()
    for (const [client, items] of ds.clients) {
      const ranges = items.map((item): [number, number] => [item.clock, item.clock + item.len])
      this.deletedByUpdate.set(client, mergeRanges(ranges))
    }
  }

  run(): UpdateInspection {
    this.checkClientRanges()
    // A forbidden update is refused whatever else it holds: stop looking (bounds the work a
    // client can cause with one refused update).
    for (const struct of this.structs) {
      if (this.result.forbiddenRoot !== null) return this.result
      this.inspectStruct(struct)
    }
    this.inspectDeletions()
    for (const root of this.entryRootsWithDeletions) this.collectRemovedEntries(root)
    for (const client of this.byClient.keys()) this.result.clients.add(client)
    if (this.result.forbiddenRoot !== null || this.result.problem) return this.result
    const rules = this.recordFields.finish()
    this.result.problem = rules.problem
    this.result.forbiddenReason = rules.forbiddenReason
    this.result.restores = rules.restores
    this.result.recordIds = this.recordFields.recordIds
    this.result.recordFields = this.recordFields.writtenFields
    return this.result
  }

  /** Yjs integrates a client's structs only from its current state on, without gaps. */
  private checkClientRanges(): void {
    for (const [client, list] of this.byClient) {
      let expected = list[0]?.id.clock ?? 0
      if (expected > Y.getState(this.store, client)) {
        this.markUnresolved(`updates of client ${client} before clock ${expected} are missing`)
      }
      for (const struct of list) {
        if (struct.id.clock !== expected || struct instanceof Y.Skip) {
          this.markUnresolved(`the update skips clocks of client ${client}`)
        }
        expected = struct.id.clock + struct.length
      }
    }
  }

  private inspectStruct(struct: Struct): void {
    if (struct instanceof Y.Skip) return
    const state = Y.getState(this.store, struct.id.client)
    const offset = Math.max(0, state - struct.id.clock)
    if (offset >= struct.length) return // the doc has all of it: Yjs skips it
    this.result.isInsert = true
    if (struct instanceof Y.GC) return // garbage: no content, no root
    const placement = this.placementOf(struct)
    if (placement.kind === 'missing') return this.markUnresolved(placement.reason)
    if (
      offset > 0 &&
      !isSamePlace(placement, this.placementOfId(Y.createID(struct.id.client, state - 1)))
    ) {
      // Yjs would link the new part after the doc's previous item of this client: an honest
      // client's split item is in one place, so a different place is a forged overlap.
      this.result.problem ??= { message: 'malformed update: it overlaps known content elsewhere' }
      return
    }
    if (placement.kind === 'garbage') return
    const { root } = placement
    this.touch(root)
    this.checkContent(struct, offset, placement)
  }

  private touch(root: string, isDeletion = false): void {
    this.result.touchedRoots.add(root)
    const mayWrite = this.options.mayWrite ?? (() => true)
    const mayChange = isDeletion ? (this.options.mayDelete ?? mayWrite) : mayWrite
    if (this.result.forbiddenRoot === null && knownRoots.has(root) && !mayChange(root)) {
      this.result.forbiddenRoot = root
    }
  }

  private checkContent(
    struct: Y.Item,
    offset: number,
    placement: Extract<Placement, { kind: 'root' }>,
  ): void {
    if (this.result.problem) return
    const { content } = struct
    if (content instanceof Y.ContentDeleted) return
    const { root } = placement
    if (!knownRoots.has(root)) {
      this.result.problem = { message: `unknown root "${root}": not part of the board layout` }
      return
    }
    if (!(content instanceof Y.ContentAny)) {
      this.result.problem = {
        message: `unsupported Yjs content ${content.constructor.name}: the board holds JSON values only`,
      }
      return
    }
    if (placement.isNested) {
      this.result.problem = { message: 'nested Yjs types are not part of the board layout' }
      return
    }
    if (root === metaMapName) return // written by the server only; refused by role before this
    if (placement.parentSub !== null) {
      this.result.problem = { message: `"${root}" is a list of entries, not a map` }
      return
    }
    const isEntryRoot = this.options.entryRoots?.has(root) ?? false
    for (const value of content.arr.slice(offset)) {
      const problem = this.entryProblem(root, value)
      if (problem) {
        this.result.problem = problem
        return
      }
      if (isEntryRoot) {
        const { key, val } = value as { key: string; val: unknown }
        this.result.writtenEntries.push({ root, key, value: val })
      }
    }
  }

  /** Problems of one value inserted into the key-value root `root`. */
  private entryProblem(root: string, value: unknown): UpdateProblem | null {
    if (!isPlainObject(value) || !('key' in value) || !('val' in value)) {
      return { message: `"${root}" holds { key, val } entries only` }
    }
    const { key, val } = value
    if (typeof key !== 'string') return { message: `${root} entry key must be a string` }
    if (root === recordsArrayName) return this.recordFields.addField(key, val)
    if (root === legacyRecordsArrayName) {
      return legacyRecordProblem(key, val, this.options.schema, this.options.doc)
    }
    const entrySchema = entrySchemasByRoot[root]
    if (!entrySchema) return { recordId: key, message: `unknown root "${root}"` }
    const parsed = entrySchema.safeParse(val)
    if (!parsed.success) {
      return {
        recordId: key,
        message: `invalid ${root} entry ${key}: ${describeZodIssues(parsed.error)}`,
      }
    }
    // Roots without a key rule here (server-written ones such as `data`) are not keyed by content.
    const expected = expectedEntryKey(root, parsed.data)
    if (expected !== null && expected !== key) {
      return { recordId: key, message: `${root} entry ${key}: its key must be ${expected}` }
    }
    return null
  }

  /**
   * Where `item` (a struct of the update) lands, as Yjs's `getMissing` decides it. Iterative:
   * an update can chain thousands of items through origins in other clients' structs, deeper than
   * the call stack. Items that depend on each other in a circle are unresolved (Yjs would park
   * them).
   */
  private placementOf(item: Y.Item): Placement {
    const stack: Y.Item[] = [item]
    const onStack = new Set<Y.Item>(stack)
    while (stack.length > 0) {
      const current = stack[stack.length - 1] as Y.Item
      if (!this.placements.has(current)) {
        // One at a time, so the stack is the path of items waiting on each other: a dependency
        // already on it closes a circle.
        const waiting = this.dependencies(current).find(
          (dependency) => !this.placements.has(dependency) && !onStack.has(dependency),
        )
        if (waiting) {
          stack.push(waiting)
          onStack.add(waiting)
          continue
        }
        this.placements.set(current, this.placeResolved(current))
      }
      stack.pop()
      onStack.delete(current)
    }
    return this.placements.get(item) as Placement
  }

  /** The items of the update that `item`'s origin, right origin or parent ID point into. */
  private dependencies(item: Y.Item): Y.Item[] {
    const parent = item.parent as unknown
    const ids = [item.origin, item.rightOrigin, parent instanceof Y.ID ? parent : null]
    const found: Y.Item[] = []
    for (const id of ids) {
      if (!id || id.clock < Y.getState(this.store, id.client)) continue
      const struct = this.findInUpdate(id)
      if (struct instanceof Y.Item) found.push(struct)
    }
    return found
  }

  /** `item`'s placement, once every update item it depends on is placed (or in a circle). */
  private placeResolved(item: Y.Item): Placement {
    const parent = item.parent as unknown
    if (item.origin || item.rightOrigin) {
      const left = item.origin ? this.placementOfId(item.origin) : null
      const right = item.rightOrigin ? this.placementOfId(item.rightOrigin) : null
      if (left?.kind === 'missing') return left
      if (right?.kind === 'missing') return right
      if (left?.kind === 'garbage' || right?.kind === 'garbage') return { kind: 'garbage' }
      return (left ?? right) as Placement
    }
    if (typeof parent === 'string') {
      return { kind: 'root', root: parent, parentSub: item.parentSub, isNested: false }
    }
    if (parent instanceof Y.ID) {
      const container = this.placementOfId(parent)
      return container.kind === 'root'
        ? { kind: 'root', root: container.root, parentSub: item.parentSub, isNested: true }
        : container
    }
    return { kind: 'garbage' }
  }

  /**
   * Where the struct holding `id` is: in the doc if the doc has that clock, else in the update
   * (already placed by `placementOf`, or in a circle with the asking item).
   */
  private placementOfId(id: Y.ID): Placement {
    if (id.clock < Y.getState(this.store, id.client)) {
      const structs = this.store.clients.get(id.client)
      const struct = structs?.[Y.findIndexSS(structs, id.clock)]
      if (!(struct instanceof Y.Item)) return { kind: 'garbage' }
      return placementOfDocItem(struct)
    }
    const struct = this.findInUpdate(id)
    if (!struct || struct instanceof Y.Skip) {
      return {
        kind: 'missing',
        reason: `depends on ${id.client}:${id.clock}, which the server lacks`,
      }
    }
    if (struct instanceof Y.GC) return { kind: 'garbage' }
    return (
      this.placements.get(struct) ?? {
        kind: 'missing',
        reason: `items of client ${id.client} depend on each other in a circle`,
      }
    )
  }

  private findInUpdate(id: Y.ID): Struct | undefined {
    const list = this.byClient.get(id.client)
    if (!list) return undefined
    let low = 0
    let high = list.length - 1
    while (low <= high) {
      const middle = (low + high) >> 1
      const struct = list[middle] as Struct
      if (id.clock < struct.id.clock) high = middle - 1
      else if (id.clock >= struct.id.clock + struct.length) low = middle + 1
      else return struct
    }
    return undefined
  }

  private inspectDeletions(): void {
    // Merged ranges: overlapping or repeated ranges cannot make us walk the same structs twice.
    for (const [client, ranges] of this.deletedByUpdate) {
      const state = Y.getState(this.store, client)
      const structs = this.store.clients.get(client)
      for (const [clock, end] of ranges) {
        if (this.result.forbiddenRoot !== null) return
        if (structs && clock < state) this.inspectDocDeletion(structs, clock, Math.min(end, state))
        if (end > state && !this.updateCovers(client, Math.max(clock, state), end)) {
          this.markUnresolved(`deletes content of client ${client} the server lacks`)
        }
      }
    }
  }

  /** Deletions of live doc items in [start, end) of one client's structs. */
  private inspectDocDeletion(structs: (Y.Item | Y.GC)[], start: number, end: number): void {
    for (let i = Y.findIndexSS(structs, start); i < structs.length; i++) {
      const struct = structs[i] as Y.Item | Y.GC
      if (struct.id.clock >= end || this.result.forbiddenRoot !== null) break
      if (!(struct instanceof Y.Item) || struct.deleted) continue
      const placement = placementOfDocItem(struct)
      if (placement.kind !== 'root') continue
      const from = Math.max(start - struct.id.clock, 0)
      const to = Math.min(end, struct.id.clock + struct.length) - struct.id.clock
      const mayDelete = this.options.mayDelete ?? this.options.mayWrite ?? (() => true)
      if (!mayDelete(placement.root) && this.isSupersededCleanup(struct, from, to)) continue
      if (this.options.entryRoots?.has(placement.root) && !placement.isNested) {
        this.entryRootsWithDeletions.add(placement.root)
      }
      this.touch(placement.root, true)
      if (placement.root === recordsArrayName) this.noteDeletedRecords(struct, from, to)
    }
  }

  /**
   * Lists the live entries of `root` the update deletes with no entry of the same key surviving
   * further right (`removedEntries`). One walk from the right end of the root, so an update that
   * deletes many entries costs one pass, not one pass per entry.
   */
  private collectRemovedEntries(root: string): void {
    const type = this.options.doc.share.get(root)
    if (!type) return
    const items: Y.Item[] = []
    for (let item = type._start; item !== null; item = item.right) items.push(item)
    const survivors = new Set<string>()
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i] as Y.Item
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
      const values = item.content.arr
      for (let offset = values.length - 1; offset >= 0; offset--) {
        const value: unknown = values[offset]
        const key = entryKeyOf(value)
        if (key === null) continue
        if (!this.isDeletedByUpdate(item.id.client, item.id.clock + offset)) {
          survivors.add(key)
        } else if (!survivors.has(key)) {
          this.result.removedEntries.push({ root, key, value: (value as { val: unknown }).val })
        }
      }
    }
  }

  /**
   * Field entries the update deletes, but for superseded duplicates (a cleanup that changes no
   * value): the records they belong to are changed records too (locks, leftovers).
   */
  private noteDeletedRecords(item: Y.Item, from: number, to: number): void {
    if (!(item.content instanceof Y.ContentAny)) return
    for (let offset = from; offset < to; offset++) {
      const key = entryKeyOf(item.content.arr[offset])
      if (key !== null && !this.hasLiveEntryRightOf(item, offset, key)) {
        this.recordFields.addDeletion(key)
      }
    }
  }

  private updateCovers(client: number, start: number, end: number): boolean {
    const list = this.byClient.get(client)
    const first = list?.[0]
    const last = list?.at(-1)
    if (!first || !last) return false
    return first.id.clock <= start && end <= last.id.clock + last.length
  }

  /**
   * True when every entry at offsets [from, to) of `item` is superseded: an entry with the same
   * key stands further right in the same root and this update does not delete it.
   */
  private isSupersededCleanup(item: Y.Item, from: number, to: number): boolean {
    if (!(item.content instanceof Y.ContentAny)) return false
    const values = item.content.arr
    for (let offset = from; offset < to; offset++) {
      const key = entryKeyOf(values[offset])
      if (key === null || !this.hasLiveEntryRightOf(item, offset, key)) return false
    }
    return true
  }

  private hasLiveEntryRightOf(item: Y.Item, offset: number, key: string): boolean {
    // Field entries: the doc's EntryMap knows the rightmost live entry of each key, so the walk
    // (the length of the array, per entry) is needed only when the update deletes that one too.
    const { records } = this.options
    if (records && item.parent === this.options.doc.share.get(recordsArrayName)) {
      const current = records.currentEntryOf(key)
      if (
        current &&
        current.client === item.id.client &&
        current.clock === item.id.clock + offset
      ) {
        return false
      }
      if (current && !this.isDeletedByUpdate(current.client, current.clock)) return true
    }
    let current: Y.Item | null = item
    let start = offset + 1
    while (current) {
      if (!current.deleted && current.content instanceof Y.ContentAny) {
        const values = current.content.arr
        for (let i = start; i < values.length; i++) {
          const clock = current.id.clock + i
          if (entryKeyOf(values[i]) === key && !this.isDeletedByUpdate(current.id.client, clock)) {
            return true
          }
        }
      }
      current = current.right
      start = 0
    }
    return false
  }

  private isDeletedByUpdate(client: number, clock: number): boolean {
    const ranges = this.deletedByUpdate.get(client)
    if (!ranges) return false
    let low = 0
    let high = ranges.length - 1
    while (low <= high) {
      const middle = (low + high) >> 1
      const [start, end] = ranges[middle] as [number, number]
      if (clock < start) high = middle - 1
      else if (clock >= end) low = middle + 1
      else return true
    }
    return false
  }

  private markUnresolved(reason: string): void {
    this.result.unresolved ??= reason
  }
}

/** Sorted, disjoint `[start, end)` ranges covering the same clocks as `ranges`. */
function mergeRanges(ranges: [number, number][]): [number, number][] {
  const merged: [number, number][] = []
  for (const [start, end] of ranges.sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1)
    if (last && start <= last[1]) last[1] = Math.max(last[1], end)
    else merged.push([start, end])
  }
  return merged
}

function isSamePlace(a: Placement, b: Placement): boolean {
  if (a.kind !== 'root' || b.kind !== 'root') return a.kind === b.kind
  return a.root === b.root && a.parentSub === b.parentSub && a.isNested === b.isNested
}

/** The root (and nesting) of an item integrated in the doc. */
function placementOfDocItem(item: Y.Item): Placement {
  let type = item.parent
  if (!(type instanceof Y.AbstractType)) return { kind: 'garbage' }
  let isNested = false
  while (type._item) {
    isNested = true
    const parent: unknown = type._item.parent
    if (!(parent instanceof Y.AbstractType)) return { kind: 'garbage' }
    type = parent
  }
  return { kind: 'root', root: Y.findRootTypeKey(type), parentSub: item.parentSub, isNested }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function entryKeyOf(value: unknown): string | null {
  return isPlainObject(value) && typeof value.key === 'string' ? value.key : null
}
