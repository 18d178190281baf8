/**
 * Boards survive upgrades: a room stored by an earlier release (doc layout 1, one entry per whole
 * record; tests/fixtures/rooms/layout-v1-room.json) is converted and migrated when it loads, in one
 * stored transaction with a backup; an old client's offline edits still land; clients older or
 * newer than the server are told so instead of editing what they cannot read.
 */
import { execFileSync } from 'node:child_process'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { TokenAuthority } from '../../server/auth'
import { createSqliteStorage } from '../../server/storage/sqliteStorage'
import { readBoardRecords } from '../../shared/BoardRecords'
import type { StoredRecord } from '../../shared/docLayout'
import { closeCodes, syncFormatParam, syncTokenParam } from '../../shared/protocol'
import { boardFormatGeneration } from '../../shared/schema/boardFormat'
import { createBoardSchema } from '../../shared/schema/boardSchema'
import type { Role } from '../../shared/workshop/roles'
import fixture from '../fixtures/rooms/layout-v1-room.json'
import { geoShape, putRecords } from '../helpers/records'
import {
  connectClient,
  createTempDir,
  readStoredDoc,
  readStoredLog,
  removeDir,
  startTestServer,
  syncUrl,
  type TestServer,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

const fixtureUpdates = fixture.updates.map((text) => new Uint8Array(Buffer.from(text, 'base64')))

/** The fixture as layout 1 readers saw it: y-utility's YKeyValue over `tldraw`. */
function fixtureDoc(): Y.Doc {
  const doc = new Y.Doc()
  for (const update of fixtureUpdates) Y.applyUpdate(doc, update)
  return doc
}

function legacyEntries(doc: Y.Doc, root: string): Map<string, unknown> {
  const entries = new YKeyValue<unknown>(doc.getArray(root))
  return new Map([...entries.map].map(([key, entry]) => [key, entry.val]))
}

/** A data directory holding the fixture room exactly as the old server stored it. */
async function dataDirWithFixture(): Promise<{ dataDir: string; tokens: Record<Role, string> }> {
  const dataDir = createTempDir()
  const storage = createSqliteStorage(dataDir)
  const [snapshot, ...log] = fixtureUpdates
  await storage.createRoom(fixture.roomId, snapshot as Uint8Array)
  await storage.appendUpdates(log.map((update) => ({ roomId: fixture.roomId, update })))
  const authority = new TokenAuthority({
    secret: await storage.loadOrCreateSecret(),
    generations: storage,
  })
  const roles: Role[] = ['facilitator', 'editor', 'commenter', 'viewer']
  const tokens: Record<string, string> = {}
  for (const role of roles) tokens[role] = (await authority.issue(fixture.roomId, role)).token
  await storage.close()
  return { dataDir, tokens: tokens as Record<Role, string> }
}

/** Runs `use` on the SQLite storage in `dataDir` (a second connection), then closes it. */
async function withStorage<T>(
  dataDir: string,
  use: (storage: ReturnType<typeof createSqliteStorage>) => Promise<T>,
): Promise<T> {
  const storage = createSqliteStorage(dataDir)
  try {
    return await use(storage)
  } finally {
    await storage.close()
  }
}

const servers: TestServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop()
})

async function start(dataDir: string) {
  const server = await startTestServer({ dataDir })
  servers.push(server)
  return server
}

describe('a room stored by the previous release', () => {
  it('loads with every record, comment and person, converted in one stored transaction with a backup', async () => {
    const old = fixtureDoc()
    const oldRecords = legacyEntries(old, 'tldraw') as Map<string, StoredRecord>
    const oldComments = legacyEntries(old, 'comments')
    expect(oldRecords.size).toBeGreaterThan(15)
    const { dataDir, tokens } = await dataDirWithFixture()
    const server = await start(dataDir)

    const client = connectClient(server.url, fixture.roomId, tokens.editor)
    server.clients.push(client)
    await client.synced()
    const seen = new Map(client.records.all().map((record) => [record.id, record]))
    expect([...seen.keys()].sort()).toEqual([...oldRecords.keys()].sort())
    for (const [id, record] of oldRecords) expect(seen.get(id), id).toMatchObject(record)
    // The attribute cards were stored before weights and any/all lists: migrated on load.
    expect(seen.get('shape:fixture-funding')?.props).toMatchObject({ weight: 1, listMatch: 'any' })
    expect(oldRecords.get('shape:fixture-funding')?.props).not.toHaveProperty('weight')
    expect(client.entries('comments')).toEqual(Object.fromEntries(oldComments))
    expect(client.doc.getArray('tldraw').length).toBe(0)
    const meta = client.doc.getMap('meta')
    expect(meta.get('layout')).toBe(2)
    expect(meta.get('schema')).toEqual(createBoardSchema().serialize())
    expect(meta.get('legacySchema')).toEqual(old.getMap('meta').get('schema'))

    // Stored as one snapshot (the log it covered is gone), with the old state kept as a backup.
    expect(readStoredLog(dataDir, fixture.roomId).logCount).toBe(0)
    const backups = await withStorage(dataDir, (storage) => storage.listRoomBackups(fixture.roomId))
    expect(backups).toMatchObject([{ reason: 'upgrade from doc layout 1' }])
    expect(server.events.filter((e) => e.event === 'room.upgraded')).toHaveLength(1)
    old.destroy()
  })

  it('is upgraded once: a restart loads the upgraded room as it is', async () => {
    const { dataDir, tokens } = await dataDirWithFixture()
    const first = await start(dataDir)
    const client = first.connect(fixture.roomId, { token: tokens.viewer })
    await client.synced()
    await first.stop({ keepData: true })
    servers.splice(servers.indexOf(first), 1)

    const second = await start(dataDir)
    const again = second.connect(fixture.roomId, { token: tokens.viewer })
    await again.synced()
    expect(second.events.some((e) => e.event === 'room.upgraded')).toBe(false)
    expect(
      await withStorage(dataDir, (storage) => storage.listRoomBackups(fixture.roomId)),
    ).toHaveLength(1)
  })

  it('can be put back as it was from its backup (for a downgrade)', async () => {
    const { dataDir, tokens } = await dataDirWithFixture()
    const server = await start(dataDir)
    const client = server.connect(fixture.roomId, { token: tokens.viewer })
    await client.synced()
    await server.stop({ keepData: true })
    servers.splice(servers.indexOf(server), 1)

    await withStorage(dataDir, async (storage) => {
      const [backup] = await storage.listRoomBackups(fixture.roomId)
      expect(await storage.restoreRoomBackup(fixture.roomId, backup!.id)).toBe(true)
      expect(await storage.restoreRoomBackup(fixture.roomId, 999_999)).toBe(false)
    })
    const restored = readStoredDoc(dataDir, fixture.roomId)
    const old = fixtureDoc()
    expect(legacyEntries(restored, 'tldraw')).toEqual(legacyEntries(old, 'tldraw'))
    expect(restored.getMap('meta').get('layout')).toBeUndefined()
    restored.destroy()
    old.destroy()
    removeDir(dataDir)
  })

  it('lists and restores backups with scripts/roomBackups.ts', { timeout: 30_000 }, async () => {
    const { dataDir, tokens } = await dataDirWithFixture()
    const server = await start(dataDir)
    const client = server.connect(fixture.roomId, { token: tokens.viewer })
    await client.synced()
    await server.stop({ keepData: true })
    servers.splice(servers.indexOf(server), 1)

    const run = (...args: string[]) =>
      execFileSync('npx', ['tsx', 'scripts/roomBackups.ts', ...args], {
        env: { ...process.env, DATA_DIR: dataDir },
        encoding: 'utf8',
      })
    const listed = run(fixture.roomId)
    const [id] = listed.split('\t')
    expect(listed).toMatch(
      /^\d+\t\d{4}-\d\d-\d\dT[\d:.]+Z\t\d+ bytes\tupgrade from doc layout 1\n$/,
    )
    expect(run(fixture.roomId, 'restore', id!)).toBe(
      `restored backup ${id} of room ${fixture.roomId}\n`,
    )
    const restored = readStoredDoc(dataDir, fixture.roomId)
    const old = fixtureDoc()
    expect(legacyEntries(restored, 'tldraw')).toEqual(legacyEntries(old, 'tldraw'))
    restored.destroy()
    old.destroy()
    removeDir(dataDir)
  })

  it('takes an old client’s offline edit of a card, replayed from its local copy, as a field edit', async () => {
    const { dataDir, tokens } = await dataDirWithFixture()
    // The old client's local copy: the room as it was, plus an edit made offline by its old code.
    const local = fixtureDoc()
    const legacy = new YKeyValue<StoredRecord>(local.getArray('tldraw'))
    const funding = legacy.get('shape:fixture-funding') as StoredRecord
    legacy.set(funding.id, { ...funding, props: { ...(funding.props as object), label: 'Stage' } })

    const server = await start(dataDir)
    // Meanwhile someone on the new release changes the card's value.
    const online = server.connect(fixture.roomId, { token: tokens.facilitator })
    await online.synced()
    const current = online.records.get('shape:fixture-funding') as StoredRecord
    online.put({
      ...current,
      props: { ...(current.props as object), value: 'Series B+' },
    } as StoredRecord)

    // The same browser, reloaded with the new release, syncs its local copy.
    const provider = new WebsocketProvider(syncUrl(server.url), fixture.roomId, local, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: {
        [syncTokenParam]: tokens.editor,
        [syncFormatParam]: String(boardFormatGeneration),
      },
    })
    try {
      await waitFor(() => {
        const card = online.records.get('shape:fixture-funding')?.props as Record<string, unknown>
        expect(card).toMatchObject({ label: 'Stage' })
      })
      // Its whole-record edit came after the upgrade, so it wins over the upgrade's fields; the
      // value edited meanwhile was in the same record and is overwritten by it (layout 1 wrote
      // whole records). Nothing is left in the old root.
      await waitFor(() => expect(local.getArray('tldraw').length).toBe(0))
      expect(readBoardRecords(local).find((r) => r.id === funding.id)?.props).toMatchObject({
        label: 'Stage',
      })
    } finally {
      provider.destroy()
      local.destroy()
    }
  })
})

describe('clients of another release', () => {
  async function closeOf(params: Record<string, string>, server: TestServer, roomId: string) {
    const query = new URLSearchParams(params).toString()
    const socket = new WebSocket(`${syncUrl(server.url)}/${roomId}?${query}`)
    return new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    )
  }

  it('tells a client older than the board to reload, and a newer one to try again', async () => {
    const server = await start(createTempDir())
    const roomId = await server.createRoom({ template: 'blank' })
    const token = server.tokens(roomId).editor
    const outdated = {
      code: closeCodes.clientOutdated,
      reason: 'a newer version of this board is available: reload the page',
    }
    // The previous release sent no format at all.
    expect(await closeOf({ [syncTokenParam]: token }, server, roomId)).toEqual(outdated)
    expect(
      await closeOf(
        { [syncTokenParam]: token, [syncFormatParam]: String(boardFormatGeneration - 1 || 'x') },
        server,
        roomId,
      ),
    ).toEqual(outdated)
    expect(
      await closeOf(
        { [syncTokenParam]: token, [syncFormatParam]: String(boardFormatGeneration + 1) },
        server,
        roomId,
      ),
    ).toEqual({
      code: closeCodes.serverOutdated,
      reason: 'this server runs an older version of the board; try again',
    })
  })
})

describe('schema migrations on load', () => {
  it('migrates records stored at an older schema with tldraw’s migrations, and records the new schema', async () => {
    const dataDir = createTempDir()
    try {
      // A layout 2 room whose geo shapes predate tldraw's AddFlipProps migration (geo 12).
      const doc = new Y.Doc()
      const oldSchema = createBoardSchema().serialize()
      oldSchema.sequences['com.tldraw.shape.geo'] = 11
      const { flipX: _x, flipY: _y, ...oldProps } = geoShape('old').props
      putRecords(doc, { ...geoShape('old'), props: oldProps })
      doc.getMap('meta').set('layout', 2)
      doc.getMap('meta').set('schema', oldSchema)
      const token = await withStorage(dataDir, async (storage) => {
        await storage.createRoom('old-geo-room', Y.encodeStateAsUpdate(doc))
        const authority = new TokenAuthority({
          secret: await storage.loadOrCreateSecret(),
          generations: storage,
        })
        return (await authority.issue('old-geo-room', 'viewer')).token
      })

      const server = await startTestServer({ dataDir })
      try {
        const client = connectClient(server.url, 'old-geo-room', token)
        server.clients.push(client)
        await client.synced()
        expect(client.records.get('shape:old')?.props).toMatchObject({ flipX: false, flipY: false })
        expect(client.doc.getMap('meta').get('schema')).toEqual(createBoardSchema().serialize())
      } finally {
        await server.stop({ keepData: true })
      }
    } finally {
      removeDir(dataDir)
    }
  })
})
