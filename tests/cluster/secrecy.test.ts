/**
 * Secrecy across nodes (PostgreSQL + Redis, two nodes): a private doc served by one node and its
 * board by another keep what is private off everyone else's wire, the reveal done by the
 * facilitator's node moves the cards another node's client made, and ballots taken by two nodes
 * at once end in one tally that counts them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoredRecord } from '../../shared/docLayout'
import { privateDocSuffix } from '../../shared/protocol'
import type { Ballot, PublishedTally, VoteSession } from '../../shared/workshop/workshopLayout'
import { BoardBuilder } from '../helpers/boardBuilder'
import { startTestCluster, type TestCluster } from '../helpers/cluster'
import { firstPageId } from '../helpers/records'
import {
  connectClient,
  type ClientIdentity,
  type CreatedRoom,
  type TestClient,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'
import { voteSession } from '../helpers/workshopEntries'

let cluster: TestCluster
const privateClients: TestClient[] = []

beforeAll(async () => {
  cluster = await startTestCluster({ nodes: 2, proxy: false })
})

afterAll(async () => {
  for (const client of privateClients.splice(0)) client.destroy()
  await cluster?.stop()
})

const people = {
  fran: { participantId: 'p-fran', browserKey: 'fran-browser-key-0000000000', fn: 'product' },
  alice: { participantId: 'p-alice', browserKey: 'alice-browser-key-000000000', fn: 'sales' },
  bob: { participantId: 'p-bob', browserKey: 'bob-browser-key-00000000000', fn: 'marketing' },
} as const
type Name = keyof typeof people

function identity(name: Name): Omit<ClientIdentity, 'doc'> {
  const { participantId, browserKey } = people[name]
  return { participantId, browserKey, recordFrames: true }
}

function openPrivateDoc(baseUrl: string, room: CreatedRoom, name: Name): TestClient {
  const role = name === 'fran' ? 'facilitator' : 'editor'
  const client = connectClient(
    baseUrl,
    `${room.roomId}${privateDocSuffix}`,
    room.tokens[role],
    identity(name),
  )
  privateClients.push(client)
  return client
}

function ballotOf(name: Name, session: VoteSession, shapeIds: string[]): Ballot {
  return {
    kind: 'ballot',
    sessionId: session.id,
    participantId: people[name].participantId,
    participantName: null,
    function: people[name].fn,
    shapeIds,
    updatedAt: Date.now(),
  }
}

const holds = (client: TestClient, text: string) =>
  Buffer.concat(client.frames).includes(Buffer.from(text, 'utf8'))

describe('secrecy on several nodes', () => {
  it('keeps private cards and secret ballots private across nodes, and reveals and tallies them all', async () => {
    const [one, two] = cluster.nodes
    const room = await cluster.createRoom(one!.url)
    // Fran, Bob and a viewer on node one; Alice on node two.
    const fran = cluster.connect(one!.url, room, 'facilitator', identity('fran'))
    const bob = cluster.connect(one!.url, room, 'editor', identity('bob'))
    const viewer = cluster.connect(one!.url, room, 'viewer', { recordFrames: true })
    const alice = cluster.connect(two!.url, room, 'editor', identity('alice'))
    await Promise.all([fran, bob, viewer, alice].map((client) => client.synced()))
    for (const [name, client] of [
      ['fran', fran],
      ['bob', bob],
      ['alice', alice],
    ] as const) {
      const { participantId: id, fn } = people[name]
      client.provider.awareness.setLocalStateField('user', {
        id,
        name,
        color: '#336699',
        function: fn,
      })
    }
    const cards = new BoardBuilder()
    for (const id of ['a', 'b']) cards.attribute({ parent: firstPageId, id }, { label: id })
    for (const record of cards.records()) {
      if (record.typeName === 'shape') fran.put(record as unknown as StoredRecord)
    }
    await waitFor(() => {
      expect(Object.keys(alice.entries('people'))).toHaveLength(3)
      expect(alice.snapshot()['shape:b']).toBeDefined()
    })
    // Their private docs, once they are on the roster: Alice's on node two, Bob's on node one.
    const alicePrivate = openPrivateDoc(two!.url, room, 'alice')
    const bobPrivate = openPrivateDoc(one!.url, room, 'bob')
    await Promise.all([alicePrivate.synced(), bobPrivate.synced()])
    const all = [fran, bob, viewer, alice, alicePrivate, bobPrivate]

    // A private card of Alice's, on node two, while Fran's node holds the board too.
    fran.setEntry('workshop', 'privateMode', { kind: 'privateMode', isOn: true, startedAt: 1 })
    await waitFor(() => expect(alice.entries('workshop').privateMode).toBeDefined())
    const idea = new BoardBuilder()
    idea.attribute({ parent: firstPageId, id: 'idea', x: 400 }, { label: 'Lychee-cluster' })
    const ideaRecord = idea.records().find((r) => r.id === 'shape:idea') as unknown as StoredRecord
    alicePrivate.put(ideaRecord)

    // Ballots of an anonymous vote taken at once by both nodes: one tally counts both.
    const session = voteSession('s-anon', { isAnonymous: true })
    fran.setEntry('workshop', `voteSession:${session.id}`, session)
    await waitFor(() =>
      expect(alice.entries('workshop')[`voteSession:${session.id}`]).toBeDefined(),
    )
    alicePrivate.setEntry(
      'votes',
      `ballot:${session.id}:p-alice`,
      ballotOf('alice', session, ['shape:a', 'shape:b']),
    )
    bobPrivate.setEntry(
      'votes',
      `ballot:${session.id}:p-bob`,
      ballotOf('bob', session, ['shape:a']),
    )
    for (const client of [viewer, alice]) {
      await waitFor(() => {
        const tally = client.entries('votes')[`tally:${session.id}`] as PublishedTally | undefined
        expect(tally).toMatchObject({ voters: 2, dots: 3 })
        expect(tally?.cards.map((card) => card.shapeId)).toEqual(['shape:a', 'shape:b'])
      })
    }
    for (const client of [viewer, fran, bob, bobPrivate]) {
      expect(holds(client, 'Lychee-cluster')).toBe(false)
      expect(holds(client, `ballot:${session.id}:p-alice`)).toBe(false)
    }
    expect(holds(viewer, `ballot:${session.id}`)).toBe(false)

    // The reveal, on node one, of a card whose private doc node two serves.
    fran.setEntry('workshop', 'privateMode', { kind: 'privateMode', isOn: false, startedAt: null })
    await waitFor(() => {
      expect(viewer.snapshot()['shape:idea']).toEqual(ideaRecord)
      expect(bob.snapshot()['shape:idea']).toEqual(ideaRecord)
      expect(alicePrivate.snapshot()).toEqual({})
    })
    expect(holds(viewer, 'Lychee-cluster')).toBe(true)
    for (const client of all) expect(client.closes).toEqual([])
  }, 60_000)
})
