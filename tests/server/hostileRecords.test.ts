/**
 * Part of the hostile battery (tests/server/hostile.test.ts): attacks through the board's records
 * that no single record's validator sees. A parent graph that loops freezes every browser that
 * opens the board; a frame the facilitator locked must stay locked for everyone else. For each
 * attack: only the attacker's socket is closed, with the code and reason shown, the stored room is
 * unchanged, and the room keeps syncing for honest clients.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSqliteStorage } from '../../server/storage/sqliteStorage'
import type { StoredRecord } from '../../shared/docLayout'
import { closeCodes } from '../../shared/protocol'
import { facilitatorLockMetaKey } from '../../shared/workshop/facilitatorLock'
import { BoardBuilder } from '../helpers/boardBuilder'
import { putRecords } from '../helpers/records'
import {
  readStoredDoc,
  readStoredLog,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

let harness: TestServer
let roomId: string
let facilitator: TestClient

/** Two frames side by side on the page and a card in the first. */
function board(): StoredRecord[] {
  const builder = new BoardBuilder()
  builder.frame({ parent: 'page:page', id: 'one', x: 0, y: 0, w: 400, h: 300, name: 'One' })
  builder.frame({ parent: 'page:page', id: 'two', x: 500, y: 0, w: 400, h: 300, name: 'Two' })
  builder.attribute({ parent: 'shape:one', id: 'card', x: 20, y: 40 }, { value: 'SaaS' })
  return builder.records().filter((r) => r.typeName === 'shape') as unknown as StoredRecord[]
}

beforeEach(async () => {
  harness = await startTestServer()
  roomId = await harness.createRoom({ template: 'blank' })
  facilitator = harness.connect(roomId, { role: 'facilitator' })
  await facilitator.synced()
  facilitator.doc.transact(() => board().forEach((record) => facilitator.put(record)))
  await waitFor(() => expect(harness.storedRecords(roomId)['shape:card']).toBeDefined())
})
afterEach(() => harness.stop())

/** The stored room, byte for byte (snapshot and log). */
function storedBytes(): string {
  return readStoredLog(harness.dataDir, roomId)
    .updates.map((update) => Buffer.from(update).toString('base64'))
    .join('.')
}

function record(client: TestClient, id: string): StoredRecord {
  return client.records.get(id) as StoredRecord
}

/** An editor that synced; its edits go out as its provider sends them. */
async function editor(): Promise<TestClient> {
  const client = harness.connect(roomId, { role: 'editor' })
  await client.synced()
  return client
}

/** Runs `attack` through `client` and expects its socket closed with `code` and `reason`. */
async function expectRefused(
  client: TestClient,
  attack: () => void,
  code: number,
  reason: string | RegExp,
): Promise<void> {
  const before = storedBytes()
  attack()
  await waitFor(() => expect(client.closes.length).toBeGreaterThan(0))
  expect(client.closes[0]).toEqual({
    code,
    reason: typeof reason === 'string' ? reason : expect.stringMatching(reason),
  })
  expect(storedBytes()).toBe(before)
  // Honest clients carry on: the facilitator still writes, and a newcomer gets it.
  facilitator.put({ ...record(facilitator, 'shape:two'), x: 520 } as StoredRecord)
  const later = harness.connect(roomId, { role: 'viewer' })
  await later.synced()
  await waitFor(() => expect(record(later, 'shape:two').x).toBe(520))
  expect(facilitator.closes).toEqual([])
}

describe('a parent graph that loops', () => {
  it('is refused when a frame is made its own parent', async () => {
    const attacker = await editor()
    await expectRefused(
      attacker,
      () =>
        attacker.put({ ...record(attacker, 'shape:one'), parentId: 'shape:one' } as StoredRecord),
      closeCodes.protocolError,
      'record shape:one: its parents loop back to it (shape:one → shape:one)',
    )
  })

  it('is refused when two frames are made each other’s parent in one update', async () => {
    const attacker = await editor()
    await expectRefused(
      attacker,
      () =>
        attacker.doc.transact(() => {
          attacker.put({ ...record(attacker, 'shape:one'), parentId: 'shape:two' } as StoredRecord)
          attacker.put({ ...record(attacker, 'shape:two'), parentId: 'shape:one' } as StoredRecord)
        }),
      closeCodes.protocolError,
      /^record shape:(one|two): its parents loop back to it \(shape:(one|two) → shape:(one|two) → shape:(one|two)\)$/,
    )
  })

  it('is refused when the loop is assembled across two updates of one connection', async () => {
    const attacker = await editor()
    attacker.put({ ...record(attacker, 'shape:one'), parentId: 'shape:two' } as StoredRecord)
    await waitFor(() =>
      expect(harness.storedRecords(roomId)['shape:one']?.parentId).toBe('shape:two'),
    )
    await expectRefused(
      attacker,
      () =>
        attacker.put({ ...record(attacker, 'shape:two'), parentId: 'shape:one' } as StoredRecord),
      closeCodes.protocolError,
      'record shape:two: its parents loop back to it (shape:two → shape:one → shape:two)',
    )
  })

  it('is undone, not refused, when two people close it concurrently: nobody is dropped, nothing loops', async () => {
    const first = await editor()
    const second = await editor()
    // Each edit is fine on its own; together they would loop.
    second.provider.disconnect()
    first.put({ ...record(first, 'shape:one'), parentId: 'shape:two', x: -500 } as StoredRecord)
    second.put({ ...record(second, 'shape:two'), parentId: 'shape:one', x: 500 } as StoredRecord)
    await waitFor(() =>
      expect(harness.storedRecords(roomId)['shape:one']?.parentId).toBe('shape:two'),
    )
    second.provider.connect()

    // The later edit is taken and undone by the server: frame two stays on the page, where it was.
    await waitFor(() => {
      for (const client of [first, second, facilitator]) {
        expect(record(client, 'shape:one').parentId).toBe('shape:two')
        expect(record(client, 'shape:two')).toMatchObject({ parentId: 'page:page', x: 500 })
      }
    })
    expect(harness.storedRecords(roomId)['shape:two']?.parentId).toBe('page:page')
    for (const client of [first, second, facilitator]) expect(client.closes).toEqual([])
  })
})

describe('a frame the facilitator locked', () => {
  const lockedReason = 'the frame is locked by the facilitator'

  /** The facilitator locks frame one and the card in it, as the Room section does. */
  async function lockFrameOne() {
    facilitator.doc.transact(() => {
      for (const id of ['shape:one', 'shape:card']) {
        const current = record(facilitator, id)
        facilitator.put({
          ...current,
          isLocked: true,
          meta: { ...(current.meta as object), [facilitatorLockMetaKey]: true },
        } as StoredRecord)
      }
    })
    await waitFor(() => expect(harness.storedRecords(roomId)['shape:card']?.isLocked).toBe(true))
  }

  it.each<[string, (attacker: TestClient) => void]>([
    [
      'moving a card inside it',
      (a) => a.put({ ...record(a, 'shape:card'), x: 90 } as StoredRecord),
    ],
    [
      'unlocking it',
      (a) => a.put({ ...record(a, 'shape:one'), isLocked: false, meta: {} } as StoredRecord),
    ],
    ['deleting a card inside it', (a) => a.remove('shape:card')],
    [
      'putting a new card inside it',
      (a) => {
        const builder = new BoardBuilder()
        builder.attribute({ parent: 'shape:one', id: 'sneaked', x: 200, y: 40 }, {})
        a.put(builder.records().find((r) => r.id === 'shape:sneaked') as unknown as StoredRecord)
      },
    ],
    [
      'moving a card of its own into it',
      (a) => a.put({ ...record(a, 'shape:two'), parentId: 'shape:one' } as StoredRecord),
    ],
    [
      'locking another frame as the facilitator would',
      (a) =>
        a.put({
          ...record(a, 'shape:two'),
          meta: { [facilitatorLockMetaKey]: true },
        } as StoredRecord),
    ],
  ])('refuses an editor %s', async (_name, attack) => {
    await lockFrameOne()
    const attacker = await editor()
    await expectRefused(attacker, () => attack(attacker), closeCodes.forbidden, lockedReason)
    expect(attacker.denials).toEqual([lockedReason])
  })

  it('still lets the facilitator change it, and editors work elsewhere', async () => {
    await lockFrameOne()
    const helper = await editor()
    helper.put({ ...record(helper, 'shape:two'), x: 640 } as StoredRecord)
    facilitator.put({ ...record(facilitator, 'shape:card'), x: 60 } as StoredRecord)
    await waitFor(() => {
      const stored = harness.storedRecords(roomId)
      expect(stored['shape:two']?.x).toBe(640)
      expect(stored['shape:card']?.x).toBe(60)
    })
    expect(helper.closes).toEqual([])
  })
})

describe('a room stored with a loop of parents (before loops were refused)', () => {
  it('is repaired when it loads: one shape of the loop goes to the page, stored', async () => {
    const stored = harness.storedRecords(roomId)
    await harness.stop({ keepData: true })
    // Written behind the server's back, as an older release would have let it through.
    const storage = createSqliteStorage(harness.dataDir)
    const doc = readStoredDoc(harness.dataDir, roomId)
    const before = Y.encodeStateVector(doc)
    putRecords(
      doc,
      { ...stored['shape:one'], parentId: 'shape:two' },
      { ...stored['shape:two'], parentId: 'shape:one' },
    )
    await storage.appendUpdates([{ roomId, update: Y.encodeStateAsUpdate(doc, before) }])
    await storage.close()
    doc.destroy()

    harness = await startTestServer({ dataDir: harness.dataDir })
    const viewer = harness.connect(roomId, { role: 'viewer' })
    await viewer.synced()
    const parents = ['shape:one', 'shape:two'].map((id) => record(viewer, id).parentId)
    expect(parents).toContain('page:page')
    expect(parents).not.toEqual(['page:page', 'page:page'])
    const after = harness.storedRecords(roomId)
    expect([after['shape:one']?.parentId, after['shape:two']?.parentId]).toEqual(parents)
    expect(harness.events.some((e) => e.event === 'room.loops.broken')).toBe(true)
  })
})
