import { z } from 'zod'
import {
  attributeCategories,
  attributeImportances,
  evidenceSources,
  listMatches,
  valueKinds,
} from '../schema/attributeCard'
import { disqualifierKinds } from '../schema/disqualifierCard'
import { severities } from '../schema/painPointCard'
import { decisionRoles, seniorities } from '../schema/personaCard'
import { parsedValueSchema, valueFamilies } from '../values/parsedValue'
import { attributeGroups } from './attributeCategoryInfo'

/** Version of the IcpDocument format; bump it (and the schema `$id`) on breaking changes. */
export const icpDocumentSchemaVersion = 1

/** `$id` of the IcpDocument JSON Schema. */
export const icpDocumentSchemaId = 'https://icp-workshop.local/schemas/icp-document/v1.json'

/**
 * Every health check the compiler runs. `error`s make the document unusable, `warning`s are the
 * named ICP mistakes, `info`s are hints.
 */
export const warningCodes = [
  'noStatementCard',
  'duplicateStatementCard',
  'emptyIcp',
  'keyAttributesTooFew',
  'keyAttributesTooMany',
  'keyAttributesFromMustHaves',
  'tooBroad',
  'contradictoryMustHaves',
  'disqualifierOverlapsMustHave',
  'valueMatchesNoRow',
  'niceNeverFits',
  'duplicateAttribute',
  'unconstrainedValue',
  'valueNotRange',
  'valueReadAsText',
  'assumptionOnly',
  'mostlyAssumptions',
  'noPersonas',
  'noDecisionMaker',
  'painPointUnlinked',
  'noDisqualifiers',
  'reviewDateMissing',
  'reviewOverdue',
  'reviewCadenceInvalid',
  'blankCardsIgnored',
  'tooManySpecialized',
] as const
export type WarningCode = (typeof warningCodes)[number]

/** How bad a warning is, worst first. */
export const warningSeverities = ['error', 'warning', 'info'] as const
export type WarningSeverity = (typeof warningSeverities)[number]

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

/** A problem in the board's content: data, not an exception. `shapeIds` point at the cards. */
export const icpWarningSchema = z.object({
  code: z.enum(warningCodes),
  severity: z.enum(warningSeverities),
  message: z.string(),
  shapeIds: z.array(z.string()).optional(),
})
export type IcpWarning = z.infer<typeof icpWarningSchema>

/**
 * One attribute card, read and parsed. `label` falls back to the category label when blank.
 * `family` says how the value is read, `reading` says it in words (`any of: United States,
 * Canada`); `weight` (1 to 5) multiplies the points a fit earns.
 */
export const icpAttributeSchema = z.object({
  shapeId: z.string(),
  category: z.enum(attributeCategories),
  categoryLabel: z.string(),
  group: z.enum(attributeGroups),
  label: z.string(),
  value: z.string(),
  valueKind: z.enum(valueKinds),
  family: z.enum(valueFamilies),
  listMatch: z.enum(listMatches),
  parsed: parsedValueSchema,
  display: z.string(),
  reading: z.string(),
  importance: z.enum(attributeImportances),
  weight: z.number().int(),
  votes: z.number(),
  isKey: z.boolean(),
  evidence: z.object({
    source: z.enum(evidenceSources),
    sourceLabel: z.string(),
    note: z.string(),
  }),
})
export type IcpAttribute = z.infer<typeof icpAttributeSchema>

/** All attributes of an ICP by group, each group ordered by category then reading order. */
export const icpAttributeGroupsSchema = z.object({
  firmographic: z.array(icpAttributeSchema),
  technographic: z.array(icpAttributeSchema),
  specialized: z.array(icpAttributeSchema),
  consumer: z.array(icpAttributeSchema),
})
export type IcpAttributeGroups = z.infer<typeof icpAttributeGroupsSchema>

const shapeRefSchema = z.object({ shapeId: z.string(), title: z.string() })

/**
 * A buying-committee member. Goals, pains, objections and channels are one item per line.
 * Seniority is null when the card leaves it unset.
 */
export const icpPersonaSchema = z.object({
  shapeId: z.string(),
  title: z.string(),
  role: z.enum(decisionRoles),
  roleLabel: z.string(),
  department: z.string(),
  seniority: z.enum(seniorities).nullable(),
  seniorityLabel: z.string().nullable(),
  goals: z.array(z.string()),
  pains: z.array(z.string()),
  objections: z.array(z.string()),
  channels: z.array(z.string()),
  painPoints: z.array(shapeRefSchema),
})
export type IcpPersona = z.infer<typeof icpPersonaSchema>

/** A pain point and the personas an arrow links it to (either direction); severity may be unset. */
export const icpPainPointSchema = z.object({
  shapeId: z.string(),
  problem: z.string(),
  severity: z.enum(severities).nullable(),
  severityLabel: z.string().nullable(),
  solution: z.string(),
  personas: z.array(shapeRefSchema),
})
export type IcpPainPoint = z.infer<typeof icpPainPointSchema>

/** A negative-ICP rule: a lead matching `parsed` is disqualified. */
export const icpDisqualifierSchema = z.object({
  shapeId: z.string(),
  kind: z.enum(disqualifierKinds),
  kindLabel: z.string(),
  rule: z.string(),
  family: z.enum(valueFamilies),
  parsed: parsedValueSchema,
  display: z.string(),
  reading: z.string(),
  reason: z.string(),
})
export type IcpDisqualifier = z.infer<typeof icpDisqualifierSchema>

/** One best customer and the facts that make it valuable (`null` = unknown). */
export const icpEvidenceSchema = z.object({
  shapeId: z.string(),
  customer: z.string(),
  salesCycleDays: z.number().nullable(),
  retentionMonths: z.number().nullable(),
  referrals: z.number().nullable(),
  lifetimeValue: z.number().nullable(),
  nps: z.number().nullable(),
  csat: z.number().nullable(),
  note: z.string(),
})
export type IcpEvidence = z.infer<typeof icpEvidenceSchema>

/**
 * When the ICP was last reviewed and when it is due again (`date` + `cadenceMonths`).
 * `isOverdue` is only ever true when the compiler was given `today` (it is echoed in `checkedOn`).
 */
export const icpReviewSchema = z.object({
  date: isoDate.nullable(),
  cadenceMonths: z.number().nullable(),
  nextReviewDate: isoDate.nullable(),
  isOverdue: z.boolean(),
  checkedOn: isoDate.nullable(),
})
export type IcpReview = z.infer<typeof icpReviewSchema>

/** Where on the board the ICP lives: a top-level frame, or a whole page (`frameId: null`). */
export const icpScopeSchema = z.object({
  pageId: z.string(),
  pageName: z.string(),
  frameId: z.string().nullable(),
  frameName: z.string().nullable(),
})
export type IcpScope = z.infer<typeof icpScopeSchema>

/** Card counts; `blankCards` were ignored. */
export const icpStatsSchema = z.object({
  attributes: z.number().int(),
  keyAttributes: z.number().int(),
  personas: z.number().int(),
  painPoints: z.number().int(),
  disqualifiers: z.number().int(),
  evidence: z.number().int(),
  blankCards: z.number().int(),
})
export type IcpStats = z.infer<typeof icpStatsSchema>

/** One message of a comment thread, as exports list it. `createdAt` is an ISO 8601 timestamp. */
export const icpThreadCommentSchema = z.object({
  author: z.string(),
  createdAt: z.string(),
  body: z.string(),
})
export type IcpThreadComment = z.infer<typeof icpThreadCommentSchema>

/**
 * A comment thread still open on the ICP's cards or page: `shapeId` is the card it is pinned to
 * (null for a point on the canvas), `anchorLabel` says where in words.
 */
export const icpOpenThreadSchema = z.object({
  id: z.string(),
  shapeId: z.string().nullable(),
  anchorLabel: z.string(),
  comments: z.array(icpThreadCommentSchema),
})
export type IcpOpenThread = z.infer<typeof icpOpenThreadSchema>

/**
 * One compiled Ideal Customer Profile: everything a facilitator exports. `id` is the statement
 * card's id, or the page id for an ICP without a statement card.
 */
export const icpDocumentSchema = z.object({
  schemaVersion: z.literal(icpDocumentSchemaVersion),
  id: z.string(),
  name: z.string(),
  statement: z.string(),
  statementShapeId: z.string().nullable(),
  scope: icpScopeSchema,
  keyAttributes: z.array(icpAttributeSchema),
  attributes: icpAttributeGroupsSchema,
  buyingCommittee: z.array(icpPersonaSchema),
  painPoints: z.array(icpPainPointSchema),
  disqualifiers: z.array(icpDisqualifierSchema),
  evidence: z.array(icpEvidenceSchema),
  review: icpReviewSchema,
  warnings: z.array(icpWarningSchema),
  sourceShapeIds: z.array(z.string()),
  stats: icpStatsSchema,
  /** Never set by the compiler; an export adds the open comment threads here when asked to. */
  openThreads: z.array(icpOpenThreadSchema).optional(),
})

export type IcpDocument = z.infer<typeof icpDocumentSchema>

/** Every attribute of `doc` (key attributes are a subset), group by group in `attributeGroups` order. */
export function allAttributes(doc: IcpDocument): IcpAttribute[] {
  return attributeGroups.flatMap((group) => doc.attributes[group])
}

/** Cards of one page that fall in the scope of no ICP (e.g. outside every ICP frame). */
export const unassignedCardsSchema = z.object({
  pageId: z.string(),
  pageName: z.string(),
  shapeIds: z.array(z.string()),
})
export type UnassignedCards = z.infer<typeof unassignedCardsSchema>

/** Result of compiling a whole board: its ICPs, and the cards no ICP claimed, per page. */
export const boardCompilationSchema = z.object({
  icps: z.array(icpDocumentSchema),
  unassigned: z.array(unassignedCardsSchema),
})
export type BoardCompilation = z.infer<typeof boardCompilationSchema>

// Names for the JSON Schema: reused parts become `$defs` instead of being inlined twice.
const jsonSchemaMetadata = z.registry<{ id?: string; title?: string; description?: string }>()
jsonSchemaMetadata.add(icpDocumentSchema, {
  title: 'ICP document',
  description:
    'An Ideal Customer Profile compiled from an ICP Workshop board: statement, key attributes, buying committee, pain points, disqualifiers, evidence, review status and health warnings.',
})
jsonSchemaMetadata.add(icpAttributeSchema, { id: 'IcpAttribute' })
jsonSchemaMetadata.add(parsedValueSchema, { id: 'ParsedValue' })

/**
 * The IcpDocument JSON Schema (draft 2020-12), generated from `icpDocumentSchema`. A fresh object
 * per call; `shared/compile/icp-document.v1.schema.json` is this, checked by a test.
 */
export function icpDocumentJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(icpDocumentSchema, {
    target: 'draft-2020-12',
    metadata: jsonSchemaMetadata,
  })
  return { $schema, $id: icpDocumentSchemaId, ...rest }
}
