/**
 * Reactions on the real server (port 0) with real y-websocket providers: people's reactions on
 * one card merge, only their author takes one back, the server removes the reactions of deleted
 * cards, and it refuses reactions written under someone else's id, by viewers, of unknown kinds,
 * with extra fields, on shapes that are not cards, or beyond the caps, storing none of them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { createSqliteStorage } from '../../server/storage/sqliteStorage'
import { closeCodes } from '../../shared/protocol'
import { maxReactionsPerPerson } from '../../shared/workshop/reactionTally'
import type { Role } from '../../shared/workshop/roles'
import type { ReactionKind } from '../../shared/workshop/workshopLayout'
import { BoardBuilder } from '../helpers/boardBuilder'
import { firstPageId, geoShape, removeRecords } from '../helpers/records'
import {
  readStoredDoc,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'
import { comment, reaction, thread } from '../helpers/workshopEntries'

let harness: TestServer
let roomId: string
/** Puts the board's cards (an attribute and a pain point) and a plain rectangle. */
let editor: TestClient

const board = new BoardBuilder()
const cardId = board.attribute({ parent: firstPageId, id: 'industry' }, { label: 'Industry' })
const painId = board.painPoint(
  { parent: firstPageId, id: 'pain', y: 300 },
  { problem: 'Slow onboarding' },
)
const cards = board.records().filter((record) => record.typeName === 'shape')

beforeAll(async () => {
  harness = await startTestServer()
})

beforeEach(async () => {
  roomId = await harness.createRoom()
  editor = await join('editor', 'p-ed')
  editor.doc.transact(() => {
    for (const card of cards) editor.put(card)
    editor.put(geoShape('box'))
  })
  await waitFor(() => expect(harness.storedRecords(roomId)['shape:box']).toBeDefined())
})

afterAll(async () => {
  await harness.stop()
})

/** Connects with the token of `role` as participant `participantId` and waits for the sync. */
async function join(role: Role, participantId?: string): Promise<TestClient> {
  const client = harness.connect(roomId, { role, participantId })
  await client.synced()
  return client
}

/** Sets `participantId`'s reaction of `kind` on `shapeId` in `client`'s doc. */
function react(
  client: TestClient,
  shapeId: string,
  participantId: string,
  kind: ReactionKind = 'agree',
) {
  const { key, value } = reaction(shapeId, participantId, kind)
  client.setEntry('reactions', key, value)
}

/** The server said why (auth message), closed the client with `forbidden`, and it gave up. */
async function expectForbidden(client: TestClient, reason: string) {
  await waitFor(() => expect(client.closes).toEqual([{ code: closeCodes.forbidden, reason }]))
  expect(client.denials).toEqual([reason])
  expect(client.provider.shouldConnect).toBe(false)
}

/** The server closed the client for invalid content, with a reason matching `reason`. */
async function expectInvalid(client: TestClient, reason: RegExp) {
  await waitFor(() =>
    expect(client.closes).toEqual([
      { code: closeCodes.protocolError, reason: expect.stringMatching(reason) },
    ]),
  )
}

/** Goes offline, makes `edit`, and reconnects: the edit reaches the server in sync step 2. */
async function editOffline(client: TestClient, edit: () => void) {
  client.provider.disconnect()
  await waitFor(() => expect(client.provider.wsconnected).toBe(false))
  edit()
  client.provider.connect()
}

describe('reactions on the sync endpoint', () => {
  it('merges two people’s reactions on one card, made at the same time, for everyone', async () => {
    const alice = await join('commenter', 'p-alice')
    const bob = await join('editor', 'p-bob')
    const viewer = await join('viewer')
    // Neither has seen the other's reaction when writing their own.
    react(alice, cardId, 'p-alice', 'agree')
    react(bob, cardId, 'p-bob', 'agree')
    react(bob, cardId, 'p-bob', 'question')

    const expected = Object.fromEntries(
      [
        reaction(cardId, 'p-alice', 'agree'),
        reaction(cardId, 'p-bob', 'agree'),
        reaction(cardId, 'p-bob', 'question'),
      ].map(({ key, value }) => [key, value]),
    )
    for (const client of [alice, bob, viewer]) {
      await waitFor(() => expect(client.entries('reactions')).toEqual(expected))
    }
    expect(harness.storedEntries(roomId, 'reactions')).toEqual(expected)
    expect([...alice.closes, ...bob.closes, ...viewer.closes]).toEqual([])
  })

  it('takes a reaction back when its author deletes it', async () => {
    const alice = await join('commenter', 'p-alice')
    const viewer = await join('viewer')
    react(alice, cardId, 'p-alice')
    await waitFor(() => expect(Object.keys(viewer.entries('reactions'))).toHaveLength(1))

    new YKeyValue<unknown>(alice.doc.getArray('reactions')).delete(reaction(cardId, 'p-alice').key)
    await waitFor(() => expect(viewer.entries('reactions')).toEqual({}))
    expect(harness.storedEntries(roomId, 'reactions')).toEqual({})
    expect(alice.closes).toEqual([])
  })

  it('removes the reactions of a deleted card, for everyone and in storage', async () => {
    const alice = await join('commenter', 'p-alice')
    react(alice, cardId, 'p-alice')
    react(alice, painId, 'p-alice', 'important')
    await waitFor(() => expect(Object.keys(editor.entries('reactions'))).toHaveLength(2))

    editor.remove(cardId)
    const painReaction = reaction(painId, 'p-alice', 'important')
    const onlyPain = { [painReaction.key]: painReaction.value }
    await waitFor(() => expect(alice.entries('reactions')).toEqual(onlyPain))
    await waitFor(() => expect(harness.storedEntries(roomId, 'reactions')).toEqual(onlyPain))
    const drops = harness.events.filter(
      ({ event, fields }) => event === 'room.reactions.dropped' && fields.room === roomId,
    )
    expect(drops.map(({ fields }) => fields)).toEqual([{ room: roomId, reactions: 1 }])
  })

  it('keeps the offline work of someone who reacted to a card deleted meanwhile, without the reaction', async () => {
    const alice = await join('commenter', 'p-alice')
    await editOffline(alice, () => {
      react(alice, cardId, 'p-alice')
      alice.setEntry('comments', 'thread:t1', { ...thread('t1'), authorId: 'p-alice' })
      alice.setEntry('comments', 'comment:c1', comment('c1', 't1'))
      editor.remove(cardId)
    })
    await waitFor(() =>
      expect(harness.storedEntries(roomId, 'comments')['comment:c1']).toBeDefined(),
    )
    await waitFor(() => expect(alice.entries('reactions')).toEqual({}))
    expect(harness.storedEntries(roomId, 'reactions')).toEqual({})
    expect(editor.entries('reactions')).toEqual({})
    expect(alice.closes).toEqual([])
  })

  it('removes at once a reaction on an id that names no card, and keeps nothing of it', async () => {
    const alice = await join('commenter', 'p-alice')
    react(alice, 'shape:never-there', 'p-alice')
    const marker = reaction(cardId, 'p-alice', 'question')
    // A reaction sent after it proves the first was handled.
    alice.setEntry('reactions', marker.key, marker.value)
    await waitFor(() =>
      expect(harness.storedEntries(roomId, 'reactions')).toEqual({ [marker.key]: marker.value }),
    )
    await waitFor(() => expect(editor.entries('reactions')).toEqual({ [marker.key]: marker.value }))
  })

  it('refuses a reaction written under someone else’s id', async () => {
    const mallory = await join('commenter', 'p-mallory')
    react(mallory, cardId, 'p-alice')
    await expectForbidden(
      mallory,
      `reaction:${cardId}:p-alice:agree: you may only react as yourself (p-mallory)`,
    )
    expect(harness.storedEntries(roomId, 'reactions')).toEqual({})
  })

  it('refuses taking back someone else’s reaction', async () => {
    const alice = await join('commenter', 'p-alice')
    react(alice, cardId, 'p-alice')
    const mallory = await join('editor', 'p-mallory')
    await waitFor(() => expect(Object.keys(mallory.entries('reactions'))).toHaveLength(1))
    new YKeyValue<unknown>(mallory.doc.getArray('reactions')).delete(
      reaction(cardId, 'p-alice').key,
    )
    await expectForbidden(mallory, `only its author may take back reaction:${cardId}:p-alice:agree`)
    expect(Object.keys(harness.storedEntries(roomId, 'reactions'))).toEqual([
      reaction(cardId, 'p-alice').key,
    ])
  })

  it('refuses a reaction from a viewer, live or from offline', async () => {
    const live = await join('viewer', 'p-vic')
    react(live, cardId, 'p-vic')
    await expectForbidden(live, 'a viewer may not change reactions')
    const offline = await join('viewer', 'p-val')
    await editOffline(offline, () => react(offline, cardId, 'p-val'))
    await expectForbidden(offline, 'a viewer may not change reactions')
    expect(harness.storedEntries(roomId, 'reactions')).toEqual({})
  })

  it('refuses a reaction from a connection that never said who it is', async () => {
    const anonymous = await join('commenter')
    react(anonymous, cardId, 'p-alice')
    await expectForbidden(
      anonymous,
      'to react, say who you are first (the app does: your name in presence)',
    )
  })

  it.each([
    {
      name: 'an emoji outside the set',
      value: { ...reaction(cardId, 'p-alice').value, reaction: 'party' },
      key: `reaction:${cardId}:p-alice:party`,
      reason: /^invalid reactions entry .*reaction/,
    },
    {
      name: 'a field the schema does not know',
      value: { ...reaction(cardId, 'p-alice').value, note: 'x'.repeat(10_000) },
      key: reaction(cardId, 'p-alice').key,
      reason: /^invalid reactions entry .*note/,
    },
    {
      name: 'a key that is not its content’s',
      value: reaction(cardId, 'p-alice').value,
      key: reaction(painId, 'p-alice').key,
      reason: new RegExp(`its key must be reaction:${cardId}:p-alice:agree$`),
    },
    {
      name: 'a participant id with a colon (an ambiguous key)',
      value: { ...reaction(cardId, 'p-alice').value, participantId: 'p:alice' },
      key: `reaction:${cardId}:p:alice:agree`,
      reason: /^invalid reactions entry .*participantId/,
    },
  ])('refuses a reaction with $name', async ({ value, key, reason }) => {
    const alice = await join('commenter', 'p-alice')
    alice.setEntry('reactions', key, value)
    await expectInvalid(alice, reason)
    expect(harness.storedEntries(roomId, 'reactions')).toEqual({})
  })

  it('refuses a reaction on a shape that is not a card', async () => {
    const alice = await join('commenter', 'p-alice')
    react(alice, 'shape:box', 'p-alice')
    await expectForbidden(
      alice,
      'reaction:shape:box:p-alice:agree: reactions go on cards, and shape:box is not one',
    )
    expect(harness.storedEntries(roomId, 'reactions')).toEqual({})
  })

  it(`refuses more than ${maxReactionsPerPerson} reactions of one person`, async () => {
    const kinds = ['agree', 'important', 'question', 'evidence', 'disagree'] as const
    const many = new BoardBuilder()
    const ids = Array.from({ length: maxReactionsPerPerson / kinds.length }, (_, i) =>
      many.attribute({ parent: firstPageId, id: `many-${i}` }, { label: `Card ${i}` }),
    )
    editor.doc.transact(() => {
      for (const record of many.records().filter((record) => record.typeName === 'shape')) {
        editor.put(record)
      }
    })
    const alice = await join('commenter', 'p-alice')
    await waitFor(() => expect(alice.records.has(ids.at(-1)!)).toBe(true))
    const writer = new YKeyValue<unknown>(alice.doc.getArray('reactions'))
    alice.doc.transact(() => {
      for (const id of ids) {
        for (const kind of kinds) {
          const { key, value } = reaction(id, 'p-alice', kind)
          writer.set(key, value)
        }
      }
    })
    await waitFor(() =>
      expect(Object.keys(harness.storedEntries(roomId, 'reactions'))).toHaveLength(
        maxReactionsPerPerson,
      ),
    )
    // Someone else still reacts; Alice's next one is refused.
    const bob = await join('commenter', 'p-bob')
    react(bob, cardId, 'p-bob')
    react(alice, cardId, 'p-alice')
    await expectForbidden(
      alice,
      `one person may have at most ${maxReactionsPerPerson} reactions on a board: take some back first`,
    )
    await waitFor(() =>
      expect(
        harness.storedEntries(roomId, 'reactions')[reaction(cardId, 'p-bob').key],
      ).toBeDefined(),
    )
    expect(harness.storedEntries(roomId, 'reactions')[reaction(cardId, 'p-alice').key]).toBe(
      undefined,
    )
    expect(bob.closes).toEqual([])
  })

  it('removes the reactions of the cards a restored version does not have', async () => {
    const saved = await harness.api('POST', `/api/rooms/${roomId}/versions`, {
      role: 'facilitator',
      body: { name: 'Before the new card', createdBy: 'Fran' },
    })
    expect(saved.status).toBe(201)
    const later = new BoardBuilder()
    const newId = later.attribute({ parent: firstPageId, id: 'new' }, { label: 'Budget' })
    editor.put(later.records().find((record) => record.id === newId)!)
    const alice = await join('commenter', 'p-alice')
    await waitFor(() => expect(alice.records.has(newId)).toBe(true))
    react(alice, newId, 'p-alice')
    react(alice, cardId, 'p-alice')
    await waitFor(() =>
      expect(Object.keys(harness.storedEntries(roomId, 'reactions'))).toHaveLength(2),
    )

    const versionId = (saved.body as { version: { id: string } }).version.id
    const restored = await harness.api(
      'POST',
      `/api/rooms/${roomId}/versions/${versionId}/restore`,
      {
        role: 'facilitator',
      },
    )
    expect(restored.status).toBe(200)
    const kept = reaction(cardId, 'p-alice')
    await waitFor(() => expect(alice.entries('reactions')).toEqual({ [kept.key]: kept.value }))
    expect(harness.storedEntries(roomId, 'reactions')).toEqual({ [kept.key]: kept.value })
  })

  it('removes, when a room loads, reactions stored on cards that are gone', async () => {
    const alice = await join('commenter', 'p-alice')
    react(alice, cardId, 'p-alice')
    react(alice, painId, 'p-alice')
    await waitFor(() =>
      expect(Object.keys(harness.storedEntries(roomId, 'reactions'))).toHaveLength(2),
    )
    await harness.stop({ keepData: true })
    // The card deleted behind the server's back, so its reaction stays stored (as a storage
    // failure in the middle of the tidying would leave it).
    const storage = createSqliteStorage(harness.dataDir)
    const doc = readStoredDoc(harness.dataDir, roomId)
    const before = Y.encodeStateVector(doc)
    removeRecords(doc, cardId)
    await storage.appendUpdates([{ roomId, update: Y.encodeStateAsUpdate(doc, before) }])
    await storage.close()
    doc.destroy()

    harness = await startTestServer({ dataDir: harness.dataDir })
    const viewer = await join('viewer')
    const kept = reaction(painId, 'p-alice')
    await waitFor(() => expect(viewer.entries('reactions')).toEqual({ [kept.key]: kept.value }))
    expect(harness.storedEntries(roomId, 'reactions')).toEqual({ [kept.key]: kept.value })
  })
})
