/**
 * Runs score jobs (server/datasets/scoreJob.ts) on a worker thread, one at a time, so parsing and
 * scoring an upload never blocks the event loop. Jobs wait in a queue of `maxQueued`; beyond it
 * `run` rejects with ScorerBusyError (answered 503). A worker that dies fails its job and the
 * next job starts a new one. The worker runs what the server runs: the compiled
 * `dist-server/scoreWorker.js` (scripts/buildServer.ts), or the TypeScript sources through tsx.
 */
import { Worker } from 'node:worker_threads'
import type { ScoreJobInput, ScoreJobResult } from './scoreJob'

/** Thrown by `run` when too many jobs are waiting. */
export class ScorerBusyError extends Error {
  override name = 'ScorerBusyError'
}

interface Job {
  id: number
  input: ScoreJobInput
  resolve: (result: ScoreJobResult) => void
  reject: (error: Error) => void
}

/** Jobs that may wait for the worker (three 10 MB uploads at once fit several times). */
const defaultMaxQueued = 16

/** A worker thread running score jobs in order. */
export class ScorePool {
  private worker: Worker | null = null
  private running: Job | null = null
  private readonly queue: Job[] = []
  private nextId = 1
  private isClosed = false

  constructor(private readonly maxQueued = defaultMaxQueued) {}

  /** Scores `input` on the worker. Rejects with ScorerBusyError, or when the worker fails. */
  run(input: ScoreJobInput): Promise<ScoreJobResult> {
    if (this.isClosed) return Promise.reject(new Error('the scorer is closed'))
    if (this.queue.length >= this.maxQueued) {
      return Promise.reject(new ScorerBusyError('too many scoring requests at once'))
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, resolve, reject })
      this.startNext()
    })
  }

  /** Stops the worker; waiting jobs fail. */
  async close(): Promise<void> {
    this.isClosed = true
    for (const job of this.queue.splice(0)) job.reject(new Error('the scorer is closed'))
    this.running?.reject(new Error('the scorer is closed'))
    this.running = null
    const worker = this.worker
    this.worker = null
    await worker?.terminate()
  }

  private startNext(): void {
    if (this.running || this.isClosed) return
    const job = this.queue.shift()
    if (!job) return
    this.running = job
    this.workerOrStart().postMessage({ id: job.id, input: job.input })
  }

  private workerOrStart(): Worker {
    if (this.worker) return this.worker
    const worker = isCompiled ? new Worker(compiledEntry) : new Worker(bootstrap, { eval: true })
    worker.unref()
    worker.on('message', (message: { id: number; result?: ScoreJobResult; error?: string }) => {
      const job = this.running
      if (!job || job.id !== message.id) return
      this.running = null
      if (message.result) job.resolve(message.result)
      else job.reject(new Error(message.error ?? 'scoring failed'))
      this.startNext()
    })
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null
      const job = this.running
      this.running = null
      job?.reject(error)
      this.startNext()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(new Error(`the scoring worker exited with ${code}`))
    })
    this.worker = worker
    return worker
  }
}

// The compiled server is one file beside the worker's (scripts/buildServer.ts).
const isCompiled = import.meta.url.endsWith('.js')
const compiledEntry = new URL('./scoreWorker.js', import.meta.url)

// An eval'd worker registers tsx itself, then loads the TypeScript entry (node's --import in a
// worker's execArgv registers the loader too late for the entry module). tsx is found from the
// working directory, as `node --import tsx` finds it for the server itself.
const entry = new URL('./scoreWorker.ts', import.meta.url).href
const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}) })`
