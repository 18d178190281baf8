/**
 * What changed between two compiled versions of a board (`BoardCompilation`s): pure and
 * deterministic, so the server answers `GET /api/rooms/:roomId/versions/diff` with it and clients
 * can diff locally (e.g. a saved version against the live board) with the same code.
 *
 * ICPs are matched by id (the statement card's id, or the page id of an implicit ICP); cards by
 * shape id. An ICP only in `to` is `added` and lists all its cards as added; one only in `from` is
 * `removed` and lists its cards as removed, so every entry reads on its own. ICPs without changes
 * are left out. Order: `to`'s order for ICPs and cards, then what was removed in `from`'s order.
 */
import { z } from 'zod'
import {
  allAttributes,
  type BoardCompilation,
  type IcpAttribute,
  type IcpDisqualifier,
  type IcpDocument,
  type IcpPainPoint,
  type IcpPersona,
} from '../compile/icpDocument'

/** The compared fields of an attribute card. `value` is the value as typed on the card. */
export const attributeSnapshotSchema = z.object({
  shapeId: z.string(),
  category: z.string(),
  label: z.string(),
  value: z.string(),
  importance: z.string(),
})
export type AttributeSnapshot = z.infer<typeof attributeSnapshotSchema>

/** The compared fields of a persona card. */
export const personaSnapshotSchema = z.object({
  shapeId: z.string(),
  title: z.string(),
  role: z.string(),
  department: z.string(),
  /** Null when the card leaves it unset. */
  seniority: z.string().nullable(),
})
export type PersonaSnapshot = z.infer<typeof personaSnapshotSchema>

/** The compared fields of a pain point card. */
export const painPointSnapshotSchema = z.object({
  shapeId: z.string(),
  problem: z.string(),
  /** Null when the card leaves it unset. */
  severity: z.string().nullable(),
  solution: z.string(),
})
export type PainPointSnapshot = z.infer<typeof painPointSnapshotSchema>

/** The compared fields of a disqualifier card. */
export const disqualifierSnapshotSchema = z.object({
  shapeId: z.string(),
  kind: z.string(),
  rule: z.string(),
  reason: z.string(),
})
export type DisqualifierSnapshot = z.infer<typeof disqualifierSnapshotSchema>

/** Cards of one kind that were added, removed or changed (`before`/`after` are whole snapshots). */
function cardChangesSchema<T extends z.ZodType>(snapshot: T) {
  return z.object({
    added: z.array(snapshot),
    removed: z.array(snapshot),
    changed: z.array(z.object({ shapeId: z.string(), before: snapshot, after: snapshot })),
  })
}
export interface CardChanges<T> {
  added: T[]
  removed: T[]
  changed: { shapeId: string; before: T; after: T }[]
}

const textChangeSchema = z.object({ before: z.string(), after: z.string() }).nullable()

/** The changes of one ICP. `name`/`statement` are null when unchanged. */
export const icpDiffSchema = z.object({
  id: z.string(),
  /** The ICP's name in `to`, or in `from` when it was removed. */
  name: z.string(),
  status: z.enum(['added', 'removed', 'changed']),
  nameChange: textChangeSchema,
  statement: textChangeSchema,
  attributes: cardChangesSchema(attributeSnapshotSchema),
  personas: cardChangesSchema(personaSnapshotSchema),
  painPoints: cardChangesSchema(painPointSnapshotSchema),
  disqualifiers: cardChangesSchema(disqualifierSnapshotSchema),
})
export type IcpDiff = z.infer<typeof icpDiffSchema>

/** Result of `diffCompilations`: the ICPs that changed, and whether anything did. */
export const versionDiffSchema = z.object({
  hasChanges: z.boolean(),
  icps: z.array(icpDiffSchema),
})
export type VersionDiff = z.infer<typeof versionDiffSchema>

/** Compares two compilations (see the module comment for matching and order). */
export function diffCompilations(from: BoardCompilation, to: BoardCompilation): VersionDiff {
  const before = new Map(from.icps.map((icp) => [icp.id, icp]))
  const after = new Set(to.icps.map((icp) => icp.id))
  const icps: IcpDiff[] = []
  for (const icp of to.icps) {
    const old = before.get(icp.id)
    const diff = diffIcp(old ?? null, icp)
    if (!old || hasIcpChanges(diff)) icps.push(diff)
  }
  for (const icp of from.icps) if (!after.has(icp.id)) icps.push(diffIcp(icp, null))
  return { hasChanges: icps.length > 0, icps }
}

function diffIcp(from: IcpDocument | null, to: IcpDocument | null): IcpDiff {
  const either = (to ?? from) as IcpDocument
  return {
    id: either.id,
    name: either.name,
    status: !from ? 'added' : !to ? 'removed' : 'changed',
    nameChange: from && to ? textChange(from.name, to.name) : null,
    statement: from && to ? textChange(from.statement, to.statement) : null,
    attributes: diffCards(
      from ? allAttributes(from) : [],
      to ? allAttributes(to) : [],
      attributeSnapshot,
    ),
    personas: diffCards(from?.buyingCommittee ?? [], to?.buyingCommittee ?? [], personaSnapshot),
    painPoints: diffCards(from?.painPoints ?? [], to?.painPoints ?? [], painPointSnapshot),
    disqualifiers: diffCards(
      from?.disqualifiers ?? [],
      to?.disqualifiers ?? [],
      disqualifierSnapshot,
    ),
  }
}

function hasIcpChanges(diff: IcpDiff): boolean {
  const cards = [diff.attributes, diff.personas, diff.painPoints, diff.disqualifiers]
  return (
    diff.nameChange !== null ||
    diff.statement !== null ||
    cards.some((c) => c.added.length + c.removed.length + c.changed.length > 0)
  )
}

function textChange(before: string, after: string): { before: string; after: string } | null {
  return before === after ? null : { before, after }
}

function diffCards<C extends { shapeId: string }, S extends { shapeId: string }>(
  from: readonly C[],
  to: readonly C[],
  snapshot: (card: C) => S,
): CardChanges<S> {
  const before = new Map(from.map((card) => [card.shapeId, snapshot(card)]))
  const afterIds = new Set(to.map((card) => card.shapeId))
  const changes: CardChanges<S> = { added: [], removed: [], changed: [] }
  for (const card of to) {
    const now = snapshot(card)
    const old = before.get(card.shapeId)
    if (!old) changes.added.push(now)
    else if (!isSameSnapshot(old, now))
      changes.changed.push({ shapeId: card.shapeId, before: old, after: now })
  }
  for (const card of from) if (!afterIds.has(card.shapeId)) changes.removed.push(snapshot(card))
  return changes
}

/** Snapshots are flat objects of strings built with the same keys, so a key-wise compare is enough. */
function isSameSnapshot(a: object, b: object): boolean {
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  return Object.keys(left).every((key) => left[key] === right[key])
}

function attributeSnapshot(attribute: IcpAttribute): AttributeSnapshot {
  return {
    shapeId: attribute.shapeId,
    category: attribute.category,
    label: attribute.label,
    value: attribute.value,
    importance: attribute.importance,
  }
}

function personaSnapshot(persona: IcpPersona): PersonaSnapshot {
  return {
    shapeId: persona.shapeId,
    title: persona.title,
    role: persona.role,
    department: persona.department,
    seniority: persona.seniority,
  }
}

function painPointSnapshot(painPoint: IcpPainPoint): PainPointSnapshot {
  return {
    shapeId: painPoint.shapeId,
    problem: painPoint.problem,
    severity: painPoint.severity,
    solution: painPoint.solution,
  }
}

function disqualifierSnapshot(disqualifier: IcpDisqualifier): DisqualifierSnapshot {
  return {
    shapeId: disqualifier.shapeId,
    kind: disqualifier.kind,
    rule: disqualifier.rule,
    reason: disqualifier.reason,
  }
}
