/**
 * Group commit: every update accepted during one turn of the event loop, in every room, goes to
 * storage in ONE transaction (`appendUpdates`). The batch is written from a `setImmediate`, so it
 * holds everything the turn's I/O callbacks accepted; one batch is in flight at a time, and updates
 * accepted meanwhile form the next one. Under load batches grow instead of transactions piling up
 * (one fsync, or one WAL append, for many updates), and a lone update waits only for the end of
 * its turn.
 *
 * Callbacks run in the order updates were appended (batches commit one after the other), which
 * the per-room write queues rely on to relay in order. Callbacks, not promises: an update costs no
 * allocation beyond its queue entry, and its relay runs right after the commit.
 */
import type { LogAppend, RoomStore } from './serverStorage'

/** Told once an update is committed (`error` null, with its row id) or its batch failed. */
export type AppendDone = (error: unknown, id: number) => void

interface PendingAppend extends LogAppend {
  done: AppendDone
}

/** Observes every committed or failed batch: its size and how long the transaction took. */
export type BatchObserver = (batch: { updates: number; seconds: number; isOk: boolean }) => void

/** Batches appends to the room logs into one transaction per event-loop turn. */
export class GroupCommit {
  private pending: PendingAppend[] = []
  private isScheduled = false
  private inFlight: Promise<void> | null = null

  constructor(
    private readonly store: Pick<RoomStore, 'appendUpdates'>,
    private readonly observe?: BatchObserver,
  ) {}

  /** Queues an update for its room's log; `done` is called once committed. It must not throw. */
  append(entry: LogAppend, done: AppendDone): void {
    this.pending.push({ ...entry, done })
    this.schedule()
  }

  /** Resolves once everything appended so far is committed or failed. */
  async drained(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight) {
      await (this.inFlight ?? new Promise<void>((resolve) => setImmediate(resolve)))
    }
  }

  private schedule(): void {
    if (this.isScheduled || this.inFlight) return
    this.isScheduled = true
    setImmediate(() => {
      this.isScheduled = false
      this.inFlight = this.flush().finally(() => {
        this.inFlight = null
        if (this.pending.length > 0) this.schedule()
      })
    })
  }

  private async flush(): Promise<void> {
    const batch = this.pending
    this.pending = []
    if (batch.length === 0) return
    const startedAt = performance.now()
    let ids: number[]
    try {
      ids = await this.store.appendUpdates(batch)
    } catch (error) {
      this.observe?.({ updates: batch.length, seconds: elapsed(startedAt), isOk: false })
      for (const entry of batch) entry.done(error, 0)
      return
    }
    this.observe?.({ updates: batch.length, seconds: elapsed(startedAt), isOk: true })
    batch.forEach((entry, index) => entry.done(null, ids[index]!))
  }
}

function elapsed(startedAt: number): number {
  return (performance.now() - startedAt) / 1000
}
