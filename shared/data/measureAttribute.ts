import type { IcpAttribute } from '../compile/icpDocument'
import { isConstraining } from '../values/parsedValue'
import { createCellMatcher } from './createCellMatcher'
import type { Dataset, DatasetField } from './dataset'
import { fieldForAttribute } from './fieldForAttribute'

/** How many rows of a group fit a criterion; `unknown` rows have a blank cell (not matched). */
export interface MatchCount {
  matched: number
  total: number
  unknown: number
}

/**
 * What the customer data says about one attribute card: how many best customers (and how many
 * customers overall) fit it; or that the data has no column for it, or that it constrains nothing.
 */
export type AttributeEvidence =
  | { status: 'measured'; field: DatasetField; best: MatchCount; overall: MatchCount }
  | { status: 'noField' }
  | { status: 'noConstraint' }

/** The parts of an attribute `measureAttribute` reads (an `IcpAttribute` fits). */
export type MeasuredAttribute = Pick<IcpAttribute, 'category' | 'label' | 'parsed'>

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
  return { status: 'measured', field, best: bestCount, overall }
}
