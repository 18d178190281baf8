import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { messageAwareness } from '../../shared/protocol'
import { startTestServer, type TestServer } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

let harness: TestServer | undefined

afterEach(async () => {
  await harness?.stop()
})

describe('keepalive', () => {
  it('drops a socket that stops answering pings and removes its presence', async () => {
    // Long enough for the presence to reach Bob before the silent socket misses its first pong.
    harness = await startTestServer({ pingIntervalMs: 400 })
    const roomId = await harness.createRoom()
    const bob = harness.connect(roomId)
    await bob.synced()

    // A client whose network went away: it never answers a ping.
    const silent = harness.openSocket(roomId, { autoPong: false })
    await silent.opened
    const doc = new Y.Doc()
    const awareness = new awarenessProtocol.Awareness(doc)
    awareness.setLocalState({ name: 'Silent' })
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, messageAwareness)
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
    )
    silent.socket.send(encoding.toUint8Array(encoder))
    await waitFor(() => expect(bob.provider.awareness.getStates().has(doc.clientID)).toBe(true))

    expect((await silent.closed).code).toBe(1006)
    await waitFor(() => expect(bob.provider.awareness.getStates().has(doc.clientID)).toBe(false))
    expect(
      harness.events.some((e) => e.event === 'connection.closed' && e.fields.reason === 'no pong'),
    ).toBe(true)
    // Bob answers pings (ws does so automatically) and stays connected.
    expect(bob.closes).toEqual([])
    awareness.destroy()
    doc.destroy()
  })
})
