import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { createRecordsKeyValue, type StoredRecord } from '../../shared/docLayout'
import { closeCodes, maxFrameBytes, messageSync } from '../../shared/protocol'
import { geoShape } from '../helpers/records'
import { startTestServer, type TestClient, type TestServer } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

/** A sync update frame carrying `update`, as a client would send it. */
function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** A Yjs update that writes one `{ key, val }` entry into the records array. */
function recordUpdate(key: string, val: unknown): Uint8Array {
  const doc = new Y.Doc()
  createRecordsKeyValue(doc).set(key, val as StoredRecord)
  return Y.encodeStateAsUpdate(doc)
}

/** Deterministic pseudo-random bytes (a fixed LCG), so the test is reproducible. */
function pseudoRandomBytes(length: number, seed = 42): Uint8Array {
  const bytes = new Uint8Array(length)
  let state = seed
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0
    bytes[i] = state >>> 24
  }
  return bytes
}

const maxUpdateBytes = 64 * 1024

let harness: TestServer
let roomA: string
let roomB: string
let alice: TestClient
let bob: TestClient
let carol: TestClient
let dave: TestClient
let edits = 0

/** Alice and Bob (room A) and Carol and Dave (room B) still sync after the bad client left. */
async function expectOthersStillSync() {
  edits += 1
  alice.put(geoShape(`a${edits}`, edits, 0))
  carol.put(geoShape(`c${edits}`, edits, 0))
  await waitFor(() => {
    expect(bob.snapshot()).toEqual(alice.snapshot())
    expect(dave.snapshot()).toEqual(carol.snapshot())
    expect(bob.snapshot()[`shape:a${edits}`]).toBeDefined()
    expect(dave.snapshot()[`shape:c${edits}`]).toBeDefined()
  })
  expect(alice.closes).toEqual([])
  expect(carol.closes).toEqual([])
}

/** Sends `frame` from a fresh raw socket in room A and returns how the server closed it. */
async function sendFromBadClient(frame: Uint8Array | string) {
  const bad = harness.openSocket(roomA)
  await bad.opened
  bad.socket.send(frame)
  return bad.closed
}

beforeAll(async () => {
  harness = await startTestServer({ limits: { maxUpdateBytes } })
  roomA = await harness.createRoom()
  roomB = await harness.createRoom()
  alice = harness.connect(roomA)
  bob = harness.connect(roomA)
  carol = harness.connect(roomB)
  dave = harness.connect(roomB)
  await Promise.all([alice, bob, carol, dave].map((client) => client.synced()))
})

afterAll(async () => {
  // The stored room holds exactly what the good clients wrote: nothing refused was stored.
  await waitFor(() => expect(harness.storedRecords(roomA)).toEqual(alice.snapshot()))
  expect(Object.keys(harness.storedRecords(roomA)).filter((id) => /bad|x|spoof/.test(id))).toEqual(
    [],
  )
  await harness.stop()
})

describe('malformed frames close only the offending socket', () => {
  it.each<[string, Uint8Array | string, number, string | RegExp]>([
    [
      'random bytes',
      pseudoRandomBytes(256),
      closeCodes.protocolError,
      /^(unknown|truncated|malformed)/,
    ],
    [
      'a truncated varint',
      new Uint8Array([0x80]),
      closeCodes.protocolError,
      'truncated message type',
    ],
    ['an empty frame', new Uint8Array([]), closeCodes.protocolError, 'truncated message type'],
    [
      'an unknown message type',
      new Uint8Array([7]),
      closeCodes.protocolError,
      'unknown message type 7',
    ],
    [
      'an unknown sync message type',
      new Uint8Array([0, 9, 0]),
      closeCodes.protocolError,
      'unknown sync message type 9',
    ],
    [
      'a truncated sync update',
      new Uint8Array([0, 2, 10, 1]),
      closeCodes.protocolError,
      'truncated sync message',
    ],
    [
      'trailing bytes after a message',
      new Uint8Array([3, 0]),
      closeCodes.protocolError,
      '1 unexpected trailing bytes',
    ],
    [
      'an auth message',
      new Uint8Array([2, 0, 0]),
      closeCodes.protocolError,
      'auth messages are sent by the server only',
    ],
    ['a text frame', 'hello', closeCodes.protocolError, 'text frames are not supported'],
    [
      'an update that is not a Yjs update',
      updateFrame(new Uint8Array([5, 200, 1, 2, 3])),
      closeCodes.protocolError,
      'malformed update',
    ],
    [
      'a malformed state vector',
      new Uint8Array([0, 0, 3, 5, 200, 1]),
      closeCodes.protocolError,
      'malformed state vector',
    ],
    [
      'a malformed awareness update',
      new Uint8Array([1, 3, 1, 1, 1]),
      closeCodes.protocolError,
      'malformed awareness update',
    ],
  ])('refuses %s', async (_name, frame, code, reason) => {
    const closed = await sendFromBadClient(frame)
    expect(closed.code).toBe(code)
    if (typeof reason === 'string') expect(closed.reason).toBe(reason)
    else expect(closed.reason).toMatch(reason)
    await expectOthersStillSync()
  })

  it('refuses an invalid tldraw record, naming the record and the validator message', async () => {
    const bad = geoShape('bad')
    const update = recordUpdate(bad.id, { ...bad, props: { ...bad.props, w: 'wide' } })
    const closed = await sendFromBadClient(updateFrame(update))
    expect(closed).toEqual({
      code: closeCodes.protocolError,
      reason:
        'invalid record shape:bad: At shape(type = geo).props.w: Expected number, got a string',
    })
    await expectOthersStillSync()
    expect(alice.snapshot()['shape:bad']).toBeUndefined()
  })

  it('refuses a record whose key is not its id', async () => {
    const closed = await sendFromBadClient(updateFrame(recordUpdate('shape:x', geoShape('other'))))
    expect(closed).toEqual({
      code: closeCodes.protocolError,
      reason: 'record shape:x: key does not match record id shape:other',
    })
    await expectOthersStillSync()
  })

  it('refuses session state written into the document', async () => {
    const update = recordUpdate('camera:spoof', {
      id: 'camera:spoof',
      typeName: 'camera',
      x: 0,
      y: 0,
      z: 1,
      meta: {},
    })
    const closed = await sendFromBadClient(updateFrame(update))
    expect(closed).toEqual({
      code: closeCodes.protocolError,
      reason: 'record camera:spoof: camera is session state, not document content',
    })
    await expectOthersStillSync()
  })

  it('refuses Yjs content the doc layout does not use', async () => {
    const doc = new Y.Doc()
    doc.getText('tldraw').insert(0, 'hello')
    const closed = await sendFromBadClient(updateFrame(Y.encodeStateAsUpdate(doc)))
    expect(closed).toEqual({
      code: closeCodes.protocolError,
      reason: 'unsupported Yjs content ContentString: the board holds JSON values only',
    })
    await expectOthersStillSync()
  })

  it('refuses a root type that is not part of the board layout', async () => {
    const doc = new Y.Doc()
    doc.getArray('spoof').insert(0, [{ key: 'x', val: 1 }])
    const closed = await sendFromBadClient(updateFrame(Y.encodeStateAsUpdate(doc)))
    expect(closed).toEqual({
      code: closeCodes.protocolError,
      reason: 'unknown root "spoof": not part of the board layout',
    })
    await expectOthersStillSync()
  })

  it('refuses an update above the per-update cap with tooLarge', async () => {
    const big = geoShape('big')
    const update = recordUpdate(big.id, { ...big, meta: { blob: 'x'.repeat(maxUpdateBytes) } })
    const closed = await sendFromBadClient(updateFrame(update))
    expect(closed).toEqual({
      code: closeCodes.tooLarge,
      reason: `update of ${update.byteLength} bytes exceeds the limit of ${maxUpdateBytes}`,
    })
    await expectOthersStillSync()
  })

  it('closes a frame above maxFrameBytes with 1009 (ws enforces maxPayload)', async () => {
    const closed = await sendFromBadClient(new Uint8Array(maxFrameBytes + 1))
    expect(closed.code).toBe(1009)
    await expectOthersStillSync()
  })
})
