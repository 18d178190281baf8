import { csvText } from '../export/toCsv'
import type { DatasetField, DatasetRow } from './dataset'
import { formatCell } from './formatCell'
import { describeScore, type ScoringResult } from './scoreAccounts'
import type { ScoringRules } from './scoringRules'

/** The name an account goes by: its name, else its domain, else `Row 17`. */
export function accountName(row: DatasetRow): string {
  const name = row.values.name ?? row.values.domain
  return typeof name === 'string' && name.trim() !== '' ? name : `Row ${row.row}`
}

/**
 * Scored accounts as CSV, best first: rank, row, name, score, tier, disqualified, the reasons and
 * matched / missed / unknown rules (`; `-separated), then every imported column. RFC 4180 with
 * CRLF; every cell is neutralised against formula injection (a company called `=HYPERLINK(...)`
 * stays text).
 */
export function scoresToCsv(
  result: ScoringResult,
  rules: ScoringRules,
  fields: readonly DatasetField[],
  rows: readonly DatasetRow[],
): string {
  const dataFields = fields.filter((field) => field.key !== 'name')
  const header = [
    'rank',
    'row',
    'name',
    'score',
    'tier',
    'disqualified',
    'disqualified_by',
    'matched',
    'missed',
    'unknown',
    ...dataFields.map((field) => field.column),
  ]
  const order = result.scores
    .map((score, index) => ({ score, row: rows[index]! }))
    .sort((a, b) => a.score.rank - b.score.rank || a.score.row - b.score.row)
  return csvText([
    header,
    ...order.map(({ score, row }) => {
      const words = describeScore(score, rules, { row, fields })
      return [
        String(score.rank),
        String(score.row),
        accountName(row),
        String(score.score),
        score.tier,
        score.isDisqualified ? 'yes' : 'no',
        words.disqualifiedBy.join('; '),
        words.matched.join('; '),
        words.missed.join('; '),
        words.unknown.join('; '),
        ...dataFields.map((field) => formatCell(row.values[field.key], field)),
      ]
    }),
  ])
}
