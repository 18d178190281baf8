import { parseValue } from '../values/parseValue'
import { createCellMatcher } from './createCellMatcher'
import { familyOfField, standardOf, type StandardFieldKey } from './dataFields'
import type { BestCustomersEntry } from './dataEntries'
import type { CellValue, Dataset, DatasetField, DatasetMeta, DatasetRow } from './dataset'

/** Value fields tried, in order, to rank customers by default. */
const defaultValueFields: readonly StandardFieldKey[] = [
  'clv',
  'retentionMonths',
  'nps',
  'salesCycleDays',
  'churned',
]

/** The number a cell stands for when ranking or averaging: a band counts as its middle. */
export function numericValue(value: CellValue | undefined): number | null {
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return null
  return value.max === null ? value.min : (value.min + value.max) / 2
}

/** Which end of a value field ranks first (`salesCycleDays`: fewer; churned: no). */
export function isLowerBetter(field: DatasetField): boolean {
  const standard = standardOf(field)
  return standard?.betterWhen === 'lower' || standard?.goodWhen === false
}

/**
 * Customers best first by a value field (most CLV, shortest cycle, not churned...); rows without
 * a value come last; ties keep file order. Without a field: file order. Returns a new array.
 */
export function rankCustomers(
  rows: readonly DatasetRow[],
  field: DatasetField | null,
): DatasetRow[] {
  if (!field) return [...rows]
  const sign = isLowerBetter(field) ? 1 : -1
  const keyed = rows.map((row) => ({ row, value: numericValue(row.values[field.key]) }))
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      return (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || a.row.row - b.row.row
    }
    return sign * (a.value - b.value) || a.row.row - b.row.row
  })
  return keyed.map((entry) => entry.row)
}

/** The best-customer settings of a freshly imported customer file. */
export function defaultBestCustomers(
  meta: DatasetMeta,
  context: { updatedAt: number; updatedBy: string | null; revision?: number },
): BestCustomersEntry {
  const valueKeys = new Set(meta.fields.filter((f) => f.role === 'value').map((f) => f.key))
  const valueField = defaultValueFields.find((key) => valueKeys.has(key)) ?? null
  return {
    kind: 'bestCustomers',
    datasetVersion: meta.version,
    valueField,
    mode: 'top',
    // The top tenth, between 5 and 100 customers.
    topN: Math.max(
      1,
      Math.min(meta.rowCount, Math.max(5, Math.min(100, Math.round(meta.rowCount / 10)))),
    ),
    conditions: [],
    included: [],
    excluded: [],
    revision: context.revision ?? 0,
    updatedAt: context.updatedAt,
    updatedBy: context.updatedBy,
  }
}

/** The best customers and how they were chosen. */
export interface BestCustomerSelection {
  /** Spreadsheet row numbers of the best customers. */
  best: ReadonlySet<number>
  /** Rows chosen by the top-N or the rule, before manual ticks. */
  base: ReadonlySet<number>
  /** Every customer, best first by the value field. */
  ranked: DatasetRow[]
  /** The field customers are ranked by, if it is in the data. */
  valueField: DatasetField | null
  /** Conditions that could not be read (unknown field, unreadable value): ignored. */
  ignoredConditions: string[]
}

/**
 * Applies the shared best-customer settings to a data set: the top N by the value field (rows
 * with a value only), or every row passing all rule conditions (a blank cell fails), then the
 * manual ticks. Ticks of rows the file does not have are ignored. Pure.
 */
export function selectBestCustomers(
  dataset: Dataset,
  entry: BestCustomersEntry,
): BestCustomerSelection {
  const fields = dataset.meta.fields
  const valueField = fields.find((field) => field.key === entry.valueField) ?? null
  const ranked = rankCustomers(dataset.rows, valueField)
  const base = new Set<number>()
  const ignoredConditions: string[] = []
  if (entry.mode === 'top') {
    for (const row of ranked) {
      if (base.size >= entry.topN) break
      if (valueField && row.values[valueField.key] === undefined) break
      base.add(row.row)
    }
  } else {
    const matchers = entry.conditions.flatMap((condition) => {
      const field = fields.find((candidate) => candidate.key === condition.field)
      if (!field) {
        ignoredConditions.push(`${condition.field} is not in the data`)
        return []
      }
      const criterion = parseValue(condition.value, { family: familyOfField(field) })
      return [createCellMatcher(criterion, field)]
    })
    if (matchers.length > 0) {
      for (const row of ranked) {
        if (matchers.every((matches) => matches(row.values) === true)) base.add(row.row)
      }
    }
  }
  const rowNumbers = new Set(dataset.rows.map((row) => row.row))
  const best = new Set(base)
  for (const row of entry.included) if (rowNumbers.has(row)) best.add(row)
  for (const row of entry.excluded) best.delete(row)
  return { best, base, ranked, valueField, ignoredConditions }
}
