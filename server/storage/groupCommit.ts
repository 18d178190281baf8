/**
 * Group commit: every update accepted during one turn of the event loop, in every room, goes to
 * storage in ONE transaction (`appendUpdates`). The batch is written from a `setImmediate`, so it
 * holds everything the turn's I/O callbacks accepted; one batch is in flight at a time, and updates
 * accepted meanwhile form the next one. Under load batches grow instead of transactions piling up
 * (one fsync, or one WAL append, for many updates), and a lone update waits only for the end of
 * its turn.
 *
 * Promises resolve in the order updates were appended (batches commit one after the other), which
 * the per-room write queues rely on to relay in order.
 */
import type { LogAppend, RoomStore } from './serverStorage'

interface PendingAppend extends LogAppend {
  resolve: (id: number) => void
  reject: (error: unknown) => void
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

  /** Queues `update` for `roomId`'s log; resolves with its row id once committed. */
  append(roomId: string, update: Uint8Array): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.pending.push({ roomId, update, resolve, reject })
      this.schedule()
    })
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
      ids = await this.store.appendUpdates(batch.map(({ roomId, update }) => ({ roomId, update })))
    } catch (error) {
      this.observe?.({ updates: batch.length, seconds: elapsed(startedAt), isOk: false })
      for (const entry of batch) entry.reject(error)
      return
    }
    this.observe?.({ updates: batch.length, seconds: elapsed(startedAt), isOk: true })
    batch.forEach((entry, index) => entry.resolve(ids[index]!))
  }
}

function elapsed(startedAt: number): number {
  return (performance.now() - startedAt) / 1000
}
