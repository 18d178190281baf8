import { parseAmount } from '../values/parseAmount'
import { splitListCell } from './buildDataset'
import {
  fieldsForKind,
  type CustomFieldType,
  type DatasetKind,
  type StandardFieldKey,
} from './dataFields'
import type { ColumnMapping, ColumnTarget } from './dataset'
import type { CsvTable } from './readCsv'

/** `Annual Revenue (USD)`, `annual_revenue`, `AnnualRevenue` -> `annual revenue`. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/#/g, ' number ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

// Columns that identify a person, a record or a date: never worth comparing.
const ignoredHeaderWords =
  /\b(?:id|uuid|email|e mail|phone|mobile|owner|contact|first name|last name|created|modified|updated|date|time|url|linkedin|address|street|zip|postal|note|notes|description|comment)\b/

/**
 * A first mapping for a file, from its header names and a sample of its cells: each standard
 * field goes to the column whose header names it best (`Company` -> name, `Annual Revenue (USD)`
 * -> revenue, `techStack` -> tech stack; exact names beat names contained in a longer header),
 * each column to at most one field. Left-over columns whose cells look like yes/no answers or a
 * handful of categories become custom attributes; ids, emails, dates and free text stay unmapped.
 * The person confirms or changes it. Pure.
 */
export function suggestMapping(table: CsvTable, kind: DatasetKind): ColumnMapping {
  const headers = table.headers.map(normalizeHeader)
  const candidates: { column: number; field: StandardFieldKey; score: number }[] = []
  for (const field of fieldsForKind(kind)) {
    const names = [...field.headerNames, normalizeHeader(field.key), normalizeHeader(field.label)]
    headers.forEach((header, column) => {
      let score = 0
      for (const name of names) {
        if (header === name) score = Math.max(score, 3 + name.length / 100)
        // Only names of two words or more may sit inside a longer header: `Deal Stage` is no
        // funding stage, but `Customer Lifetime Value 2024` is a lifetime value.
        else if (name.includes(' ') && ` ${header} `.includes(` ${name} `)) {
          score = Math.max(score, 2 + name.length / 100)
        }
      }
      if (score > 0) candidates.push({ column, field: field.key, score })
    })
  }
  candidates.sort((a, b) => b.score - a.score || a.column - b.column)
  const mapping: ColumnTarget[] = []
  const usedColumns = new Set<number>()
  const usedFields = new Set<string>()
  for (const candidate of candidates) {
    if (usedColumns.has(candidate.column) || usedFields.has(candidate.field)) continue
    usedColumns.add(candidate.column)
    usedFields.add(candidate.field)
    mapping.push({ column: candidate.column, field: candidate.field })
  }
  table.headers.forEach((header, column) => {
    if (usedColumns.has(column) || ignoredHeaderWords.test(headers[column]!)) return
    const type = inferCustomType(table, column)
    if (type) mapping.push({ column, field: 'custom', type, label: header.trim().slice(0, 80) })
  })
  return mapping.sort((a, b) => a.column - b.column)
}

/** Rows looked at to guess a column's type. */
const sampleSize = 200

/**
 * The type a column looks like, or null when it does not look like an attribute worth comparing
 * (mostly blank, or free text with many distinct values).
 */
export function inferCustomType(table: CsvTable, column: number): CustomFieldType | null {
  const cells = table.rows
    .slice(0, sampleSize)
    .map((row) => row.cells[column] ?? '')
    .filter((cell) => cell !== '')
  // Too few values to tell a category from noise.
  if (cells.length < 5) return null
  if (cells.every((cell) => /^(?:yes|no|y|n|true|false)$/i.test(cell))) return 'boolean'
  const amounts = cells.map(parseAmount)
  if (amounts.every((amount) => amount !== null)) {
    return amounts.some((amount) => amount?.currency) ? 'money' : 'number'
  }
  const hasLists = cells.filter((cell) => /[;|]/.test(cell)).length >= cells.length / 4
  const values = hasLists ? cells.flatMap(splitListCell) : cells
  const distinct = new Set(values.map((value) => value.toLowerCase())).size
  // A category repeats: a few values, or each used several times on average.
  if (distinct > 30 || distinct > values.length / 3) return null
  return hasLists ? 'list' : 'category'
}
