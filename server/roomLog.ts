/**
 * A loaded room's side of storage: the write queue that makes its accepted updates durable, and
 * the bookkeeping that compacts its log.
 *
 * Write queue: `write` hands an update to the group commit (server/storage/groupCommit.ts) and
 * runs its `relay` callback only once the update is committed, and only after every update
 * written before it was relayed, so nobody ever receives an edit storage could still lose.
 * `afterCommitted` queues any other step behind the same writes (the answer to a sync step 1 is
 * encoded from the live doc, which may hold updates still being committed, so it is sent only once
 * they are; with nothing pending it runs at once). When a write fails, nothing queued runs any
 * more and `onFailed` is called once.
 *
 * Compaction (see the storage contract): the log rows this room's doc is known to contain (rows
 * it wrote, rows it loaded, rows other processes announced) are covered by a snapshot of the doc,
 * swapped in only if the stored snapshot still has the epoch the doc contains. When another
 * process compacted first, its snapshot is merged into the doc and the swap retried.
 */
import type { Logger } from './log'
import type { GroupCommit } from './storage/groupCommit'
import type { LoadedRoom, OwnerClaims, RoomStore } from './storage/serverStorage'

/** What a RoomLog needs. */
export interface RoomLogOptions {
  commits: GroupCommit
  storage: Pick<RoomStore, 'compactRoom' | 'replaceRoomState'>
  log: Logger
  /** Called once when a write fails; the room must stop. */
  onFailed: (error: unknown) => void
}

/** How a compaction reads and extends the doc. */
export interface CompactionAccess {
  /** The doc's full state as one update (`Y.encodeStateAsUpdate`). */
  encodeState(): Uint8Array
  /** Applies another process's stored snapshot to the doc (it is committed: relay it too). */
  merge(snapshot: Uint8Array): void
}

/** A finished compaction, as other processes are told about it. */
export interface CompactionDone {
  fromEpoch: number
  toEpoch: number
  coveredIds: number[]
  /**
   * True when the snapshot held nothing but the old snapshot and the covered rows: no update of
   * this process was still being committed. Only then may another process take the new epoch
   * without merging the snapshot (see `noteCompaction`).
   */
  isExact: boolean
}

/** A compaction that lost the race this many times in a row gives up until the next threshold. */
const maxCompactionAttempts = 3

/** A write waiting for its commit, or a step waiting for the writes before it. */
type QueueEntry =
  { update: Uint8Array; relay: (id: number) => void; id: number | null } | { step: () => void }

/** The write queue and compaction state of one loaded room (see the module comment). */
export class RoomLog {
  /** Writes not yet relayed and steps not yet run, in order. */
  private readonly queue: QueueEntry[] = []
  /** Callers of `flushed` waiting for the queue to empty. */
  private idleWaiters: (() => void)[] = []
  private isFailed = false
  /** Committed log rows the doc contains, by id, with their bytes. */
  private readonly rows = new Map<number, number>()
  private rowBytes = 0
  private epoch: number
  private snapshotBytes: number
  private compacting: Promise<CompactionDone | null> | null = null
  /** Writes handed to the group commit and not yet committed or failed. */
  private pendingWrites = 0

  constructor(
    readonly roomId: string,
    loaded: LoadedRoom,
    private readonly options: RoomLogOptions,
  ) {
    this.epoch = loaded.epoch
    this.snapshotBytes = loaded.snapshotBytes
    const firstRow = loaded.updates.length - loaded.logIds.length
    loaded.logIds.forEach((id, index) =>
      this.addRow(id, loaded.updates[firstRow + index]!.byteLength),
    )
  }

  /** Log rows the doc contains that a compaction would remove. */
  get logCount(): number {
    return this.rows.size
  }

  /** Bytes of those rows. */
  get logBytes(): number {
    return this.rowBytes
  }

  /** Bytes the room holds in storage as far as this process knows: snapshot plus log rows. */
  get storedBytes(): number {
    return this.snapshotBytes + this.rowBytes
  }

  /** The snapshot epoch the doc contains. */
  get snapshotEpoch(): number {
    return this.epoch
  }

  /**
   * Stores `update` with the ownership `claims` it makes (in the same transaction); `relay(id)`
   * runs once it is committed, after everything written before it.
   */
  write(update: Uint8Array, claims: readonly OwnerClaims[], relay: (id: number) => void): void {
    if (this.isFailed) return
    const entry: QueueEntry = { update, relay, id: null }
    this.queue.push(entry)
    this.pendingWrites += 1
    this.options.commits.append({ roomId: this.roomId, update, claims }, (error, id) => {
      this.pendingWrites -= 1
      if (error) return this.fail(error)
      entry.id = id
      this.drain()
    })
  }

  /** Runs `step` once everything written so far is committed; never if a write failed. */
  afterCommitted(step: () => void): void {
    if (this.isFailed) return
    if (this.queue.length === 0) return step()
    this.queue.push({ step })
  }

  /** Resolves once everything written so far is committed or failed. */
  flushed(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Relays committed writes and runs steps from the head of the queue, in order. */
  private drain(): void {
    while (this.queue.length > 0 && !this.isFailed) {
      const entry = this.queue[0]!
      if (!('step' in entry) && entry.id === null) return
      this.queue.shift()
      try {
        if ('step' in entry) {
          entry.step()
        } else {
          this.addRow(entry.id!, entry.update.byteLength)
          entry.relay(entry.id!)
        }
      } catch (error) {
        // A bug, not storage: the room stops rather than relay out of order.
        this.options.log('room.relay.failed', { room: this.roomId, error: String(error) })
        this.fail(error)
      }
    }
    this.wakeIdleWaiters()
  }

  private wakeIdleWaiters(): void {
    if (this.queue.length > 0 && !this.isFailed) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const wake of waiters) wake()
  }

  /** A log row another process committed, whose update is now in the doc. */
  addRow(id: number, bytes: number): void {
    if (this.rows.has(id)) return
    this.rows.set(id, bytes)
    this.rowBytes += bytes
  }

  /**
   * Another process compacted, covering `done.coveredIds`: those rows are gone. When its snapshot
   * was exact (nothing but the old snapshot and the covered rows) and this doc contained the old
   * snapshot and every covered row, the doc contains the new snapshot, so it takes the new epoch
   * and the next compaction here needs no merge. A snapshot that was not exact may hold an update
   * its process never committed (it died meanwhile); taking its epoch without merging it could
   * replace the only stored copy of an update that clients of a merging process already received.
   */
  noteCompaction(done: CompactionDone): void {
    const hasAll =
      done.isExact &&
      done.fromEpoch === this.epoch &&
      done.coveredIds.every((id) => this.rows.has(id))
    this.removeRows(done.coveredIds)
    if (hasAll) this.epoch = done.toEpoch
  }

  /** The doc now contains the stored snapshot at `epoch` (a reload from storage merged it). */
  noteSnapshot(epoch: number): void {
    if (epoch > this.epoch) this.epoch = epoch
  }

  /**
   * Replaces the stored state by `state`, a rewrite of the doc (an upgrade), keeping `backup` in
   * the same transaction; covers every row the doc contains. False when another process compacted
   * or rewrote the room first (nothing was stored). Rejects when storage fails.
   */
  async replaceState(
    state: Uint8Array,
    backup: { reason: string; state: Uint8Array },
  ): Promise<boolean> {
    const coveredIds = [...this.rows.keys()]
    const result = await this.options.storage.replaceRoomState(
      this.roomId,
      { snapshot: state, expectedEpoch: this.epoch, coveredIds },
      backup,
    )
    if (!result.ok) return false
    this.removeRows(coveredIds)
    this.epoch = result.epoch
    this.snapshotBytes = state.byteLength
    return true
  }

  /**
   * Compacts: swaps in a snapshot of the doc covering every row it contains. Resolves with the
   * covered ids and epochs (for other processes), or null when there was nothing to do or it
   * failed (logged; the log is intact, the next threshold retries).
   */
  compact(doc: CompactionAccess): Promise<CompactionDone | null> {
    const run = async (): Promise<CompactionDone | null> => {
      for (let attempt = 1; attempt <= maxCompactionAttempts; attempt++) {
        if (this.isFailed || this.rows.size === 0) return null
        const startedAt = performance.now()
        const coveredIds = [...this.rows.keys()]
        const logBytes = this.rowBytes
        const fromEpoch = this.epoch
        const isExact = this.pendingWrites === 0
        const snapshot = doc.encodeState()
        let result
        try {
          result = await this.options.storage.compactRoom(this.roomId, {
            snapshot,
            expectedEpoch: fromEpoch,
            coveredIds,
          })
        } catch (error) {
          this.options.log('room.compaction.failed', {
            room: this.roomId,
            error: error instanceof Error ? error.message : String(error),
          })
          return null
        }
        if (!result.ok) {
          // Another process compacted first: take in its snapshot, then try again.
          this.options.log('room.compaction.merged', { room: this.roomId, epoch: result.epoch })
          doc.merge(result.snapshot)
          this.epoch = Math.max(this.epoch, result.epoch)
          continue
        }
        this.removeRows(coveredIds)
        this.epoch = result.epoch
        this.snapshotBytes = snapshot.byteLength
        this.options.log('room.compacted', {
          room: this.roomId,
          logUpdates: coveredIds.length,
          logBytes,
          bytes: snapshot.byteLength,
          ms: Number((performance.now() - startedAt).toFixed(1)),
        })
        return { fromEpoch, toEpoch: result.epoch, coveredIds, isExact }
      }
      return null
    }
    // One compaction at a time per room; a caller arriving meanwhile waits for it, then runs its own.
    const previous = this.compacting ?? Promise.resolve(null)
    const next = previous.then(run)
    const settled = next.finally(() => {
      if (this.compacting === settled) this.compacting = null
    })
    this.compacting = settled
    return settled
  }

  private removeRows(ids: readonly number[]): void {
    for (const id of ids) {
      const bytes = this.rows.get(id)
      if (bytes === undefined) continue
      this.rows.delete(id)
      this.rowBytes -= bytes
    }
  }

  private fail(error: unknown): void {
    if (this.isFailed) return
    this.isFailed = true
    this.queue.length = 0
    this.wakeIdleWaiters()
    this.options.onFailed(error)
  }
}
