/**
 * Startup of the server as `npm start` ran it before (TypeScript through the tsx loader) and as it
 * runs now (the esbuild bundle, dist-server/index.js, with plain node): time from spawning the
 * process to its `listening on` line, and its resident memory then, each the median of several
 * starts on a fresh data directory.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { serverBundle } from '../scripts/buildServer'
import { residentBytes } from './lib/processMemory'
import { summarize } from './lib/stats'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))

/** How the server process is started. */
export const startupVariants = {
  'tsx server/index.ts (before)': ['--import', 'tsx', 'server/index.ts'],
  'node dist-server/index.js (now)': [serverBundle],
} as const

/** Median startup time (ms) and resident memory at ready (bytes) over `runs` starts. */
export async function measureStartup(
  args: readonly string[],
  runs: number,
): Promise<{ ms: number; rssBytes: number }> {
  const times: number[] = []
  const rss: number[] = []
  for (let run = 0; run < runs; run++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'icp-bench-startup-'))
    const startedAt = performance.now()
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    await new Promise<void>((resolve, reject) => {
      let output = ''
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('listening on')) resolve()
      })
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
    })
    times.push(performance.now() - startedAt)
    rss.push(residentBytes(child.pid!))
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  return { ms: summarize(times).p50, rssBytes: summarize(rss).p50 }
}
