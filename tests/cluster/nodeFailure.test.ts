/**
 * A node dies (SIGKILL) or is stopped (SIGTERM: graceful drain) while 20 clients, spread by nginx
 * over three nodes, edit one room with presence on. Every client reconnects through the proxy to
 * the nodes left, nothing any client had received from a node is lost (PostgreSQL holds it), and
 * all converge on exactly what was written. Compaction runs often, on several nodes at once.
 */
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isTerminalCloseCode } from '../../shared/protocol'
import { startTestCluster, type ClusterNode, type TestCluster } from '../helpers/cluster'
import {
  contains,
  createEditors,
  editRandomly,
  expectConvergedOnWrites,
  recordAcknowledged,
  type Editor,
} from '../helpers/editingWorkload'
import { seededRandom } from '../helpers/seededRandom'
import { recordsOf } from '../helpers/storageBackend'
import { connectClient, type TestClient } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

const clientCount = 20

let cluster: TestCluster | undefined
const clients: TestClient[] = []

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await cluster?.stop()
})

/** The node with the most connections, and how many it has. */
async function busiestNode(nodes: ClusterNode[]): Promise<{ node: ClusterNode; count: number }> {
  const counts = await Promise.all(nodes.map(async (node) => (await node.gauges()).connections))
  const count = Math.max(...counts)
  return { node: nodes[counts.indexOf(count)]!, count }
}

/** A copy of `doc` as it is now. */
function snapshotOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

function storedDoc(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

async function runFailure(signal: 'SIGKILL' | 'SIGTERM', seed: number) {
  // A cluster of its own: nginx skips a node that failed for a while after it is back.
  await cluster?.stop()
  cluster = await startTestCluster({
    nodes: 3,
    proxy: true,
    env: { COMPACT_AFTER_UPDATES: '40' },
  })
  const { nodes, proxy } = cluster
  const random = seededRandom(seed)
  const room = await cluster.createRoom()
  const roomClients = Array.from({ length: clientCount }, (_, i) => {
    const client = connectClient(proxy!.url, room.roomId, room.tokens.editor)
    client.provider.awareness.setLocalState({ name: `Editor ${i}`, cursor: { x: i, y: i } })
    clients.push(client)
    return client
  })
  const acknowledged = recordAcknowledged(roomClients)
  await Promise.all(roomClients.map((client) => client.synced()))
  const spread = await Promise.all(nodes.map(async (node) => (await node.gauges()).connections))
  expect(spread.every((count) => count >= 5)).toBe(true)
  const editors: Editor[] = createEditors(roomClients)
  const editing = editRandomly(editors, random, 100)
  let tick = 0
  const cursors = setInterval(() => {
    tick += 1
    for (const client of roomClients) {
      client.provider.awareness.setLocalStateField('cursor', { x: tick, y: tick })
    }
  }, 200)

  try {
    // Let every node accept, commit, relay and compact for a while.
    await waitFor(() => expect(acknowledged.count()).toBeGreaterThan(2000), {
      timeout: 30_000,
      interval: 50,
    })
    const { node: victim, count: victimClients } = await busiestNode(nodes)
    const exit = await victim.stop(signal)
    expect(exit).toEqual(signal === 'SIGKILL' ? { code: null, signal } : { code: 0, signal: null })
    // While it is down: everything any client received is in PostgreSQL. What they received is
    // taken first: the other nodes keep committing and relaying while storage is read.
    const received = snapshotOf(acknowledged.doc)
    const stored = storedDoc(await cluster.storedUpdates(room.roomId))
    expect(contains(stored, received)).toBe(true)
    received.destroy()
    stored.destroy()

    // Its clients come back through the proxy, to the nodes left.
    const survivors = nodes.filter((node) => node !== victim)
    await waitFor(
      async () => {
        const counts = await Promise.all(survivors.map(async (n) => (await n.gauges()).connections))
        expect(counts.reduce((a, b) => a + b, 0)).toBe(clientCount)
      },
      { timeout: 30_000, interval: 100 },
    )
    const receivedSoFar = acknowledged.count()
    await waitFor(() => expect(acknowledged.count()).toBeGreaterThan(receivedSoFar + 500), {
      timeout: 30_000,
      interval: 50,
    })
    editing.stop()
    clearInterval(cursors)

    const final = await expectConvergedOnWrites(editors, editing.deleted)
    // Presence works again for everyone: each client sees all the others' cursors.
    await waitFor(
      () => {
        for (const client of roomClients) {
          expect(client.provider.awareness.getStates().size).toBe(clientCount)
        }
      },
      { timeout: 30_000, interval: 100 },
    )
    const codes = roomClients.flatMap((client) => client.closes.map((close) => close.code))
    expect(codes.filter(isTerminalCloseCode)).toEqual([])
    expect(codes.length).toBeGreaterThanOrEqual(victimClients)
    await waitFor(
      async () => {
        const updates = await cluster!.storedUpdates(room.roomId)
        expect(recordsOf(updates)).toEqual(final)
        const doc = storedDoc(updates)
        expect(contains(doc, acknowledged.doc)).toBe(true)
        doc.destroy()
      },
      { timeout: 10_000, interval: 100 },
    )
    const compactions = nodes.map(
      (node) => node.output().match(/room\.compacted room=\S+/g)?.length ?? 0,
    )
    console.log(
      `${signal} of ${victim.name} (${victimClients} clients): ${acknowledged.count()} updates received, compactions by node ${compactions.join('/')}, merges ${nodes.map((node) => node.output().match(/room\.compaction\.merged/g)?.length ?? 0).join('/')}, final records ${Object.keys(final).length}`,
    )
    expect(compactions.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2)
  } finally {
    editing.stop()
    clearInterval(cursors)
    for (const client of roomClients) client.provider.disconnect()
  }
}

describe('a node failing under 20 editing clients', () => {
  it(
    'loses nothing any client received when a node is killed with SIGKILL, and every client reconnects through the proxy and converges',
    { timeout: 180_000 },
    () => runFailure('SIGKILL', 1401),
  )

  it(
    'drains a node on SIGTERM: its clients reconnect to the others without losing an edit',
    { timeout: 180_000 },
    () => runFailure('SIGTERM', 1402),
  )
})
