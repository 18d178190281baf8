import { attributeCategoryInfo } from '../compile/attributeCategoryInfo'
import { allAttributes, type IcpDocument } from '../compile/icpDocument'
import { operatorOf } from '../export/toCsv'
import type { AttributeImportance, ListMatch } from '../schema/attributeCard'
import { acceptedValues } from '../values/describeValue'
import { isConstraining, type CurrencyCode, type ParsedValue } from '../values/parsedValue'
import { customFieldKey, standardFieldKeys, standardFields } from './dataFields'
import type { DatasetField } from './dataset'
import { fieldForAttribute, fieldForDisqualifier } from './fieldForAttribute'

/** Fit tiers, best first. */
export const tiers = ['A', 'B', 'C', 'D'] as const
export type Tier = (typeof tiers)[number]

/** Lowest score of each tier; D also takes every disqualified account. */
export const tierThresholds: Readonly<Record<Tier, number>> = { A: 80, B: 60, C: 40, D: 0 }

/** What each tier means for sales. */
export const tierMeanings: Readonly<Record<Tier, string>> = {
  A: 'Ideal fit: prioritise now.',
  B: 'Good fit: work after the A accounts.',
  C: 'Partial fit: nurture.',
  D: 'Poor fit or disqualified: do not pursue.',
}

/** Points of a matched must-have of weight 1, before votes. */
export const mustHavePoints = 2
/** Points of a matched nice-to-have of weight 1, before votes. */
export const niceToHavePoints = 1

/**
 * Points a fitting attribute earns: its base (must-have 2, nice-to-have 1) times its weight (1 to
 * 5), plus one per dot vote. Importance decides whether a miss disqualifies; weight only how much
 * a fit counts, so a weight-3 nice-to-have (3) outweighs a weight-1 must-have (2).
 */
export function pointsOf(importance: AttributeImportance, weight: number, votes: number): number {
  return (importance === 'must' ? mustHavePoints : niceToHavePoints) * weight + votes
}

/** A rule disqualifying more than this share of the accounts is flagged. */
export const disqualifyingShareLimit = 0.9

/** The tier of a score (0-100); disqualified accounts are always D. */
export function tierOf(score: number, isDisqualified = false): Tier {
  if (isDisqualified) return 'D'
  return tiers.find((tier) => score >= tierThresholds[tier]) ?? 'D'
}

/** Where a rule comes from and what it does. */
export type RuleEffect = 'gate' | 'points' | 'disqualify'

/** One scoring rule, as exported for a CRM. */
export interface ScoringRule {
  /** The card's shape id. */
  id: string
  /** `gate`: a must-have (a known value that does not fit disqualifies; a fit earns points),
   * `points`: a nice-to-have (a fit earns points), `disqualify`: a disqualifier (a fit disqualifies). */
  effect: RuleEffect
  /** `Industry`, or the card's own label (`CRM`). */
  label: string
  /** The value as the card reads (`SaaS or Fintech`, `200 to 1,000 employees`). */
  display: string
  /** How the value is read, in words (`any of: United States, Canada`). */
  reading: string
  /** The column tested: a field key, its label and the CSV header; null when the data has none. */
  field: { key: string; label: string; column: string } | null
  /** `in`, `includes all`, `contains`, `>=`, `between`... (see `operatorOf`). */
  operator: string
  /**
   * What fits, spelled out for a CRM filter: countries of places and regions, stages of a stage
   * range, names of categories and tools (`in`, `includes all`), the phrase of `contains`; empty
   * for amounts (see `min` and `max`).
   */
  values: string[]
  /** For lists: whether any value (`any`) or all of them (`all`) must fit; null otherwise. */
  match: ListMatch | null
  min: { value: number; inclusive: boolean } | null
  max: { value: number; inclusive: boolean } | null
  currency: CurrencyCode | null
  /** Points a fit earns (0 for disqualifiers): see `pointsOf`. */
  points: number
  /** 1 to 5 (1 for disqualifiers). */
  weight: number
  votes: number
  /** False when the rule cannot be tested (no column, or a value that constrains nothing). */
  isScorable: boolean
  /** One sentence: what the rule does to an account. */
  explanation: string
  /** The parsed value the rule tests (the same one the ICP document holds). */
  criterion: ParsedValue
}

/** A JSON scoring configuration that a RevOps team can rebuild in its CRM. */
export interface ScoringRules {
  format: 'icp-workshop.scoring-rules'
  version: 1
  icp: { id: string; name: string; statement: string }
  /** How the score is computed, in short sentences. */
  explanation: string[]
  tiers: { tier: Tier; minScore: number; maxScore: number; meaning: string }[]
  /** Sum of the points of the scorable must-haves and nice-to-haves. */
  pointsPossible: number
  rules: ScoringRule[]
}

/** Explanation shipped with every rule set (also README and the rules panel). */
export const scoringExplanation: readonly string[] = [
  'Disqualifiers and must-haves are gates: an account whose known value fits a disqualifier, or does not fit a must-have, is disqualified (score 0, tier D).',
  `Must-haves that fit earn ${mustHavePoints} points, nice-to-haves ${niceToHavePoints}, times the card's weight (1 to 5); every dot vote a card received adds 1 point to it.`,
  'Score = round(100 × points earned ÷ points possible), from 0 to 100. A blank cell is unknown: it earns no points and never disqualifies.',
  `Tiers: A from ${tierThresholds.A}, B from ${tierThresholds.B}, C from ${tierThresholds.C}, D below ${tierThresholds.C} or disqualified.`,
  'Rules without a column in the data (or whose value is "any") are listed but not scored. Values are matched like the ICP document reads them: ranges by amount (no currency conversion), places as countries (regions expand), funding and seniority as stages, categories by meaning (synonyms, plurals and filler words ignored), lists by any item unless the card asks for all, text by whole words, case and accents ignored.',
  `A rule that disqualifies more than ${Math.round(disqualifyingShareLimit * 100)}% of the accounts is flagged: check how its value reads.`,
]

function tierRanges(): ScoringRules['tiers'] {
  return tiers.map((tier, i) => ({
    tier,
    minScore: tierThresholds[tier],
    maxScore: i === 0 ? 100 : tierThresholds[tiers[i - 1]!] - 1,
    meaning: tierMeanings[tier],
  }))
}

/**
 * The fields the rules of `icp` expect when no data is given: every standard attribute field, and
 * a column named after the label (or category) of each attribute no standard field covers.
 */
function expectedFields(icp: IcpDocument): DatasetField[] {
  const fields: DatasetField[] = standardFieldKeys
    .map((key) => standardFields[key])
    .filter((field) => field.role === 'attribute')
    .map((field, i) => ({
      key: field.key,
      label: field.label,
      type: field.type,
      role: field.role,
      column: field.key,
      columnIndex: i,
      currency: null,
    }))
  for (const attribute of allAttributes(icp)) {
    if (fieldForAttribute(fields, attribute)) continue
    const label = attribute.label.trim() || attributeCategoryInfo[attribute.category].label
    fields.push({
      key: customFieldKey(label),
      label,
      type: 'category',
      role: 'attribute',
      column: label,
      columnIndex: fields.length,
      currency: null,
    })
  }
  return fields
}

function criterionColumns(parsed: ParsedValue) {
  return {
    operator: operatorOf(parsed),
    values: acceptedValues(parsed),
    match: parsed.kind === 'set' ? parsed.match : null,
    min: parsed.kind === 'range' ? parsed.min : null,
    max: parsed.kind === 'range' ? parsed.max : null,
    currency: parsed.kind === 'range' ? parsed.currency : null,
  }
}

function fieldRef(field: DatasetField | null): ScoringRule['field'] {
  return field ? { key: field.key, label: field.label, column: field.column } : null
}

/**
 * The scoring rules of a compiled ICP: one per attribute card (must-haves gate and earn points,
 * nice-to-haves earn points, votes add points) and per disqualifier, each resolved to a column of
 * `fields` (an uploaded account list) or, when `fields` is null, to the columns a CRM would need
 * (standard field keys, custom columns named after the card). Pure.
 */
export function buildScoringRules(
  icp: IcpDocument,
  fields: readonly DatasetField[] | null,
): ScoringRules {
  const available = fields ?? expectedFields(icp)
  const rules: ScoringRule[] = []
  for (const attribute of allAttributes(icp)) {
    const field = fieldForAttribute(available, attribute)
    const isMust = attribute.importance === 'must'
    const isScorable = field !== null && isConstraining(attribute.parsed)
    const points = pointsOf(attribute.importance, attribute.weight, attribute.votes)
    const label = attribute.label.trim() || attribute.categoryLabel
    const explanation = !isConstraining(attribute.parsed)
      ? `Not scored: "${attribute.display}" fits every account.`
      : !field
        ? `Not scored: the data has no column for ${label}.`
        : isMust
          ? `Must-have: ${label} must be ${attribute.display}. A known value that does not fit disqualifies; a fit earns ${points} points.`
          : `Nice-to-have: ${label} ${attribute.display} earns ${points} points.`
    rules.push({
      id: attribute.shapeId,
      effect: isMust ? 'gate' : 'points',
      label,
      display: attribute.display,
      reading: attribute.reading,
      field: fieldRef(field),
      ...criterionColumns(attribute.parsed),
      points,
      weight: attribute.weight,
      votes: attribute.votes,
      isScorable,
      explanation,
      criterion: attribute.parsed,
    })
  }
  for (const disqualifier of icp.disqualifiers) {
    const field = fieldForDisqualifier(available, disqualifier.kind)
    const isScorable = field !== null && isConstraining(disqualifier.parsed)
    const label = disqualifier.kindLabel
    const reason = disqualifier.reason.trim()
    rules.push({
      id: disqualifier.shapeId,
      effect: 'disqualify',
      label,
      display: disqualifier.display,
      reading: disqualifier.reading,
      field: fieldRef(field),
      ...criterionColumns(disqualifier.parsed),
      points: 0,
      weight: 1,
      votes: 0,
      isScorable,
      explanation: !isScorable
        ? `Not scored: ${field ? `"${disqualifier.display}" cannot be tested` : `the data has no column for ${label.toLowerCase()} rules`}; check it by hand.`
        : `Disqualifier: ${label} ${disqualifier.display} disqualifies the account${reason ? ` (${reason})` : ''}.`,
      criterion: disqualifier.parsed,
    })
  }
  return {
    format: 'icp-workshop.scoring-rules',
    version: 1,
    icp: { id: icp.id, name: icp.name, statement: icp.statement },
    explanation: [...scoringExplanation],
    tiers: tierRanges(),
    pointsPossible: rules
      .filter((rule) => rule.isScorable && rule.effect !== 'disqualify')
      .reduce((sum, rule) => sum + rule.points, 0),
    rules,
  }
}
