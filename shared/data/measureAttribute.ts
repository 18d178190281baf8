import type { IcpAttribute, IcpDisqualifier } from '../compile/icpDocument'
import { isConstraining, type ParsedValue } from '../values/parsedValue'
import { createCellMatcher } from './createCellMatcher'
import type { Dataset, DatasetField } from './dataset'
import { fieldForAttribute, fieldForDisqualifier } from './fieldForAttribute'
import { suggestValues, type ValueCount } from './suggestValues'

/** How many rows of a group fit a criterion; `unknown` rows have a blank cell (not matched). */
export interface MatchCount {
  matched: number
  total: number
  unknown: number
}

/**
 * What a data set says about one card: how many of its best rows (best customers; none for
 * accounts) and of all its rows fit the card's value, tested against `field`. When no row with
 * a value fits, `suggestions` are the column's own values nearest to what the card says.
 */
export interface CriterionMeasure {
  field: DatasetField
  best: MatchCount
  overall: MatchCount
  /** Set when no known value fits: the data's values, nearest to the card's first. */
  suggestions: ValueCount[] | null
}

/**
 * What the customer data says about one attribute card: how many best customers (and how many
 * customers overall) fit it; or that the data has no column for it, or that it constrains nothing.
 */
export type AttributeEvidence =
  ({ status: 'measured' } & CriterionMeasure) | { status: 'noField' } | { status: 'noConstraint' }

/** The parts of an attribute `measureAttribute` reads (an `IcpAttribute` fits). */
export type MeasuredAttribute = Pick<IcpAttribute, 'category' | 'label' | 'parsed'>

/**
 * Tests a value against one column of a data set, row by row, with the one reading every part of
 * the app shares (`createCellMatcher`). Pure.
 */
export function measureCriterion(
  dataset: Dataset,
  best: ReadonlySet<number>,
  parsed: ParsedValue,
  field: DatasetField,
): CriterionMeasure {
  const matches = createCellMatcher(parsed, field)
  const bestCount: MatchCount = { matched: 0, total: 0, unknown: 0 }
  const overall: MatchCount = { matched: 0, total: 0, unknown: 0 }
  for (const row of dataset.rows) {
    const result = matches(row.values)
    const isBest = best.has(row.row)
    overall.total += 1
    if (isBest) bestCount.total += 1
    if (result === null) {
      overall.unknown += 1
      if (isBest) bestCount.unknown += 1
    } else if (result) {
      overall.matched += 1
      if (isBest) bestCount.matched += 1
    }
  }
  const isNoMatch = overall.matched === 0 && overall.unknown < overall.total
  return {
    field,
    best: bestCount,
    overall,
    suggestions: isNoMatch ? suggestValues(dataset, field, parsed) : null,
  }
}

/**
 * Tests an attribute card against the customer data: its column (see `fieldForAttribute`), then
 * every row with `matchesValue` semantics. Pure.
 */
export function measureAttribute(
  dataset: Dataset,
  best: ReadonlySet<number>,
  attribute: MeasuredAttribute,
): AttributeEvidence {
  const { parsed } = attribute
  if (!isConstraining(parsed)) return { status: 'noConstraint' }
  const field = fieldForAttribute(dataset.meta.fields, attribute)
  if (!field) return { status: 'noField' }
  return { status: 'measured', ...measureCriterion(dataset, best, parsed, field) }
}

/**
 * Tests a disqualifier against a data set (accounts, or the customers it would rule out): its
 * column (see `fieldForDisqualifier`), then every row. `matched` counts the rows it
 * disqualifies. Legal, product and other rules have no column (`noField`). Pure.
 */
export function measureDisqualifier(
  dataset: Dataset,
  best: ReadonlySet<number>,
  disqualifier: Pick<IcpDisqualifier, 'kind' | 'parsed'>,
): AttributeEvidence {
  if (!isConstraining(disqualifier.parsed)) return { status: 'noConstraint' }
  const field = fieldForDisqualifier(dataset.meta.fields, disqualifier.kind)
  if (!field) return { status: 'noField' }
  return { status: 'measured', ...measureCriterion(dataset, best, disqualifier.parsed, field) }
}

/**
 * Rows a card disqualifies when scoring: the known values a must-have misses, or the values a
 * disqualifier fits (nice-to-haves disqualify nothing: null). Counted from its evidence, so the
 * card and the scores agree.
 */
export function disqualifiedRows(
  evidence: AttributeEvidence,
  effect: 'must' | 'nice' | 'disqualifier',
): number | null {
  if (evidence.status !== 'measured' || effect === 'nice') return null
  const { matched, total, unknown } = evidence.overall
  return effect === 'disqualifier' ? matched : total - unknown - matched
}
