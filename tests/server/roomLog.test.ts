import { describe, expect, it } from 'vitest'
import { RoomLog } from '../../server/roomLog'
import { GroupCommit } from '../../server/storage/groupCommit'
import type { Compaction, CompactionResult, LoadedRoom } from '../../server/storage/serverStorage'

const bytes = (...values: number[]) => new Uint8Array(values)
const turn = () => new Promise((resolve) => setImmediate(resolve))

/** A room as loaded: a snapshot of 10 bytes at `epoch` and log rows 1 and 2. */
const loaded = (epoch = 0): LoadedRoom => ({
  updates: [new Uint8Array(10), bytes(1), bytes(2, 2)],
  logIds: [1, 2],
  logBytes: 3,
  snapshotBytes: 10,
  epoch,
  owners: { clients: new Map(), participants: new Map() },
})

/** A store that commits appends when told and answers compactions from `compactions`. */
function fakeStorage(compactions: ((request: Compaction) => CompactionResult)[] = []) {
  const pending: { count: number; resolve(ids: number[]): void; reject(e: Error): void }[] = []
  const requests: Compaction[] = []
  let nextId = 100
  return {
    pending,
    requests,
    commits: new GroupCommit({
      appendUpdates: (updates) =>
        new Promise<number[]>((resolve, reject) =>
          pending.push({ count: updates.length, resolve, reject }),
        ),
    }),
    storage: {
      async compactRoom(_roomId: string, request: Compaction) {
        requests.push(request)
        const answer = compactions.shift()
        return answer ? answer(request) : { ok: true as const, epoch: request.expectedEpoch + 1 }
      },
      async replaceRoomState(roomId: string, request: Compaction) {
        return this.compactRoom(roomId, request)
      },
    },
    commitAll() {
      for (const batch of pending.splice(0)) {
        batch.resolve(Array.from({ length: batch.count }, () => nextId++))
      }
    },
  }
}

function createLog(store: ReturnType<typeof fakeStorage>, room = loaded()) {
  const failures: unknown[] = []
  const log = new RoomLog('room-a', room, {
    commits: store.commits,
    storage: store.storage,
    log: () => undefined,
    onFailed: (error) => failures.push(error),
  })
  return { log, failures }
}

const doc = (state: Uint8Array, merged: Uint8Array[] = []) => ({
  encodeState: () => state,
  merge: (snapshot: Uint8Array) => merged.push(snapshot),
})

describe('room log: the write queue', () => {
  it('relays an update only once it is committed, in the order written', async () => {
    const store = fakeStorage()
    const { log } = createLog(store)
    const relayed: string[] = []
    log.write(bytes(5), [], (id) => relayed.push(`five as ${id}`))
    log.write(bytes(6), [], (id) => relayed.push(`six as ${id}`))
    await turn()
    await turn()
    expect(relayed).toEqual([])
    store.commitAll()
    await log.flushed()
    expect(relayed).toEqual(['five as 100', 'six as 101'])
    expect({ count: log.logCount, bytes: log.logBytes }).toEqual({ count: 4, bytes: 5 })
  })

  it('runs a step queued after writes (a sync answer) only once they are committed', async () => {
    const store = fakeStorage()
    const { log } = createLog(store)
    const steps: string[] = []
    log.afterCommitted(() => steps.push('nothing pending'))
    await log.flushed()
    expect(steps).toEqual(['nothing pending'])
    log.write(bytes(5), [], () => steps.push('relayed'))
    log.afterCommitted(() => steps.push('answered'))
    await turn()
    await turn()
    expect(steps).toEqual(['nothing pending'])
    store.commitAll()
    await log.flushed()
    expect(steps).toEqual(['nothing pending', 'relayed', 'answered'])
  })

  it('relays nothing after a failed write and reports the failure once', async () => {
    const store = fakeStorage()
    const { log, failures } = createLog(store)
    const steps: string[] = []
    log.write(bytes(5), [], () => steps.push('relayed five'))
    log.write(bytes(6), [], () => steps.push('relayed six'))
    log.afterCommitted(() => steps.push('answered'))
    await turn()
    store.pending[0]!.reject(new Error('database or disk is full'))
    await log.flushed()
    log.write(bytes(7), [], () => steps.push('relayed seven'))
    await turn()
    expect(steps).toEqual([])
    expect(failures.map(String)).toEqual(['Error: database or disk is full'])
  })
})

describe('room log: compaction', () => {
  it('covers every row the doc contains and takes the new epoch', async () => {
    const store = fakeStorage()
    const { log } = createLog(store)
    log.addRow(50, 4)
    const done = await log.compact(doc(bytes(9, 9)))
    expect(store.requests).toEqual([
      { snapshot: bytes(9, 9), expectedEpoch: 0, coveredIds: [1, 2, 50] },
    ])
    expect(done).toEqual({ fromEpoch: 0, toEpoch: 1, coveredIds: [1, 2, 50], isExact: true })
    expect({ count: log.logCount, stored: log.storedBytes, epoch: log.snapshotEpoch }).toEqual({
      count: 0,
      stored: 2,
      epoch: 1,
    })
    expect(await log.compact(doc(bytes(9)))).toBeNull()
  })

  it('merges the snapshot another process stored first, then swaps again at its epoch', async () => {
    const theirs = bytes(7, 7, 7)
    const store = fakeStorage([() => ({ ok: false, epoch: 4, snapshot: theirs })])
    const { log } = createLog(store)
    const merged: Uint8Array[] = []
    const done = await log.compact(doc(bytes(9), merged))
    expect(merged).toEqual([theirs])
    expect(store.requests.map((request) => request.expectedEpoch)).toEqual([0, 4])
    expect(done).toMatchObject({ fromEpoch: 4, toEpoch: 5 })
  })

  it('says a snapshot is not exact while an update of its own is still being committed', async () => {
    const store = fakeStorage()
    const { log } = createLog(store)
    log.write(bytes(5), [], () => undefined)
    const done = await log.compact(doc(bytes(9)))
    expect(done).toMatchObject({ coveredIds: [1, 2], isExact: false })
    await turn()
    store.commitAll()
    await log.flushed()
    expect(log.logCount).toBe(1)
  })

  it('takes another process’s epoch only from an exact snapshot of rows it holds too', () => {
    const store = fakeStorage()
    const adopt = (done: Parameters<RoomLog['noteCompaction']>[0]) => {
      const { log } = createLog(store, loaded(3))
      log.addRow(60, 1)
      log.noteCompaction(done)
      return { epoch: log.snapshotEpoch, rows: log.logCount }
    }
    const exact = { fromEpoch: 3, toEpoch: 4, coveredIds: [1, 2], isExact: true }
    expect(adopt(exact)).toEqual({ epoch: 4, rows: 1 })
    expect(adopt({ ...exact, isExact: false })).toEqual({ epoch: 3, rows: 1 })
    expect(adopt({ ...exact, fromEpoch: 2 })).toEqual({ epoch: 3, rows: 1 })
    // A row this process never saw: the new snapshot holds something its doc lacks.
    expect(adopt({ ...exact, coveredIds: [1, 2, 99] })).toEqual({ epoch: 3, rows: 1 })
  })
})
