import type { TLPage, TLRecord } from '@tldraw/tlschema'
import {
  attributeCardType,
  attributeCategories,
  attributeWeightRange,
  evidenceSources,
  listMatches,
  valueKinds,
  type AttributeCardProps,
} from '../schema/attributeCard'
import {
  disqualifierCardType,
  disqualifierKinds,
  type DisqualifierCardProps,
} from '../schema/disqualifierCard'
import { evidenceCardType, type EvidenceCardProps } from '../schema/evidenceCard'
import { painPointCardType, severities, type PainPointCardProps } from '../schema/painPointCard'
import {
  decisionRoles,
  personaCardType,
  seniorities,
  type PersonaCardProps,
} from '../schema/personaCard'
import { statementCardType, type StatementCardProps } from '../schema/statementCard'
import { attributeCategoryInfo, attributeGroups } from './attributeCategoryInfo'
import { buildStatement, type StatementNoun } from './buildStatement'
import {
  decisionRoleLabels,
  disqualifierKindLabels,
  evidenceSourceLabels,
  seniorityLabels,
  severityLabels,
} from './cardLabels'
import { checkHealth } from './checkHealth'
import {
  icpDocumentSchemaVersion,
  type BoardCompilation,
  type IcpAttribute,
  type IcpAttributeGroups,
  type IcpDisqualifier,
  type IcpDocument,
  type IcpEvidence,
  type IcpPainPoint,
  type IcpPersona,
  type IcpReview,
  type UnassignedCards,
} from './icpDocument'
import { indexBoard, type BoardIndex, type IndexedShape, type ShapePlacement } from './indexBoard'
import { readAttributeValue, readDisqualifierRule } from './readCardValue'
import { parseIsoDate, reviewStatus } from './reviewStatus'

/** Options of `compileBoard` and `compile`. Everything time- or session-dependent comes in here. */
export interface CompileOptions {
  /** Today's date (`YYYY-MM-DD`) for the overdue check; without it nothing is ever overdue. */
  today?: string
  /** Dot votes per card shape id (missing = 0); they order the key attributes. */
  votes?: ReadonlyMap<string, number>
  /** "Our ideal customer..." (default) or "Our ideal client...". */
  noun?: StatementNoun
}

const cardTypes: ReadonlySet<string> = new Set([
  attributeCardType,
  personaCardType,
  painPointCardType,
  disqualifierCardType,
  evidenceCardType,
  statementCardType,
])

interface PlacedCard {
  shape: IndexedShape
  placement: ShapePlacement
}

/** Key of a scope: a top-level frame id, or the page itself. */
const pageScope = '<page>'

/**
 * Compiles a board's tldraw records into its ICPs. Each statement card defines one ICP whose
 * scope is the top-level frame holding it (a frame on the page without `meta.icpStep`), or its
 * page when it is in no such frame. Cards outside every ICP frame belong to the page's ICP; a
 * page without any statement card but with cards is one implicit ICP named after the page. Cards
 * no ICP claims (a page with ICP frames only, cards outside them) are listed in `unassigned`.
 * ICPs come in page order, then in reading order of their statement cards. Pure and
 * deterministic; throws only when `options.today` is not a `YYYY-MM-DD` date.
 */
export function compileBoard(
  records: readonly TLRecord[],
  options: CompileOptions = {},
): BoardCompilation {
  if (options.today !== undefined && !parseIsoDate(options.today)) {
    throw new Error(`compileBoard: options.today must be a YYYY-MM-DD date, got "${options.today}"`)
  }
  const index = indexBoard(records)
  const cardsByPage = new Map<string, PlacedCard[]>()
  for (const shape of index.shapes.values()) {
    if (!cardTypes.has(shape.type)) continue
    const placement = index.placementOf(shape)
    if (!placement) continue
    const cards = cardsByPage.get(placement.pageId) ?? []
    cards.push({ shape, placement })
    cardsByPage.set(placement.pageId, cards)
  }

  const icps: IcpDocument[] = []
  const unassigned: UnassignedCards[] = []
  for (const page of index.pages) {
    const cards = (cardsByPage.get(page.id) ?? []).sort(byReadingOrder)
    const result = compilePage(page, cards, index, options)
    icps.push(...result.icps)
    if (result.unassignedIds.length > 0) {
      unassigned.push({ pageId: page.id, pageName: page.name, shapeIds: result.unassignedIds })
    }
  }
  return { icps, unassigned }
}

/** The ICP documents of a board; see `compileBoard`, which also reports unassigned cards. */
export function compile(records: readonly TLRecord[], options: CompileOptions = {}): IcpDocument[] {
  return compileBoard(records, options).icps
}

function byReadingOrder(a: PlacedCard, b: PlacedCard): number {
  return (
    a.placement.origin.y - b.placement.origin.y ||
    a.placement.origin.x - b.placement.origin.x ||
    (a.shape.id < b.shape.id ? -1 : a.shape.id > b.shape.id ? 1 : 0)
  )
}

interface IcpScopeCards {
  statement: IndexedShape | null
  duplicates: IndexedShape[]
  frame: IndexedShape | null
  cards: PlacedCard[]
}

function compilePage(
  page: TLPage,
  cards: readonly PlacedCard[],
  index: BoardIndex,
  options: CompileOptions,
): { icps: IcpDocument[]; unassignedIds: string[] } {
  const scopes = new Map<string, IcpScopeCards>()
  for (const card of cards) {
    if (card.shape.type !== statementCardType) continue
    const key = card.placement.scopeFrameId ?? pageScope
    const existing = scopes.get(key)
    if (existing) {
      existing.duplicates.push(card.shape)
    } else {
      const frame = card.placement.scopeFrameId
        ? (index.shapes.get(card.placement.scopeFrameId) ?? null)
        : null
      scopes.set(key, { statement: card.shape, duplicates: [], frame, cards: [] })
    }
  }
  const others = cards.filter((card) => card.shape.type !== statementCardType)
  if (scopes.size === 0) {
    if (others.length === 0) return { icps: [], unassignedIds: [] }
    scopes.set(pageScope, { statement: null, duplicates: [], frame: null, cards: [] })
  }

  /** The ICP a shape in `scopeFrameId` belongs to: its frame's, else the page's, else none. */
  const ownerOf = (scopeFrameId: string | null): IcpScopeCards | null =>
    (scopeFrameId ? scopes.get(scopeFrameId) : undefined) ?? scopes.get(pageScope) ?? null

  const unassignedIds: string[] = []
  for (const card of others) {
    const owner = ownerOf(card.placement.scopeFrameId)
    if (owner) owner.cards.push(card)
    else unassignedIds.push(card.shape.id)
  }

  const icps = [...scopes.values()].map((scope) => {
    const hasStep4Frame = (index.stepFrames.get(page.id) ?? []).some((frame) => {
      const placement = index.placementOf(frame)
      return (
        placement !== null && frame.frameStep === 4 && ownerOf(placement.scopeFrameId) === scope
      )
    })
    return compileIcp(page, scope, hasStep4Frame, index, options)
  })
  return { icps, unassignedIds }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function isBlank(...values: unknown[]): boolean {
  return values.every((value) => text(value).trim() === '')
}

/** One item per line, bullets ("- ", "* ", "• ", "1.") stripped, blank lines dropped. */
function lines(value: unknown): string[] {
  return text(value)
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•·]|\d+[.)])\s+/, '').trim())
    .filter((line) => line !== '')
}

function nullableNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

function oneOf<T extends string>(allowed: readonly T[], value: unknown, fallback: T): T {
  return (allowed as readonly unknown[]).includes(value) ? (value as T) : fallback
}

const importanceRank = { must: 0, nice: 1 } as const
// Unknown severity comes after every known one.
const severitiesWorstFirst = [...[...severities].reverse(), null]

function compileIcp(
  page: TLPage,
  scope: IcpScopeCards,
  hasStep4Frame: boolean,
  index: BoardIndex,
  options: CompileOptions,
): IcpDocument {
  const votes = (shapeId: string) => {
    const count = options.votes?.get(shapeId)
    return typeof count === 'number' && Number.isFinite(count) ? count : 0
  }
  // Cards come in reading order and every sort below is stable, so ties keep reading order.

  const blankCardIds: string[] = []
  /** Cards that made it into the document, in reading order: its sources. */
  const sourceIds: string[] = []
  const attributes: IcpAttribute[] = []
  const step4Attributes: IcpAttribute[] = []
  const unreadableRangeIds: string[] = []
  const readPersonas: IcpPersona[] = []
  const readPainPoints: IcpPainPoint[] = []
  const disqualifiers: IcpDisqualifier[] = []
  const evidence: IcpEvidence[] = []
  const use = <T>(items: T[], item: T | null, shapeId: string) => {
    if (item) {
      items.push(item)
      sourceIds.push(shapeId)
    } else {
      blankCardIds.push(shapeId)
    }
  }

  // One small reader per card type keeps property access monomorphic (and the loop fast).
  for (const { shape, placement } of scope.cards) {
    switch (shape.type) {
      case attributeCardType: {
        const attribute = readAttribute(shape, votes(shape.id))
        use(attributes, attribute, shape.id)
        if (!attribute) break
        if (attribute.valueKind === 'range' && attribute.parsed.kind !== 'range') {
          unreadableRangeIds.push(shape.id)
        }
        if (placement.step === 4) step4Attributes.push(attribute)
        break
      }
      case personaCardType:
        use(readPersonas, readPersona(shape), shape.id)
        break
      case painPointCardType:
        use(readPainPoints, readPainPoint(shape), shape.id)
        break
      case disqualifierCardType:
        use(disqualifiers, readDisqualifier(shape), shape.id)
        break
      case evidenceCardType:
        use(evidence, readEvidence(shape), shape.id)
        break
    }
  }

  linkPainPoints(index, readPersonas, readPainPoints)
  const personas = inOrder(readPersonas, decisionRoles, (persona) => persona.role)
  const painPoints = inOrder(
    readPainPoints,
    severitiesWorstFirst,
    (painPoint) => painPoint.severity,
  )

  const isKeyFromMustHavesFallback = hasStep4Frame && step4Attributes.length === 0
  const keyCandidates =
    step4Attributes.length > 0
      ? step4Attributes
      : attributes.filter((attribute) => attribute.importance === 'must')
  for (const attribute of keyCandidates) attribute.isKey = true
  const keyAttributes = attributes
    .filter((attribute) => attribute.isKey)
    .sort(
      (a, b) => importanceRank[a.importance] - importanceRank[b.importance] || b.votes - a.votes,
    )

  const statementCard = scope.statement
  const statementProps = statementCard ? (statementCard.props as Partial<StatementCardProps>) : null
  const reviewInput = statementProps && {
    reviewDate: text(statementProps.reviewDate),
    reviewCadenceMonths:
      typeof statementProps.reviewCadenceMonths === 'number'
        ? statementProps.reviewCadenceMonths
        : Number.NaN,
  }
  const review: IcpReview = reviewInput
    ? reviewStatus(reviewInput.reviewDate, reviewInput.reviewCadenceMonths, options.today)
    : {
        date: null,
        cadenceMonths: null,
        nextReviewDate: null,
        isOverdue: false,
        checkedOn: options.today ?? null,
      }

  const warnings = checkHealth({
    statementCard:
      statementCard && reviewInput ? { shapeId: statementCard.id, ...reviewInput } : null,
    duplicateStatementIds: scope.duplicates.map((shape) => shape.id),
    attributes,
    keyAttributes,
    isKeyFromMustHavesFallback,
    unreadableRangeIds,
    personas,
    painPoints,
    disqualifiers,
    review,
    blankCardIds,
  })

  const frameName = scope.frame ? text((scope.frame.props as { name?: unknown }).name).trim() : null
  const statementName = statementProps ? text(statementProps.name).trim() : ''
  return {
    schemaVersion: icpDocumentSchemaVersion,
    id: statementCard?.id ?? page.id,
    name: statementName || frameName || page.name,
    statement: buildStatement(keyAttributes, options.noun ?? 'customer'),
    statementShapeId: statementCard?.id ?? null,
    scope: { pageId: page.id, pageName: page.name, frameId: scope.frame?.id ?? null, frameName },
    keyAttributes,
    attributes: groupAttributes(attributes),
    buyingCommittee: personas,
    painPoints,
    disqualifiers,
    evidence,
    review,
    warnings,
    sourceShapeIds: statementCard ? [statementCard.id, ...sourceIds] : sourceIds,
    stats: {
      attributes: attributes.length,
      keyAttributes: keyAttributes.length,
      personas: personas.length,
      painPoints: painPoints.length,
      disqualifiers: disqualifiers.length,
      evidence: evidence.length,
      blankCards: blankCardIds.length,
    },
  }
}

/** An attribute card, or null when its value is blank. */
function readAttribute(shape: IndexedShape, votes: number): IcpAttribute | null {
  const card = shape.props as Partial<AttributeCardProps>
  const value = text(card.value).trim()
  if (value === '') return null
  const category = oneOf(attributeCategories, card.category, 'specialized')
  const info = attributeCategoryInfo[category]
  const valueKind = oneOf(valueKinds, card.valueKind, 'auto')
  const listMatch = oneOf(listMatches, card.listMatch, 'any')
  const ownLabel = text(card.label).trim()
  const { parsed, display, reading, family } = readAttributeValue(card)
  const source = oneOf(evidenceSources, card.evidenceSource, 'assumption')
  return {
    shapeId: shape.id,
    category,
    categoryLabel: info.label,
    group: info.group,
    label: ownLabel || info.label,
    value,
    valueKind,
    family,
    listMatch,
    parsed,
    display,
    reading,
    importance: card.importance === 'nice' ? 'nice' : 'must',
    weight: weightOf(card.weight),
    votes,
    isKey: false,
    evidence: {
      source,
      sourceLabel: evidenceSourceLabels[source],
      note: text(card.evidenceNote).trim(),
    },
  }
}

/** A card's weight: a whole number from 1 to 5; anything else (an older card) counts as 1. */
function weightOf(value: unknown): number {
  const { min, max } = attributeWeightRange
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? value
    : min
}

/** The value of an enum prop a person may leave unset: null when it is not one of `allowed`. */
function oneOfOrNull<T extends string>(allowed: readonly T[], value: unknown): T | null {
  return (allowed as readonly unknown[]).includes(value) ? (value as T) : null
}

/** A persona card, or null when every text field is blank. */
function readPersona(shape: IndexedShape): IcpPersona | null {
  const card = shape.props as Partial<PersonaCardProps>
  if (isBlank(card.title, card.department, card.goals, card.pains, card.objections, card.channel)) {
    return null
  }
  const role = oneOf(decisionRoles, card.role, 'influencer')
  const seniority = oneOfOrNull(seniorities, card.seniority)
  return {
    shapeId: shape.id,
    title: text(card.title).trim(),
    role,
    roleLabel: decisionRoleLabels[role],
    department: text(card.department).trim(),
    seniority,
    seniorityLabel: seniority && seniorityLabels[seniority],
    goals: lines(card.goals),
    pains: lines(card.pains),
    objections: lines(card.objections),
    channels: lines(card.channel),
    painPoints: [],
  }
}

/** A pain point card, or null when problem and solution are blank. */
function readPainPoint(shape: IndexedShape): IcpPainPoint | null {
  const card = shape.props as Partial<PainPointCardProps>
  if (isBlank(card.problem, card.solution)) return null
  const severity = oneOfOrNull(severities, card.severity)
  return {
    shapeId: shape.id,
    problem: text(card.problem).trim(),
    severity,
    severityLabel: severity && severityLabels[severity],
    solution: text(card.solution).trim(),
    personas: [],
  }
}

/** A disqualifier card, or null when rule and reason are blank. */
function readDisqualifier(shape: IndexedShape): IcpDisqualifier | null {
  const card = shape.props as Partial<DisqualifierCardProps>
  if (isBlank(card.rule, card.reason)) return null
  const kind = oneOf(disqualifierKinds, card.kind, 'other')
  const rule = text(card.rule).trim()
  const { parsed, display, reading, family } = readDisqualifierRule(card)
  return {
    shapeId: shape.id,
    kind,
    kindLabel: disqualifierKindLabels[kind],
    rule,
    family,
    parsed,
    display,
    reading,
    reason: text(card.reason).trim(),
  }
}

/** An evidence card, or null when it names no customer and holds no fact or note. */
function readEvidence(shape: IndexedShape): IcpEvidence | null {
  const card = shape.props as Partial<EvidenceCardProps>
  const item: IcpEvidence = {
    shapeId: shape.id,
    customer: text(card.customer).trim(),
    salesCycleDays: nullableNumber(card.salesCycleDays),
    retentionMonths: nullableNumber(card.retentionMonths),
    referrals: nullableNumber(card.referrals),
    lifetimeValue: nullableNumber(card.lifetimeValue),
    nps: nullableNumber(card.nps),
    csat: nullableNumber(card.csat),
    note: text(card.note).trim(),
  }
  const hasFact =
    item.salesCycleDays !== null ||
    item.retentionMonths !== null ||
    item.referrals !== null ||
    item.lifetimeValue !== null ||
    item.nps !== null ||
    item.csat !== null
  return item.customer === '' && item.note === '' && !hasFact ? null : item
}

/** Links pain points and personas joined by an arrow bound at both ends, in either direction. */
function linkPainPoints(
  index: BoardIndex,
  personas: readonly IcpPersona[],
  painPoints: readonly IcpPainPoint[],
): void {
  if (personas.length === 0 || painPoints.length === 0) return
  // Positions in reading order (both lists are still in it), to order links by board position.
  const personaAt = new Map(personas.map((persona, position) => [persona.shapeId, position]))
  const painAt = new Map(painPoints.map((painPoint, position) => [painPoint.shapeId, position]))
  // Keyed by pain * personas + persona: one link per pair however many arrows join them.
  const pairs = new Map<number, [pain: number, persona: number]>()
  const link = (painId: string, personaId: string) => {
    const pain = painAt.get(painId)
    const persona = personaAt.get(personaId)
    if (pain !== undefined && persona !== undefined) {
      pairs.set(pain * personas.length + persona, [pain, persona])
    }
  }
  for (const { start, end } of index.arrows.values()) {
    if (!start || !end) continue
    link(start, end)
    link(end, start)
  }
  const links = [...pairs.values()]
  for (const [pain, persona] of links.sort((a, b) => a[0] - b[0] || a[1] - b[1])) {
    const { shapeId, title } = personas[persona]!
    painPoints[pain]!.personas.push({ shapeId, title })
  }
  for (const [pain, persona] of links.sort((a, b) => a[1] - b[1] || a[0] - b[0])) {
    const { shapeId, problem } = painPoints[pain]!
    personas[persona]!.painPoints.push({ shapeId, title: problem })
  }
}

/** Attributes by group, each group in category order, then reading order. */
function groupAttributes(attributes: readonly IcpAttribute[]): IcpAttributeGroups {
  const groups = Object.fromEntries(
    attributeGroups.map((group) => [group, [] as IcpAttribute[]]),
  ) as IcpAttributeGroups
  const ordered = inOrder(attributes, attributeCategories, (attribute) => attribute.category)
  for (const attribute of ordered) groups[attribute.group].push(attribute)
  return groups
}

/**
 * `items` ordered by where their key comes in `order`, keeping their order among equal keys (a
 * stable sort done as a bucket sort: linear, no comparator calls). Every key must be in `order`.
 */
function inOrder<T, K>(items: readonly T[], order: readonly K[], keyOf: (item: T) => K): T[] {
  const buckets = new Map<K, T[]>(order.map((key) => [key, []]))
  for (const item of items) buckets.get(keyOf(item))!.push(item)
  return [...buckets.values()].flat()
}
