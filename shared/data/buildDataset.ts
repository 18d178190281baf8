import { currencyBySymbol, type CurrencyCode } from '../values/parsedValue'
import { parseAmount } from '../values/parseAmount'
import {
  customFieldKey,
  standardFields,
  standardOf,
  type DatasetKind,
  type FieldType,
  type StandardField,
} from './dataFields'
import type { CellValue, ColumnMapping, DatasetField, DatasetRow, NumberCell } from './dataset'
import type { CsvTable, DataProblem } from './readCsv'

/** Problems listed at most; the count says how many there were in all. */
export const maxListedProblems = 100

/** What `buildDataset` made: fields and rows, or every problem (and nothing imported). */
export type BuildDatasetResult =
  | { ok: true; fields: DatasetField[]; rows: DatasetRow[] }
  | { ok: false; problems: DataProblem[]; problemCount: number }

/** Longest text kept from one cell. */
const maxTextLength = 500

/**
 * Turns a CSV table into typed rows through the confirmed column mapping, all or nothing: the
 * mapping is checked first (columns exist, no field twice, no value fields for accounts), then
 * every mapped cell is read by its field's type. Any problem means no rows: the result lists up
 * to `maxListedProblems` of them, each with its spreadsheet row number and the cell as written
 * (`Row 17: Employees "abc" is not a number.`). Blank cells are unknown values, never problems.
 * Pure and deterministic.
 */
export function buildDataset(
  table: CsvTable,
  mapping: ColumnMapping,
  kind: DatasetKind,
): BuildDatasetResult {
  const problems = new ProblemList()
  const fields = mapFields(table, mapping, kind, problems)
  if (problems.count > 0) return problems.result()

  const currencyChecks = fields.map((field) =>
    field.type === 'money' ? new CurrencyCheck(field) : null,
  )
  const readers = fields.map((field, i) => createCellReader(field, currencyChecks[i] ?? null))
  const rows: DatasetRow[] = []
  for (const { row, cells } of table.rows) {
    const values: Record<string, CellValue> = {}
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!
      const cell = cells[field.columnIndex] ?? ''
      if (cell === '') continue
      const read = readers[i]!(cell, row)
      if (typeof read === 'object' && read !== null && 'problem' in read) {
        problems.add({
          row,
          message: `Row ${row}: ${field.column} "${shorten(cell)}" ${read.problem}.`,
        })
      } else if (read !== null) {
        values[field.key] = read
      }
    }
    rows.push({ row, values })
  }
  // Currency problems come after the cell problems, column by column, as the cap keeps the first.
  for (let i = 0; i < fields.length; i++) {
    const check = currencyChecks[i]
    if (check) fields[i]!.currency = check.finish(problems)
  }
  if (problems.count > 0) return problems.result()
  return { ok: true, fields, rows }
}

/** Collects problems, keeping the first `maxListedProblems`. */
class ProblemList {
  private readonly listed: DataProblem[] = []
  count = 0

  add(problem: DataProblem): void {
    this.count += 1
    if (this.listed.length < maxListedProblems) this.listed.push(problem)
  }

  result(): { ok: false; problems: DataProblem[]; problemCount: number } {
    const problems = this.listed.toSorted((a, b) => (a.row ?? 0) - (b.row ?? 0))
    return { ok: false, problems, problemCount: this.count }
  }
}

function shorten(cell: string): string {
  return cell.length > 40 ? `${cell.slice(0, 39)}…` : cell
}

function mapFields(
  table: CsvTable,
  mapping: ColumnMapping,
  kind: DatasetKind,
  problems: ProblemList,
): DatasetField[] {
  const fields: DatasetField[] = []
  const columnsSeen = new Map<number, string>()
  const fieldsSeen = new Map<string, string>()
  for (const target of mapping) {
    const header = table.headers[target.column]
    if (header === undefined) {
      problems.add({
        row: null,
        message: `Column ${target.column + 1} does not exist: the file has ${table.headers.length} columns.`,
      })
      continue
    }
    const standard = target.field === 'custom' ? null : standardFields[target.field]
    const label = target.field === 'custom' ? target.label.trim() : standard!.label
    if (columnsSeen.has(target.column)) {
      problems.add({ row: null, message: `Column "${header}" is mapped twice.` })
      continue
    }
    columnsSeen.set(target.column, label)
    if (standard?.role === 'value' && kind !== 'customers') {
      problems.add({
        row: null,
        message: `"${header}" is mapped to ${standard.label}, a value field: only the customer data set has value fields.`,
      })
      continue
    }
    const key = target.field === 'custom' ? customFieldKey(label) : target.field
    const previous = fieldsSeen.get(key)
    if (previous !== undefined) {
      problems.add({
        row: null,
        message:
          target.field === 'custom'
            ? `Two custom columns are both called "${label}": "${previous}" and "${header}". Rename one.`
            : `Two columns are mapped to ${label}: "${previous}" and "${header}". Keep one.`,
      })
      continue
    }
    fieldsSeen.set(key, header)
    fields.push({
      key,
      label,
      type: target.field === 'custom' ? target.type : standard!.type,
      role: standard?.role ?? 'attribute',
      column: header,
      columnIndex: target.column,
      currency: null,
    })
  }
  if (mapping.length === 0) {
    problems.add({ row: null, message: 'Map at least one column to a field.' })
  }
  return fields
}

type CellRead = CellValue | null | { problem: string }
type CellReader = (cell: string, row: number) => CellRead

function createCellReader(field: DatasetField, currencyCheck: CurrencyCheck | null): CellReader {
  const standard = standardOf(field)
  switch (field.type satisfies FieldType) {
    case 'text':
    case 'category':
      return (cell) => cell.slice(0, maxTextLength)
    case 'list':
      return readListCell
    case 'boolean':
      return createBooleanReader(standard)
    case 'number':
    case 'money':
      return (cell, row) => {
        const { read, currency } = readNumberCell(cell, field, standard)
        currencyCheck?.add(row, cell, currency)
        return read
      }
  }
}

/** Items of a list cell (`HubSpot; Slack`, `HubSpot, Slack`, `HubSpot|Slack`), unique. */
export function splitListCell(cell: string): string[] {
  const items: string[] = []
  const seen = new Set<string>()
  for (const raw of cell.split(/[;|,\n]/)) {
    const item = raw.trim().slice(0, maxTextLength)
    const key = item.toLowerCase()
    if (item === '' || seen.has(key)) continue
    seen.add(key)
    items.push(item)
  }
  return items
}

function readListCell(cell: string): CellRead {
  const items = splitListCell(cell)
  return items.length > 0 ? items : null
}

const yesWords = new Set(['yes', 'y', 'true', 't', '1', 'x', '✓', '✔', 'ja', 'oui', 'si', 'sí'])
const noWords = new Set(['no', 'n', 'false', 'f', '0', '-', '✗', '✘', 'nein', 'non'])

function createBooleanReader(standard: StandardField | null): CellReader {
  const yes = new Set([...yesWords, ...(standard?.booleanWords?.yes ?? [])])
  const no = new Set([...noWords, ...(standard?.booleanWords?.no ?? [])])
  return (cell) => {
    const word = cell.trim().toLowerCase()
    if (yes.has(word)) return true
    if (no.has(word)) return false
    return { problem: 'is not yes or no' }
  }
}

/**
 * Reads a number or a band: `250`, `1,200`, `10k`, `$1.2M`, `500-1,000 employees`, `10,001+`,
 * `under 50`. Text, or a value outside the field's bounds, is a problem. `currency` is the one
 * the cell is written in, read or not, for the column check.
 */
function readNumberCell(
  cell: string,
  field: DatasetField,
  standard: StandardField | null,
): { read: CellRead; currency: CurrencyCode | null } {
  // Most exports write plain numbers; they skip the amount grammar.
  if (plainNumber.test(cell)) {
    return { read: checkBounds(Number(cell), Number(cell), standard), currency: null }
  }
  // `$61,305,369` and `1,200`, the usual export formats, also skip it.
  const plain = symbolAmount.exec(cell)
  if (plain && (!plain[1] || field.type === 'money')) {
    const value = Number(plain[2]!.replace(/,/g, ''))
    const currency = plain[1] ? (currencyBySymbol[plain[1]] ?? null) : null
    return { read: checkBounds(value, value, standard), currency }
  }
  const parsed = parseAmount(cell)
  const currency = parsed ? parsed.currency : null
  if (!parsed || (!parsed.min && !parsed.max)) {
    return {
      read: { problem: field.type === 'money' ? 'is not an amount' : 'is not a number' },
      currency,
    }
  }
  if (parsed.currency && field.type === 'number') {
    return { read: { problem: 'is an amount of money, not a number' }, currency }
  }
  const low = parsed.min?.value ?? Math.min(0, parsed.max!.value)
  const high = parsed.max?.value ?? null
  return { read: checkBounds(low, high, standard), currency }
}

const plainNumber = /^-?\d+(?:\.\d+)?$/
/** An optional currency symbol, then digits grouped by commas: `$1,200.50`, `€300`, `1,200`. */
const symbolAmount = /^([$€£])?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)$/

function checkBounds(low: number, high: number | null, standard: StandardField | null): CellRead {
  const min = standard?.min
  const max = standard?.max
  const isTooLow = min !== undefined && low < min
  const isTooHigh = max !== undefined && (high === null || high > max)
  if (isTooLow || isTooHigh) {
    return { problem: max === undefined ? `is below ${min}` : `is outside ${min ?? 0} to ${max}` }
  }
  const value: NumberCell = high !== null && high === low ? low : { min: low, max: high }
  return value
}

/**
 * A money column has one currency: the first one written in it. A cell in another currency is a
 * problem (there is no conversion); cells without a symbol take the column's. Fed the currency of
 * each cell as the rows are read; its problems are held back until `finish`.
 */
class CurrencyCheck {
  private currency: CurrencyCode | null = null
  private readonly problems: DataProblem[] = []

  constructor(private readonly field: DatasetField) {}

  add(row: number, cell: string, found: CurrencyCode | null): void {
    if (!found) return
    if (this.currency === null) {
      this.currency = found
    } else if (found !== this.currency) {
      this.problems.push({
        row,
        message: `Row ${row}: ${this.field.column} "${shorten(cell)}" is in ${found}, the rest of the column in ${this.currency}.`,
      })
    }
  }

  /** Adds the held-back problems to `problems`; returns the column's currency. */
  finish(problems: ProblemList): CurrencyCode | null {
    for (const problem of this.problems) problems.add(problem)
    return this.currency
  }
}
