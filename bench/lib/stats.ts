import { percentile } from '../../shared/data/stats'

/** Summary statistics of a sample of durations (ms). */
export interface Summary {
  count: number
  min: number
  p50: number
  p99: number
  mean: number
  max: number
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  const total = sorted.reduce((sum, value) => sum + value, 0)
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: total / sorted.length,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  }
}

/** Runs `fn` `warmups` times to warm up the JIT, then times `runs` runs (ms each). */
export function timeRuns(runs: number, fn: () => void, warmups = Math.min(50, runs)): Summary {
  for (let i = 0; i < warmups; i++) fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    samples.push(performance.now() - start)
  }
  return summarize(samples)
}

/** `1.23 ms`, `456 µs` */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a'
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`
}

/** Prints rows as an aligned Markdown table (so it can be pasted into README). */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((row) => row.map(String))]
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)))
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`
  console.log(line(cells[0]!))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of cells.slice(1)) console.log(line(row))
  console.log()
}
