/**
 * The hostile battery, secrecy part (issue 12, item 9): what the board hides must not reach
 * anyone's wire. Against the real server process (spawned, as in hostile.test.ts; the cluster
 * project runs this file again on a node of PostgreSQL and Redis), it reads EVERY frame that a
 * raw viewer socket and stock providers of other people receive, and checks that
 *   - a card made in a private brainstorm reaches no one but its author (their private doc) until
 *     the facilitator reveals it, and everyone afterwards, where the author placed it;
 *   - no ballot of a secret vote (anonymous or hidden until the end) reaches anyone: others get
 *     the server's tally (live for an anonymous vote, only how many voted while a hidden one is
 *     open), never a participant id;
 *   - nobody can open, write into or speak through someone else's private doc, write secret
 *     ballots on the board, or forge results;
 *   - the server killed with `kill -9` during private mode loses no private card it stored.
 * The truth (what each frame may not contain, the expected tallies) is computed here from what
 * the test wrote, never read back from the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeSyncUpdate } from '../../server/protocol'
import { connectionIdentity } from '../../server/ownership'
import { privateDocRoomId, vaultRoomId } from '../../server/privateDocs'
import type { StoredRecord } from '../../shared/docLayout'
import { closeCodes, privateDocSuffix } from '../../shared/protocol'
import type {
  AwarenessUser,
  Ballot,
  ParticipantFunction,
  PublishedTally,
  VoteSession,
} from '../../shared/workshop/workshopLayout'
import { BoardBuilder } from '../helpers/boardBuilder'
import { entryUpdate, recordUpdate, syncStep1Frame } from '../helpers/hostile'
import { firstPageId } from '../helpers/records'
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
  type RawSocket,
  type TestClient,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'
import { voteSession } from '../helpers/workshopEntries'

const secret = 'hostile-secrecy-secret-0123456789abcdef'

/** Who is on the board: participant id, browser key (what makes their private doc), function. */
const people = {
  fran: { id: 'p-fran', key: 'fran-browser-key-0000000000', fn: 'product' },
  alice: { id: 'p-alice', key: 'alice-browser-key-000000000', fn: 'sales' },
  bob: { id: 'p-bob', key: 'bob-browser-key-00000000000', fn: 'marketing' },
} as const satisfies Record<string, { id: string; key: string; fn: ParticipantFunction }>
type Name = keyof typeof people

/** Text only Alice's private cards hold: it must not be in anyone else's traffic. */
const aliceText = 'Pineapple-7f3a-private'
const aliceValue = 'Mango-91c2-private'

let server: ServerProcess & { ready: Promise<string> }
let baseUrl: string
let dataDir: string
let backend: StorageBackend
let room: CreatedRoom
const clients: TestClient[] = []
const sockets: RawSocket[] = []

/** Each person's board client, and the private doc clients of the editors and the facilitator. */
let board: Record<Name, TestClient>
let mine: Record<Name, TestClient>
/** A stock provider with the viewer link, and a raw viewer socket that asked for everything. */
let viewer: TestClient
let rawViewer: RawSocket

/** The attribute cards on the board that votes are about. */
const cards = new BoardBuilder()
const cardIds = ['shape:attr-a', 'shape:attr-b', 'shape:attr-c']
for (const [index, id] of cardIds.entries()) {
  const place = { parent: firstPageId, id: id.slice('shape:'.length), x: index * 260, y: 0 }
  cards.attribute(place, { label: `Card ${index}` })
}

function user(name: Name): AwarenessUser {
  const { id, fn } = people[name]
  return { id, name: name.toUpperCase(), color: '#336699', function: fn }
}

function ownerOf(name: Name): string {
  const identity = connectionIdentity({
    token: '',
    browserKey: people[name].key,
    participantId: null,
  })
  if (!identity.ok) throw new Error(identity.reason)
  return identity.identity.owner
}

function connectAs(name: Name, path: string, role: keyof CreatedRoom['tokens']): TestClient {
  const client = connectClient(baseUrl, path, room.tokens[role], {
    participantId: people[name].id,
    browserKey: people[name].key,
    recordFrames: true,
  })
  clients.push(client)
  return client
}

/** Every frame `client` received, as one buffer to search. */
function traffic(...frames: Uint8Array[][]): Buffer {
  return Buffer.concat(frames.flat())
}

/** What everyone but Alice received: every board client's, Bob's private doc's, the viewers'. */
function othersTraffic(): Buffer {
  return traffic(
    board.fran.frames,
    board.bob.frames,
    board.alice.frames,
    mine.fran.frames,
    mine.bob.frames,
    viewer.frames,
    rawViewer.frames,
  )
}

function contains(haystack: Buffer, text: string): boolean {
  return haystack.includes(Buffer.from(text, 'utf8'))
}

/** A valid ballot of `name` in `session`. */
function ballotOf(name: Name, session: VoteSession, shapeIds: string[]): Ballot {
  return {
    kind: 'ballot',
    sessionId: session.id,
    participantId: people[name].id,
    participantName: session.isAnonymous ? null : name.toUpperCase(),
    function: people[name].fn,
    shapeIds,
    updatedAt: Date.now(),
  }
}

function published(client: TestClient, sessionId: string): PublishedTally | undefined {
  return client.entries('votes')[`tally:${sessionId}`] as PublishedTally | undefined
}

/** The server's tally of `ballots` as the test computes it: dots per card by function. */
function expectedCards(ballots: Ballot[]) {
  const byCard = new Map<string, Record<string, number>>()
  const voters = new Map<string, Set<string>>()
  for (const ballot of ballots) {
    for (const shapeId of ballot.shapeIds) {
      const counts = byCard.get(shapeId) ?? {}
      counts[ballot.function] = (counts[ballot.function] ?? 0) + 1
      byCard.set(shapeId, counts)
      voters.set(shapeId, (voters.get(shapeId) ?? new Set()).add(ballot.participantId))
    }
  }
  return [...byCard.keys()].sort().map((shapeId) => ({
    shapeId,
    byFunction: {
      sales: 0,
      marketing: 0,
      product: 0,
      customerSuccess: 0,
      other: 0,
      ...byCard.get(shapeId),
    },
    voters: voters.get(shapeId)!.size,
  }))
}

function startServer(): Promise<string> {
  server = spawnServer({ ...backend.env, DATA_DIR: dataDir, SECRET: secret })
  return server.ready
}

beforeAll(async () => {
  dataDir = createTempDir('icp-secrecy-')
  backend = await startStorageBackend(dataDir)
  baseUrl = await startServer()
  room = await createRoom(baseUrl)
  board = {
    fran: connectAs('fran', room.roomId, 'facilitator'),
    alice: connectAs('alice', room.roomId, 'editor'),
    bob: connectAs('bob', room.roomId, 'editor'),
  }
  viewer = connectClient(baseUrl, room.roomId, room.tokens.viewer, { recordFrames: true })
  clients.push(viewer)
  const query = new URLSearchParams(syncParams(room.tokens.viewer)).toString()
  rawViewer = openRawSocket(baseUrl, `${room.roomId}?${query}`)
  sockets.push(rawViewer)
  await rawViewer.opened
  rawViewer.socket.send(syncStep1Frame())
  await Promise.all(clients.map((client) => client.synced()))
  // On the roster first (the server adds people from presence): private docs are theirs.
  for (const name of Object.keys(people) as Name[]) {
    board[name].provider.awareness.setLocalStateField('user', user(name))
  }
  await waitFor(() => {
    for (const name of Object.keys(people) as Name[]) {
      expect(board.fran.entries('people')[`person:${people[name].id}`]).toBeDefined()
    }
  })
  const privatePath = `${room.roomId}${privateDocSuffix}`
  mine = {
    fran: connectAs('fran', privatePath, 'facilitator'),
    alice: connectAs('alice', privatePath, 'editor'),
    bob: connectAs('bob', privatePath, 'editor'),
  }
  await Promise.all(Object.values(mine).map((client) => client.synced()))
  board.fran.doc.transact(() => {
    for (const record of cards.records()) if (record.typeName === 'shape') board.fran.put(record)
  })
  await waitFor(() =>
    expect(Object.keys(viewer.snapshot())).toEqual(expect.arrayContaining(cardIds)),
  )
}, 60_000)

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy()
  for (const socket of sockets.splice(0)) socket.socket.terminate()
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL')
    await server.exited
  }
  await backend?.stop()
  removeDir(dataDir)
})

describe('private brainstorm', () => {
  const round = 1_700_000_000_000
  const secretCards = new BoardBuilder()
  const frameId = secretCards.frame({
    parent: firstPageId,
    id: 'alice-frame',
    x: 40,
    y: 600,
    w: 600,
    h: 400,
  })
  secretCards.attribute(
    { parent: frameId, id: 'alice-idea', x: 30, y: 50 },
    { label: aliceText, value: aliceValue },
  )
  const secretRecords = secretCards
    .records()
    .filter((record) => record.typeName === 'shape') as unknown as StoredRecord[]

  it('keeps a private card with its author, off everyone else’s wire, until the reveal', async () => {
    board.fran.setEntry('workshop', 'privateMode', {
      kind: 'privateMode',
      isOn: true,
      startedAt: round,
    })
    await waitFor(() => expect(board.alice.entries('workshop').privateMode).toBeDefined())
    mine.alice.doc.transact(() => {
      for (const record of secretRecords) mine.alice.put(record)
    })
    // Stored in Alice's private doc (so a crash keeps it) and shown to her.
    const privateId = privateDocRoomId(room.roomId, ownerOf('alice'))
    await waitFor(async () => {
      const stored = await backend.storedRecords(privateId)
      expect(stored['shape:alice-idea']?.props).toMatchObject({ label: aliceText })
    })
    // Others go on working meanwhile, so their wire is live: Bob's edit reaches the viewers.
    board.bob.put({ ...(board.bob.snapshot()['shape:attr-a'] as StoredRecord), x: 15 })
    await waitFor(() => expect(viewer.snapshot()['shape:attr-a']?.x).toBe(15))
    await waitFor(() => expect(traffic(rawViewer.frames).length).toBeGreaterThan(0))

    expect(contains(othersTraffic(), aliceText)).toBe(false)
    expect(contains(othersTraffic(), aliceValue)).toBe(false)
    expect(contains(othersTraffic(), 'shape:alice-idea')).toBe(false)
    expect(board.bob.snapshot()['shape:alice-idea']).toBeUndefined()
    expect(mine.bob.snapshot()['shape:alice-idea']).toBeUndefined()
    expect((await backend.storedRecords(room.roomId))['shape:alice-idea']).toBeUndefined()
  })

  it('refuses to let anyone else open, name or write someone’s private doc', async () => {
    const privateId = privateDocRoomId(room.roomId, ownerOf('alice'))
    // The internal ids are no room ids.
    for (const path of [privateId, vaultRoomId(room.roomId)]) {
      const closed = await attack(
        path,
        syncParams(room.tokens.facilitator, { browserKey: people.fran.key }),
      )
      expect(closed.code).toBe(closeCodes.invalidRoomId)
    }
    const privatePath = `${room.roomId}${privateDocSuffix}`
    // Viewers and commenters have none; a private doc needs the browser key.
    expect(
      await attack(privatePath, syncParams(room.tokens.viewer, { browserKey: 'x'.repeat(24) })),
    ).toEqual({
      code: closeCodes.forbidden,
      reason: 'only editors and the facilitator have a private doc',
    })
    expect(
      (await attack(privatePath, syncParams(room.tokens.commenter, { browserKey: 'y'.repeat(24) })))
        .code,
    ).toBe(closeCodes.forbidden)
    expect(await attack(privatePath, syncParams(room.tokens.editor))).toEqual({
      code: closeCodes.protocolError,
      reason: 'a private doc needs the browser key',
    })
    // Bob's browser saying it is Alice opens nothing of hers: Alice belongs to her own browser.
    const asAlice = await attack(
      privatePath,
      syncParams(room.tokens.editor, {
        browserKey: people.bob.key,
        participantId: people.alice.id,
      }),
    )
    expect(asAlice).toEqual({
      code: closeCodes.forbidden,
      reason: 'participant p-alice belongs to someone else',
    })
    // A browser key made up for the purpose: no one on the roster, so no private doc (a board
    // has at most one per person on its roster).
    const madeUp = await attack(
      privatePath,
      syncParams(room.tokens.editor, {
        browserKey: 'made-up-browser-key-00000',
        participantId: 'p-x',
      }),
    )
    expect(madeUp).toEqual({
      code: closeCodes.forbidden,
      reason: 'a private doc is for people on the board: say who you are first',
    })
    expect(contains(traffic(...sockets.map((socket) => socket.frames)), aliceText)).toBe(false)
  })

  it('refuses what a private doc must not hold', async () => {
    const privatePath = `${room.roomId}${privateDocSuffix}`
    const bob = syncParams(room.tokens.editor, {
      browserKey: people.bob.key,
      participantId: people.bob.id,
    })
    const page = { id: 'page:mine', typeName: 'page', name: 'Mine', index: 'a9', meta: {} }
    expect(await attack(privatePath, bob, update(recordUpdate(page.id, page)))).toEqual({
      code: closeCodes.forbidden,
      reason: 'record page:mine: a private doc holds shapes and bindings only',
    })
    // A card of the board, copied in to overwrite it at the reveal.
    const boardCard = board.bob.snapshot()['shape:attr-b'] as StoredRecord
    const shadow = { ...boardCard, props: { ...(boardCard.props as object), label: 'Hijacked' } }
    expect(await attack(privatePath, bob, update(recordUpdate(shadow.id, shadow)))).toEqual({
      code: closeCodes.forbidden,
      reason: 'record shape:attr-b: the board already has it',
    })
    const comment = await attack(privatePath, bob, update(entryUpdate('comments', 'thread:t', {})))
    expect(comment.code).toBe(closeCodes.forbidden)
  })

  it('reveals every private card into the board where its author placed it, and empties the private doc', async () => {
    board.fran.setEntry('workshop', 'privateMode', {
      kind: 'privateMode',
      isOn: false,
      startedAt: null,
    })
    await waitFor(() => {
      for (const record of secretRecords) {
        expect(board.bob.snapshot()[record.id]).toEqual(record)
        expect(viewer.snapshot()[record.id]).toEqual(record)
      }
    })
    expect(contains(traffic(rawViewer.frames), aliceText)).toBe(true)
    await waitFor(async () => {
      expect(mine.alice.snapshot()).toEqual({})
      const stored = await backend.storedRecords(privateDocRoomId(room.roomId, ownerOf('alice')))
      expect(stored).toEqual({})
      const onBoard = await backend.storedRecords(room.roomId)
      for (const record of secretRecords) expect(onBoard[record.id]).toEqual(record)
    })
  })
})

describe('secret votes', () => {
  it('publishes a live anonymous vote as totals, never as ballots', async () => {
    const session = voteSession('s-anon', { isAnonymous: true })
    board.fran.setEntry('workshop', `voteSession:${session.id}`, session)
    await waitFor(() =>
      expect(board.alice.entries('workshop')[`voteSession:${session.id}`]).toBeDefined(),
    )
    const ballots = [
      ballotOf('alice', session, ['shape:attr-a', 'shape:attr-a', 'shape:attr-c']),
      ballotOf('bob', session, ['shape:attr-c']),
    ]
    mine.alice.setEntry('votes', `ballot:${session.id}:${people.alice.id}`, ballots[0])
    mine.bob.setEntry('votes', `ballot:${session.id}:${people.bob.id}`, ballots[1])
    await waitFor(() => {
      const tally = published(viewer, session.id)
      expect(tally).toMatchObject({ isFinal: false, hasResults: true, voters: 2, dots: 4 })
      expect(tally?.cards).toEqual(expectedCards(ballots))
    })
    // The voter sees their own ballot; nobody else receives any ballot of the vote.
    expect(mine.alice.entries('votes')[`ballot:${session.id}:${people.alice.id}`]).toEqual(
      ballots[0],
    )
    const others = traffic(
      board.fran.frames,
      board.bob.frames,
      board.alice.frames,
      mine.fran.frames,
      viewer.frames,
      rawViewer.frames,
    )
    expect(contains(others, `ballot:${session.id}`)).toBe(false)
    expect(contains(traffic(mine.bob.frames), `ballot:${session.id}:${people.alice.id}`)).toBe(
      false,
    )
    expect(JSON.stringify(published(viewer, session.id))).not.toMatch(/p-alice|p-bob/)
  })

  it('shows a hidden vote as a count of voters until it closes, then the results', async () => {
    const session = voteSession('s-hidden', { isAnonymous: true, isHiddenUntilEnd: true })
    board.fran.setEntry('workshop', `voteSession:${session.id}`, session)
    await waitFor(() =>
      expect(board.bob.entries('workshop')[`voteSession:${session.id}`]).toBeDefined(),
    )
    const ballots = [
      ballotOf('alice', session, ['shape:attr-b', 'shape:attr-b']),
      ballotOf('bob', session, ['shape:attr-b', 'shape:attr-a', 'shape:attr-c']),
      ballotOf('fran', session, ['shape:attr-c']),
    ]
    mine.alice.setEntry('votes', `ballot:${session.id}:${people.alice.id}`, ballots[0])
    mine.bob.setEntry('votes', `ballot:${session.id}:${people.bob.id}`, ballots[1])
    mine.fran.setEntry('votes', `ballot:${session.id}:${people.fran.id}`, ballots[2])
    await waitFor(() =>
      expect(published(viewer, session.id)).toEqual({
        kind: 'tally',
        sessionId: session.id,
        isFinal: false,
        hasResults: false,
        voters: 3,
        dots: 6,
        votersByFunction: { sales: 0, marketing: 0, product: 0, customerSuccess: 0, other: 0 },
        cards: [],
      }),
    )
    // Nothing of who chose what went out while the vote was open.
    const whileOpen = othersTraffic()
    expect(contains(whileOpen, `ballot:${session.id}`)).toBe(false)

    board.fran.setEntry('workshop', `voteSession:${session.id}`, {
      ...session,
      status: 'closed',
      closedAt: Date.now(),
    })
    await waitFor(() => {
      const tally = published(viewer, session.id)
      expect(tally).toMatchObject({
        isFinal: true,
        hasResults: true,
        voters: 3,
        dots: 6,
        votersByFunction: { sales: 1, marketing: 1, product: 1, customerSuccess: 0, other: 0 },
      })
      expect(tally?.cards).toEqual(expectedCards(ballots))
    })
    expect(contains(othersTraffic(), `ballot:${session.id}`)).toBe(false)
    // Closed: no ballot is taken any more.
    const late = await attack(
      `${room.roomId}${privateDocSuffix}`,
      syncParams(room.tokens.editor, { browserKey: people.bob.key, participantId: people.bob.id }),
      update(entryUpdate('votes', `ballot:${session.id}:${people.bob.id}`, ballots[1])),
    )
    expect(late.code).toBe(closeCodes.forbidden)
    expect(late.reason).toContain('is closed')
  })

  it(
    'refuses secret ballots on the board, public ones in a private doc, and forged results',
    { timeout: 60_000 },
    async () => {
      const secretSession = voteSession('s-secret2', { isAnonymous: true })
      const publicSession = voteSession('s-public')
      board.fran.setEntry('workshop', `voteSession:${secretSession.id}`, secretSession)
      board.fran.setEntry('workshop', `voteSession:${publicSession.id}`, publicSession)
      await waitFor(() =>
        expect(board.bob.entries('workshop')[`voteSession:${publicSession.id}`]).toBeDefined(),
      )
      const bobOnBoard = syncParams(room.tokens.editor, {
        browserKey: people.bob.key,
        participantId: people.bob.id,
      })
      const secretBallot = ballotOf('bob', secretSession, ['shape:attr-a'])
      const onBoard = await attack(
        room.roomId,
        bobOnBoard,
        update(entryUpdate('votes', `ballot:${secretSession.id}:${people.bob.id}`, secretBallot)),
      )
      expect(onBoard).toEqual({
        code: closeCodes.forbidden,
        reason: `ballot:${secretSession.id}:${people.bob.id}: the vote "Key attributes" is secret; its ballots go to your private doc`,
      })
      const privatePath = `${room.roomId}${privateDocSuffix}`
      const publicBallot = ballotOf('bob', publicSession, ['shape:attr-a'])
      const inPrivate = await attack(
        privatePath,
        bobOnBoard,
        update(entryUpdate('votes', `ballot:${publicSession.id}:${people.bob.id}`, publicBallot)),
      )
      expect(inPrivate.reason).toContain('is public; its ballots go to the board')
      // Bob casting Alice's secret ballot in his private doc.
      const forAlice = await attack(
        privatePath,
        bobOnBoard,
        update(
          entryUpdate(
            'votes',
            `ballot:${secretSession.id}:${people.alice.id}`,
            ballotOf('alice', secretSession, ['shape:attr-b']),
          ),
        ),
      )
      expect(forAlice.reason).toContain('you may only cast your own ballot')
      const forged: PublishedTally = {
        kind: 'tally',
        sessionId: secretSession.id,
        isFinal: true,
        hasResults: true,
        voters: 9,
        dots: 9,
        votersByFunction: { sales: 9, marketing: 0, product: 0, customerSuccess: 0, other: 0 },
        cards: [],
      }
      for (const path of [room.roomId, privatePath]) {
        const closed = await attack(
          path,
          syncParams(room.tokens.facilitator, {
            browserKey: people.fran.key,
            participantId: people.fran.id,
          }),
          update(entryUpdate('votes', `tally:${secretSession.id}`, forged)),
        )
        expect(closed.code, path).toBe(closeCodes.forbidden)
      }
      // What others see is the server's tally of no ballot, not the forgery.
      await waitFor(() =>
        expect(published(board.bob, secretSession.id)).toMatchObject({ voters: 0, isFinal: false }),
      )
    },
  )
})

describe('durability', () => {
  it('keeps every stored private card through kill -9 and reveals it after the restart', async () => {
    board.fran.setEntry('workshop', 'privateMode', {
      kind: 'privateMode',
      isOn: true,
      startedAt: 42,
    })
    await waitFor(() =>
      expect(board.bob.entries('workshop').privateMode).toMatchObject({ isOn: true }),
    )
    const crashCards = new BoardBuilder()
    crashCards.attribute(
      { parent: firstPageId, id: 'bob-crash', x: 900, y: 900 },
      { label: 'Kiwi-crash' },
    )
    const [record] = crashCards
      .records()
      .filter((r) => r.typeName === 'shape') as unknown as StoredRecord[]
    mine.bob.put(record!)
    const privateId = privateDocRoomId(room.roomId, ownerOf('bob'))
    await waitFor(async () =>
      expect((await backend.storedRecords(privateId))['shape:bob-crash']).toEqual(record),
    )
    server.child.kill('SIGKILL')
    await server.exited
    for (const client of clients.splice(0)) client.destroy()
    baseUrl = await startServer()

    // Bob's browser, with nothing kept locally, gets his card back from his private doc.
    const bobAgain = connectAs('bob', `${room.roomId}${privateDocSuffix}`, 'editor')
    const franAgain = connectAs('fran', room.roomId, 'facilitator')
    const viewerAgain = connectClient(baseUrl, room.roomId, room.tokens.viewer, {
      recordFrames: true,
    })
    clients.push(viewerAgain)
    await waitFor(() => expect(bobAgain.snapshot()['shape:bob-crash']).toEqual(record), {
      timeout: 20_000,
    })
    await franAgain.synced()
    expect(contains(traffic(viewerAgain.frames), 'Kiwi-crash')).toBe(false)
    franAgain.setEntry('workshop', 'privateMode', {
      kind: 'privateMode',
      isOn: false,
      startedAt: null,
    })
    await waitFor(() => expect(viewerAgain.snapshot()['shape:bob-crash']).toEqual(record), {
      timeout: 20_000,
    })
    await waitFor(() => expect(bobAgain.snapshot()).toEqual({}))
  }, 60_000)
})

/** An update as a sync update frame. */
function update(bytes: Uint8Array): Uint8Array {
  return encodeSyncUpdate(bytes)
}

/**
 * Opens a raw socket to `/sync/<path>` with `params`, sends `frame` (if any) and resolves with how
 * the server closed it (`still open` after 15 s).
 */
async function attack(
  path: string,
  params: Record<string, string>,
  frame?: Uint8Array,
): Promise<{ code: number; reason: string }> {
  const socket = openRawSocket(baseUrl, `${path}?${new URLSearchParams(params).toString()}`)
  sockets.push(socket)
  await socket.opened.catch(() => undefined)
  if (frame) socket.socket.send(frame)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<{ code: number; reason: string }>((resolve) => {
    timer = setTimeout(() => resolve({ code: -1, reason: 'still open' }), 15_000)
  })
  try {
    return await Promise.race([socket.closed, timeout])
  } finally {
    clearTimeout(timer)
  }
}
