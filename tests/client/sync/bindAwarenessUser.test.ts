import {
  applyAwarenessUpdate,
  Awareness,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  awarenessUsersOf,
  publishAwarenessUser,
  readAwarenessUsers,
} from '../../../client/sync/bindAwarenessUser'
import { awarenessUserField } from '../../../shared/workshop/workshopLayout'

const dana = { id: 'dana', name: 'Dana', color: '#1971c2', function: 'product' as const }

describe('the awareness user field', () => {
  it('announces the person once they have a name and a function', () => {
    const awareness = new Awareness(new Y.Doc())
    publishAwarenessUser(awareness, { ...dana, function: null })
    expect(awareness.getLocalState()?.[awarenessUserField] ?? null).toBeNull()
    publishAwarenessUser(awareness, dana)
    expect(awareness.getLocalState()?.[awarenessUserField]).toEqual(dana)
    awareness.destroy()
  })

  it('does not re-send an unchanged identity', () => {
    const awareness = new Awareness(new Y.Doc())
    publishAwarenessUser(awareness, dana)
    let changes = 0
    awareness.on('change', () => changes++)
    publishAwarenessUser(awareness, { ...dana })
    expect(changes).toBe(0)
    publishAwarenessUser(awareness, { ...dana, name: 'Dana R.' })
    expect(changes).toBe(1)
    awareness.destroy()
  })

  it('reads everyone else’s valid user fields', () => {
    const awareness = new Awareness(new Y.Doc())
    const states = awareness.getStates()
    states.set(101, { [awarenessUserField]: { ...dana, id: 'lee', name: 'Lee' } })
    states.set(102, { [awarenessUserField]: { id: 'x', name: 'Mallory', color: 'red' } })
    publishAwarenessUser(awareness, dana)
    expect(readAwarenessUsers(awareness).map((user) => user.name)).toEqual(['Lee'])
    awareness.destroy()
  })

  it('keeps one list of everyone else that changes only when a user field does', () => {
    const local = new Awareness(new Y.Doc())
    const remote = new Awareness(new Y.Doc())
    const sync = () =>
      applyAwarenessUpdate(local, encodeAwarenessUpdate(remote, [remote.clientID]), 'test')
    const $users = awarenessUsersOf(local)
    expect(awarenessUsersOf(local)).toBe($users)
    expect($users.get()).toEqual([])
    publishAwarenessUser(local, dana)
    expect($users.get()).toEqual([])

    publishAwarenessUser(remote, { ...dana, id: 'lee', name: 'Lee' })
    sync()
    const withLee = $users.get()
    expect(withLee.map((user) => user.name)).toEqual(['Lee'])
    remote.setLocalStateField('presence', { cursor: { x: 1, y: 2 } })
    sync()
    expect($users.get()).toBe(withLee)
    publishAwarenessUser(remote, { ...dana, id: 'lee', name: 'Lee R.' })
    sync()
    expect($users.get().map((user) => user.name)).toEqual(['Lee R.'])
    removeAwarenessStates(local, [remote.clientID], 'test')
    expect($users.get()).toEqual([])
    local.destroy()
    remote.destroy()
  })
})
