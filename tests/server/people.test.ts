import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { awarenessUserField } from '../../shared/workshop/workshopLayout'
import { geoShape } from '../helpers/records'
import { startTestServer, type TestClient, type TestServer } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

let time = Date.parse('2026-05-04T09:00:00.000Z')
let harness: TestServer
let roomId: string

beforeAll(async () => {
  harness = await startTestServer({ now: () => time })
})

beforeEach(async () => {
  roomId = await harness.createRoom()
})

afterAll(async () => {
  await harness.stop()
})

const alice = { id: 'p-alice', name: 'Alice', color: '#ff8800', function: 'sales' } as const

/** Counts the changes of the `people` root a client receives. */
function countPeopleChanges(client: TestClient): () => number {
  let count = 0
  client.doc.getArray('people').observe(() => {
    count += 1
  })
  return () => count
}

describe('people roster', () => {
  it('is written by the server from the user a client announces in awareness', async () => {
    const viewer = harness.connect(roomId, { role: 'viewer' })
    const other = harness.connect(roomId, { role: 'commenter' })
    await Promise.all([viewer.synced(), other.synced()])
    viewer.provider.awareness.setLocalStateField(awarenessUserField, { ...alice, role: 'viewer' })

    const person = { kind: 'person', ...alice, lastSeenAt: time }
    await waitFor(() => expect(other.entries('people')).toEqual({ 'person:p-alice': person }))
    expect(viewer.entries('people')).toEqual({ 'person:p-alice': person })
    expect(harness.storedEntries(roomId, 'people')).toEqual({ 'person:p-alice': person })
    expect([...viewer.closes, ...other.closes]).toEqual([])
  })

  it('ignores an announced user that does not pass the schema', async () => {
    const client = harness.connect(roomId)
    await client.synced()
    client.provider.awareness.setLocalStateField(awarenessUserField, { ...alice, color: 'orange' })
    client.provider.awareness.setLocalStateField('cursor', { x: 1, y: 2 })
    // A later valid announcement is written, so the invalid one had its chance before it.
    const bob = harness.connect(roomId)
    await bob.synced()
    bob.provider.awareness.setLocalStateField(awarenessUserField, { ...alice, id: 'p-bob' })
    await waitFor(() => expect(Object.keys(client.entries('people'))).toEqual(['person:p-bob']))
  })

  it('rewrites lastSeenAt at most once a minute, but a new name at once', async () => {
    const client = harness.connect(roomId)
    const watcher = harness.connect(roomId, { role: 'viewer' })
    await Promise.all([client.synced(), watcher.synced()])
    const changes = countPeopleChanges(watcher)
    const start = time
    client.provider.awareness.setLocalStateField(awarenessUserField, alice)
    await waitFor(() => expect(changes()).toBe(1))

    for (let x = 0; x < 5; x++) {
      time += 10_000
      client.provider.awareness.setLocalStateField('cursor', { x, y: 0 })
    }
    // An edit sent after the cursor moves reaches the watcher after anything they caused.
    client.put(geoShape('marker'))
    await waitFor(() => expect(watcher.snapshot()['shape:marker']).toBeDefined())
    expect(changes()).toBe(1)
    expect(watcher.entries('people')['person:p-alice']).toMatchObject({ lastSeenAt: start })

    time += 20_000
    client.provider.awareness.setLocalStateField('cursor', { x: 9, y: 9 })
    await waitFor(() =>
      expect(watcher.entries('people')['person:p-alice']).toMatchObject({ lastSeenAt: time }),
    )

    client.provider.awareness.setLocalStateField(awarenessUserField, { ...alice, name: 'Alice B.' })
    await waitFor(() =>
      expect(watcher.entries('people')['person:p-alice']).toMatchObject({ name: 'Alice B.' }),
    )
    expect(changes()).toBe(3)
  })
})
