import type { TLRecord } from '@tldraw/tlschema'
import { afterEach, describe, expect, it } from 'vitest'
import { compile } from '../../shared/compile/compileBoard'
import type { StoredRecord } from '../../shared/docLayout'
import { leanIcpFrames } from '../../shared/templates/leanIcpTemplate'
import { personaDeepDiveFrames } from '../../shared/templates/personaDeepDiveTemplate'
import type { VersionListResponse, VersionSummary } from '../../shared/workshop/workshopApi'
import { BoardBuilder } from '../helpers/boardBuilder'
import { startTestServer, type TestServer } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

const servers: TestServer[] = []
const time = Date.parse('2026-09-14T08:00:00.000Z')

async function start(): Promise<TestServer> {
  const harness = await startTestServer({ now: () => time })
  servers.push(harness)
  return harness
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop()
})

function records(harness: TestServer, roomId: string): TLRecord[] {
  return Object.values(harness.storedRecords(roomId)) as unknown as TLRecord[]
}

function documentName(all: readonly TLRecord[]): unknown {
  const document = all.find((record) => record.typeName === 'document')
  return document && 'name' in document ? document.name : undefined
}

/** Names of the frames that carry a workshop step, with the step, in creation order. */
function stepFrames(all: readonly TLRecord[]) {
  return all
    .filter((record) => record.typeName === 'shape' && record.type === 'frame')
    .map((record) => record as unknown as { props: { name: string }; meta: { icpStep?: number } })
    .filter((frame) => frame.meta.icpStep !== undefined)
    .map((frame) => ({ title: frame.props.name, step: frame.meta.icpStep }))
}

describe('POST /api/rooms with a name and a template', () => {
  it('names the board and lays out the 60-minute lean ICP, frame by frame', async () => {
    const harness = await start()
    const roomId = await harness.createRoom({ template: 'lean-icp', name: '  Q3 ICP · Kraków  ' })
    const stored = records(harness, roomId)
    expect(documentName(stored)).toBe('Q3 ICP · Kraków')
    expect(stepFrames(stored).sort((a, b) => a.title.localeCompare(b.title))).toEqual(
      leanIcpFrames
        .map(({ title, step }) => ({ title, step }))
        .sort((a, b) => a.title.localeCompare(b.title)),
    )
    const [icp] = compile(stored, { today: '2026-09-14' })
    expect(icp).toMatchObject({ name: 'Ideal Customer Profile' })
  })

  it('lays out the persona deep-dive as step 3 frames, so its personas join the buying committee', async () => {
    const harness = await start()
    const roomId = await harness.createRoom({ template: 'persona-deep-dive' })
    const stored = records(harness, roomId)
    expect(documentName(stored)).toBe('Persona deep-dive')
    expect(stepFrames(stored).map((frame) => frame.step)).toEqual(
      personaDeepDiveFrames.map(() => 3),
    )
    // A persona dropped into the "Blockers" frame compiles into the ICP's committee.
    const blockers = stored.find(
      (record) =>
        record.typeName === 'shape' &&
        (record.props as { name?: string }).name === 'Blockers & objections',
    )!
    const board = new BoardBuilder()
    board.persona(
      { parent: blockers.id as never, x: 40, y: 200 },
      { title: 'Procurement lead', role: 'blocker' },
    )
    const [icp] = compile([...stored, ...board.records().filter((r) => r.typeName === 'shape')], {
      today: '2026-09-14',
    })
    expect(icp!.buyingCommittee.map((persona) => persona.title)).toEqual(['Procurement lead'])
  })

  it('cleans the name: control characters and runs of spaces go, 80 characters at most', async () => {
    const harness = await start()
    const roomId = await harness.createRoom({
      template: 'blank',
      name: `A\u0000\tB  ${'x'.repeat(200)}`,
    })
    const name = documentName(records(harness, roomId)) as string
    expect(name.startsWith('A B xxx')).toBe(true)
    expect(name).toHaveLength(80)
  })
})

describe('POST /api/rooms with the icp-review template', () => {
  async function sourceWithVersion(harness: TestServer) {
    const roomId = await harness.createRoom({ template: 'icp-workshop', name: 'Retail ICP' })
    const board = new BoardBuilder()
    const page = board.page('ICP')
    board.attribute(
      { parent: page, id: 'industry', x: 0, y: 0 },
      { category: 'industry', value: 'Retail', importance: 'must' },
    )
    const card = board.records().find((record) => record.id === 'shape:industry')!
    const client = harness.connect(roomId, { role: 'editor' })
    await client.synced()
    // Into the step 4 frame (key attributes) of the workshop.
    const keyFrame = records(harness, roomId).find(
      (record) =>
        record.typeName === 'shape' && (record.meta as { icpStep?: number }).icpStep === 4,
    )!
    const attribute = { ...card, parentId: keyFrame.id, x: 100, y: 200 } as unknown as StoredRecord
    client.doc.transact(() => client.put(attribute))
    await waitFor(() => expect(harness.storedRecords(roomId)[attribute.id]).toEqual(attribute))
    const saved = await harness.api('POST', `/api/rooms/${roomId}/versions`, {
      role: 'facilitator',
      body: { name: 'After the workshop', createdBy: 'Fran' },
    })
    expect(saved.status).toBe(201)
    // A change after the version: the review must start from the version, not the board now.
    client.records.write({ remove: [attribute.id] })
    await waitFor(() => expect(harness.storedRecords(roomId)[attribute.id]).toBeUndefined())
    return { roomId, attribute, version: (saved.body as { version: VersionSummary }).version }
  }

  it('copies the saved version, adds the review frame and keeps the version as the first one', async () => {
    const harness = await start()
    const source = await sourceWithVersion(harness)
    const reviewId = await harness.createRoom({
      template: 'icp-review',
      name: 'Retail ICP · review',
      source: {
        roomId: source.roomId,
        versionId: source.version.id,
        token: harness.tokens(source.roomId).viewer,
      },
    })
    const stored = records(harness, reviewId)
    expect(documentName(stored)).toBe('Retail ICP · review')
    expect(stored.find((record) => record.id === source.attribute.id)).toEqual(source.attribute)
    const review = stored.find(
      (record) => record.typeName === 'shape' && (record.meta as { icpReview?: boolean }).icpReview,
    ) as unknown as { x: number; props: { name: string } }
    expect(review.props.name).toBe('Review · After the workshop')
    // Right of everything else on the page.
    const others = stored.filter(
      (record) =>
        record.typeName === 'shape' &&
        record.parentId.startsWith('page:') &&
        record !== (review as unknown),
    ) as unknown as { x: number; props: { w?: number } }[]
    for (const other of others) expect(review.x).toBeGreaterThan(other.x + (other.props.w ?? 0))
    const prompt = stored.find(
      (record) =>
        record.typeName === 'shape' &&
        record.type === 'text' &&
        JSON.stringify(record).includes('Review of'),
    )
    expect(JSON.stringify(prompt)).toContain(
      'Review of “Retail ICP” as saved in version “After the workshop” on 2026-09-14.',
    )
    const versions = await harness.api('GET', `/api/rooms/${reviewId}/versions`, {
      role: 'viewer',
    })
    expect((versions.body as VersionListResponse).versions.map((version) => version.name)).toEqual([
      'After the workshop (from Retail ICP)',
    ])
    const [icp] = compile(stored, { today: '2026-09-14' })
    expect(icp!.keyAttributes.map((attribute) => attribute.display)).toEqual(['Retail'])
  })

  it('refuses a review without a source, with a token of another board, or of an unknown version', async () => {
    const harness = await start()
    const source = await sourceWithVersion(harness)
    const other = await harness.createRoom({ template: 'blank' })
    const post = (body: unknown) =>
      fetch(`${harness.url}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (response) => ({ status: response.status, body: await response.json() }))
    expect(await post({ template: 'icp-review' })).toEqual({
      status: 400,
      body: {
        error:
          'the icp-review template needs source: { roomId, versionId, token } of a saved version',
      },
    })
    const source400 = { roomId: source.roomId, versionId: source.version.id }
    expect(
      await post({
        template: 'icp-review',
        source: { ...source400, token: harness.tokens(other).facilitator },
      }),
    ).toEqual({
      status: 403,
      body: { error: 'cannot open the source board: this token is for another board' },
    })
    expect(
      await post({
        template: 'icp-review',
        source: { ...source400, versionId: 'nope', token: harness.tokens(source.roomId).viewer },
      }),
    ).toEqual({
      status: 404,
      body: { error: `version nope does not exist in room ${source.roomId}` },
    })
    expect(
      await post({ template: 'lean-icp', source: { ...source400, token: 'x' } }),
    ).toMatchObject({ status: 400, body: { error: 'source is only for the icp-review template' } })
  })
})
