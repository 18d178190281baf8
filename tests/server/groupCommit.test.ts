import { describe, expect, it } from 'vitest'
import { GroupCommit } from '../../server/storage/groupCommit'
import type { LogAppend } from '../../server/storage/serverStorage'

/** A store whose transactions the test completes by hand. */
function controlledStore() {
  const batches: { updates: LogAppend[]; resolve(ids: number[]): void; reject(e: Error): void }[] =
    []
  let nextId = 1
  return {
    batches,
    store: {
      appendUpdates: (updates: readonly LogAppend[]) =>
        new Promise<number[]>((resolve, reject) => {
          batches.push({
            updates: updates.map(({ roomId, update }) => ({ roomId, update })),
            resolve,
            reject,
          })
        }),
    },
    commit(index: number) {
      const batch = batches[index]!
      batch.resolve(batch.updates.map(() => nextId++))
    },
  }
}

const bytes = (value: number) => new Uint8Array([value])

/** `commits.append` as a promise of the row id. */
function append(commits: GroupCommit, roomId: string, update: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) =>
    commits.append({ roomId, update }, (error, id) => (error ? reject(error) : resolve(id))),
  )
}
const turn = () => new Promise((resolve) => setImmediate(resolve))

describe('group commit', () => {
  it('writes everything appended in one event-loop turn, in every room, as one transaction', async () => {
    const { batches, store, commit } = controlledStore()
    const commits = new GroupCommit(store)
    const ids = Promise.all([
      append(commits, 'room-a', bytes(1)),
      append(commits, 'room-b', bytes(2)),
      append(commits, 'room-a', bytes(3)),
    ])
    await turn()
    expect(batches.map((batch) => batch.updates)).toEqual([
      [
        { roomId: 'room-a', update: bytes(1) },
        { roomId: 'room-b', update: bytes(2) },
        { roomId: 'room-a', update: bytes(3) },
      ],
    ])
    commit(0)
    expect(await ids).toEqual([1, 2, 3])
  })

  it('keeps one transaction in flight; what arrives meanwhile is the next batch, committed after', async () => {
    const { batches, store, commit } = controlledStore()
    const order: string[] = []
    const commits = new GroupCommit(store, ({ updates, isOk }) => order.push(`${updates}:${isOk}`))
    const first = append(commits, 'room-a', bytes(1)).then((id) => order.push(`first ${id}`))
    await turn()
    const second = append(commits, 'room-a', bytes(2)).then((id) => order.push(`second ${id}`))
    const third = append(commits, 'room-b', bytes(3)).then((id) => order.push(`third ${id}`))
    await turn()
    expect(batches).toHaveLength(1)
    commit(0)
    await first
    await turn()
    expect(batches).toHaveLength(2)
    expect(batches[1]!.updates.map((entry) => entry.update)).toEqual([bytes(2), bytes(3)])
    commit(1)
    await Promise.all([second, third])
    expect(order).toEqual(['1:true', 'first 1', '2:true', 'second 2', 'third 3'])
  })

  it('rejects every update of a failed transaction and goes on with the next', async () => {
    const { batches, store, commit } = controlledStore()
    const observed: boolean[] = []
    const commits = new GroupCommit(store, ({ isOk }) => observed.push(isOk))
    const failed = [append(commits, 'room-a', bytes(1)), append(commits, 'room-b', bytes(2))]
    await turn()
    batches[0]!.reject(new Error('database or disk is full'))
    for (const append of failed) await expect(append).rejects.toThrow('database or disk is full')
    const later = append(commits, 'room-a', bytes(3))
    await turn()
    commit(1)
    expect(await later).toBe(1)
    expect(observed).toEqual([false, true])
  })

  it('reports drained once nothing is pending or in flight', async () => {
    const { store, commit } = controlledStore()
    const commits = new GroupCommit(store)
    void append(commits, 'room-a', bytes(1))
    let isDrained = false
    const drained = commits.drained().then(() => (isDrained = true))
    await turn()
    await turn()
    expect(isDrained).toBe(false)
    commit(0)
    await drained
    expect(isDrained).toBe(true)
  })
})
