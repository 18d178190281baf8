import {
  allAttributes,
  type IcpAttribute,
  type IcpDisqualifier,
  type IcpDocument,
} from '../compile/icpDocument'
import { acceptedValues } from '../values/describeValue'
import type { ParsedValue } from '../values/parsedValue'

/** Columns of the CRM import CSV, in order. */
export const csvColumns = [
  'icp',
  'icp_id',
  'kind',
  'shape_id',
  'group',
  'category',
  'category_label',
  'label',
  'value',
  'reading',
  'value_type',
  'operator',
  'min',
  'max',
  'currency',
  'unit',
  'set_items',
  'accepted_values',
  'is_key',
  'importance',
  'weight',
  'votes',
  'evidence_source',
  'evidence_note',
  'reason',
] as const
export type CsvColumn = (typeof csvColumns)[number]

type Row = Partial<Record<CsvColumn, string>>

/**
 * The comparison a parsed value stands for: `>=`, `>`, `<=`, `<`, `=`, `between` (both ends
 * inclusive), `>= and <` style pairs for mixed ends, `in` (a list, any item), `includes all` (a
 * list whose items must all fit), `contains` (text), `any`.
 */
export function operatorOf(parsed: ParsedValue): string {
  switch (parsed.kind) {
    case 'any':
      return 'any'
    case 'set':
      return parsed.match === 'all' ? 'includes all' : 'in'
    case 'text':
      return 'contains'
    case 'range': {
      const { min, max } = parsed
      if (min && max) {
        if (min.value === max.value && min.inclusive && max.inclusive) return '='
        if (min.inclusive && max.inclusive) return 'between'
        return `${min.inclusive ? '>=' : '>'} and ${max.inclusive ? '<=' : '<'}`
      }
      if (min) return min.inclusive ? '>=' : '>'
      if (max) return max.inclusive ? '<=' : '<'
      return 'any'
    }
  }
}

function valueColumns(parsed: ParsedValue): Row {
  return {
    value_type: parsed.kind,
    operator: operatorOf(parsed),
    min: parsed.kind === 'range' && parsed.min ? String(parsed.min.value) : '',
    max: parsed.kind === 'range' && parsed.max ? String(parsed.max.value) : '',
    currency: parsed.kind === 'range' ? (parsed.currency ?? '') : '',
    unit: parsed.kind === 'range' ? (parsed.unit ?? '') : '',
    set_items: parsed.kind === 'set' ? parsed.items.join('; ') : '',
    accepted_values: acceptedValues(parsed).join('; '),
  }
}

function attributeRow(doc: IcpDocument, attribute: IcpAttribute): Row {
  return {
    icp: doc.name,
    icp_id: doc.id,
    kind: 'attribute',
    shape_id: attribute.shapeId,
    group: attribute.group,
    category: attribute.category,
    category_label: attribute.categoryLabel,
    label: attribute.label,
    value: attribute.value,
    reading: attribute.reading,
    ...valueColumns(attribute.parsed),
    is_key: attribute.isKey ? 'true' : 'false',
    importance: attribute.importance,
    weight: String(attribute.weight),
    votes: String(attribute.votes),
    evidence_source: attribute.evidence.sourceLabel,
    evidence_note: attribute.evidence.note,
  }
}

function disqualifierRow(doc: IcpDocument, disqualifier: IcpDisqualifier): Row {
  return {
    icp: doc.name,
    icp_id: doc.id,
    kind: 'disqualifier',
    shape_id: disqualifier.shapeId,
    category: disqualifier.kind,
    category_label: disqualifier.kindLabel,
    label: disqualifier.kindLabel,
    value: disqualifier.rule,
    reading: disqualifier.reading,
    ...valueColumns(disqualifier.parsed),
    reason: disqualifier.reason,
  }
}

// Spreadsheets run cells starting with these as formulas (CSV injection), also after spaces;
// the full-width forms are read as formulas by some locales.
const formulaStart = /^(?:[\t\r]|\s*[=+\-@＝＋－＠])/

/** A cell that no spreadsheet evaluates: formula-like text gets a leading `'`. */
export function neutralizeFormula(cell: string): string {
  return formulaStart.test(cell) ? `'${cell}` : cell
}

/** RFC 4180 quoting: cells with a comma, quote, CR or LF (or edge spaces) are quoted, quotes doubled. */
export function quoteCsvCell(cell: string): string {
  return /[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell
}

/** Rows as RFC 4180 CSV text with CRLF line ends, every cell neutralised and quoted as needed. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return `${rows.map((cells) => cells.map((cell) => quoteCsvCell(neutralizeFormula(cell))).join(',')).join('\r\n')}\r\n`
}

/**
 * Attributes and disqualifiers of the ICPs as a CRM-import CSV: a header of `csvColumns`, then
 * one row per attribute (in group order) and per disqualifier. RFC 4180: CRLF line ends,
 * quoted where needed; every cell is neutralised against formula injection.
 */
export function toCsv(docs: readonly IcpDocument[]): string {
  const rows: Row[] = []
  for (const doc of docs) {
    for (const attribute of allAttributes(doc)) rows.push(attributeRow(doc, attribute))
    for (const disqualifier of doc.disqualifiers) rows.push(disqualifierRow(doc, disqualifier))
  }
  // The header cells are plain names: neutralising and quoting leaves them as they are.
  return csvText([csvColumns, ...rows.map((row) => csvColumns.map((column) => row[column] ?? ''))])
}
