import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { secretFileName } from '../../server/auth'
import { closeCodes } from '../../shared/protocol'
import { geoShape } from '../helpers/records'
import {
  createTempDir,
  removeDir,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

const day = 24 * 60 * 60 * 1000
/** The server's clock; tests move it forward to expire links. */
let time = Date.parse('2026-03-01T12:00:00.000Z')
let harness: TestServer
let roomA: string
let roomB: string

beforeAll(async () => {
  harness = await startTestServer({ now: () => time })
  roomA = await harness.createRoom()
  roomB = await harness.createRoom()
})

afterAll(async () => {
  await harness.stop()
})

/** The provider was refused with `unauthorized` and `reason`, and stopped reconnecting. */
async function expectUnauthorized(client: TestClient, reason: string) {
  const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
    client.provider.on('closed', (event) => resolve(event)),
  )
  expect(closed).toEqual({ code: closeCodes.unauthorized, reason })
  expect(client.provider.shouldConnect).toBe(false)
  expect(client.provider.synced).toBe(false)
}

/** `token` with its payload rewritten by `change` and the original signature kept. */
function withPayload(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [payload = '', signature = ''] = token.split('.')
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
    string,
    unknown
  >
  change(decoded)
  return `${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${signature}`
}

/** `token` with the first character of its signature changed. */
function withForgedSignature(token: string): string {
  const [payload = '', signature = ''] = token.split('.')
  return `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`
}

describe('tokens at the WebSocket upgrade', () => {
  it('lets a token of the room in, with its role', async () => {
    const client = harness.connect(roomA, { role: 'viewer' })
    await client.synced()
    expect(client.closes).toEqual([])
    expect(
      harness.events.some((e) => e.event === 'connection.opened' && e.fields.role === 'viewer'),
    ).toBe(true)
  })

  it.each<[string, () => string | null, string]>([
    ['no token', () => null, 'no token: open the board with its share link'],
    ['a malformed token', () => 'not-a-token', 'malformed token'],
    [
      'a token with a forged signature',
      () => withForgedSignature(harness.tokens(roomA).viewer),
      'invalid token: the signature does not match (tampered, or from another server)',
    ],
    [
      'a viewer token rewritten to say facilitator',
      () => withPayload(harness.tokens(roomA).viewer, (p) => (p.role = 'facilitator')),
      'invalid token: the signature does not match (tampered, or from another server)',
    ],
    [
      'a token of another board',
      () => harness.tokens(roomB).facilitator,
      'this token is for another board',
    ],
  ])('refuses %s with unauthorized, and the provider stops', async (_name, token, reason) => {
    const client = harness.connect(roomA, { token: token() })
    await expectUnauthorized(client, reason)
    expect(
      harness.events.some(
        (e) => e.event === 'connection.refused' && e.fields.code === closeCodes.unauthorized,
      ),
    ).toBe(true)
  })

  it('refuses an expired share link, while the facilitator token never expires', async () => {
    const room = await harness.createRoom()
    const start = time
    time += 181 * day
    try {
      const viewer = harness.connect(room, { role: 'viewer' })
      const expiry = new Date(start + 180 * day).toISOString().slice(0, 10)
      await expectUnauthorized(
        viewer,
        `this link expired on ${expiry}; ask the facilitator for a new one`,
      )
      time += 3650 * day
      const facilitator = harness.connect(room, { role: 'facilitator' })
      await facilitator.synced()
      expect(facilitator.closes).toEqual([])
    } finally {
      time = start
    }
  })

  it('closes a socket whose link expires while it is open', async () => {
    const start = time
    const expiring = await startTestServer({ now: () => time, pingIntervalMs: 20 })
    try {
      const room = await expiring.createRoom()
      const viewer = expiring.connect(room, { role: 'viewer' })
      const facilitator = expiring.connect(room, { role: 'facilitator' })
      await Promise.all([viewer.synced(), facilitator.synced()])
      time += 181 * day
      const expiry = new Date(start + 180 * day).toISOString().slice(0, 10)
      await expectUnauthorized(
        viewer,
        `this link expired on ${expiry}; ask the facilitator for a new one`,
      )
      expect(facilitator.closes).toEqual([])
    } finally {
      time = start
      await expiring.stop()
    }
  })

  it('refuses links revoked by rotation, closes open sockets holding one, and takes the new one', async () => {
    const room = await harness.createRoom()
    const oldViewer = harness.connect(room, { role: 'viewer' })
    const editor = harness.connect(room, { role: 'editor' })
    await Promise.all([oldViewer.synced(), editor.synced()])
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      oldViewer.provider.on('closed', (event) => resolve(event)),
    )

    const rotated = await harness.api('POST', `/api/rooms/${room}/links/viewer/rotate`, {
      role: 'facilitator',
    })
    expect(rotated.status).toBe(200)
    const { token } = rotated.body as { token: string }

    const reason = 'this viewer link was revoked by the facilitator; ask for the new link'
    expect(await closed).toEqual({ code: closeCodes.unauthorized, reason })
    const again = harness.connect(room, { role: 'viewer' })
    await expectUnauthorized(again, reason)

    const fresh = harness.connect(room, { token })
    await fresh.synced()
    editor.put(geoShape('after-rotation'))
    await waitFor(() => expect(fresh.snapshot()['shape:after-rotation']).toBeDefined())
    expect(editor.closes).toEqual([])
  })
})

describe('tokens on the HTTP API', () => {
  it('creates a board with the facilitator token and three share links', async () => {
    const response = await fetch(`${harness.url}/api/rooms`, { method: 'POST' })
    expect(response.status).toBe(201)
    const body = (await response.json()) as Record<string, unknown>
    expect(body).toEqual({
      roomId: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      facilitatorToken: expect.stringMatching(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/),
      links: {
        editor: expect.any(String),
        commenter: expect.any(String),
        viewer: expect.any(String),
      },
      linksExpireAt: new Date(time + 180 * day).toISOString(),
    })
  })

  it('accepts the share token as a Bearer header, and reports its role', async () => {
    const bearer = await harness.api('GET', `/api/rooms/${roomA}`, { role: 'commenter' })
    expect(bearer).toMatchObject({ status: 200, body: { roomId: roomA, role: 'commenter' } })
  })

  it('refuses a share token in a link (?t=): links carry one-minute download tokens that only read', async () => {
    const inLink = await fetch(
      `${harness.url}/api/rooms/${roomA}/icp.json?t=${encodeURIComponent(harness.tokens(roomA).editor)}`,
    )
    expect(inLink.status).toBe(401)
    expect(await inLink.json()).toEqual({
      error:
        'a link carries a download token (POST /api/rooms/:roomId/download-token), never the share-link token; send that in the Authorization header',
    })

    const issued = await harness.api('POST', `/api/rooms/${roomA}/download-token`, {
      role: 'editor',
    })
    expect(issued).toEqual({
      status: 200,
      body: { token: expect.any(String), expiresAt: new Date(time + 60_000).toISOString() },
    })
    const { token } = issued.body as { token: string }
    const downloaded = await fetch(`${harness.url}/api/rooms/${roomA}/icp.json?t=${token}`)
    expect(downloaded.status).toBe(200)
    expect(await harness.api('GET', `/api/rooms/${roomA}`, { token })).toMatchObject({
      status: 200,
      body: { role: 'editor' },
    })
    // It only reads: no changes, no board connection.
    expect(await harness.api('POST', `/api/rooms/${roomA}/download-token`, { token })).toEqual({
      status: 401,
      body: {
        error:
          'a download token only downloads; send the share-link token in the Authorization header',
      },
    })
    const socket = harness.openSocket(roomA, { token })
    expect(await socket.closed).toEqual({
      code: closeCodes.unauthorized,
      reason: 'a download token cannot open the board; use the share link',
    })
    // And it lasts a minute.
    time += 60_000
    const expired = await fetch(`${harness.url}/api/rooms/${roomA}/icp.json?t=${token}`)
    expect(expired.status).toBe(401)
  })

  it.each<[string, () => string | null, string]>([
    ['no token', () => null, 'no token: open the board with its share link'],
    [
      'a forged token',
      () => withForgedSignature(harness.tokens(roomA).facilitator),
      'invalid token: the signature does not match (tampered, or from another server)',
    ],
    [
      'a token of another board',
      () => harness.tokens(roomB).facilitator,
      'this token is for another board',
    ],
  ])('answers 401 for %s, on every room route', async (_name, token, error) => {
    for (const route of ['', '/links', '/versions', '/icp.json', '/no-such-route']) {
      const response = await harness.api('GET', `/api/rooms/${roomA}${route}`, { token: token() })
      expect(response).toEqual({ status: 401, body: { error } })
    }
  })

  it('answers 401 for an expired link and a rotated one', async () => {
    const room = await harness.createRoom()
    const start = time
    time += 200 * day
    try {
      expect(await harness.api('GET', `/api/rooms/${room}`, { role: 'editor' })).toMatchObject({
        status: 401,
        body: { error: expect.stringMatching(/^this link expired on \d{4}-\d{2}-\d{2}/) },
      })
    } finally {
      time = start
    }
    await harness.api('POST', `/api/rooms/${room}/links/commenter/rotate`, { role: 'facilitator' })
    expect(await harness.api('GET', `/api/rooms/${room}`, { role: 'commenter' })).toEqual({
      status: 401,
      body: { error: 'this commenter link was revoked by the facilitator; ask for the new link' },
    })
  })

  it.each<[string, string, 'viewer' | 'commenter' | 'editor']>([
    ['GET', '/links', 'editor'],
    ['POST', '/links/viewer/rotate', 'editor'],
    ['POST', '/versions', 'editor'],
    ['POST', '/versions/abc/restore', 'commenter'],
  ])('answers 403 for %s %s with a(n) %s link', async (method, route, role) => {
    const response = await harness.api(method, `/api/rooms/${roomA}${route}`, {
      role,
      body: method === 'POST' ? { name: 'v1' } : undefined,
    })
    const article = role === 'editor' ? 'an' : 'a'
    expect(response).toEqual({
      status: 403,
      body: { error: `this needs a facilitator link; yours is ${article} ${role} link` },
    })
  })

  it('gives the facilitator fresh share-link tokens that work', async () => {
    const response = await harness.api('GET', `/api/rooms/${roomA}/links`, { role: 'facilitator' })
    expect(response.status).toBe(200)
    const { links } = response.body as { links: Record<'editor' | 'viewer', string> }
    const viewer = await harness.api('GET', `/api/rooms/${roomA}`, { token: links.viewer })
    expect(viewer.body).toMatchObject({ role: 'viewer' })
    const client = harness.connect(roomA, { token: links.editor })
    await client.synced()
  })

  it('refuses to rotate a role that does not exist', async () => {
    expect(
      await harness.api('POST', `/api/rooms/${roomA}/links/owner/rotate`, { role: 'facilitator' }),
    ).toEqual({
      status: 400,
      body: { error: 'unknown role "owner": use one of facilitator, editor, commenter, viewer' },
    })
  })
})

describe('the token secret', () => {
  const dirs: string[] = []
  const servers: TestServer[] = []

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop({ keepData: true })
    for (const dir of dirs.splice(0)) removeDir(dir)
  })

  it('is generated once into secret.key (mode 0600) and kept across restarts', async () => {
    const dataDir = createTempDir()
    dirs.push(dataDir)
    const first = await startTestServer({ dataDir })
    servers.push(first)
    const room = await first.createRoom()
    const file = path.join(dataDir, secretFileName)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const secret = fs.readFileSync(file, 'utf8')
    await first.stop({ keepData: true })
    servers.splice(0)

    const second = await startTestServer({ dataDir })
    servers.push(second)
    expect(fs.readFileSync(file, 'utf8')).toBe(secret)
    const client = second.connect(room, { role: 'viewer' })
    await client.synced()
  })

  it('is SECRET when given: tokens signed with another secret are refused', async () => {
    const dataDir = createTempDir()
    dirs.push(dataDir)
    const first = await startTestServer({ dataDir, secret: 'a'.repeat(40) })
    servers.push(first)
    const room = await first.createRoom()
    expect(fs.existsSync(path.join(dataDir, secretFileName))).toBe(false)
    await first.stop({ keepData: true })
    servers.splice(0)

    const second = await startTestServer({ dataDir, secret: 'b'.repeat(40) })
    servers.push(second)
    expect(await second.api('GET', `/api/rooms/${room}`, { role: 'facilitator' })).toEqual({
      status: 401,
      body: {
        error: 'invalid token: the signature does not match (tampered, or from another server)',
      },
    })
  })
})
