/**
 * Account scoring throughput: 100,000 accounts (the demo leads of samples/accounts.csv, repeated)
 * scored against a six-rule ICP (target: < 1 s), next to the time to JSON.parse the same rows
 * (what receiving them costs anyway) in the same run. Also the CSV import path: reading and
 * typing the same 100,000 rows from CSV text.
 */
import { readFileSync } from 'node:fs'
import { compile } from '../shared/compile/compileBoard'
import { buildDataset } from '../shared/data/buildDataset'
import type { DatasetRow } from '../shared/data/dataset'
import { readCsv } from '../shared/data/readCsv'
import { scoreAccounts } from '../shared/data/scoreAccounts'
import { buildScoringRules } from '../shared/data/scoringRules'
import { suggestMapping } from '../shared/data/suggestMapping'
import { BoardBuilder } from '../tests/helpers/boardBuilder'
import { timeRuns, type Summary } from './lib/stats'

export interface ScoringResult {
  accounts: number
  rules: number
  /** scoreAccounts over every account (including the ranking). */
  score: Summary
  /** JSON.parse of the same typed rows. */
  parse: Summary
  /** readCsv + buildDataset of the same rows as CSV text. */
  importCsv: Summary
  csvBytes: number
}

/** The demo ICP: SaaS or Fintech must-have, size, location, CRM and revenue, two disqualifiers. */
function demoIcp() {
  const board = new BoardBuilder()
  const page = board.page('Bench')
  board.statement({ parent: page, id: 'statement', x: 0, y: 0 }, { name: 'Mid-market SaaS' })
  const attributes = [
    { category: 'industry', value: 'SaaS or Fintech', importance: 'must' },
    { category: 'employees', value: '200-1,000 employees', importance: 'nice' },
    { category: 'location', value: 'United States or United Kingdom', importance: 'nice' },
    { category: 'technographic', value: 'HubSpot', importance: 'nice' },
    { category: 'revenue', value: '$20M to $200M', importance: 'nice' },
  ] as const
  attributes.forEach((props, i) =>
    board.attribute({ parent: page, id: `a${i}`, x: 0, y: 300 + i * 200 }, props),
  )
  board.disqualifier(
    { parent: page, id: 'd0', x: 600, y: 300 },
    { kind: 'industry', rule: 'Government, Gambling' },
  )
  return compile(board.records())[0]!
}

/** Runs before timing: a second each, so a couple warm the JIT up enough. */
const warmups = 2

export function measureScoring(accounts = 100_000, runs = 7): ScoringResult {
  const sample = readFileSync(new URL('../samples/accounts.csv', import.meta.url), 'utf8')
  const [header, ...lines] = sample.trimEnd().split('\r\n')
  const csv = `${[header, ...Array.from({ length: accounts }, (_, i) => lines[i % lines.length])].join('\r\n')}\r\n`
  const table = readCsv(csv, { maxRows: accounts }).table!
  const mapping = suggestMapping(table, 'accounts')
  const built = buildDataset(table, mapping, 'accounts')
  if (!built.ok) throw new Error(`the bench data does not import: ${built.problems[0]?.message}`)
  const rows: DatasetRow[] = built.rows
  const rules = buildScoringRules(demoIcp(), built.fields)
  const json = JSON.stringify(rows)
  return {
    accounts: rows.length,
    rules: rules.rules.filter((rule) => rule.isScorable).length,
    score: timeRuns(runs, () => scoreAccounts(rules, built.fields, rows), warmups),
    parse: timeRuns(runs, () => JSON.parse(json), warmups),
    importCsv: timeRuns(
      Math.max(3, Math.floor(runs / 2)),
      () => {
        const read = readCsv(csv, { maxRows: accounts })
        buildDataset(read.table!, mapping, 'accounts')
      },
      warmups,
    ),
    csvBytes: Buffer.byteLength(csv),
  }
}
