import Papa from 'papaparse'

/** A problem with an imported file, phrased for the person who exported it. */
export interface DataProblem {
  /** Row number as a spreadsheet shows it (the header is row 1), or null for the whole file. */
  row: number | null
  message: string
}

/** One data row of a CSV: its spreadsheet row number and its cells (trimmed). */
export interface CsvRow {
  row: number
  cells: string[]
}

/** A CSV file read into a header and rows; blank rows are dropped but keep their numbers. */
export interface CsvTable {
  headers: string[]
  rows: CsvRow[]
  /** The delimiter papaparse detected (`,`, `;`, tab...). */
  delimiter: string
}

/** What `readCsv` found: the table (null when the file cannot be used) and its problems. */
export interface ReadCsvResult {
  table: CsvTable | null
  problems: DataProblem[]
  /** True when the file has more than `maxRows` data rows (the rest was not read). */
  isOverRowLimit: boolean
}

/** Options of `readCsv`. */
export interface ReadCsvOptions {
  /** Stop after this many data rows and report `isOverRowLimit`. */
  maxRows?: number
}

/**
 * Reads CSV text exported by a CRM or a spreadsheet: `,`, `;`, tab or `|` delimited, quoted
 * cells (also over several lines), a leading byte-order mark, CRLF or LF. The first non-blank
 * row is the header (blank names become `Column 3`). Structural problems (an unclosed quote, a
 * row with more values than the header) are listed with their row numbers; a row with fewer
 * values is fine (the rest is blank). Pure.
 */
export function readCsv(text: string, { maxRows }: ReadCsvOptions = {}): ReadCsvResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (source.trim() === '') {
    return { table: null, problems: [fileProblem('The file is empty.')], isOverRowLimit: false }
  }
  const parsed = Papa.parse<string[]>(source, {
    delimiter: guessDelimiter(source),
    skipEmptyLines: false,
    // Header plus one row more than allowed, to know the limit was passed.
    preview: maxRows === undefined ? 0 : maxRows + 2,
  })
  const problems: DataProblem[] = []
  for (const error of parsed.errors) {
    if (error.type !== 'Quotes' || error.row === undefined) continue
    problems.push({
      row: error.row + 1,
      message:
        error.code === 'MissingQuotes'
          ? `Row ${error.row + 1}: a quoted value is never closed (a " is missing).`
          : `Row ${error.row + 1}: a value has a stray quote; quote the whole value and double the quotes inside it.`,
    })
  }
  const records = parsed.data
  const headerIndex = records.findIndex((cells) => !isBlankRow(cells))
  if (headerIndex < 0) {
    return { table: null, problems: [fileProblem('The file is empty.')], isOverRowLimit: false }
  }
  const headers = records[headerIndex]!.map((header, i) => header.trim() || `Column ${i + 1}`)
  const rows: CsvRow[] = []
  let isOverRowLimit = false
  for (let i = headerIndex + 1; i < records.length; i++) {
    const cells = records[i]!
    if (isBlankRow(cells)) continue
    const row = i + 1
    if (maxRows !== undefined && rows.length >= maxRows) {
      isOverRowLimit = true
      break
    }
    const extra = cells.slice(headers.length).filter((cell) => cell.trim() !== '')
    if (extra.length > 0) {
      problems.push({
        row,
        message: `Row ${row}: has ${cells.length} values but the header has ${headers.length} columns (is a value with a comma missing its quotes?).`,
      })
    }
    rows.push({ row, cells: headers.map((_, column) => (cells[column] ?? '').trim()) })
  }
  if (rows.length === 0 && problems.length === 0) {
    problems.push(fileProblem('The file has a header row but no data rows.'))
  }
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
  return {
    table: { headers, rows, delimiter: parsed.meta.delimiter },
    problems,
    isOverRowLimit,
  }
}

const delimiters = [',', ';', '\t', '|'] as const

/**
 * The delimiter the header line uses most (outside quotes); `,` when it has none. Papaparse's own
 * guess gives up when a file ends with a blank line.
 */
function guessDelimiter(text: string): string {
  const counts = new Map<string, number>()
  let isQuoted = false
  for (let i = 0; i < text.length && i < 64 * 1024; i++) {
    const char = text[i]!
    if (char === '"') isQuoted = !isQuoted
    else if (!isQuoted && (char === '\n' || char === '\r')) {
      if (counts.size > 0) break
    } else if (!isQuoted && (delimiters as readonly string[]).includes(char)) {
      counts.set(char, (counts.get(char) ?? 0) + 1)
    }
  }
  let best = ','
  for (const delimiter of delimiters) {
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter
  }
  return best
}

function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '')
}

function fileProblem(message: string): DataProblem {
  return { row: null, message }
}
