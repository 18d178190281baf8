/**
 * Scoring an uploaded account list against the board's ICP, as one pure job (`runScoreJob`): parse
 * the CSV or JSON body, map and type the columns, compile the board, score, and render the answer.
 * It runs in a worker thread (server/datasets/scoreWorker.ts), so a 50,000-row upload never stalls
 * the event loop that serves every board (three at once used to freeze it 1.1-1.5 s each).
 */
import { z } from 'zod'
import { buildDataset, maxListedProblems } from '../../shared/data/buildDataset'
import { columnMappingSchema, type ColumnMapping } from '../../shared/data/dataset'
import { readCsv, type CsvTable, type DataProblem } from '../../shared/data/readCsv'
import { describeScore, scoreAccounts } from '../../shared/data/scoreAccounts'
import { accountName, scoresToCsv } from '../../shared/data/scoresToCsv'
import { buildScoringRules } from '../../shared/data/scoringRules'
import { suggestMapping } from '../../shared/data/suggestMapping'
import { describeZodIssues } from '../readJsonBody'
import { compileRoomBoard, utcDayOf, type RoomBoard } from '../roomBoard'

/** What a score request brings (all plain data: it crosses to a worker thread). */
export interface ScoreJobInput {
  /** The request body. */
  text: string
  /** How the body is encoded: CSV (`text/csv`, `text/plain`) or JSON. */
  bodyType: 'csv' | 'json'
  /** The board to compile, or null when the room does not exist. */
  board: RoomBoard | null
  /** `?icp=`: which ICP (default: the board's first). */
  icpId: string | undefined
  /** Whether the client asked for CSV (`Accept: text/csv`). */
  wantsCsv: boolean
  /** The server clock (ms since the epoch): the compile date. */
  now: number
  maxRows: number
}

/** The answer: a status and a body with its content type (and a few log fields). */
export interface ScoreJobResult {
  status: 200 | 400 | 404 | 409 | 413 | 422
  contentType: string
  /** UTF-8 bytes of the body. */
  body: Uint8Array
  /** Headers beyond the content type. */
  headers: Record<string, string>
  /** For the log: the ICP and how many accounts were scored. */
  scored?: { icpId: string; accounts: number }
}

const accountObject = z.record(z.string().max(200), z.unknown())
const scoreBodySchema = z.union([
  z.array(accountObject),
  z.strictObject({ accounts: z.array(accountObject), mapping: columnMappingSchema.optional() }),
])

/** Scores the accounts of `input` (see the module comment). Pure; throws only on bugs. */
export function runScoreJob(input: ScoreJobInput): ScoreJobResult {
  const { maxRows } = input
  let table: CsvTable
  let mapping: ColumnMapping | undefined
  if (input.bodyType === 'csv') {
    const read = readCsv(input.text, { maxRows })
    if (read.isOverRowLimit) return tooManyRows(maxRows)
    if (!read.table || read.problems.length > 0) {
      return problems(read.problems.slice(0, maxListedProblems), read.problems.length)
    }
    table = read.table
  } else {
    let body: unknown
    try {
      body = JSON.parse(input.text)
    } catch {
      return error(400, 'The request body is not valid JSON.')
    }
    const parsed = scoreBodySchema.safeParse(body)
    if (!parsed.success) {
      return error(
        400,
        `Send {"accounts": [{"name": ..., "industry": ...}, ...]} or an array of accounts: ${describeZodIssues(parsed.error)}`,
      )
    }
    const accounts = Array.isArray(parsed.data) ? parsed.data : parsed.data.accounts
    mapping = Array.isArray(parsed.data) ? undefined : parsed.data.mapping
    if (accounts.length > maxRows) return tooManyRows(maxRows)
    if (accounts.length === 0) return error(422, 'There are no accounts to score.')
    table = tableFromObjects(accounts as Record<string, unknown>[])
  }
  mapping ??= suggestMapping(table, 'accounts')
  const built = buildDataset(table, mapping, 'accounts')
  if (!built.ok) return problems(built.problems, built.problemCount)
  if (!input.board) return error(404, 'This board does not exist.')
  const compilation = compileRoomBoard(input.board, utcDayOf(input.now))
  if (compilation.icps.length === 0) {
    return error(409, 'The board has no ICP yet: add attribute cards first.')
  }
  const wanted = input.icpId
  const icp =
    wanted === undefined || wanted === ''
      ? compilation.icps[0]!
      : compilation.icps.find((doc) => doc.id === wanted)
  if (!icp) {
    const known = compilation.icps.map((doc) => `${doc.id} (${doc.name})`).join(', ')
    return error(404, `No ICP "${wanted?.slice(0, 80)}" on this board; it has ${known}.`)
  }
  const rules = buildScoringRules(icp, built.fields)
  const result = scoreAccounts(rules, built.fields, built.rows)
  const scored = { icpId: icp.id, accounts: built.rows.length }
  if (input.wantsCsv) {
    return {
      status: 200,
      contentType: 'text/csv; charset=utf-8',
      body: Buffer.from(scoresToCsv(result, rules, built.fields, built.rows)),
      headers: { 'content-disposition': 'attachment; filename="scored-accounts.csv"' },
      scored,
    }
  }
  const accounts = result.scores
    .map((score, index) => ({ score, row: built.rows[index]! }))
    .sort((a, b) => a.score.rank - b.score.rank || a.score.row - b.score.row)
    .map(({ score, row }) => ({
      row: score.row,
      name: accountName(row),
      score: score.score,
      tier: score.tier,
      rank: score.rank,
      isDisqualified: score.isDisqualified,
      ...describeScore(score, rules, { row, fields: built.fields }),
    }))
  return json(
    200,
    {
      icp: { id: icp.id, name: icp.name },
      mapping: describeMapping(table, mapping),
      pointsPossible: rules.pointsPossible,
      tierCounts: result.tierCounts,
      warnings: result.warnings,
      accounts,
      rules,
    },
    scored,
  )
}

/** The mapping as words: `[{ column: "Headcount", field: "employees" }]`. */
export function describeMapping(table: CsvTable, mapping: ColumnMapping) {
  return mapping.map((target) => ({
    column: table.headers[target.column] ?? '',
    field: target.field === 'custom' ? `custom:${target.label}` : target.field,
  }))
}

/** Turns JSON account objects into a table: columns in order of first appearance. */
function tableFromObjects(objects: readonly Record<string, unknown>[]): CsvTable {
  const headers: string[] = []
  const seen = new Set<string>()
  for (const object of objects) {
    for (const key of Object.keys(object)) {
      if (!seen.has(key)) {
        seen.add(key)
        headers.push(key)
      }
    }
  }
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return ''
    if (Array.isArray(value)) return value.map(cell).join('; ')
    if (typeof value === 'boolean') return value ? 'yes' : 'no'
    if (typeof value === 'object') return JSON.stringify(value)
    return String(value).trim()
  }
  return {
    headers,
    delimiter: ',',
    rows: objects.map((object, i) => ({ row: i + 2, cells: headers.map((h) => cell(object[h])) })),
  }
}

/** The answer to a file with problems: the row-numbered list (as the import route answers). */
export function problemsBody(shown: DataProblem[], count: number) {
  const noun = count === 1 ? 'problem' : 'problems'
  const listed = count > shown.length ? ` (the first ${shown.length} are listed)` : ''
  return {
    error: `The file has ${count} ${noun}${listed}; nothing was imported.`,
    problems: shown,
    problemCount: count,
  }
}

function problems(shown: DataProblem[], count: number): ScoreJobResult {
  return json(422, problemsBody(shown, count))
}

/** The answer to a file over the row limit. */
export function tooManyRowsMessage(maxRows: number): string {
  return `The file has more than ${maxRows.toLocaleString('en-US')} rows.`
}

function tooManyRows(maxRows: number): ScoreJobResult {
  return error(413, tooManyRowsMessage(maxRows))
}

function error(status: ScoreJobResult['status'], message: string): ScoreJobResult {
  return json(status, { error: message })
}

function json(
  status: ScoreJobResult['status'],
  value: unknown,
  scored?: ScoreJobResult['scored'],
): ScoreJobResult {
  return {
    status,
    contentType: 'application/json; charset=utf-8',
    body: Buffer.from(JSON.stringify(value)),
    headers: {},
    scored,
  }
}
