/**
 * Several nodes serving one room (PostgreSQL + Redis, three nodes, nginx in front): clients on
 * different nodes co-edit and see each other's presence as if on one server, and what is per
 * node (awareness ownership, the people roster, the board lock, link rotation) holds across them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { TokenAuthority } from '../../server/auth'
import { encodeSyncUpdate } from '../../server/protocol'
import { createPostgresStorage } from '../../server/storage/postgresStorage'
import { closeCodes } from '../../shared/protocol'
import { peopleArrayName, workshopArrayName } from '../../shared/workshop/workshopLayout'
import { startTestCluster, waitForConnections, type TestCluster } from '../helpers/cluster'
import { gcStructUpdate } from '../helpers/forgedUpdates'
import { awarenessFrame } from '../helpers/hostile'
import { geoShape } from '../helpers/records'
import { entriesOf, recordsOf } from '../helpers/storageBackend'
import { openRawSocket, syncParams, type CreatedRoom } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'
import fixture from '../fixtures/rooms/layout-v1-room.json'
import { startReceiver } from '../helpers/webhookReceiver'
import { boardLock, comment, thread } from '../helpers/workshopEntries'

let cluster: TestCluster

beforeAll(async () => {
  cluster = await startTestCluster({
    nodes: 3,
    proxy: true,
    env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
  })
})

afterEach(async () => {
  await cluster.disconnectAll()
})

afterAll(async () => {
  await cluster?.stop()
})

describe('several nodes serving one room', () => {
  it('lets two clients on two different nodes co-edit, with cursors, connected directly', async () => {
    const [one, two] = cluster.nodes
    const room = await cluster.createRoom(one!.url)
    const alice = cluster.connect(one!.url, room)
    const bob = cluster.connect(two!.url, room)
    await Promise.all([alice.synced(), bob.synced()])

    alice.put(geoShape('from-alice', 10, 20))
    bob.put(geoShape('from-bob', 30, 40))
    alice.provider.awareness.setLocalState({ name: 'Alice', cursor: { x: 1, y: 2 } })
    bob.provider.awareness.setLocalState({ name: 'Bob', cursor: { x: 3, y: 4 } })
    await waitFor(() => {
      expect(bob.snapshot()['shape:from-alice']).toMatchObject({ x: 10, y: 20 })
      expect(alice.snapshot()['shape:from-bob']).toMatchObject({ x: 30, y: 40 })
      expect(bob.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({
        name: 'Alice',
        cursor: { x: 1, y: 2 },
      })
      expect(alice.provider.awareness.getStates().get(bob.doc.clientID)).toEqual({
        name: 'Bob',
        cursor: { x: 3, y: 4 },
      })
    })
    // Both edits were stored once, whichever node accepted them.
    const stored = recordsOf(await cluster.storedUpdates(room.roomId))
    expect(stored['shape:from-alice']).toEqual(alice.snapshot()['shape:from-alice'])
    expect(stored['shape:from-bob']).toEqual(bob.snapshot()['shape:from-bob'])

    // A client that leaves disappears from the other node's presence.
    alice.provider.disconnect()
    await waitFor(() =>
      expect(bob.provider.awareness.getStates().has(alice.doc.clientID)).toBe(false),
    )
    expect([...alice.closes, ...bob.closes]).toEqual([])
  })

  it('keeps a client id to whoever wrote under it first, on every node', async () => {
    const [one, two] = cluster.nodes
    const room = await cluster.createRoom(one!.url)
    // Node two has the room loaded before the editor writes: it learns the claim from node one.
    const watcher = cluster.connect(two!.url, room, 'viewer')
    const editor = cluster.connect(one!.url, room)
    await Promise.all([watcher.synced(), editor.synced()])
    editor.put(geoShape('owned'))
    await waitFor(() => expect(watcher.snapshot()['shape:owned']).toBeDefined())

    const { clientID } = editor.doc
    const next = Y.getState(editor.doc.store, clientID)
    const query = new URLSearchParams(
      syncParams(room.tokens.commenter, { participantId: 'p-mallory' }),
    )
    const attacker = openRawSocket(two!.url, `${room.roomId}?${query}`)
    await attacker.opened
    attacker.socket.send(encodeSyncUpdate(gcStructUpdate(clientID, next, 50)))
    expect(await attacker.closed).toEqual({
      code: closeCodes.forbidden,
      reason: `client id ${clientID} belongs to someone else; write under your own`,
    })

    // The editor's next edits still land, wherever they are read.
    editor.put(geoShape('after-attack'))
    await waitFor(() => expect(watcher.snapshot()['shape:after-attack']).toBeDefined())
    expect(editor.closes).toEqual([])
  })

  it('lets two clients that the proxy put on different nodes co-edit', async () => {
    const proxyUrl = cluster.proxy!.url
    const room = await cluster.createRoom()
    const alice = cluster.connect(proxyUrl, room)
    await alice.synced()
    const bob = cluster.connect(proxyUrl, room)
    await bob.synced()
    // least_conn: the second socket goes to a node without one.
    const gauges = await Promise.all(cluster.nodes.map((node) => node.gauges()))
    expect(gauges.filter((gauge) => gauge.connections === 1)).toHaveLength(2)

    for (let i = 0; i < 20; i++) {
      alice.put(geoShape(`a${i}`, i, 0))
      bob.put(geoShape(`b${i}`, 0, i))
    }
    bob.provider.awareness.setLocalState({ name: 'Bob' })
    await waitFor(() => {
      expect(Object.keys(alice.snapshot())).toHaveLength(2 + 40)
      expect(bob.snapshot()).toEqual(alice.snapshot())
      expect(alice.provider.awareness.getStates().get(bob.doc.clientID)).toEqual({ name: 'Bob' })
    })
  })

  it('shows a client joining one node the presence of clients already on the others', async () => {
    const [one, two, three] = cluster.nodes
    const room = await cluster.createRoom(one!.url)
    const alice = cluster.connect(one!.url, room)
    alice.provider.awareness.setLocalState({ name: 'Alice' })
    const bob = cluster.connect(two!.url, room)
    bob.provider.awareness.setLocalState({ name: 'Bob' })
    await Promise.all([alice.synced(), bob.synced()])
    // Node three has not loaded the room yet; it asks the others when it does.
    const carol = cluster.connect(three!.url, room)
    await waitFor(() => {
      const states = carol.provider.awareness.getStates()
      expect(states.get(alice.doc.clientID)).toEqual({ name: 'Alice' })
      expect(states.get(bob.doc.clientID)).toEqual({ name: 'Bob' })
    })
  })

  it('refuses a connection on another node that claims a present client’s awareness id', async () => {
    const [one, two] = cluster.nodes
    const room = await cluster.createRoom(one!.url)
    const alice = cluster.connect(one!.url, room)
    alice.provider.awareness.setLocalState({ name: 'Alice' })
    const observer = cluster.connect(two!.url, room)
    await Promise.all([alice.synced(), observer.synced()])
    await waitFor(() =>
      expect(observer.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({
        name: 'Alice',
      }),
    )

    const spoofer = openRawSocket(
      two!.url,
      `${room.roomId}?${new URLSearchParams(syncParams(room.tokens.editor))}`,
    )
    await spoofer.opened
    spoofer.socket.send(
      awarenessFrame([{ clientId: alice.doc.clientID, clock: 1000, state: { name: 'Mallory' } }]),
    )
    expect(await spoofer.closed).toEqual({
      code: closeCodes.awarenessConflict,
      reason: `awareness of client ${alice.doc.clientID} belongs to another connection`,
    })
    expect(observer.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({
      name: 'Alice',
    })
    // The owner on the other node was probed, answered, and kept its socket.
    expect(alice.closes).toEqual([])
  })

  it('records the people roster once per person from any node', async () => {
    const [one, two] = cluster.nodes
    const room = await cluster.createRoom(one!.url)
    const user = (id: string, name: string) => ({
      user: { id, name, color: '#123456', function: 'sales' },
    })
    const alice = cluster.connect(one!.url, room)
    alice.provider.awareness.setLocalState(user('person-alice', 'Alice'))
    const bob = cluster.connect(two!.url, room)
    bob.provider.awareness.setLocalState(user('person-bob', 'Bob'))
    await waitFor(async () => {
      const people = entriesOf(await cluster.storedUpdates(room.roomId), peopleArrayName)
      expect(Object.keys(people).sort()).toEqual(['person:person-alice', 'person:person-bob'])
      expect(alice.entries(peopleArrayName)).toEqual(people)
      expect(bob.entries(peopleArrayName)).toEqual(people)
    })
  })

  it('enforces the facilitator’s board lock on every node', async () => {
    const [one, two] = cluster.nodes
    const room = await cluster.createRoom(one!.url)
    const facilitator = cluster.connect(one!.url, room, 'facilitator')
    const editor = cluster.connect(two!.url, room)
    await Promise.all([facilitator.synced(), editor.synced()])
    facilitator.setEntry(workshopArrayName, 'boardLock', boardLock(true))
    await waitFor(() => expect(editor.entries(workshopArrayName).boardLock).toBeDefined())
    editor.put(geoShape('while-locked'))
    await waitFor(() =>
      expect(editor.closes[0]).toEqual({
        code: closeCodes.forbidden,
        reason: 'the board is locked by the facilitator',
      }),
    )
    const stored = recordsOf(await cluster.storedUpdates(room.roomId))
    expect(stored['shape:while-locked']).toBeUndefined()
  })

  it('upgrades a room stored by the previous release once when nodes load it at the same moment', async () => {
    // Each node upgrades in memory; one stores its upgrade, the others lose the compare-and-set
    // (\`room.upgrade.lost\`) and load the stored upgrade instead.
    // The layout 1 fixture, stored as the previous release stored it.
    const storage = await createPostgresStorage(cluster.databaseUrl)
    const [snapshot, ...log] = fixture.updates.map((text) => Buffer.from(text, 'base64'))
    await storage.createRoom(fixture.roomId, snapshot!)
    await storage.appendUpdates(log.map((update) => ({ roomId: fixture.roomId, update })))
    const authority = new TokenAuthority({
      secret: await storage.loadOrCreateSecret(),
      generations: storage,
    })
    const { token } = await authority.issue(fixture.roomId, 'viewer')
    const room = { roomId: fixture.roomId, tokens: { viewer: token } } as CreatedRoom
    const readers = cluster.nodes.map((node) => cluster.connect(node.url, room, 'viewer'))
    await Promise.all(readers.map((reader) => reader.synced()))

    const expected = readers[0]!.snapshot()
    expect(Object.keys(expected).length).toBeGreaterThan(15)
    for (const reader of readers) expect(reader.snapshot()).toEqual(expected)
    expect(recordsOf(await cluster.storedUpdates(fixture.roomId))).toEqual(expected)
    const upgraded = cluster.nodes.map(
      (node) => node.output().match(/room\.upgraded room=\S+/g)?.length ?? 0,
    )
    expect(upgraded.reduce((a, b) => a + b, 0)).toBe(1)
    expect(await storage.listRoomBackups(fixture.roomId)).toHaveLength(1)
    await storage.close()
  })

  it('posts a comment to the board webhook once, from the node that took it, whatever node set the webhook', async () => {
    const receiver = await startReceiver()
    try {
      const [one, two, three] = cluster.nodes
      const room = await cluster.createRoom(one!.url)
      const set = await fetch(`${one!.url}/api/rooms/${room.roomId}/webhook`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${room.tokens.facilitator}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ url: receiver.url }),
      })
      expect(set.status).toBe(200)
      // Every node has the room loaded; the comment arrives on the third.
      const watchers = [one!, two!].map((node) => cluster.connect(node.url, room))
      // Comments are written under the author's own participant id (see thread and comment).
      const author = cluster.connect(three!.url, room, 'editor', { participantId: 'p-alice' })
      await Promise.all([...watchers, author].map((client) => client.synced()))
      author.doc.transact(() => {
        author.setEntry('comments', 'thread:t1', thread('t1'))
        author.setEntry('comments', 'comment:c1', comment('c1', 't1', 'Across nodes'))
      })
      await waitFor(() => expect(receiver.requests).toHaveLength(1))
      await waitFor(() =>
        expect(watchers[0]!.entries('comments')).toEqual(author.entries('comments')),
      )
      expect(receiver.requests[0]!.body.event).toBe('thread.created')
      // Nothing more arrives from the nodes that only relayed it.
      const delivered = await fetch(`${two!.url}/api/rooms/${room.roomId}/webhook`, {
        headers: { authorization: `Bearer ${room.tokens.facilitator}` },
      })
      expect(((await delivered.json()) as { deliveries: unknown[] }).deliveries).toHaveLength(1)
      expect(receiver.requests).toHaveLength(1)
    } finally {
      await receiver.close()
    }
  })

  it('closes the sockets of a rotated link on every node within a second', async () => {
    const room = await cluster.createRoom()
    const viewers = cluster.nodes.map((node) => cluster.connect(node.url, room, 'viewer'))
    const editor = cluster.connect(cluster.nodes[2]!.url, room, 'editor')
    await Promise.all([...viewers, editor].map((client) => client.synced()))
    await Promise.all(
      cluster.nodes.map((node) => waitForConnections(node, node === cluster.nodes[2] ? 2 : 1)),
    )

    const rotatedAt = performance.now()
    const response = await fetch(
      `${cluster.nodes[0]!.url}/api/rooms/${room.roomId}/links/viewer/rotate`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${room.tokens.facilitator}` },
      },
    )
    expect(response.status).toBe(200)
    await waitFor(
      () => {
        for (const viewer of viewers) expect(viewer.closes[0]?.code).toBe(closeCodes.unauthorized)
      },
      { timeout: 1000, interval: 5 },
    )
    expect(performance.now() - rotatedAt).toBeLessThan(1000)
    expect(viewers[1]!.closes[0]?.reason).toBe(
      'this viewer link was revoked by the facilitator; ask for the new link',
    )
    // Other roles stay; the old link no longer opens anywhere.
    expect(editor.closes).toEqual([])
    const retry = openRawSocket(
      cluster.nodes[1]!.url,
      `${room.roomId}?${new URLSearchParams(syncParams(room.tokens.viewer))}`,
    )
    expect((await retry.closed).code).toBe(closeCodes.unauthorized)
  })
})
