import * as decoding from 'lib0/decoding'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeCodes, messageAwareness } from '../../shared/protocol'
import { awarenessFrame } from '../helpers/hostile'
import { geoShape } from '../helpers/records'
import { connectClient, startTestServer, type TestServer } from '../helpers/syncServer'
import { startTcpProxy } from '../helpers/tcpProxy'
import { waitFor } from '../helpers/waitFor'

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

  it('refuses an awareness update for a clientID owned by another connection (try again later), and probes the owner', async () => {
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
      code: closeCodes.awarenessConflict,
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
    expect((await mallory.closed).code).toBe(closeCodes.awarenessConflict)
    expect(alice.closes).toEqual([])
  })

  it('echoes a client’s own awareness change back to it, so a lone idle client stays connected', async () => {
    // The stock provider closes and reconnects after 30 s without any message; its own 15 s
    // awareness renewal, echoed like the reference server does, is what keeps a lone client alive.
    const raw = harness.openSocket(roomId)
    await raw.opened
    raw.socket.send(awarenessFrame([{ clientId: 555, clock: 1, state: { name: 'Solo' } }]))
    await waitFor(() =>
      expect(raw.frames.map(readAwarenessClients).flat()).toContainEqual({
        clientId: 555,
        state: { name: 'Solo' },
      }),
    )
  })

  it('coalesces a burst of awareness updates into a few frames with the latest state', async () => {
    const bob = harness.connect(roomId)
    await bob.synced()
    const raw = harness.openSocket(roomId)
    await raw.opened
    let frames = 0
    bob.provider.ws?.addEventListener('message', () => {
      frames += 1
    })
    const burst = 200
    for (let i = 0; i < burst; i++) {
      raw.socket.send(awarenessFrame([{ clientId: 556, clock: i + 1, state: { x: i } }]))
    }
    await waitFor(() =>
      expect(bob.provider.awareness.getStates().get(556)).toEqual({ x: burst - 1 }),
    )
    // At most one relay per 50 ms; a burst sent at once needs only a handful, never one each.
    expect(frames).toBeLessThan(burst / 4)
  })

  it('refuses an awareness update above the size cap with tooLarge', async () => {
    const capped = await startTestServer({ limits: { maxAwarenessBytes: 1000 } })
    try {
      const room = await capped.createRoom()
      const raw = capped.openSocket(room)
      await raw.opened
      const frame = awarenessFrame([{ clientId: 557, clock: 1, state: { note: 'x'.repeat(1000) } }])
      raw.socket.send(frame)
      expect(await raw.closed).toEqual({
        code: closeCodes.tooLarge,
        reason: `awareness update of ${frame.byteLength - 3} bytes exceeds the limit of 1000`,
      })
    } finally {
      await capped.stop()
    }
  })
})

describe('awareness clientIDs of connections that come and go', () => {
  it(
    'gives a reconnecting browser its clientID back while its old socket is half-open',
    { timeout: 30_000 },
    async () => {
      const observer = harness.connect(roomId)
      await observer.synced()
      const proxy = await startTcpProxy(harness.url)
      try {
        const alice = connectClient(proxy.url, roomId, harness.tokens(roomId).editor)
        harness.clients.push(alice)
        alice.provider.awareness.setLocalState({ name: 'Alice', step: 0 })
        await alice.synced()
        const aliceId = alice.doc.clientID
        await waitFor(() =>
          expect(observer.provider.awareness.getStates().get(aliceId)).toMatchObject({ step: 0 }),
        )
        // The network goes away without a word; the browser notices first and reconnects over a
        // new socket while the server still holds the old one.
        proxy.blackhole()
        alice.provider.disconnect()
        alice.provider.connect()
        let step = 0
        await waitFor(
          () => {
            step += 1
            alice.provider.awareness.setLocalStateField('step', step)
            expect(alice.provider.shouldConnect).toBe(true)
            expect(observer.provider.awareness.getStates().get(aliceId)).toMatchObject({
              step: expect.any(Number),
            })
            expect(
              (observer.provider.awareness.getStates().get(aliceId) as { step: number }).step,
            ).toBeGreaterThan(1)
          },
          { timeout: 20_000, interval: 100 },
        )
        expect(alice.closes.map((close) => close.code)).not.toContain(closeCodes.protocolError)
        expect(observer.closes).toEqual([])
      } finally {
        await proxy.close()
      }
    },
  )

  it(
    'forgets the awareness clocks of departed clients after a while',
    { timeout: 30_000 },
    async () => {
      const forgetful = await startTestServer({ departedAwarenessTtlMs: 200 })
      try {
        const room = await forgetful.createRoom()
        const observer = forgetful.connect(room)
        await observer.synced()
        const visit = async () => {
          const visitor = forgetful.connect(room)
          visitor.provider.awareness.setLocalState({ name: 'Visitor' })
          await visitor.synced()
          await waitFor(() => expect(forgetful.server.stats().awarenessClocks).toBeGreaterThan(1))
          visitor.destroy()
          await waitFor(() => expect(forgetful.server.stats().clients).toBe(1))
        }
        for (let i = 0; i < 10; i++) await visit()
        // Once the TTL has passed, the next departure forgets every earlier one.
        await waitFor(
          async () => {
            await visit()
            expect(forgetful.server.stats().awarenessClocks).toBeLessThanOrEqual(2)
          },
          { timeout: 10_000, interval: 250 },
        )
        expect(observer.closes).toEqual([])
      } finally {
        await forgetful.stop()
      }
    },
  )
})

/** The clientIDs and states of an awareness frame the server sent (other frames: none). */
function readAwarenessClients(frame: Uint8Array): { clientId: number; state: unknown }[] {
  const decoder = decoding.createDecoder(frame)
  if (decoding.readVarUint(decoder) !== messageAwareness) return []
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder))
  const count = decoding.readVarUint(update)
  const clients = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(update)
    decoding.readVarUint(update)
    clients.push({ clientId, state: JSON.parse(decoding.readVarString(update)) as unknown })
  }
  return clients
}
