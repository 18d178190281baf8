/**
 * Compile time of boards of 100 and 1,000 cards (target: < 5 ms median for 1,000), next to the
 * time to JSON.parse the same records (what receiving the board costs anyway) in the same run.
 */
import { performance } from 'node:perf_hooks'
import { compileBoard } from '../shared/compile/compileBoard'
import { generateBoard } from '../tests/helpers/boardBuilder'
import { summarize, type Summary } from './lib/stats'

export interface CompileResult {
  cards: number
  records: number
  compile: Summary
  parse: Summary
}

function time(runs: number, fn: () => void): Summary {
  for (let i = 0; i < Math.min(50, runs); i++) fn() // warm up the JIT
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    samples.push(performance.now() - start)
  }
  return summarize(samples)
}

export function measureCompile(cards: number, runs = 300): CompileResult {
  const records = generateBoard(cards)
  const json = JSON.stringify(records)
  return {
    cards,
    records: records.length,
    compile: time(runs, () => compileBoard(records, { today: '2026-11-23' })),
    parse: time(runs, () => JSON.parse(json)),
  }
}
