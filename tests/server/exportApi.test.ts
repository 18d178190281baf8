import type { TLRecord } from '@tldraw/tlschema'
import Ajv2020 from 'ajv/dist/2020'
import Papa from 'papaparse'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSqliteStorage } from '../../server/storage/sqliteStorage'
import { compileBoard } from '../../shared/compile/compileBoard'
import { icpBoardExportJsonSchema, type IcpBoardExport } from '../../shared/compile/icpBoardExport'
import { icpDocumentJsonSchema, type IcpDocument } from '../../shared/compile/icpDocument'
import type { StoredRecord } from '../../shared/docLayout'
import { escapeMarkdown } from '../../shared/export/escapeMarkdown'
import { csvColumns, toCsv } from '../../shared/export/toCsv'
import { toMarkdown } from '../../shared/export/toMarkdown'
import { ballotKey, workshopEntryKey } from '../../shared/workshop/entryKeys'
import {
  votesArrayName,
  workshopArrayName,
  type Ballot,
  type VoteSession,
} from '../../shared/workshop/workshopLayout'
import { BoardBuilder } from '../helpers/boardBuilder'
import { readPdf } from '../helpers/pdfText'
import { putRecords } from '../helpers/records'
import {
  readStoredLog,
  startTestServer,
  fetchWithRoomToken,
  type TestClient,
  type TestServer,
} from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'
import { presenceUser, voteSession } from '../helpers/workshopEntries'
import seedTea from '../fixtures/seed-tea.board.json'
import seedVideoGame from '../fixtures/seed-video-game.board.json'
import { upToDateRecords } from '../helpers/migrateRecords'

/** The server's clock in every test: exports are dated 1 July 2027 (UTC). */
const now = Date.parse('2027-07-01T09:30:00.000Z')
const today = '2027-07-01'
const boardName = 'Café Growth – Q3 “EMEA”'
const teaStatement =
  'Our ideal customer is a B2C startup in the tea industry based in the UK that has a budget under $10,000 and a need for low-cost drinkware. Their customer base values visually appealing design.'
const videoGameStatement =
  'Our ideal customer is a B2C company in the video game industry, based in the US or Canada, that has a social media following of at least 100,000 people and a branding budget of at least $1 million.'

/** Both seed boards on one board (two pages, two ICPs), named, plus a formula-like disqualifier. */
function workshopRecords(): StoredRecord[] {
  const extra = new BoardBuilder()
  extra.disqualifier(
    { parent: 'page:tea', id: 'tea-dq-formula', x: 600, y: 1200 },
    { kind: 'other', rule: '=HYPERLINK("http://example.com")', reason: '@SUM(A1:A2) lookalike' },
  )
  // The fixtures hold cards of the first props version; a client writes today's.
  const seeds = upToDateRecords([...seedVideoGame, ...seedTea]) as unknown as StoredRecord[]
  const document = seeds.find((record) => record.typeName === 'document')!
  return [
    { ...document, name: boardName },
    ...seeds.filter((record) => record.typeName !== 'document'),
    ...(extra
      .records()
      .filter((record) => record.typeName === 'shape') as unknown as StoredRecord[]),
  ]
}

/** Writes `records` through a real client and waits until the server has stored all of them. */
async function writeBoard(
  harness: TestServer,
  roomId: string,
  records: readonly StoredRecord[],
): Promise<TestClient> {
  const client = harness.connect(roomId)
  await client.synced()
  client.doc.transact(() => {
    for (const record of records) client.put(record)
  })
  await waitFor(() => {
    const stored = harness.storedRecords(roomId)
    for (const record of records) expect(stored[record.id]).toEqual(record)
  })
  expect(client.closes).toEqual([])
  return client
}

interface Download {
  status: number
  headers: Headers
  bytes: Buffer
  text: string
}

async function download(url: string): Promise<Download> {
  const response = await fetchWithRoomToken(url)
  const bytes = Buffer.from(await response.arrayBuffer())
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') }
}

function parseCsv(csv: string): Record<string, string>[] {
  const { data, errors } = Papa.parse<Record<string, string>>(csv, {
    header: true,
    skipEmptyLines: true,
  })
  expect(errors).toEqual([])
  return data
}

/** Text of a PDF with all whitespace removed: wrapped lines still contain whole sentences. */
function squeeze(text: string): string {
  return text.replace(/\s+/g, '')
}

const expected = compileBoard(workshopRecords() as unknown as TLRecord[], { today })
const teaId = 'shape:tea-statement'

describe('ICP export API', () => {
  let harness: TestServer
  let roomId: string
  const url = (path: string) => `${harness.url}/api/rooms/${roomId}/${path}`

  beforeAll(async () => {
    harness = await startTestServer({ now: () => now })
    roomId = await harness.createRoom({ template: 'blank' })
    await writeBoard(harness, roomId, workshopRecords())
  })

  afterAll(async () => {
    await harness.stop()
  })

  it('exports every ICP of the board as JSON that validates against the published schemas', async () => {
    const response = await download(url('icp.json'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const body = JSON.parse(response.text) as IcpBoardExport
    const validate = new Ajv2020({ allErrors: true, strict: false })
      .addFormat('date-time', (text: string) => !Number.isNaN(Date.parse(text)))
      .addSchema(icpDocumentJsonSchema())
      .compile(icpBoardExportJsonSchema())
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true)
    expect(body).toEqual({
      schemaVersion: 1,
      board: { roomId, name: boardName, exportedAt: '2027-07-01T09:30:00.000Z' },
      icps: expected.icps,
      unassigned: expected.unassigned,
    })
    expect(new Set(body.icps.map((icp) => icp.statement))).toEqual(
      new Set([teaStatement, videoGameStatement]),
    )
    // `today` is the server's UTC date: both seed ICPs were due for review before it.
    expect(body.icps.map((icp) => [icp.review.checkedOn, icp.review.isOverdue])).toEqual([
      [today, true],
      [today, true],
    ])
  })

  it('exports the Markdown handouts of all ICPs, separated by a horizontal rule', async () => {
    const response = await download(url('icp.md'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(response.text).toBe(expected.icps.map((doc) => toMarkdown(doc)).join('\n---\n\n'))
    expect(response.text).toContain(`> ${escapeMarkdown(teaStatement)}\n`)
    expect(response.text).toContain(`> ${escapeMarkdown(videoGameStatement)}\n`)
    expect(response.text.split('\n---\n\n# ')).toHaveLength(2)
  })

  it('exports a CSV with one row per attribute and disqualifier and formula cells neutralised', async () => {
    const response = await download(url('icp.csv'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.text).toBe(toCsv(expected.icps))
    const rows = parseCsv(response.text)
    expect(Object.keys(rows[0]!)).toEqual([...csvColumns])
    const attributes = expected.icps.reduce((sum, doc) => sum + doc.stats.attributes, 0)
    const disqualifiers = expected.icps.reduce((sum, doc) => sum + doc.stats.disqualifiers, 0)
    expect(rows.filter((row) => row.kind === 'attribute')).toHaveLength(attributes)
    expect(rows.filter((row) => row.kind === 'disqualifier')).toHaveLength(disqualifiers)
    expect(rows.find((row) => row.shape_id === 'shape:tea-dq-formula')).toMatchObject({
      icp: 'Tea startups',
      value: `'=HYPERLINK("http://example.com")`,
      reason: `'@SUM(A1:A2) lookalike`,
    })
  })

  it('exports a PDF with each ICP from a new page, page numbers and the statements', async () => {
    const response = await download(url('icp.pdf'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(response.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const pages = readPdf(response.bytes)
    const titles = pages
      .map((page) => page.runs.find((run) => run.size === 22)?.text ?? null)
      .filter((title) => title !== null)
    expect(titles).toEqual(expected.icps.map((doc) => doc.name))
    expect(pages[0]!.runs.find((run) => run.size === 22)?.text).toBe(expected.icps[0]!.name)
    expect(pages.map((page) => page.runs.at(-1)?.text)).toEqual(
      pages.map((_page, index) => `Page ${index + 1} of ${pages.length}`),
    )
    const text = squeeze(pages.map((page) => page.text).join('\n'))
    expect(text).toContain(squeeze(teaStatement))
    expect(text).toContain(squeeze(videoGameStatement))
  })

  it('names downloads after the board, with an ASCII filename and a UTF-8 filename*', async () => {
    const disposition = async (path: string) =>
      (await download(url(path))).headers.get('content-disposition')
    expect(await disposition('icp.pdf')).toBe(
      `attachment; filename="cafe-growth-q3-emea-icp.pdf"; filename*=UTF-8''caf%C3%A9-growth-q3-emea-icp.pdf`,
    )
    expect(await disposition('icp.md')).toBe(
      `attachment; filename="cafe-growth-q3-emea-icp.md"; filename*=UTF-8''caf%C3%A9-growth-q3-emea-icp.md`,
    )
    expect(await disposition(`icp.csv?icp=${encodeURIComponent(teaId)}`)).toBe(
      `attachment; filename="cafe-growth-q3-emea-tea-startups-icp.csv"; filename*=UTF-8''caf%C3%A9-growth-q3-emea-tea-startups-icp.csv`,
    )
  })

  it.each(['json', 'md', 'csv', 'pdf'])(
    'sends icp.%s as an uncached attachment the browser must not sniff',
    async (format) => {
      const { status, headers, bytes } = await download(url(`icp.${format}`))
      expect(status).toBe(200)
      expect(headers.get('cache-control')).toBe('no-store')
      expect(headers.get('x-content-type-options')).toBe('nosniff')
      expect(headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z0-9-]+\./)
      expect(headers.get('content-length')).toBe(String(bytes.byteLength))
    },
  )

  it('exports one ICP with ?icp=<id>, in every format', async () => {
    const query = `?icp=${encodeURIComponent(teaId)}`
    const tea = expected.icps.find((doc) => doc.id === teaId)!
    const json = JSON.parse((await download(url(`icp.json${query}`))).text) as IcpBoardExport
    expect(json.icps).toEqual([tea])
    expect(json.unassigned).toEqual([])
    expect((await download(url(`icp.md${query}`))).text).toBe(toMarkdown(tea))
    expect((await download(url(`icp.csv${query}`))).text).toBe(toCsv([tea]))
    const pages = readPdf((await download(url(`icp.pdf${query}`))).bytes)
    expect(pages.map((page) => page.runs.at(-1)?.text)).toEqual(['Page 1 of 2', 'Page 2 of 2'])
    expect(squeeze(pages.map((page) => page.text).join(''))).not.toContain(
      squeeze(videoGameStatement),
    )
  })

  it.each([
    [
      'a room id that is too short',
      'abc/icp.json',
      400,
      'invalid room id: room id must be at least 6 characters',
    ],
    [
      'a room id with a path in it',
      '..%2F..%2Fetc%2Fpasswd/icp.pdf',
      400,
      'invalid room id: room id may only contain letters, digits, "-" and "_"',
    ],
    ['an unknown room', 'no-such-room-42/icp.json', 404, 'room no-such-room-42 does not exist'],
    [
      'an unknown format',
      '{room}/icp.xml',
      404,
      'no export named "icp.xml": use one of icp.json, icp.md, icp.csv, icp.pdf',
    ],
    [
      'an unknown file name',
      '{room}/report.pdf',
      404,
      'no export named "report.pdf": use one of icp.json, icp.md, icp.csv, icp.pdf',
    ],
    [
      'an unknown ICP',
      '{room}/icp.pdf?icp=shape:nope',
      404,
      'this board has no ICP "shape:nope"; its ICPs are: shape:tea-statement (Tea startups), shape:vg-statement (Video game brands)',
    ],
  ])('answers %s with a JSON error', async (_case, path, status, message) => {
    const response = await fetchWithRoomToken(
      `${harness.url}/api/rooms/${path.replace('{room}', roomId)}`,
    )
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toEqual({ error: message })
  })

  it('exports a board without ICPs as empty lists and a one-page PDF that says so', async () => {
    const emptyRoom = await harness.createRoom({ template: 'blank' })
    const base = `${harness.url}/api/rooms/${emptyRoom}`
    const json = JSON.parse((await download(`${base}/icp.json`)).text) as IcpBoardExport
    expect(json).toMatchObject({ board: { roomId: emptyRoom, name: '' }, icps: [], unassigned: [] })
    expect((await download(`${base}/icp.csv`)).text).toBe(`${csvColumns.join(',')}\r\n`)
    expect((await download(`${base}/icp.md`)).text).toContain('This board has no ICP yet')
    const pdf = await download(`${base}/icp.pdf`)
    expect(pdf.headers.get('content-disposition')).toContain('filename="board-icp.pdf"')
    const pages = readPdf(pdf.bytes)
    expect(pages).toHaveLength(1)
    expect(squeeze(pages[0]!.text)).toContain(squeeze('This board has no ICP yet.'))
  })
})

describe('ICP export API: where the board is read from', () => {
  let servers: TestServer[] = []
  async function start(options: Parameters<typeof startTestServer>[0] = {}) {
    const server = await startTestServer({ now: () => now, ...options })
    servers.push(server)
    return server
  }

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop()
  })

  async function downloadAll(baseUrl: string, roomId: string): Promise<Record<string, Buffer>> {
    const result: Record<string, Buffer> = {}
    for (const format of ['json', 'md', 'csv', 'pdf']) {
      const response = await download(`${baseUrl}/api/rooms/${roomId}/icp.${format}`)
      expect(response.status).toBe(200)
      result[format] = response.bytes
    }
    return result
  }

  it('answers the same export after a restart, reading storage without loading the room', async () => {
    const first = await start()
    const roomId = await first.createRoom({ template: 'blank' })
    await writeBoard(first, roomId, workshopRecords())
    expect(first.events.some((e) => e.event === 'room.loaded' && e.fields.room === roomId)).toBe(
      true,
    )
    const whileLoaded = await downloadAll(first.url, roomId)
    await first.stop({ keepData: true })
    servers = servers.filter((server) => server !== first)

    const second = await start({ dataDir: first.dataDir })
    const fromStorage = await downloadAll(second.url, roomId)
    expect(fromStorage).toEqual(whileLoaded)
    expect(second.events.filter((e) => e.event === 'room.loaded')).toEqual([])
    expect(second.events.filter((e) => e.event === 'room.exported')).toHaveLength(4)
  })

  it('orders key attributes by the latest closed dot vote, as the board does, in exports and saved versions', async () => {
    const harness = await start()
    const roomId = await harness.createRoom({ template: 'blank' })
    const records = workshopRecords()
    await writeBoard(harness, roomId, records)
    const facilitator = harness.connect(roomId, { role: 'facilitator', participantId: 'fran' })
    await facilitator.synced()
    // A vote on attribute cards: Ana puts 2 dots on the budget and 1 on the location, Bo 1 on the
    // budget; then the facilitator closes it.
    const session = voteSession('vote1', { startedAt: now - 60_000 })
    const sessions = new YKeyValue<VoteSession>(facilitator.doc.getArray(workshopArrayName))
    sessions.set(workshopEntryKey(session), session)
    const ballots = [
      ['ana', ['shape:vg-budget', 'shape:vg-budget', 'shape:vg-location']],
      ['bo', ['shape:vg-budget']],
    ] as const
    for (const [participantId, shapeIds] of ballots) {
      const voter = harness.connect(roomId, { participantId })
      voter.provider.awareness.setLocalStateField('user', presenceUser(participantId))
      await waitFor(() => {
        expect(voter.entries('people')[`person:${participantId}`]).toBeDefined()
        expect(voter.entries(workshopArrayName)[workshopEntryKey(session)]).toEqual(session)
      })
      const ballot: Ballot = {
        kind: 'ballot',
        sessionId: session.id,
        participantId,
        participantName: null,
        function: 'sales',
        shapeIds: [...shapeIds],
        updatedAt: now - 2000,
      }
      new YKeyValue<Ballot>(voter.doc.getArray(votesArrayName)).set(ballotKey(ballot), ballot)
    }
    await waitFor(() =>
      expect(Object.keys(harness.storedEntries(roomId, votesArrayName))).toHaveLength(2),
    )
    sessions.set(workshopEntryKey(session), { ...session, status: 'closed', closedAt: now - 1000 })
    await waitFor(() =>
      expect(
        harness.storedEntries(roomId, workshopArrayName)[workshopEntryKey(session)],
      ).toMatchObject({ status: 'closed' }),
    )

    const votes = new Map([
      ['shape:vg-budget', 3],
      ['shape:vg-location', 1],
    ])
    const tlRecords = records as unknown as TLRecord[]
    const voted = compileBoard(tlRecords, { today, votes })
    const keyOrder = (icps: readonly IcpDocument[]) =>
      icps.map((icp) => icp.keyAttributes.map((attribute) => [attribute.shapeId, attribute.votes]))
    // The votes change the order, so the checks below could fail.
    expect(keyOrder(voted.icps)).not.toEqual(keyOrder(compileBoard(tlRecords, { today }).icps))

    const exported = await download(`${harness.url}/api/rooms/${roomId}/icp.json`)
    expect((JSON.parse(exported.text) as IcpBoardExport).icps).toEqual(voted.icps)

    const saved = await harness.api('POST', `/api/rooms/${roomId}/versions`, {
      role: 'facilitator',
      body: { name: 'Voted' },
    })
    expect(saved.status).toBe(201)
    const { version } = saved.body as { version: { id: string } }
    const read = await harness.api('GET', `/api/rooms/${roomId}/versions/${version.id}`)
    // Saving a version is the ICP's review: it stamps the statement cards' review date first.
    const reviewed = tlRecords.map((record) =>
      record.typeName === 'shape' && record.type === 'icp-statement'
        ? { ...record, props: { ...record.props, reviewDate: today } }
        : record,
    )
    expect((read.body as { compilation: { icps: IcpDocument[] } }).compilation.icps).toEqual(
      compileBoard(reviewed, { today, votes }).icps,
    )
  })

  it('reflects the latest edit a connected client made, without writing to the room', async () => {
    const harness = await start()
    const roomId = await harness.createRoom({ template: 'blank' })
    const alice = await writeBoard(harness, roomId, workshopRecords())
    const bob = harness.connect(roomId)
    await bob.synced()

    const industry = alice.records.get('shape:tea-industry')!
    const props = industry.props as Record<string, unknown>
    const edited: StoredRecord = { ...industry, props: { ...props, value: 'herbal tea' } }
    alice.put(edited)
    // Bob seeing the edit means the server accepted, stored and broadcast it.
    await waitFor(() =>
      expect((bob.records.get('shape:tea-industry')?.props as typeof props).value).toBe(
        'herbal tea',
      ),
    )
    const lastUpdateId = () => readStoredLog(harness.dataDir, roomId).lastUpdateId
    const before = lastUpdateId()

    const response = await download(`${harness.url}/api/rooms/${roomId}/icp.json?icp=${teaId}`)
    const [tea] = (JSON.parse(response.text) as IcpBoardExport).icps
    expect(
      tea!.attributes.firmographic.find((a) => a.shapeId === 'shape:tea-industry'),
    ).toMatchObject({ value: 'herbal tea' })
    expect(tea!.statement).toContain('in the herbal tea industry')
    const md = await download(`${harness.url}/api/rooms/${roomId}/icp.md?icp=${teaId}`)
    expect(md.text).toContain('in the herbal tea industry')
    expect(lastUpdateId()).toBe(before)
    expect(alice.closes).toEqual([])
  })

  /** Appends an update to a room's stored log behind the server's back (no validation). */
  async function appendBehindServer(dataDir: string, roomId: string, edit: (doc: Y.Doc) => void) {
    const storage = createSqliteStorage(dataDir)
    try {
      const doc = new Y.Doc()
      for (const update of (await storage.loadRoom(roomId)).updates) Y.applyUpdate(doc, update)
      const updates: Uint8Array[] = []
      doc.on('update', (update: Uint8Array) => updates.push(update))
      edit(doc)
      await storage.appendUpdates(updates.map((update) => ({ roomId, update })))
      doc.destroy()
    } finally {
      await storage.close()
    }
  }

  it('answers 500 with a JSON error and logs it when the stored board cannot be compiled, and keeps serving', async () => {
    const harness = await start()
    const roomId = await harness.createRoom({ template: 'blank' })
    const healthy = await harness.createRoom({ template: 'blank' })
    const card = workshopRecords().find((record) => record.id === 'shape:tea-industry')!
    // A record that never passed validation (e.g. written by an old version): no props.
    await appendBehindServer(harness.dataDir, roomId, (doc) =>
      putRecords(doc, { ...card, parentId: 'page:page', props: null }),
    )

    for (const format of ['json', 'pdf']) {
      const response = await fetchWithRoomToken(`${harness.url}/api/rooms/${roomId}/icp.${format}`)
      expect(response.status).toBe(500)
      expect(await response.json()).toEqual({
        error: `could not export room ${roomId} as ${format}: compiling or rendering the board failed (the error was logged)`,
      })
    }
    const failures = harness.events.filter((e) => e.event === 'room.export.failed')
    expect(failures.map((e) => [e.fields.room, e.fields.format])).toEqual([
      [roomId, 'json'],
      [roomId, 'pdf'],
    ])
    expect(failures[0]!.fields.error).toMatch(/TypeError/)
    expect((await fetch(`${harness.url}/api/health`)).status).toBe(200)
    expect((await fetchWithRoomToken(`${harness.url}/api/rooms/${healthy}/icp.pdf`)).status).toBe(
      200,
    )
  })

  it('answers 500 with a JSON error when the stored room cannot be read', async () => {
    const harness = await start()
    const roomId = await harness.createRoom({ template: 'blank' })
    const storage = createSqliteStorage(harness.dataDir)
    await storage.appendUpdates([{ roomId, update: new Uint8Array([0xff, 0xff, 0xff, 0xff]) }])
    await storage.close()

    const response = await fetchWithRoomToken(`${harness.url}/api/rooms/${roomId}/icp.json`)
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({
      error: `could not read room ${roomId} from storage; try again`,
    })
    expect(harness.events.filter((e) => e.event === 'room.export.failed')).toHaveLength(1)
    expect((await fetch(`${harness.url}/api/health`)).status).toBe(200)
  })
})
