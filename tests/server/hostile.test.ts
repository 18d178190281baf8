/**
 * The hostile-input battery: one table of attacks on the real server process (server/index.ts,
 * spawned as a child). For EVERY case the harness checks that
 *   1. the process stays up (still running, `/api/health` answers),
 *   2. only the offending socket is closed, with the expected code and reason (an honest
 *      observer in the attacked room and two clients in another room stay connected),
 *   3. another room keeps syncing (an edit there reaches its other client),
 *   4. stored data is unchanged: every row of rooms.sqlite and datasets.sqlite is identical
 *      before and after the attack (the control room, edited on purpose, aside),
 * and afterwards that the attacked room still syncs. The last test restarts the server and loads
 * every room. Limits are lowered through the environment so the caps are cheap to reach.
 * The cluster test project runs this file again against a node on PostgreSQL and Redis
 * (tests/helpers/storageBackend.ts); then check 4 compares every row of the database.
 * (This file replaces malformedFrames.test.ts, whose cases are all here, with the four checks.)
 */
import fs from 'node:fs'
import type net from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { encodeSyncUpdate } from '../../server/protocol'
import type { StoredRecord } from '../../shared/docLayout'
import { closeCodes, maxFrameBytes, messageAuth } from '../../shared/protocol'
import { BoardBuilder } from '../helpers/boardBuilder'
import {
  awarenessFrame,
  declaredUpload,
  mintToken,
  paddedEmptyUpdate,
  pseudoRandomBytes,
  rawRequest,
  rawUpgrade,
  entryUpdate,
  recordUpdate,
  syncStep1Frame,
  syncStep2Frame,
  updateOf,
} from '../helpers/hostile'
import { geoShape, putRecords } from '../helpers/records'
import { spawnServer, type ServerProcess } from '../helpers/serverProcess'
import { startStorageBackend, type StorageBackend } from '../helpers/storageBackend'
import {
  connectClient,
  createRoom,
  createTempDir,
  openRawSocket,
  removeDir,
  syncParams,
  type CreatedRoom,
  type TestClient,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'
import {
  ballot,
  comment,
  person,
  presenceUser,
  thread,
  voteSession,
} from '../helpers/workshopEntries'
import seedTea from '../fixtures/seed-tea.board.json'
import { upToDateRecords } from '../helpers/migrateRecords'

const secret = 'hostile-battery-secret-0123456789abcdef'
const maxUpdateBytes = 1024 * 1024
const maxRoomBytes = 512 * 1024
/** Shapes in the attacked room: about 150 KB of state, so asking for all of it is expensive. */
const victimShapes = 400

let server: ServerProcess & { ready: Promise<string> }
let baseUrl: string
let port: number
let dataDir: string
let backend: StorageBackend
let staticDir: string
/** The attacked room, its honest observer, writer (participant `p-writer`) and facilitator. */
let victim: CreatedRoom
let observer: TestClient
let writer: TestClient
let facilitator: TestClient
/** Another room whose two clients must keep syncing. */
let control: CreatedRoom
let controlA: TestClient
let controlB: TestClient
/** A board with an ICP whose cards hold markup and formulas (exports). */
let exported: CreatedRoom
let exporter: TestClient
/** A commenter token revoked by rotating the link. */
let revokedCommenterToken: string
const clients: TestClient[] = []
let edits = 0

function connect(
  room: CreatedRoom,
  role: keyof CreatedRoom['tokens'] = 'editor',
  participantId?: string,
): TestClient {
  const client = connectClient(baseUrl, room.roomId, room.tokens[role], { participantId })
  clients.push(client)
  return client
}

const hostileBoard = new BoardBuilder()
hostileBoard.disqualifier(
  { parent: 'page:tea', id: 'dq-markup', x: 600, y: 1200 },
  {
    kind: 'other',
    rule: '<img src=x onerror=alert(1)> # not a heading | not a cell',
    reason: '=HYPERLINK("http://evil.example","click")',
  },
)
const exportRecords = [
  ...(upToDateRecords(seedTea) as unknown as StoredRecord[]),
  ...(hostileBoard
    .records()
    .filter((record) => record.typeName === 'shape') as unknown as StoredRecord[]),
]

beforeAll(async () => {
  dataDir = createTempDir('icp-hostile-')
  staticDir = createTempDir('icp-hostile-static-')
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ICP Workshop</title>')
  backend = await startStorageBackend(dataDir)
  server = spawnServer({
    ...backend.env,
    DATA_DIR: dataDir,
    STATIC_DIR: staticDir,
    SECRET: secret,
    MAX_UPDATE_BYTES: String(maxUpdateBytes),
    MAX_ROOM_BYTES: String(maxRoomBytes),
  })
  baseUrl = await server.ready
  port = Number(new URL(baseUrl).port)
  ;[victim, control, exported] = await Promise.all([
    createRoom(baseUrl),
    createRoom(baseUrl),
    createRoom(baseUrl, { template: 'blank' }),
  ])

  observer = connect(victim)
  observer.provider.awareness.setLocalState({ name: 'Observer' })
  writer = connect(victim, 'editor', 'p-writer')
  facilitator = connect(victim, 'facilitator', 'p-fran')
  controlA = connect(control)
  controlB = connect(control)
  exporter = connect(exported, 'facilitator')
  await Promise.all(
    [observer, writer, facilitator, controlA, controlB, exporter].map((c) => c.synced()),
  )
  writer.doc.transact(() => {
    for (let i = 0; i < victimShapes; i++) writer.put(geoShape(`v${i}`, i * 10, i))
  })
  // The writer and the facilitator say who they are (the roster), the facilitator runs an open
  // and a closed vote, and the writer comments and votes: what the attacks below go after.
  writer.provider.awareness.setLocalStateField('user', presenceUser('p-writer'))
  facilitator.provider.awareness.setLocalStateField('user', presenceUser('p-fran'))
  facilitator.setEntry('workshop', 'voteSession:open1', voteSession('open1'))
  facilitator.setEntry('workshop', 'voteSession:closed1', {
    ...voteSession('closed1'),
    status: 'closed',
    closedAt: 1_700_000_100_000,
  })
  await waitFor(() => {
    expect(writer.entries('people')['person:p-writer']).toBeDefined()
    expect(writer.entries('workshop')['voteSession:open1']).toBeDefined()
  })
  writer.setEntry('comments', 'thread:t-w', thread('t-w', { authorId: 'p-writer' }))
  writer.setEntry('comments', 'comment:c-w', { ...comment('c-w', 't-w'), authorId: 'p-writer' })
  writer.setEntry('votes', 'ballot:open1:p-writer', {
    ...ballot('open1', 'p-writer'),
    participantName: person('p-writer').name,
  })
  exporter.doc.transact(() => {
    for (const record of exportRecords) exporter.put(record)
  })
  await waitFor(
    async () => {
      expect(Object.keys(await backend.storedRecords(victim.roomId))).toHaveLength(victimShapes + 2)
      expect(observer.snapshot()).toEqual(writer.snapshot())
      const comments = await backend.storedEntries(victim.roomId, 'comments')
      expect(comments['comment:c-w']).toBeDefined()
      const votes = await backend.storedEntries(victim.roomId, 'votes')
      expect(votes['ballot:open1:p-writer']).toBeDefined()
      expect((await backend.storedRecords(exported.roomId))['shape:dq-markup']).toBeDefined()
    },
    { timeout: 20_000 },
  )

  // Revoke the commenter link; attacks by commenters below use the new one.
  revokedCommenterToken = victim.tokens.commenter
  const rotated = await fetch(`${baseUrl}/api/rooms/${victim.roomId}/links/commenter/rotate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${victim.tokens.facilitator}` },
  })
  expect(rotated.status).toBe(200)
  victim.tokens.commenter = ((await rotated.json()) as { token: string }).token
}, 60_000)

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy()
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL')
    await server.exited
  }
  await backend?.stop()
  removeDir(dataDir)
  removeDir(staticDir)
})

/** How a socket ended, or `still open` after `ms`. */
async function within(
  closed: Promise<{ code: number; reason: string }>,
  ms = 15_000,
): Promise<{ code: number; reason: string }> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<{ code: number; reason: string }>((resolve) => {
    timer = setTimeout(() => resolve({ code: -1, reason: 'still open' }), ms)
  })
  try {
    return await Promise.race([closed, timeout])
  } finally {
    clearTimeout(timer)
  }
}

interface AttackOptions {
  role?: keyof CreatedRoom['tokens']
  /** The participant the attacker says it is (`?participant=`). */
  participantId?: string
  /** This token instead of the role's; null: none. */
  token?: string | null
  /** Path after /sync/ instead of the victim's room id. */
  roomPath?: string
}

function openAttacker({ role = 'editor', token, roomPath, participantId }: AttackOptions = {}) {
  const value = token === undefined ? victim.tokens[role] : token
  const query = new URLSearchParams(syncParams(value ?? undefined, { participantId })).toString()
  return openRawSocket(baseUrl, `${roomPath ?? victim.roomId}?${query}`)
}

/** Opens a socket, sends `frames` and reports how the server closed it. */
async function attack(frames: (Uint8Array | string)[], options?: AttackOptions) {
  const attacker = openAttacker(options)
  await attacker.opened
  for (const frame of frames) attacker.socket.send(frame)
  return within(attacker.closed)
}

/** Connects with `options` and reports how the server closed the socket (refusals at the door). */
async function knock(options: AttackOptions) {
  const attacker = openAttacker(options)
  attacker.opened.catch(() => undefined)
  return within(attacker.closed)
}

/**
 * Sends `frames`, then proves the server handled them and kept the socket: a query for awareness
 * is answered. Reports `kept open` and closes the socket itself.
 */
async function attackKeptOpen(frames: Uint8Array[], options?: AttackOptions) {
  const attacker = openAttacker(options)
  await attacker.opened
  await waitFor(() => expect(attacker.frames.length).toBeGreaterThanOrEqual(1))
  for (const frame of frames) attacker.socket.send(frame)
  const seen = attacker.frames.length
  attacker.socket.send(new Uint8Array([3]))
  await waitFor(() => expect(attacker.frames.length).toBeGreaterThan(seen))
  const isOpen = attacker.socket.readyState === attacker.socket.OPEN
  attacker.socket.close()
  await within(attacker.closed)
  return isOpen ? 'kept open' : 'closed'
}

/** A permission-denied (auth) frame came before the close: the provider can show why. */
async function attackExpectingDenial(frames: Uint8Array[], options: AttackOptions) {
  const attacker = openAttacker(options)
  await attacker.opened
  for (const frame of frames) attacker.socket.send(frame)
  const closed = await within(attacker.closed)
  const denied = attacker.frames.some((frame) => frame[0] === messageAuth)
  return { ...closed, denied }
}

async function http(
  pathname: string,
  init: RequestInit & { role?: keyof CreatedRoom['tokens'] } = {},
): Promise<{ status: number; body: unknown }> {
  const { role, ...rest } = init
  const headers = new Headers(rest.headers)
  if (role) headers.set('authorization', `Bearer ${victim.tokens[role]}`)
  const response = await fetch(`${baseUrl}${pathname}`, { ...rest, headers })
  const type = response.headers.get('content-type') ?? ''
  return {
    status: response.status,
    body: type.includes('json') ? await response.json() : await response.text(),
  }
}

const victimPath = () => `/api/rooms/${victim.roomId}`

/** A record update that depends on an item the server has never seen (Yjs would park it). */
function updateWithMissingDependency(): Uint8Array {
  const base = new Y.Doc()
  putRecords(base, geoShape('dep-base'))
  const before = Y.encodeStateVector(base)
  putRecords(base, geoShape('dep-next'))
  return Y.encodeStateAsUpdate(base, before)
}

/**
 * An update that makes `write` on a copy of the victim room as stored (so it overwrites and
 * deletes existing entries exactly as a client in sync would), under a fresh client id.
 */
async function editOfVictim(write: (doc: Y.Doc) => void): Promise<Uint8Array> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.mergeUpdates(await backend.storedUpdates(victim.roomId)))
  const before = Y.encodeStateVector(doc)
  write(doc)
  const update = Y.encodeStateAsUpdate(doc, before)
  doc.destroy()
  return update
}

/** Sets `key` of a key-value root in a copy of the stored victim room (see `editOfVictim`). */
function setInVictim(root: string, key: string, value: unknown): Promise<Uint8Array> {
  return editOfVictim((doc) => new YKeyValue<unknown>(doc.getArray(root)).set(key, value))
}

type Expected = unknown
interface HostileCase {
  name: string
  run: () => Promise<unknown>
  expected: Expected
}

const protocolError = (reason: string | RegExp) => ({
  code: closeCodes.protocolError,
  reason: typeof reason === 'string' ? reason : expect.stringMatching(reason),
})

const validShape = (id: string, overrides: Partial<StoredRecord> = {}) => ({
  ...geoShape(id),
  ...overrides,
})

const cases: HostileCase[] = [
  // Malformed frames.
  {
    name: 'random bytes',
    run: () => attack([pseudoRandomBytes(256)]),
    expected: protocolError(/^(unknown|truncated|malformed)/),
  },
  {
    name: 'a truncated varint',
    run: () => attack([new Uint8Array([0x80])]),
    expected: protocolError('truncated message type'),
  },
  {
    name: 'a varint too large for a number',
    run: () => attack([new Uint8Array(12).fill(0xff)]),
    expected: protocolError(/^(malformed|truncated) message type$/),
  },
  {
    name: 'an empty frame',
    run: () => attack([new Uint8Array([])]),
    expected: protocolError('truncated message type'),
  },
  {
    name: 'an unknown message type',
    run: () => attack([new Uint8Array([7])]),
    expected: protocolError('unknown message type 7'),
  },
  {
    name: 'an unknown sync message type',
    run: () => attack([new Uint8Array([0, 9, 0])]),
    expected: protocolError('unknown sync message type 9'),
  },
  {
    name: 'a sync message cut short',
    run: () => attack([new Uint8Array([0, 2, 10, 1])]),
    expected: protocolError('truncated sync message'),
  },
  {
    name: 'trailing bytes after a message',
    run: () => attack([new Uint8Array([3, 0])]),
    expected: protocolError('1 unexpected trailing bytes'),
  },
  {
    name: 'an auth message from a client',
    run: () => attack([new Uint8Array([2, 0, 0])]),
    expected: protocolError('auth messages are sent by the server only'),
  },
  {
    name: 'a text frame',
    run: () => attack(['{"type":"sync"}']),
    expected: protocolError('text frames are not supported'),
  },
  {
    name: 'a frame above maxPayload (8 MB)',
    run: () => attack([new Uint8Array(maxFrameBytes + 1)]),
    expected: { code: 1009, reason: expect.any(String) },
  },
  {
    name: 'an update that is not a Yjs update',
    run: () => attack([encodeSyncUpdate(new Uint8Array([5, 200, 1, 2, 3]))]),
    expected: protocolError('malformed update'),
  },
  {
    name: 'a malformed state vector',
    run: () => attack([new Uint8Array([0, 0, 3, 5, 200, 1])]),
    expected: protocolError('malformed state vector'),
  },
  // Updates the board layout and schema refuse.
  {
    name: 'a tldraw record that fails its validator',
    run: () =>
      attack([
        encodeSyncUpdate(
          recordUpdate('shape:bad', {
            ...geoShape('bad'),
            props: { ...geoShape('bad').props, w: 'wide' },
          }),
        ),
      ]),
    expected: protocolError(
      'invalid record shape:bad: At shape(type = geo).props.w: Expected number, got a string',
    ),
  },
  {
    name: 'a shape of a type the schema does not know',
    run: () =>
      attack([
        encodeSyncUpdate(recordUpdate('shape:rocket', validShape('rocket', { type: 'rocket' }))),
      ]),
    expected: protocolError(/^invalid record shape:rocket: At shape\.type: Expected one of /),
  },
  {
    name: 'a record of an unknown type',
    run: () =>
      attack([encodeSyncUpdate(recordUpdate('gadget:x', { id: 'gadget:x', typeName: 'gadget' }))]),
    expected: protocolError('record gadget:x: unknown type gadget'),
  },
  {
    name: 'a record entry whose key names no field (a whole record, as layout 1 stored it)',
    run: () => attack([encodeSyncUpdate(entryUpdate('records', 'shape:x', geoShape('x')))]),
    expected: protocolError('record entry shape:x: its key must be <record id>/<field>'),
  },
  {
    name: 'a field that would turn an existing record into another kind of record',
    run: () => attack([encodeSyncUpdate(entryUpdate('records', 'page:page/typeName', 'shape'))]),
    expected: protocolError('record page:page: its typeName cannot change'),
  },
  {
    name: 'session state written into the document',
    run: () =>
      attack([
        encodeSyncUpdate(
          recordUpdate('camera:spoof', {
            id: 'camera:spoof',
            typeName: 'camera',
            x: 0,
            y: 0,
            z: 1,
            meta: {},
          }),
        ),
      ]),
    expected: protocolError('record camera:spoof: camera is session state, not document content'),
  },
  {
    name: 'an update with one valid and one invalid record (refused whole)',
    run: () =>
      attack([
        encodeSyncUpdate(
          updateOf((doc) =>
            putRecords(doc, geoShape('fine'), { id: 'shape:broken', typeName: 'shape' }),
          ),
        ),
      ]),
    expected: protocolError(/^invalid record shape:broken: /),
  },
  {
    name: 'Yjs content the layout does not use (text)',
    run: () =>
      attack([encodeSyncUpdate(updateOf((doc) => doc.getText('records').insert(0, 'hello')))]),
    expected: protocolError(
      'unsupported Yjs content ContentString: the board holds JSON values only',
    ),
  },
  {
    name: 'a nested Yjs type inside the records',
    run: () =>
      attack([
        encodeSyncUpdate(updateOf((doc) => doc.getArray('records').insert(0, [new Y.Map()]))),
      ]),
    expected: protocolError(
      'unsupported Yjs content ContentType: the board holds JSON values only',
    ),
  },
  {
    name: 'a root that is not part of the board layout',
    run: () =>
      attack([
        encodeSyncUpdate(
          updateOf((doc) => doc.getArray('spoof').insert(0, [{ key: 'x', val: 1 }])),
        ),
      ]),
    expected: protocolError('unknown root "spoof": not part of the board layout'),
  },
  {
    name: 'an update above the per-update cap',
    run: () =>
      attack([
        encodeSyncUpdate(
          recordUpdate(
            'shape:huge',
            validShape('huge', { meta: { blob: 'x'.repeat(maxUpdateBytes) } }),
          ),
        ),
      ]),
    expected: {
      code: closeCodes.tooLarge,
      reason: expect.stringMatching(
        new RegExp(`^update of \\d+ bytes exceeds the limit of ${maxUpdateBytes}$`),
      ),
    },
  },
  {
    name: 'a huge but valid update beyond the per-room cap',
    run: () =>
      attack([
        encodeSyncUpdate(
          recordUpdate(
            'shape:heavy',
            validShape('heavy', { meta: { blob: 'x'.repeat(maxRoomBytes) } }),
          ),
        ),
      ]),
    expected: { code: closeCodes.tooLarge, reason: `room would grow beyond ${maxRoomBytes} bytes` },
  },
  {
    name: 'an update Yjs cannot apply yet (missing dependency): dropped, never stored',
    run: () => attackKeptOpen([encodeSyncUpdate(updateWithMissingDependency())]),
    expected: 'kept open',
  },
  // Roles.
  {
    name: 'a viewer writing the board through sync step 2',
    run: () =>
      attackExpectingDenial([syncStep2Frame(recordUpdate('shape:v-step2', geoShape('v-step2')))], {
        role: 'viewer',
      }),
    expected: {
      code: closeCodes.forbidden,
      reason: 'a viewer may not change the board',
      denied: true,
    },
  },
  {
    name: 'a viewer writing a comment through an update',
    run: () =>
      attackExpectingDenial(
        [
          encodeSyncUpdate(
            updateOf((doc) =>
              new YKeyValue<unknown>(doc.getArray('comments')).set('thread:t1', thread('t1')),
            ),
          ),
        ],
        { role: 'viewer' },
      ),
    expected: {
      code: closeCodes.forbidden,
      reason: 'a viewer may not change comments',
      denied: true,
    },
  },
  {
    name: 'a commenter moving a card',
    run: () =>
      attackExpectingDenial(
        [encodeSyncUpdate(recordUpdate('shape:v1', geoShape('v1', 999, 999)))],
        {
          role: 'commenter',
        },
      ),
    expected: {
      code: closeCodes.forbidden,
      reason: 'a commenter may not change the board',
      denied: true,
    },
  },
  {
    name: 'an editor changing the workshop settings',
    run: () =>
      attackExpectingDenial(
        [
          encodeSyncUpdate(
            updateOf((doc) =>
              new YKeyValue<unknown>(doc.getArray('workshop')).set('boardLock', {
                kind: 'boardLock',
                isLocked: true,
                updatedAt: 1,
              }),
            ),
          ),
        ],
        { role: 'editor' },
      ),
    expected: {
      code: closeCodes.forbidden,
      reason: 'an editor may not change the workshop settings',
      denied: true,
    },
  },
  {
    name: 'a facilitator writing the people roster (server-only)',
    run: () =>
      attackExpectingDenial(
        [
          encodeSyncUpdate(
            updateOf((doc) =>
              new YKeyValue<unknown>(doc.getArray('people')).set('person:x', person('x')),
            ),
          ),
        ],
        { role: 'facilitator' },
      ),
    expected: {
      code: closeCodes.forbidden,
      reason: 'a facilitator may not change the people list',
      denied: true,
    },
  },
  {
    name: 'a commenter posting a comment whose key does not match its content',
    run: () =>
      attack(
        [
          encodeSyncUpdate(
            updateOf((doc) =>
              new YKeyValue<unknown>(doc.getArray('comments')).set(
                'comment:other',
                comment('c1', 't1'),
              ),
            ),
          ),
        ],
        { role: 'commenter' },
      ),
    expected: protocolError('comments entry comment:other: its key must be comment:c1'),
  },
  // Authorship (audit items 6, 7, 17): a shared link does not let one person speak for another.
  {
    name: 'a commenter editing someone else’s comment, leaving editedAt null',
    run: async () =>
      attackExpectingDenial(
        [
          encodeSyncUpdate(
            await setInVictim('comments', 'comment:c-w', {
              ...comment('c-w', 't-w'),
              authorId: 'p-writer',
              body: 'Edited by Mallory',
            }),
          ),
        ],
        { role: 'commenter', participantId: 'p-mallory' },
      ),
    expected: {
      code: closeCodes.forbidden,
      reason: 'only its author may edit comment:c-w',
      denied: true,
    },
  },
  {
    name: 'a commenter deleting someone else’s comment',
    run: async () =>
      attackExpectingDenial(
        [
          encodeSyncUpdate(
            await editOfVictim((doc) =>
              new YKeyValue<unknown>(doc.getArray('comments')).delete('comment:c-w'),
            ),
          ),
        ],
        { role: 'commenter', participantId: 'p-mallory' },
      ),
    expected: {
      code: closeCodes.forbidden,
      reason: 'only its author or the facilitator may delete comment:c-w',
      denied: true,
    },
  },
  {
    name: 'a commenter posting under the facilitator’s author id and name',
    run: async () =>
      attackExpectingDenial(
        [
          encodeSyncUpdate(
            await setInVictim('comments', 'comment:c-m', {
              ...comment('c-m', 't-w'),
              authorId: 'p-fran',
              authorName: person('p-fran').name,
            }),
          ),
        ],
        { role: 'commenter', participantId: 'p-mallory' },
      ),
    expected: {
      code: closeCodes.forbidden,
      reason: 'comment:c-m must be written under your own id (p-mallory)',
      denied: true,
    },
  },
  {
    name: 'a commenter posting a comment without saying who they are',
    run: async () =>
      attackExpectingDenial(
        [
          encodeSyncUpdate(
            await setInVictim('comments', 'comment:c-anon', comment('c-anon', 't-w')),
          ),
        ],
        { role: 'commenter' },
      ),
    expected: {
      code: closeCodes.forbidden,
      reason: 'to comment, say who you are first (the app does: your name in presence)',
      denied: true,
    },
  },
  {
    name: 'a comment hiding 100 KB in a field its schema does not know',
    run: async () =>
      attack(
        [
          encodeSyncUpdate(
            await setInVictim('comments', 'comment:c-h', {
              ...comment('c-h', 't-w'),
              authorId: 'p-mallory',
              hidden: 'x'.repeat(100_000),
            }),
          ),
        ],
        { role: 'commenter', participantId: 'p-mallory' },
      ),
    expected: protocolError(/^invalid comments entry comment:c-h: .*hidden/),
  },
  {
    name: 'an editor overwriting someone else’s ballot',
    run: async () =>
      attackExpectingDenial(
        [
          encodeSyncUpdate(
            await setInVictim('votes', 'ballot:open1:p-writer', {
              ...ballot('open1', 'p-writer'),
              shapeIds: ['shape:v1', 'shape:v1', 'shape:v1'],
            }),
          ),
        ],
        { role: 'editor', participantId: 'p-eve' },
      ),
    expected: {
      code: closeCodes.forbidden,
      reason: 'ballot:open1:p-writer: you may only cast your own ballot',
      denied: true,
    },
  },
  {
    name: 'an editor casting ballots for made-up participants',
    run: async () =>
      attackExpectingDenial(
        [
          encodeSyncUpdate(
            await editOfVictim((doc) => {
              const votes = new YKeyValue<unknown>(doc.getArray('votes'))
              for (let i = 0; i < 10; i++) {
                votes.set(`ballot:open1:ghost${i}`, ballot('open1', `ghost${i}`))
              }
            }),
          ),
        ],
        { role: 'editor', participantId: 'p-eve' },
      ),
    expected: {
      code: closeCodes.forbidden,
      reason: 'ballot:open1:ghost0: you may only cast your own ballot',
      denied: true,
    },
  },
  {
    name: 'an editor voting after the vote closed',
    run: async () =>
      attackExpectingDenial(
        [
          encodeSyncUpdate(
            await setInVictim('votes', 'ballot:closed1:p-eve', ballot('closed1', 'p-eve')),
          ),
        ],
        { role: 'editor', participantId: 'p-eve' },
      ),
    expected: {
      code: closeCodes.forbidden,
      reason: 'ballot:closed1:p-eve: the vote "Key attributes" is closed',
      denied: true,
    },
  },
  // Awareness.
  {
    name: 'presence rewriting the facilitator’s roster entry (their participant id)',
    run: () =>
      attackExpectingDenial(
        [
          awarenessFrame([
            {
              clientId: 911,
              clock: 1,
              state: { user: { ...presenceUser('p-fran'), name: 'Mallory', function: 'other' } },
            },
          ]),
        ],
        { role: 'viewer' },
      ),
    expected: {
      code: closeCodes.forbidden,
      reason: 'participant p-fran belongs to someone else',
      denied: true,
    },
  },
  {
    name: 'presence switching to another participant id on one connection',
    run: () =>
      attack(
        [
          awarenessFrame([{ clientId: 912, clock: 1, state: { user: { id: 'p-one' } } }]),
          awarenessFrame([{ clientId: 912, clock: 2, state: { user: { id: 'p-two' } } }]),
        ],
        { role: 'viewer' },
      ),
    expected: protocolError('presence of participant p-two: this connection is participant p-one'),
  },
  {
    name: 'awareness claiming another client’s clientID',
    run: async () => {
      const id = observer.doc.clientID
      const clock = observer.provider.awareness.meta.get(id)?.clock ?? 0
      return attack([awarenessFrame([{ clientId: id, clock: clock + 5, state: { name: 'Evil' } }])])
    },
    expected: {
      code: closeCodes.awarenessConflict,
      reason: expect.stringMatching(/^awareness of client \d+ belongs to another connection$/),
    },
  },
  {
    name: 'awareness for a second clientID on one connection',
    run: () =>
      attack([
        awarenessFrame([{ clientId: 901, clock: 1, state: {} }]),
        awarenessFrame([{ clientId: 902, clock: 1, state: {} }]),
      ]),
    expected: protocolError('awareness of client 902: this connection is client 901'),
  },
  {
    name: 'a truncated awareness update',
    run: () => attack([new Uint8Array([1, 3, 1, 1, 1])]),
    expected: protocolError('malformed awareness update'),
  },
  {
    name: 'awareness whose state is not JSON',
    run: () => attack([new Uint8Array([1, 5, 1, 7, 1, 1, 0x7b])]),
    expected: protocolError('malformed awareness update'),
  },
  {
    name: 'an awareness state above the size cap',
    run: () =>
      attack([awarenessFrame([{ clientId: 903, clock: 1, state: { note: 'x'.repeat(300_000) } }])]),
    expected: {
      code: closeCodes.tooLarge,
      reason: expect.stringMatching(/^awareness update of \d+ bytes exceeds the limit of 262144$/),
    },
  },
  // Floods.
  {
    name: 'a flood of messages (5,000 no-op updates at once)',
    run: () => attack(Array.from({ length: 5000 }, () => encodeSyncUpdate(new Uint8Array([0, 0])))),
    expected: {
      code: closeCodes.rateLimited,
      reason: 'rate limit: more than 300 messages a second; reconnect later',
    },
  },
  {
    name: 'a flood of bytes (60 no-op updates of 1 MB)',
    run: () =>
      attack(Array.from({ length: 60 }, () => encodeSyncUpdate(paddedEmptyUpdate(1_000_000)))),
    expected: {
      code: closeCodes.rateLimited,
      reason: 'rate limit: more than 4 MiB a second; reconnect later',
    },
  },
  {
    name: 'asking for the whole room 300 times without reading the answers',
    run: async () => {
      const attacker = openAttacker()
      await attacker.opened
      const tcp = (attacker.socket as unknown as { _socket: net.Socket })._socket
      tcp.pause()
      for (let i = 0; i < 300; i++) attacker.socket.send(syncStep1Frame())
      await waitFor(() => expect(server.output()).toMatch(/connection\.closed .*code=1013/), {
        timeout: 20_000,
      })
      tcp.resume()
      return within(attacker.closed)
    },
    expected: { code: 1013, reason: 'too far behind; reconnect to resync' },
  },
  // At the door: room ids and tokens.
  {
    name: 'a literal /sync/../etc path',
    run: () => rawUpgrade(port, '/sync/../etc'),
    expected: {
      status: 101,
      code: closeCodes.invalidRoomId,
      reason: 'invalid room id: room id may only contain letters, digits, "-" and "_"',
    },
  },
  {
    name: 'a URL-encoded path traversal as room id',
    run: () => knock({ roomPath: encodeURIComponent('../../data/rooms.sqlite') }),
    expected: {
      code: closeCodes.invalidRoomId,
      reason: 'invalid room id: room id may only contain letters, digits, "-" and "_"',
    },
  },
  {
    name: 'an over-long room id',
    run: () => knock({ roomPath: 'a'.repeat(10_000) }),
    expected: {
      code: closeCodes.invalidRoomId,
      reason: 'invalid room id: room id must be at most 64 characters',
    },
  },
  {
    name: 'a room that does not exist',
    run: () => knock({ roomPath: 'NoSuchRoom123', token: null }),
    expected: { code: closeCodes.roomNotFound, reason: 'room NoSuchRoom123 does not exist' },
  },
  {
    name: 'no token',
    run: () => knock({ token: null }),
    expected: {
      code: closeCodes.unauthorized,
      reason: 'no token: open the board with its share link',
    },
  },
  {
    name: 'a forged token (signed with another secret)',
    run: () =>
      knock({
        token: mintToken('another-secret-0123456789abcdefghijkl', {
          v: 1,
          room: victim.roomId,
          role: 'facilitator',
          gen: 0,
          exp: null,
        }),
      }),
    expected: {
      code: closeCodes.unauthorized,
      reason: 'invalid token: the signature does not match (tampered, or from another server)',
    },
  },
  {
    name: 'a viewer token rewritten to say facilitator',
    run: () => {
      const [payload = '', signature = ''] = victim.tokens.viewer.split('.')
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object
      const forged = Buffer.from(JSON.stringify({ ...decoded, role: 'facilitator' }))
      return knock({ token: `${forged.toString('base64url')}.${signature}` })
    },
    expected: {
      code: closeCodes.unauthorized,
      reason: 'invalid token: the signature does not match (tampered, or from another server)',
    },
  },
  {
    name: 'an expired token',
    run: () =>
      knock({
        token: mintToken(secret, {
          v: 1,
          room: victim.roomId,
          role: 'editor',
          gen: 0,
          exp: Date.parse('2024-01-02T00:00:00Z'),
        }),
      }),
    expected: {
      code: closeCodes.unauthorized,
      reason: 'this link expired on 2024-01-02; ask the facilitator for a new one',
    },
  },
  {
    name: 'a revoked token',
    run: () => knock({ token: revokedCommenterToken }),
    expected: {
      code: closeCodes.unauthorized,
      reason: 'this commenter link was revoked by the facilitator; ask for the new link',
    },
  },
  {
    name: 'a correctly signed token with an unknown role',
    run: () =>
      knock({
        token: mintToken(secret, { v: 1, room: victim.roomId, role: 'owner', gen: 0, exp: null }),
      }),
    expected: { code: closeCodes.unauthorized, reason: 'malformed token' },
  },
  {
    name: 'a token of another board',
    run: () => knock({ token: control.tokens.facilitator }),
    expected: { code: closeCodes.unauthorized, reason: 'this token is for another board' },
  },
  {
    name: 'a 10 KB token',
    run: () => knock({ token: 'a'.repeat(10_000) }),
    expected: { code: closeCodes.unauthorized, reason: 'malformed token' },
  },
  {
    name: 'a 100 KB token (beyond the HTTP header limit)',
    run: () => rawUpgrade(port, `/sync/${victim.roomId}?token=${'a'.repeat(100_000)}`),
    expected: { status: 431 },
  },
  // HTTP API.
  {
    name: 'an API path traversal as room id',
    run: async () => {
      const response = await rawRequest(port, '/api/rooms/..%2F..%2Fetc%2Fpasswd')
      return { status: response.status, body: JSON.parse(response.body) as unknown }
    },
    expected: {
      status: 400,
      body: { error: 'invalid room id: room id may only contain letters, digits, "-" and "_"' },
    },
  },
  {
    name: 'a static path traversal',
    run: async () => {
      const response = await rawRequest(port, '/../../package.json')
      return { status: response.status, body: response.body }
    },
    expected: { status: 200, body: '<!doctype html><title>ICP Workshop</title>' },
  },
  {
    name: 'an over-long room id on the API',
    run: () => http(`/api/rooms/${'a'.repeat(5000)}`),
    expected: {
      status: 400,
      body: { error: 'invalid room id: room id must be at most 64 characters' },
    },
  },
  {
    name: 'a CSV with an unterminated quote',
    run: () =>
      http(`${victimPath()}/datasets/customers`, {
        method: 'PUT',
        role: 'editor',
        headers: { 'content-type': 'text/csv' },
        body: 'Company,Employees\nAcme,"12\n',
      }),
    expected: {
      status: 422,
      body: expect.objectContaining({
        error: expect.stringMatching(/nothing was imported\.$/),
        problems: [expect.objectContaining({ row: expect.any(Number) })],
      }),
    },
  },
  {
    name: 'a CSV upload of 13 MB',
    run: () =>
      declaredUpload(port, `${victimPath()}/datasets/customers`, {
        headers: {
          authorization: `Bearer ${victim.tokens.editor}`,
          'content-type': 'text/csv',
        },
        declaredBytes: 13 * 1024 * 1024,
        firstChunk: `Company,Employees\n${'Acme,12\n'.repeat(1024)}`,
      }),
    expected: { status: 413, body: { error: 'The file is larger than 10 MB.' } },
  },
  {
    name: 'a 1 MB JSON body to create a room',
    run: () =>
      http('/api/rooms', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'x'.repeat(1024 * 1024) }),
      }),
    expected: { status: 413, body: { error: 'request body is larger than 16384 bytes' } },
  },
  {
    name: 'a form-encoded body to create a room (cross-site form)',
    run: () =>
      http('/api/rooms', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'template=blank',
      }),
    expected: {
      status: 415,
      body: {
        error: 'send the body as application/json (got "application/x-www-form-urlencoded")',
      },
    },
  },
  {
    name: 'a text/plain JSON body to save a version',
    run: () =>
      http(`${victimPath()}/versions`, {
        method: 'POST',
        role: 'facilitator',
        headers: { 'content-type': 'text/plain' },
        body: '{"name":"v1"}',
      }),
    expected: {
      status: 415,
      body: { error: 'send the body as application/json (got "text/plain")' },
    },
  },
  {
    name: 'an XML data set',
    run: () =>
      http(`${victimPath()}/datasets/customers`, {
        method: 'PUT',
        role: 'editor',
        headers: { 'content-type': 'application/xml' },
        body: '<customers/>',
      }),
    expected: {
      status: 415,
      body: {
        error: 'send the body as text/csv, text/plain or application/json (got "application/xml")',
      },
    },
  },
  {
    name: 'a body without a content type',
    run: () =>
      http(`${victimPath()}/best-customers`, {
        method: 'PATCH',
        role: 'editor',
        body: new TextEncoder().encode('{"topN":5}'),
      }),
    expected: {
      status: 415,
      body: { error: 'send the body as application/json (got no Content-Type)' },
    },
  },
  {
    name: 'a cross-origin preflight',
    run: async () => {
      const response = await fetch(`${baseUrl}/api/rooms`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      })
      await response.arrayBuffer()
      return corsHeaders(response.headers)
    },
    expected: { allowOrigin: null, allowCredentials: null, allowMethods: null },
  },
  {
    name: 'a cross-origin read with a token',
    run: async () => {
      const response = await fetch(`${baseUrl}${victimPath()}`, {
        headers: {
          origin: 'https://evil.example',
          authorization: `Bearer ${victim.tokens.viewer}`,
        },
      })
      await response.arrayBuffer()
      return { status: response.status, ...corsHeaders(response.headers) }
    },
    expected: { status: 200, allowOrigin: null, allowCredentials: null, allowMethods: null },
  },
  {
    name: 'markup and formulas in cards, exported as Markdown, CSV and JSON',
    run: async () => {
      const get = async (file: string) => {
        const response = await fetch(`${baseUrl}/api/rooms/${exported.roomId}/${file}`, {
          headers: { authorization: `Bearer ${exported.tokens.viewer}` },
        })
        return { headers: response.headers, text: await response.text() }
      }
      const [markdown, csv, json] = await Promise.all([
        get('icp.md'),
        get('icp.csv'),
        get('icp.json'),
      ])
      return {
        markdownHasRawTag: markdown.text.includes('<img'),
        markdownHasEscapedTag: markdown.text.includes('&lt;img src=x onerror=alert(1)&gt;'),
        markdownHasEscapedFormula: markdown.text.includes('\\=HYPERLINK('),
        csvHasLiveFormula: /(^|,)"?=HYPERLINK/m.test(csv.text),
        csvHasNeutralisedFormula: csv.text.includes(`'=HYPERLINK`),
        jsonType: json.headers.get('content-type'),
        jsonSniffing: json.headers.get('x-content-type-options'),
        jsonDisposition: json.headers.get('content-disposition')?.split(';')[0],
      }
    },
    expected: {
      markdownHasRawTag: false,
      markdownHasEscapedTag: true,
      markdownHasEscapedFormula: true,
      csvHasLiveFormula: false,
      csvHasNeutralisedFormula: true,
      jsonType: expect.stringMatching(/^application\/json/),
      jsonSniffing: 'nosniff',
      jsonDisposition: 'attachment',
    },
  },
]

function corsHeaders(headers: Headers) {
  return {
    allowOrigin: headers.get('access-control-allow-origin'),
    allowCredentials: headers.get('access-control-allow-credentials'),
    allowMethods: headers.get('access-control-allow-methods'),
  }
}

async function expectServerUp() {
  expect(server.child.exitCode).toBeNull()
  expect(server.child.signalCode).toBeNull()
  const health = await fetch(`${baseUrl}/api/health`)
  expect(await health.json()).toMatchObject({ ok: true })
}

/** The honest clients were not closed, and the control room still syncs. */
async function expectOthersUnaffected() {
  edits += 1
  controlA.put(geoShape(`ctl${edits}`, edits, 0))
  await waitFor(() => expect(controlB.snapshot()[`shape:ctl${edits}`]).toBeDefined())
  for (const client of [observer, writer, facilitator, controlA, controlB, exporter]) {
    expect(client.closes).toEqual([])
    expect(client.provider.wsconnected).toBe(true)
  }
}

/** The attacked room still takes honest edits. */
async function expectVictimSyncs() {
  writer.put(geoShape(`v${edits % victimShapes}`, edits, edits))
  await waitFor(() =>
    expect(observer.snapshot()[`shape:v${edits % victimShapes}`]).toMatchObject({ x: edits }),
  )
}

describe('hostile input battery', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30)
  })

  it.each(cases.map((hostile) => [hostile.name, hostile] as const))(
    'survives %s',
    { timeout: 60_000 },
    async (_name, hostile) => {
      const before = await backend.dump([control.roomId])
      expect(await hostile.run()).toEqual(hostile.expected)
      await expectServerUp()
      await expectOthersUnaffected()
      expect(await backend.dump([control.roomId])).toEqual(before)
      await expectVictimSyncs()
    },
  )

  it('restarts afterwards and loads every room with exactly what honest clients wrote', async () => {
    const honest = observer.snapshot()
    expect(await backend.storedRecords(victim.roomId)).toEqual(honest)
    for (const client of clients) client.provider.disconnect()
    server.child.kill('SIGTERM')
    expect(await server.exited).toEqual({ code: 0, signal: null })

    server = spawnServer({
      ...backend.env,
      DATA_DIR: dataDir,
      STATIC_DIR: staticDir,
      SECRET: secret,
    })
    baseUrl = await server.ready
    const fresh = connectClient(baseUrl, victim.roomId, victim.tokens.viewer)
    clients.push(fresh)
    await fresh.synced()
    expect(fresh.snapshot()).toEqual(honest)
    expect(
      Object.keys(honest).filter((id) =>
        /bad|rocket|gadget|spoof|heavy|huge|dep-|v-step2|fine|broken/.test(id),
      ),
    ).toEqual([])
  }, 60_000)
})
