/**
 * scripts/migrateToPostgres.ts moves a SQLite deployment into PostgreSQL: a node started on the
 * new database (without SECRET) serves every board exactly as before, with the same share links
 * (revoked ones stay revoked), versions and customer data; a second run refuses to touch a
 * database that already holds rooms.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { closeCodes } from '../../shared/protocol'
import { readSample } from '../helpers/datasets'
import { geoShape } from '../helpers/records'
import { spawnServer, type ServerProcess } from '../helpers/serverProcess'
import { createTestDatabase } from '../helpers/storageBackend'
import {
  connectClient,
  createTempDir,
  openRawSocket,
  syncParams,
  removeDir,
  startTestServer,
  type TestClient,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'
import { comment, thread } from '../helpers/workshopEntries'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const dirs: string[] = []
const clients: TestClient[] = []
let node: (ServerProcess & { ready: Promise<string> }) | undefined

afterAll(async () => {
  for (const client of clients) client.destroy()
  node?.child.kill('SIGKILL')
  await node?.exited
  for (const dir of dirs) removeDir(dir)
})

function migrate(env: Record<string, string>) {
  return promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/migrateToPostgres.ts'],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
    },
  ).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  )
}

async function api(base: string, pathname: string, token: string, init: RequestInit = {}) {
  const response = await fetch(`${base}${pathname}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('moving a SQLite deployment to PostgreSQL', () => {
  it('keeps every board, link, version and data set, and refuses a second run', async () => {
    const dataDir = createTempDir('icp-migrate-')
    dirs.push(dataDir)
    // A SQLite deployment with some history: edits, comments, a rotated link, a version, data.
    const sqlite = await startTestServer({
      dataDir,
      webhookPolicy: { allowedHosts: ['127.0.0.1'] },
    })
    const board = await sqlite.createRoom({ template: 'icp-workshop' })
    const other = await sqlite.createRoom()
    const tokens = sqlite.tokens(board)
    // Comments are written under the author's own participant id (see thread and comment).
    const editor = sqlite.connect(board, { participantId: 'p-alice' })
    const helper = sqlite.connect(other)
    await Promise.all([editor.synced(), helper.synced()])
    for (let i = 0; i < 30; i++) editor.put(geoShape(`card${i % 10}`, i, i))
    editor.setEntry('comments', 'thread:t1', thread('t1'))
    editor.setEntry('comments', 'comment:c1', comment('c1', 't1'))
    helper.put(geoShape('elsewhere'))
    await waitFor(() => expect(sqlite.storedRecords(other)['shape:elsewhere']).toBeDefined())
    await waitFor(() =>
      expect(sqlite.storedEntries(board, 'comments')).toEqual(editor.entries('comments')),
    )
    const rotated = await sqlite.api('POST', `/api/rooms/${board}/links/viewer/rotate`, {
      role: 'facilitator',
    })
    const saved = await sqlite.api('POST', `/api/rooms/${board}/versions`, {
      role: 'facilitator',
      body: { name: 'Before the move' },
    })
    const imported = await fetch(`${sqlite.url}/api/rooms/${board}/datasets/customers`, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${tokens.editor}` },
      body: readSample('customers.csv'),
    })
    const webhook = await sqlite.api('PUT', `/api/rooms/${board}/webhook`, {
      role: 'facilitator',
      body: { url: 'http://127.0.0.1:9/hooks/board' },
    })
    expect([rotated.status, saved.status, imported.status, webhook.status]).toEqual([
      200, 201, 200, 200,
    ])
    const boardBefore = editor.snapshot()
    const commentsBefore = editor.entries('comments')
    const newViewer = (rotated.body as { token: string }).token
    const infoBefore = await api(sqlite.url, `/api/rooms/${board}`, newViewer)
    expect(infoBefore.status).toBe(200)
    await sqlite.stop({ keepData: true })

    const databaseUrl = await createTestDatabase()
    const moved = await migrate({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl })
    expect(moved.stderr).toBe('')
    expect(moved.stdout).toContain('Moved into PostgreSQL: 2 rooms (')
    expect(moved.stdout).toContain(
      '1 link generations, 1 versions, 0 room backups, 1 data sets, 1 webhooks',
    )
    expect(moved.stdout).toContain('Every room reads back the same.')

    // A node on PostgreSQL, with an empty data directory and no SECRET.
    const emptyDir = createTempDir('icp-migrated-')
    dirs.push(emptyDir)
    node = spawnServer({ DATA_DIR: emptyDir, DATABASE_URL: databaseUrl })
    const url = await node.ready
    const reader = connectClient(url, board, tokens.editor)
    clients.push(reader)
    await reader.synced()
    expect(reader.snapshot()).toEqual(boardBefore)
    expect(reader.entries('comments')).toEqual(commentsBefore)
    expect(await api(url, `/api/rooms/${board}`, tokens.viewer)).toEqual({
      status: 401,
      body: { error: 'this viewer link was revoked by the facilitator; ask for the new link' },
    })
    expect((await api(url, `/api/rooms/${board}`, newViewer)).body).toEqual(infoBefore.body)
    const revoked = openRawSocket(url, `${board}?${new URLSearchParams(syncParams(tokens.viewer))}`)
    expect((await revoked.closed).code).toBe(closeCodes.unauthorized)
    expect((await api(url, `/api/rooms/${board}/versions`, newViewer)).body).toMatchObject({
      versions: [{ name: 'Before the move' }],
    })
    // The webhook moved too (read back by the facilitator, the URL shown as a preview).
    expect((await api(url, `/api/rooms/${board}/webhook`, tokens.facilitator)).body).toMatchObject({
      webhook: { urlPreview: 'http://127.0.0.1:9/…oard' },
    })
    const rows = await api(url, `/api/rooms/${board}/datasets/customers`, newViewer)
    expect((rows.body as { rows: unknown[] }).rows).toHaveLength(500)
    // Edits go on, into PostgreSQL.
    reader.put(geoShape('after-move'))
    const otherReader = connectClient(url, other, sqlite.tokens(other).editor)
    clients.push(otherReader)
    await otherReader.synced()
    expect(otherReader.snapshot()['shape:elsewhere']).toBeDefined()

    const again = await migrate({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl })
    expect(again).toMatchObject({
      code: 1,
      stderr:
        'Nothing was moved: the database already holds 2 rooms: migrate into an empty database\n',
    })
  })
})
