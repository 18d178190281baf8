import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { encodeSyncUpdate, fitCloseReason } from '../../server/protocol'
import { closeCodes } from '../../shared/protocol'
import type { Role } from '../../shared/workshop/roles'
import { geoShape, putRecords } from '../helpers/records'
import {
  readStoredDoc,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'
import { ballot, boardLock, comment, thread } from '../helpers/workshopEntries'

let harness: TestServer
let roomId: string

beforeAll(async () => {
  harness = await startTestServer()
})

beforeEach(async () => {
  roomId = await harness.createRoom()
})

afterAll(async () => {
  await harness.stop()
})

/** Connects a client with the token of `role` and waits until it has synced. */
async function join(role: Role): Promise<TestClient> {
  const client = harness.connect(roomId, { role })
  await client.synced()
  return client
}

/** The server told the client why (auth message), closed it with `forbidden`, and it gave up. */
async function expectForbidden(client: TestClient, reason: string) {
  await waitFor(() => expect(client.closes).toEqual([{ code: closeCodes.forbidden, reason }]))
  expect(client.denials).toEqual([reason])
  expect(client.provider.shouldConnect).toBe(false)
}

/**
 * Makes `edit` while disconnected and reconnects, so the edit reaches the server in the client's
 * sync step 2 (the answer to the server's step 1), not in an update message.
 */
async function editOffline(client: TestClient, edit: () => void) {
  client.provider.disconnect()
  await waitFor(() => expect(client.provider.wsconnected).toBe(false))
  edit()
  client.provider.connect()
}

/** How many entries of `key` the stored tldraw array holds (duplicates included). */
/** The room's stored state as one update. */
function readStoredState(): Uint8Array {
  const doc = readStoredDoc(harness.dataDir, roomId)
  try {
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}

function storedDuplicates(key: string): number {
  const doc = readStoredDoc(harness.dataDir, roomId)
  try {
    return doc
      .getArray<{ key: string }>('records')
      .toArray()
      .filter((entry) => entry.key === key).length
  } finally {
    doc.destroy()
  }
}

describe('roles on the sync endpoint', () => {
  it.each<[Role, string]>([
    ['viewer', 'a viewer may not change the board'],
    ['commenter', 'a commenter may not change the board'],
  ])('refuses a board edit of a %s sent as an update message', async (role, reason) => {
    const client = await join(role)
    client.put(geoShape('refused'))
    await expectForbidden(client, reason)
    expect(harness.storedRecords(roomId)['shape:refused']).toBeUndefined()
  })

  it.each<[Role, string]>([
    ['viewer', 'a viewer may not change the board'],
    ['commenter', 'a commenter may not change the board'],
  ])('refuses a board edit of a %s sent in its sync step 2', async (role, reason) => {
    const client = await join(role)
    await editOffline(client, () => client.put(geoShape('offline')))
    await expectForbidden(client, reason)
    expect(harness.storedRecords(roomId)['shape:offline']).toBeUndefined()
  })

  it('accepts an empty sync step 2 from a viewer, and the full delete set of a reconnecting one', async () => {
    const editor = await join('editor')
    for (const id of ['a', 'b', 'c']) editor.put(geoShape(id))
    editor.remove('shape:b')
    const viewer = await join('viewer')
    await waitFor(() => expect(viewer.snapshot()).toEqual(editor.snapshot()))

    // Reconnecting, the viewer's step 2 carries every deletion it knows of: all no-ops.
    await editOffline(viewer, () => undefined)
    await viewer.synced()
    editor.put(geoShape('d'))
    await waitFor(() => expect(viewer.snapshot()['shape:d']).toBeDefined())
    expect(viewer.closes).toEqual([])
    expect(viewer.denials).toEqual([])
  })

  it('lets a viewer remove a superseded duplicate field entry, which changes no value', async () => {
    // Two entries of one field, as two concurrent writers leave them until a writer cleans up.
    const writer = harness.openSocket(roomId, { role: 'editor' })
    await writer.opened
    const doc = new Y.Doc()
    Y.applyUpdate(doc, readStoredState())
    doc.getArray('records').push([
      { key: 'page:page/name', val: 'Duplicate one' },
      { key: 'page:page/name', val: 'Duplicate two' },
    ])
    writer.socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)))
    await waitFor(() => expect(storedDuplicates('page:page/name')).toBe(3))
    writer.socket.close()

    // The viewer's records delete the entries on the left: sent to the server and accepted.
    const viewer = await join('viewer')
    expect(viewer.records.get('page:page')?.name).toBe('Duplicate two')
    await waitFor(() => expect(storedDuplicates('page:page/name')).toBe(1))
    expect(harness.storedRecords(roomId)['page:page']?.name).toBe('Duplicate two')
    expect(viewer.closes).toEqual([])
    expect(viewer.denials).toEqual([])
  })

  it('accepts a comment from a commenter and shows it to everyone', async () => {
    const commenter = await join('commenter')
    const editor = await join('editor')
    commenter.setEntry('comments', 'thread:t1', thread('t1'))
    commenter.setEntry('comments', 'comment:c1', comment('c1', 't1'))
    await waitFor(() =>
      expect(editor.entries('comments')).toEqual({
        'thread:t1': thread('t1'),
        'comment:c1': comment('c1', 't1'),
      }),
    )
    expect(harness.storedEntries(roomId, 'comments')['comment:c1']).toEqual(comment('c1', 't1'))
    expect(commenter.closes).toEqual([])
  })

  it('accepts board edits, comments and votes from an editor', async () => {
    const editor = await join('editor')
    const facilitator = await join('facilitator')
    editor.put(geoShape('e'))
    editor.setEntry('votes', 'ballot:s1:p-alice', ballot('s1', 'p-alice'))
    editor.setEntry('comments', 'thread:t1', thread('t1'))
    await waitFor(() => {
      expect(facilitator.snapshot()['shape:e']).toEqual(geoShape('e'))
      expect(facilitator.entries('votes')['ballot:s1:p-alice']).toEqual(ballot('s1', 'p-alice'))
      expect(facilitator.entries('comments')['thread:t1']).toEqual(thread('t1'))
    })
    expect(editor.closes).toEqual([])
  })

  it('refuses a change to the workshop settings from an editor, in an update or in step 2', async () => {
    const live = await join('editor')
    live.setEntry('workshop', 'boardLock', boardLock(true))
    await expectForbidden(live, 'an editor may not change the workshop settings')

    const offline = await join('editor')
    await editOffline(offline, () => offline.setEntry('workshop', 'boardLock', boardLock(true)))
    await expectForbidden(offline, 'an editor may not change the workshop settings')
    expect(harness.storedEntries(roomId, 'workshop')).toEqual({})
  })

  it('accepts workshop settings and board edits from the facilitator', async () => {
    const facilitator = await join('facilitator')
    const viewer = await join('viewer')
    facilitator.setEntry('workshop', 'boardLock', boardLock(false))
    facilitator.put(geoShape('f'))
    await waitFor(() => {
      expect(viewer.entries('workshop')).toEqual({ boardLock: boardLock(false) })
      expect(viewer.snapshot()['shape:f']).toEqual(geoShape('f'))
    })
    expect(facilitator.closes).toEqual([])
  })

  it('refuses writes to the people roster and the board metadata from every role', async () => {
    const facilitator = await join('facilitator')
    facilitator.setEntry('people', 'person:p1', {
      kind: 'person',
      id: 'p1',
      name: 'Mallory',
      color: '#000000',
      function: 'sales',
      lastSeenAt: 1,
    })
    await expectForbidden(facilitator, 'a facilitator may not change the people list')

    const other = await join('facilitator')
    other.doc.getMap('meta').set('title', 'spoof')
    await expectForbidden(other, 'a facilitator may not change the board metadata')
  })
})

describe('board lock', () => {
  it('refuses board edits from editors while locked, but not their comments, nor the facilitator’s edits', async () => {
    const facilitator = await join('facilitator')
    const editor = await join('editor')
    facilitator.setEntry('workshop', 'boardLock', boardLock(true))
    await waitFor(() => expect(editor.entries('workshop')['boardLock']).toEqual(boardLock(true)))

    editor.setEntry('comments', 'thread:t1', thread('t1'))
    facilitator.put(geoShape('by-facilitator'))
    await waitFor(() => {
      expect(facilitator.entries('comments')['thread:t1']).toEqual(thread('t1'))
      expect(editor.snapshot()['shape:by-facilitator']).toBeDefined()
    })
    expect(editor.closes).toEqual([])

    editor.put(geoShape('locked-out'))
    await expectForbidden(editor, 'the board is locked by the facilitator')
    expect(harness.storedRecords(roomId)['shape:locked-out']).toBeUndefined()

    facilitator.setEntry('workshop', 'boardLock', boardLock(false))
    const again = await join('editor')
    again.put(geoShape('unlocked'))
    await waitFor(() => expect(harness.storedRecords(roomId)['shape:unlocked']).toBeDefined())
    expect(again.closes).toEqual([])
  })
})

describe('workshop entries are validated by their root', () => {
  /** Sends `update` from a raw socket of `role` and returns how the server closed it. */
  async function sendUpdate(role: Role, write: (doc: Y.Doc) => void) {
    const socket = harness.openSocket(roomId, { role })
    await socket.opened
    const doc = new Y.Doc()
    write(doc)
    socket.socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)))
    return socket.closed
  }

  function setIn(rootName: string, key: string, val: unknown) {
    return (doc: Y.Doc) => new YKeyValue<unknown>(doc.getArray(rootName)).set(key, val)
  }

  it.each<[string, Role, (doc: Y.Doc) => void, string | RegExp]>([
    [
      'a comment without a body',
      'commenter',
      setIn('comments', 'comment:c1', { ...comment('c1', 't1'), body: '' }),
      'invalid comments entry comment:c1: body: Too small: expected string to have >=1 characters',
    ],
    [
      'a comment stored under a thread key',
      'commenter',
      setIn('comments', 'thread:c1', comment('c1', 't1')),
      'comments entry thread:c1: its key must be comment:c1',
    ],
    [
      'a ballot for someone else',
      'editor',
      setIn('votes', 'ballot:s1:p-alice', ballot('s1', 'p-bob')),
      'votes entry ballot:s1:p-alice: its key must be ballot:s1:p-bob',
    ],
    [
      'a ballot with an unknown function',
      'editor',
      setIn('votes', 'ballot:s1:p-alice', { ...ballot('s1', 'p-alice'), function: 'legal' }),
      'invalid votes entry ballot:s1:p-alice: function: Invalid option: expected one of "sales"|"marketing"|"product"|"customerSuccess"|"other"',
    ],
    [
      'a workshop entry under another kind’s key',
      'facilitator',
      setIn('workshop', 'timer', boardLock(true)),
      'workshop entry timer: its key must be boardLock',
    ],
    [
      'a workshop entry of an unknown kind',
      'facilitator',
      setIn('workshop', 'confetti', { kind: 'confetti' }),
      /^invalid workshop entry confetti: kind: Invalid discriminator value\. Expected 'voteSession' \| 'step'/,
    ],
    [
      'a value that is not an entry',
      'commenter',
      (doc) => doc.getArray('comments').push(['hello']),
      '"comments" holds { key, val } entries only',
    ],
  ])('refuses %s with protocolError and stores nothing', async (_name, role, write, reason) => {
    const closed = await sendUpdate(role, write)
    expect(closed.code).toBe(closeCodes.protocolError)
    if (typeof reason === 'string') expect(closed.reason).toBe(fitCloseReason(reason))
    else expect(closed.reason).toMatch(reason)
    for (const root of ['comments', 'votes', 'workshop']) {
      expect(harness.storedEntries(roomId, root)).toEqual({})
    }
  })
})

describe('updates with missing dependencies', () => {
  /** Two records written one after the other by one doc, and the update of each. */
  function twoEdits() {
    const doc = new Y.Doc()
    putRecords(doc, geoShape('first'))
    const first = Y.encodeStateAsUpdate(doc)
    const afterFirst = Y.encodeStateVector(doc)
    putRecords(doc, geoShape('second'))
    return { first, second: Y.encodeStateAsUpdate(doc, afterFirst) }
  }

  it('drops an editor’s update whose origin the server lacks, keeps the socket, and takes it once resent with its dependency', async () => {
    const { first, second } = twoEdits()
    const editor = harness.openSocket(roomId, { role: 'editor' })
    await editor.opened
    editor.socket.send(encodeSyncUpdate(second))
    await waitFor(() =>
      expect(
        harness.events.some((e) => e.event === 'update.dropped' && e.fields.room === roomId),
      ).toBe(true),
    )
    expect(harness.storedRecords(roomId)['shape:second']).toBeUndefined()

    // As the client's sync step 2 would: everything the server lacks, dependency included.
    editor.socket.send(encodeSyncUpdate(Y.mergeUpdates([first, second])))
    await waitFor(() =>
      expect(Object.keys(harness.storedRecords(roomId))).toEqual(
        expect.arrayContaining(['shape:first', 'shape:second']),
      ),
    )
    expect(editor.socket.readyState).toBe(editor.socket.OPEN)
    editor.socket.close()
  })

  it('refuses any update from a viewer, even one that cannot be placed', async () => {
    const viewer = harness.openSocket(roomId, { role: 'viewer' })
    await viewer.opened
    viewer.socket.send(encodeSyncUpdate(twoEdits().second))
    expect(await viewer.closed).toEqual({
      code: closeCodes.forbidden,
      reason: 'a viewer may not change the board',
    })
  })
})
