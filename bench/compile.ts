/**
 * Compile time of boards of 100 and 1,000 cards (target: < 5 ms median for 1,000), next to the
 * time to JSON.parse the same records (what receiving the board costs anyway) in the same run.
 */
import { compileBoard } from '../shared/compile/compileBoard'
import { generateBoard } from '../tests/helpers/boardBuilder'
import { timeRuns, type Summary } from './lib/stats'

export interface CompileResult {
  cards: number
  records: number
  compile: Summary
  parse: Summary
}

export function measureCompile(cards: number, runs = 300): CompileResult {
  const records = generateBoard(cards)
  const json = JSON.stringify(records)
  return {
    cards,
    records: records.length,
    compile: timeRuns(runs, () => compileBoard(records, { today: '2026-11-23' })),
    parse: timeRuns(runs, () => JSON.parse(json)),
  }
}
