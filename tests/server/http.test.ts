import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maxApiBodyBytes } from '../../server/http'
import { isValidRoomId } from '../../shared/roomId'
import { createTempDir, removeDir, startTestServer, type TestServer } from '../helpers/syncServer'

let harness: TestServer
let staticDir: string

async function request(pathname: string, init?: RequestInit) {
  const response = await fetch(`${harness.url}${pathname}`, init)
  const type = response.headers.get('content-type') ?? ''
  const body: unknown = type.includes('json') ? await response.json() : await response.text()
  return { status: response.status, type, body, headers: response.headers }
}

function post(pathname: string, body: string | undefined, headers: Record<string, string> = {}) {
  return request(pathname, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

beforeAll(async () => {
  staticDir = createTempDir('icp-static-')
  fs.mkdirSync(path.join(staticDir, 'assets'))
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ICP Workshop</title>')
  fs.writeFileSync(path.join(staticDir, 'assets', 'app-1234.js'), 'console.log("app")')
  harness = await startTestServer({ staticDir })
})

afterAll(async () => {
  await harness.stop()
  removeDir(staticDir)
})

describe('HTTP API', () => {
  it('reports health: the database answers, no Redis on a single node', async () => {
    expect(await request('/api/health')).toMatchObject({
      status: 200,
      body: { ok: true, database: { ok: true, ms: expect.any(Number) }, redis: null },
    })
    expect(await request('/api/ready')).toMatchObject({ status: 200, body: { ready: true } })
  })

  it('serves Prometheus metrics outside /api', async () => {
    const metrics = await request('/metrics')
    expect(metrics.status).toBe(200)
    expect(metrics.type).toMatch(/^text\/plain/)
    for (const [name, type] of [
      ['icp_rooms_loaded', 'gauge'],
      ['icp_connections', 'gauge'],
      ['icp_updates_committed_total', 'counter'],
      ['icp_storage_write_seconds', 'histogram'],
      ['icp_storage_batch_updates', 'histogram'],
      ['process_resident_memory_bytes', 'gauge'],
    ]) {
      expect(metrics.body).toContain(`\n# TYPE ${name} ${type}\n`)
    }
    expect(metrics.body).toMatch(/^icp_rooms_loaded 0$/m)
  })

  it('creates a room with a random, valid id and no body', async () => {
    const { status, body } = await post('/api/rooms', undefined)
    expect(status).toBe(201)
    const { roomId } = body as { roomId: string }
    expect(roomId).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(isValidRoomId(roomId)).toBe(true)
  })

  it('creates a room from a named template', async () => {
    expect((await post('/api/rooms', '{"template":"blank"}')).status).toBe(201)
  })

  it('describes a room with its creation and update times and the role of the token', async () => {
    const before = Date.now()
    const { body } = await post('/api/rooms', '{}')
    const { roomId, links } = body as { roomId: string; links: { commenter: string } }
    const info = await request(`/api/rooms/${roomId}`, {
      headers: { authorization: `Bearer ${links.commenter}` },
    })
    expect(info.status).toBe(200)
    const { createdAt, updatedAt } = info.body as { createdAt: string; updatedAt: string }
    expect(info.body).toEqual({ roomId, createdAt, updatedAt, role: 'commenter' })
    expect(Date.parse(createdAt)).toBeGreaterThanOrEqual(before - 1000)
    expect(updatedAt).toBe(createdAt)
  })

  it.each([
    ['malformed JSON', 'nope', 'request body must be JSON, e.g. {"template":"blank"}'],
    [
      'an unknown template',
      '{"template":"nope"}',
      /^invalid request body: template: Invalid option: expected one of .*"blank"/,
    ],
    ['an unknown field', '{"colour":"red"}', /^invalid request body: .*colour/],
    ['a body that is not an object', '[1]', /^invalid request body: /],
  ])('answers 400 with a JSON error for %s', async (_name, body, message) => {
    const response = await post('/api/rooms', body)
    expect(response.status).toBe(400)
    expect(response.type).toContain('application/json')
    const { error } = response.body as { error: string }
    if (typeof message === 'string') expect(error).toBe(message)
    else expect(error).toMatch(message)
  })

  it('answers 413 for a body above the size limit', async () => {
    const response = await post(
      '/api/rooms',
      JSON.stringify({ template: 'x'.repeat(maxApiBodyBytes) }),
    )
    expect(response).toMatchObject({
      status: 413,
      body: { error: `request body is larger than ${maxApiBodyBytes} bytes` },
    })
  })

  it('closes the connection after refusing a body as too large, so the next request gets a fresh one', async () => {
    const response = await fetch(`${harness.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'x'.repeat(1024 * 1024) }),
    })
    expect(response.status).toBe(413)
    expect(response.headers.get('connection')).toBe('close')
    await response.arrayBuffer()
    // Without `Connection: close` the client reused the socket the server was dropping.
    for (let i = 0; i < 3; i++) expect((await post('/api/rooms', '{}')).status).toBe(201)
  })

  it('answers 404 for an unknown room and 400 for a malformed id', async () => {
    expect(await request('/api/rooms/abcdefgh')).toMatchObject({
      status: 404,
      body: { error: 'room abcdefgh does not exist' },
    })
    expect(await request('/api/rooms/abc')).toMatchObject({
      status: 400,
      body: { error: 'invalid room id: room id must be at least 6 characters' },
    })
    expect(await request('/api/rooms/abc.defgh')).toMatchObject({
      status: 400,
      body: { error: 'invalid room id: room id may only contain letters, digits, "-" and "_"' },
    })
  })

  it('answers unknown API routes and methods with a JSON 404', async () => {
    expect(await request('/api/nothing')).toMatchObject({
      status: 404,
      body: { error: 'no API route GET /api/nothing' },
    })
    expect(await request('/api/rooms', { method: 'DELETE' })).toMatchObject({
      status: 404,
      body: { error: 'no API route DELETE /api/rooms' },
    })
  })
})

describe('static client', () => {
  it('serves the built index and hashed assets with cache headers', async () => {
    const index = await request('/')
    expect(index).toMatchObject({ status: 200, body: '<!doctype html><title>ICP Workshop</title>' })
    expect(index.headers.get('cache-control')).toBe('no-cache')
    const asset = await request('/assets/app-1234.js')
    expect(asset).toMatchObject({ status: 200, body: 'console.log("app")' })
    expect(asset.type).toContain('javascript')
    expect(asset.headers.get('cache-control')).toContain('immutable')
  })

  it('falls back to index.html for client routes and never serves files outside dist', async () => {
    expect(await request('/board/abcdefgh')).toMatchObject({
      status: 200,
      body: expect.stringContaining('ICP Workshop'),
    })
    const escaped = await request('/%2e%2e/%2e%2e/package.json')
    expect(escaped.body).toContain('ICP Workshop')
  })

  it('tells the user to build the client when dist/ is missing', async () => {
    const bare = await startTestServer({ staticDir: path.join(staticDir, 'missing') })
    try {
      const response = await fetch(`${bare.url}/`)
      expect(response.status).toBe(503)
      expect(await response.text()).toMatch(/not built.*Run `npm run build`/)
    } finally {
      await bare.stop()
    }
  })
})
