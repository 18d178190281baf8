import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { compileBoard } from '../../shared/compile/compileBoard'
import type { StoredRecord } from '../../shared/docLayout'
import type { VersionDiff } from '../../shared/workshop/versionDiff'
import type {
  RestoreResponse,
  VersionDiffResponse,
  VersionListResponse,
  VersionResponse,
  VersionSummary,
} from '../../shared/workshop/workshopApi'
import { BoardBuilder } from '../helpers/boardBuilder'
import {
  readStoredLog,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'
import { comment, thread } from '../helpers/workshopEntries'

const minute = 60_000
let time = Date.parse('2026-09-14T08:00:00.000Z')
const today = '2026-09-14'
const servers: TestServer[] = []

async function start(dataDir?: string): Promise<TestServer> {
  const harness = await startTestServer({ now: () => time, dataDir, unloadGraceMs: 20 })
  servers.push(harness)
  return harness
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop()
})

/** One ICP: a statement card, two attributes and a persona on page `page:icp`. */
function boardRecords(): StoredRecord[] {
  const board = new BoardBuilder()
  const page = board.page('ICP')
  board.statement({ parent: page, id: 'statement' }, { name: 'Retail' })
  board.attribute(
    { parent: page, id: 'industry', y: 300 },
    { category: 'industry', value: 'Retail', importance: 'must' },
  )
  board.attribute(
    { parent: page, id: 'employees', y: 500 },
    { category: 'employees', value: '50-200 employees', importance: 'must' },
  )
  board.persona({ parent: page, id: 'buyer', x: 600, y: 300 }, { title: 'Head of Ops' })
  return board.records() as unknown as StoredRecord[]
}

/** Writes `records` through `client` and waits until the server stored them all. */
async function write(
  harness: TestServer,
  roomId: string,
  client: TestClient,
  records: StoredRecord[],
) {
  client.doc.transact(() => {
    for (const record of records) client.put(record)
  })
  await waitFor(() => {
    const stored = harness.storedRecords(roomId)
    for (const record of records) expect(stored[record.id]).toEqual(record)
  })
}

async function saveVersion(
  harness: TestServer,
  roomId: string,
  name: string,
): Promise<VersionSummary> {
  const response = await harness.api('POST', `/api/rooms/${roomId}/versions`, {
    role: 'facilitator',
    body: { name, createdBy: 'Fran' },
  })
  expect(response.status).toBe(201)
  return (response.body as { version: VersionSummary }).version
}

async function diff(harness: TestServer, roomId: string, from: string, to?: string) {
  const query = `from=${from}${to ? `&to=${to}` : ''}`
  const response = await harness.api('GET', `/api/rooms/${roomId}/versions/diff?${query}`, {
    role: 'viewer',
  })
  expect(response.status).toBe(200)
  return response.body as VersionDiffResponse
}

/** Attribute changes of the one ICP of a diff, as `[shapeId, before value, after value]`. */
function attributeChanges(diffResult: VersionDiff) {
  const icp = diffResult.icps[0]
  return {
    added: icp?.attributes.added.map((a) => a.shapeId) ?? [],
    removed: icp?.attributes.removed.map((a) => a.shapeId) ?? [],
    changed: icp?.attributes.changed.map((c) => [c.shapeId, c.before.value, c.after.value]) ?? [],
  }
}

describe('versions', () => {
  it('saves a version with its compiled ICPs, lists versions newest first and reads one back', async () => {
    const harness = await start()
    const roomId = await harness.createRoom()
    const facilitator = harness.connect(roomId, { role: 'facilitator' })
    await facilitator.synced()
    await write(harness, roomId, facilitator, boardRecords())

    const first = await saveVersion(harness, roomId, 'After the workshop')
    expect(first).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/),
      name: 'After the workshop',
      createdAt: new Date(time).toISOString(),
      createdBy: 'Fran',
      icpCount: 1,
    })
    time += minute
    const second = await saveVersion(harness, roomId, 'Second look')

    const list = await harness.api('GET', `/api/rooms/${roomId}/versions`, { role: 'viewer' })
    expect(list).toEqual({
      status: 200,
      body: { versions: [second, first] } satisfies VersionListResponse,
    })

    const read = await harness.api('GET', `/api/rooms/${roomId}/versions/${first.id}`, {
      role: 'commenter',
    })
    const records = Object.values(harness.storedRecords(roomId)) as unknown as TLRecord[]
    expect(read).toEqual({
      status: 200,
      body: {
        version: first,
        compilation: compileBoard(records, { today }),
      } satisfies VersionResponse,
    })
  })

  it.each<[string, unknown, string | RegExp]>([
    ['no name', {}, /^invalid request body: name: /],
    [
      'a blank name',
      { name: '   ' },
      'invalid request body: name: Too small: expected string to have >=1 characters',
    ],
    ['a name of 121 characters', { name: 'x'.repeat(121) }, /^invalid request body: name: Too big/],
    ['an unknown field', { name: 'v', colour: 'red' }, /^invalid request body: .*colour/],
  ])('refuses to save a version with %s', async (_name, body, message) => {
    const harness = await start()
    const roomId = await harness.createRoom()
    const response = await harness.api('POST', `/api/rooms/${roomId}/versions`, {
      role: 'facilitator',
      body,
    })
    expect(response.status).toBe(400)
    const { error } = response.body as { error: string }
    if (typeof message === 'string') expect(error).toBe(message)
    else expect(error).toMatch(message)
  })

  it('diffs a version against the live board and against another version', async () => {
    const harness = await start()
    const roomId = await harness.createRoom()
    const facilitator = harness.connect(roomId, { role: 'facilitator' })
    await facilitator.synced()
    const records = boardRecords()
    await write(harness, roomId, facilitator, records)
    const v1 = await saveVersion(harness, roomId, 'v1')

    const industry = records.find((record) => record.id === 'shape:industry')!
    const edited = { ...industry, props: { ...(industry.props as object), value: 'Fashion' } }
    facilitator.remove('shape:employees')
    await write(harness, roomId, facilitator, [edited])

    const live = await diff(harness, roomId, v1.id)
    expect(live.from).toEqual(v1)
    expect(live.to).toBeNull()
    expect(attributeChanges(live.diff)).toEqual({
      added: [],
      removed: ['shape:employees'],
      changed: [['shape:industry', 'Retail', 'Fashion']],
    })
    expect(live.diff.icps[0]?.statement?.after).toContain('fashion')

    time += minute
    const v2 = await saveVersion(harness, roomId, 'v2')
    expect((await diff(harness, roomId, v1.id, v2.id)).diff).toEqual(live.diff)
    expect((await diff(harness, roomId, v2.id, 'current')).diff).toEqual({
      hasChanges: false,
      icps: [],
    })
  })

  it('answers unknown versions with 404 and a diff without `from` with 400', async () => {
    const harness = await start()
    const roomId = await harness.createRoom()
    const v1 = await saveVersion(harness, roomId, 'empty')
    const unknown = 'AAAAAAAAAAAA'
    expect(
      await harness.api('GET', `/api/rooms/${roomId}/versions/${unknown}`, { role: 'viewer' }),
    ).toEqual({
      status: 404,
      body: { error: `version ${unknown} does not exist in room ${roomId}` },
    })
    expect(
      await harness.api('GET', `/api/rooms/${roomId}/versions/diff?from=${v1.id}&to=${unknown}`, {
        role: 'viewer',
      }),
    ).toMatchObject({ status: 404 })
    expect(
      await harness.api('GET', `/api/rooms/${roomId}/versions/diff`, { role: 'viewer' }),
    ).toEqual({
      status: 400,
      body: { error: 'say what to compare: ?from=<versionId>&to=<versionId|current>' },
    })
    expect(
      await harness.api('POST', `/api/rooms/${roomId}/versions/${unknown}/restore`, {
        role: 'facilitator',
      }),
    ).toMatchObject({ status: 404 })
    // A version of one room is not found through another.
    const otherRoom = await harness.createRoom()
    expect(
      await harness.api('GET', `/api/rooms/${otherRoom}/versions/${v1.id}`, { role: 'viewer' }),
    ).toMatchObject({ status: 404 })
  })

  it('restores a version as a new change everyone receives, leaving comments alone; a later version shows it', async () => {
    const harness = await start()
    const roomId = await harness.createRoom()
    const facilitator = harness.connect(roomId, { role: 'facilitator' })
    const viewer = harness.connect(roomId, { role: 'viewer' })
    await Promise.all([facilitator.synced(), viewer.synced()])
    const records = boardRecords()
    await write(harness, roomId, facilitator, records)
    const v1 = await saveVersion(harness, roomId, 'v1')
    const atV1 = harness.storedRecords(roomId)

    const industry = records.find((record) => record.id === 'shape:industry')!
    facilitator.remove('shape:employees')
    await write(harness, roomId, facilitator, [
      { ...industry, props: { ...(industry.props as object), value: 'Fashion' } },
    ])
    facilitator.setEntry('comments', 'thread:t1', thread('t1'))
    facilitator.setEntry('comments', 'comment:c1', comment('c1', 't1'))
    await waitFor(() => expect(viewer.entries('comments')['comment:c1']).toBeDefined())
    time += minute
    const v2 = await saveVersion(harness, roomId, 'v2')

    // Rows in the room's update log (each accepted change appends one).
    const rowsBefore = readStoredLog(harness.dataDir, roomId).logCount
    const stateBefore = Y.encodeStateVector(viewer.doc)
    const restored = await harness.api('POST', `/api/rooms/${roomId}/versions/${v1.id}/restore`, {
      role: 'facilitator',
    })
    expect(restored).toEqual({
      status: 200,
      body: { version: v1, restored: { written: 2, removed: 0 } } satisfies RestoreResponse,
    })

    await waitFor(() => expect(viewer.snapshot()).toEqual(atV1))
    expect(harness.storedRecords(roomId)).toEqual(atV1)
    expect(viewer.entries('comments')).toEqual({
      'thread:t1': thread('t1'),
      'comment:c1': comment('c1', 't1'),
    })
    // A new change on top of the history: one more log row, and the doc only grew.
    expect(readStoredLog(harness.dataDir, roomId).logCount).toBe(rowsBefore + 1)
    expect(Y.encodeStateVector(viewer.doc)).not.toEqual(stateBefore)
    expect(viewer.closes).toEqual([])

    time += minute
    const v3 = await saveVersion(harness, roomId, 'v3')
    expect((await diff(harness, roomId, v1.id, v3.id)).diff.hasChanges).toBe(false)
    expect(attributeChanges((await diff(harness, roomId, v2.id, v3.id)).diff)).toEqual({
      added: ['shape:employees'],
      removed: [],
      changed: [['shape:industry', 'Fashion', 'Retail']],
    })
  })

  it('keeps versions across a restart and restores into a room nobody has open', async () => {
    const first = await start()
    const roomId = await first.createRoom()
    const facilitator = first.connect(roomId, { role: 'facilitator' })
    await facilitator.synced()
    await write(first, roomId, facilitator, boardRecords())
    const v1 = await saveVersion(first, roomId, 'before the cut')
    const atV1 = first.storedRecords(roomId)
    facilitator.remove('shape:buyer')
    await waitFor(() => expect(first.storedRecords(roomId)['shape:buyer']).toBeUndefined())
    const listed = await first.api('GET', `/api/rooms/${roomId}/versions/${v1.id}`, {
      role: 'viewer',
    })
    await first.stop({ keepData: true })
    servers.splice(0)

    const second = await start(first.dataDir)
    expect(
      await second.api('GET', `/api/rooms/${roomId}/versions/${v1.id}`, { role: 'viewer' }),
    ).toEqual(listed)
    expect(
      (await second.api('GET', `/api/rooms/${roomId}/versions`, { role: 'viewer' })).body,
    ).toEqual({ versions: [v1] })
    const live = await diff(second, roomId, v1.id)
    expect(live.diff.icps[0]?.personas.removed.map((p) => p.shapeId)).toEqual(['shape:buyer'])

    const restored = await second.api('POST', `/api/rooms/${roomId}/versions/${v1.id}/restore`, {
      role: 'facilitator',
    })
    expect(restored.body).toMatchObject({ restored: { written: 1, removed: 0 } })
    expect(second.storedRecords(roomId)).toEqual(atV1)
    const client = second.connect(roomId, { role: 'viewer' })
    await client.synced()
    expect(client.snapshot()).toEqual(atV1)
  })
})

describe('saving a version reviews the ICP', () => {
  it('stamps the facilitator’s day as the statement cards’ review date, for everyone and in the version', async () => {
    const harness = await start()
    const roomId = await harness.createRoom()
    const facilitator = harness.connect(roomId, { role: 'facilitator' })
    const editor = harness.connect(roomId, { role: 'editor' })
    await Promise.all([facilitator.synced(), editor.synced()])
    await write(harness, roomId, facilitator, boardRecords())

    // 08:00 UTC on the 14th is already the 15th in Auckland.
    const response = await harness.api('POST', `/api/rooms/${roomId}/versions`, {
      role: 'facilitator',
      body: { name: 'Kick-off', today: '2026-09-15' },
    })
    expect(response.status).toBe(201)
    const { version } = response.body as { version: VersionSummary }
    const reviewDateOf = (records: Record<string, StoredRecord>) =>
      (records['shape:statement']?.props as { reviewDate: string }).reviewDate
    expect(reviewDateOf(harness.storedRecords(roomId))).toBe('2026-09-15')
    await waitFor(() => expect(reviewDateOf(editor.snapshot())).toBe('2026-09-15'))

    const read = await harness.api('GET', `/api/rooms/${roomId}/versions/${version.id}`, {
      role: 'viewer',
    })
    const { compilation } = read.body as VersionResponse
    expect(compilation.icps[0]?.review).toMatchObject({
      date: '2026-09-15',
      checkedOn: '2026-09-15',
    })
  })

  it('refuses a day that no time zone has now', async () => {
    const harness = await start()
    const roomId = await harness.createRoom()
    const response = await harness.api('POST', `/api/rooms/${roomId}/versions`, {
      role: 'facilitator',
      body: { name: 'Far future', today: '2026-09-17' },
    })
    expect(response).toEqual({
      status: 400,
      body: {
        error: "today (2026-09-17) must be within a day of the server's date (2026-09-14 UTC)",
      },
    })
  })
})
