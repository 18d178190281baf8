import * as encoding from 'lib0/encoding'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeCodes, messageAwareness } from '../../shared/protocol'
import { geoShape } from '../helpers/records'
import { startTestServer, type TestServer } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

/** An awareness frame with the given entries, encoded by hand as a client would. */
function awarenessFrame(entries: { clientId: number; clock: number; state: unknown }[]) {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, entries.length)
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(update, clientId)
    encoding.writeVarUint(update, clock)
    encoding.writeVarString(update, JSON.stringify(state))
  }
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, messageAwareness)
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
  return encoding.toUint8Array(frame)
}

let harness: TestServer
let roomId: string

beforeEach(async () => {
  harness = await startTestServer()
  roomId = await harness.createRoom()
})

afterEach(async () => {
  await harness.stop()
})

describe('awareness', () => {
  it('relays presence between clients, including echoes of each other, without closing anyone', async () => {
    const alice = harness.connect(roomId)
    const bob = harness.connect(roomId)
    await Promise.all([alice.synced(), bob.synced()])
    for (let i = 0; i < 5; i++) {
      alice.provider.awareness.setLocalState({ name: 'Alice', step: i })
      bob.provider.awareness.setLocalState({ name: 'Bob', step: i })
    }
    await waitFor(() => {
      expect(bob.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({
        name: 'Alice',
        step: 4,
      })
      expect(alice.provider.awareness.getStates().get(bob.doc.clientID)).toEqual({
        name: 'Bob',
        step: 4,
      })
    })
    // Each provider relays the other's states back; a document edit sent after those echoes
    // arrives only if the server did not close the socket over them.
    alice.put(geoShape('after'))
    bob.put(geoShape('after2'))
    await waitFor(() => {
      expect(bob.snapshot()['shape:after']).toBeDefined()
      expect(alice.snapshot()['shape:after2']).toBeDefined()
    })
    expect([...alice.closes, ...bob.closes]).toEqual([])
  })

  it('sends the present states to a client that joins later', async () => {
    const alice = harness.connect(roomId)
    alice.provider.awareness.setLocalState({ name: 'Alice' })
    await alice.synced()
    const bob = harness.connect(roomId)
    await waitFor(() =>
      expect(bob.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({ name: 'Alice' }),
    )
  })

  it('removes the awareness state of a socket that closed, for everyone else', async () => {
    const bob = harness.connect(roomId)
    await bob.synced()
    const raw = harness.openSocket(roomId)
    await raw.opened
    raw.socket.send(awarenessFrame([{ clientId: 777, clock: 1, state: { name: 'Raw' } }]))
    await waitFor(() =>
      expect(bob.provider.awareness.getStates().get(777)).toEqual({ name: 'Raw' }),
    )

    raw.socket.terminate()
    await waitFor(() => expect(bob.provider.awareness.getStates().has(777)).toBe(false))
  })

  it('refuses an awareness update for a clientID owned by another connection', async () => {
    const alice = harness.connect(roomId)
    const bob = harness.connect(roomId)
    alice.provider.awareness.setLocalState({ name: 'Alice' })
    await Promise.all([alice.synced(), bob.synced()])
    const aliceId = alice.doc.clientID
    await waitFor(() =>
      expect(bob.provider.awareness.getStates().get(aliceId)).toEqual({ name: 'Alice' }),
    )

    const mallory = harness.openSocket(roomId)
    await mallory.opened
    mallory.socket.send(awarenessFrame([{ clientId: 900, clock: 1, state: { name: 'Mallory' } }]))
    const clock = alice.provider.awareness.meta.get(aliceId)?.clock ?? 0
    mallory.socket.send(
      awarenessFrame([{ clientId: aliceId, clock: clock + 5, state: { name: 'Evil' } }]),
    )

    expect(await mallory.closed).toEqual({
      code: closeCodes.protocolError,
      reason: `awareness of client ${aliceId} belongs to another connection`,
    })
    // Mallory's own state goes with her socket; Alice's state was never replaced.
    await waitFor(() => expect(bob.provider.awareness.getStates().has(900)).toBe(false))
    expect(bob.provider.awareness.getStates().get(aliceId)).toEqual({ name: 'Alice' })
    alice.provider.awareness.setLocalState({ name: 'Alice', moved: true })
    await waitFor(() =>
      expect(bob.provider.awareness.getStates().get(aliceId)).toEqual({
        name: 'Alice',
        moved: true,
      }),
    )
    expect(alice.closes).toEqual([])
  })

  it('refuses a second clientID on the same connection', async () => {
    const mallory = harness.openSocket(roomId)
    await mallory.opened
    mallory.socket.send(awarenessFrame([{ clientId: 901, clock: 1, state: {} }]))
    mallory.socket.send(awarenessFrame([{ clientId: 902, clock: 1, state: {} }]))
    expect(await mallory.closed).toEqual({
      code: closeCodes.protocolError,
      reason: 'awareness of client 902: this connection is client 901',
    })
  })

  it('refuses the removal of another connection’s state', async () => {
    const alice = harness.connect(roomId)
    alice.provider.awareness.setLocalState({ name: 'Alice' })
    await alice.synced()
    const aliceId = alice.doc.clientID
    const mallory = harness.openSocket(roomId)
    await mallory.opened
    await waitFor(() => expect(mallory.frames.length).toBeGreaterThanOrEqual(2))
    const clock = alice.provider.awareness.meta.get(aliceId)?.clock ?? 0
    mallory.socket.send(awarenessFrame([{ clientId: aliceId, clock: clock + 1, state: null }]))
    expect((await mallory.closed).code).toBe(closeCodes.protocolError)
    expect(alice.closes).toEqual([])
  })
})
