import { Awareness } from 'y-protocols/awareness'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { publishAwarenessUser, readAwarenessUsers } from '../../../client/sync/bindAwarenessUser'
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
})
