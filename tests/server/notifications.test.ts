import { afterEach, describe, expect, it } from 'vitest'
import type { WebhookStatus } from '../../shared/workshop/notificationApi'
import { defaultPersonaCardProps } from '../../shared/schema/personaCard'
import { awarenessUserField } from '../../shared/workshop/workshopLayout'
import { startTestServer, type TestServer } from '../helpers/syncServer'
import { startReceiver } from '../helpers/webhookReceiver'
import { waitFor } from '../helpers/waitFor'
import { comment, thread } from '../helpers/workshopEntries'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup(options: { allowLoopback?: boolean } = {}) {
  const receiver = await startReceiver()
  cleanups.push(() => receiver.close())
  const harness: TestServer = await startTestServer({
    publicUrl: 'https://icp.example.com',
    webhookPolicy: { allowedHosts: options.allowLoopback === false ? null : ['127.0.0.1'] },
    webhookRetryDelaysMs: [60, 120, 240],
  })
  cleanups.push(() => harness.stop())
  const roomId = await harness.createRoom({ template: 'icp-workshop', name: 'Q3 ICP' })
  return { receiver, harness, roomId }
}

async function setWebhook(harness: TestServer, roomId: string, url: string) {
  return harness.api('PUT', `/api/rooms/${roomId}/webhook`, { role: 'facilitator', body: { url } })
}

const sam = { id: 'p-sam', name: 'Sam Lee', color: '#2266aa', function: 'sales' } as const

describe('board webhook', () => {
  it('posts a new thread, a mention in a reply and a resolved thread, linking the card and never a token', async () => {
    const { receiver, harness, roomId } = await setup()
    expect(await setWebhook(harness, roomId, receiver.url)).toMatchObject({
      status: 200,
      body: {
        webhook: { urlPreview: 'http://127.0.0.1:' + new URL(receiver.url).port + '/…path' },
      },
    })
    const statement = Object.values(harness.storedRecords(roomId)).find(
      (record) => (record as { type?: string }).type === 'icp-statement',
    )!
    // Alice writes the comments; Sam is on the board, so the roster knows the name behind his id.
    const editor = harness.connect(roomId, { role: 'editor', participantId: 'p-alice' })
    await editor.synced()
    const samOnBoard = harness.connect(roomId, { role: 'editor', participantId: 'p-sam' })
    await samOnBoard.synced()
    samOnBoard.provider.awareness.setLocalStateField(awarenessUserField, { ...sam, role: 'editor' })
    await waitFor(() =>
      expect(harness.storedEntries(roomId, 'people')['person:p-sam']).toBeDefined(),
    )

    const anchor = { type: 'shape' as const, shapeId: statement.id, pageId: 'page:page' }
    editor.doc.transact(() => {
      editor.setEntry('comments', 'thread:t1', thread('t1', { anchor }))
      editor.setEntry('comments', 'comment:c1', comment('c1', 't1', 'Is <b> & "B2C" right?'))
    })
    await waitFor(() => expect(receiver.requests).toHaveLength(1))
    editor.setEntry('comments', 'comment:c2', {
      ...comment('c2', 't1', '@Sam Lee can you check the CRM?'),
      authorName: 'Fran',
      mentions: ['p-sam'],
      createdAt: 1_700_000_100_000,
    })
    await waitFor(() => expect(receiver.requests).toHaveLength(2))
    editor.setEntry('comments', 'thread:t1', {
      ...thread('t1', { anchor }),
      status: 'resolved',
      statusBy: 'Fran',
      statusAt: 1_700_000_200_000,
    })
    await waitFor(() => expect(receiver.requests).toHaveLength(3))

    const [created, mention, resolved] = receiver.requests.map((request) => request.body)
    const threadUrl = `https://icp.example.com/b/${roomId}?thread=t1`
    expect(created).toEqual({
      text: `Alice started a thread on ICP statement “Ideal Customer Profile” in “Q3 ICP”:\n>Is &lt;b&gt; &amp; "B2C" right?\n<${threadUrl}|Open the comment>`,
      event: 'thread.created',
      board: { id: roomId, name: 'Q3 ICP', url: `https://icp.example.com/b/${roomId}` },
      card: { id: statement.id, title: 'ICP statement “Ideal Customer Profile”' },
      thread: { id: 't1', url: threadUrl },
      comment: { author: 'Alice', text: 'Is <b> & "B2C" right?', mentions: [] },
      version: null,
      by: 'Alice',
      occurredAt: expect.any(String),
    })
    expect(mention).toMatchObject({
      event: 'comment.mention',
      text: expect.stringMatching(/^Fran mentioned Sam Lee on ICP statement/),
      comment: { author: 'Fran', mentions: ['Sam Lee'] },
    })
    expect(resolved).toMatchObject({ event: 'thread.resolved', by: 'Fran', thread: { id: 't1' } })
    expect(receiver.requests[0]!.headers['content-type']).toBe('application/json; charset=utf-8')

    // No token of any role, and no token parameter, in anything that left the server.
    const sent = JSON.stringify(receiver.requests.map((request) => request.body))
    for (const token of Object.values(harness.tokens(roomId))) expect(sent).not.toContain(token)
    expect(sent).not.toMatch(/[?&]t=/)
    // Nor is the webhook URL anywhere in the board's doc.
    const doc = JSON.stringify([
      harness.storedRecords(roomId),
      ...['comments', 'workshop', 'people', 'data'].map((root) =>
        harness.storedEntries(roomId, root),
      ),
    ])
    expect(doc).not.toContain('secretpath')

    const log = await harness.api('GET', `/api/rooms/${roomId}/webhook`, { role: 'facilitator' })
    expect(
      (log.body as WebhookStatus).deliveries.map((d) => [d.event, d.status, d.attempts]),
    ).toEqual([
      ['thread.resolved', 'delivered', 1],
      ['comment.mention', 'delivered', 1],
      ['thread.created', 'delivered', 1],
    ])
  })

  it('retries a 503 with growing delays, then logs the delivery as delivered', async () => {
    const { receiver, harness, roomId } = await setup()
    await setWebhook(harness, roomId, receiver.url)
    receiver.statuses.push(503, 503)
    const saved = await harness.api('POST', `/api/rooms/${roomId}/versions`, {
      role: 'facilitator',
      body: { name: 'After the workshop', createdBy: 'Fran' },
    })
    expect(saved.status).toBe(201)
    await waitFor(() => expect(receiver.requests).toHaveLength(3))
    const [first, second, third] = receiver.requests.map((request) => request.at)
    expect(second! - first!).toBeGreaterThanOrEqual(55)
    expect(third! - second!).toBeGreaterThanOrEqual(115)
    expect(receiver.requests[2]!.body).toMatchObject({
      event: 'version.saved',
      text: `Fran saved version “After the workshop” of “Q3 ICP”\n<https://icp.example.com/b/${roomId}|Open the board>`,
      version: { name: 'After the workshop' },
    })
    await waitFor(async () => {
      const log = await harness.api('GET', `/api/rooms/${roomId}/webhook`, { role: 'facilitator' })
      expect((log.body as WebhookStatus).deliveries).toEqual([
        expect.objectContaining({
          event: 'version.saved',
          summary: 'Fran saved version “After the workshop” of “Q3 ICP”',
          status: 'delivered',
          attempts: 3,
          responseStatus: 200,
          error: null,
        }),
      ])
    })
  })

  it('gives up at once on a 4xx, and after the last retry on a 5xx, logging why', async () => {
    const { receiver, harness, roomId } = await setup()
    await setWebhook(harness, roomId, receiver.url)
    receiver.statuses.push(404)
    expect(
      (await harness.api('POST', `/api/rooms/${roomId}/webhook/test`, { role: 'facilitator' }))
        .status,
    ).toBe(202)
    await waitFor(async () => {
      const log = await harness.api('GET', `/api/rooms/${roomId}/webhook`, { role: 'facilitator' })
      expect((log.body as WebhookStatus).deliveries[0]).toMatchObject({
        event: 'webhook.test',
        status: 'failed',
        attempts: 1,
        responseStatus: 404,
        error: 'the receiver answered HTTP 404',
      })
    })
    receiver.statuses.push(500, 500, 500, 500)
    await harness.api('POST', `/api/rooms/${roomId}/webhook/test`, { role: 'facilitator' })
    await waitFor(async () => {
      const log = await harness.api('GET', `/api/rooms/${roomId}/webhook`, { role: 'facilitator' })
      expect((log.body as WebhookStatus).deliveries[0]).toMatchObject({
        status: 'failed',
        attempts: 4,
        responseStatus: 500,
      })
    })
    expect(receiver.requests).toHaveLength(5)
  })

  it('keeps a card of a private brainstorm out of the message', async () => {
    const { receiver, harness, roomId } = await setup()
    await setWebhook(harness, roomId, receiver.url)
    const facilitator = harness.connect(roomId, { role: 'facilitator', participantId: 'p-alice' })
    await facilitator.synced()
    const round = 1_700_000_000_000
    facilitator.setEntry('workshop', 'privateMode', {
      kind: 'privateMode',
      isOn: true,
      startedAt: round,
    })
    const page = Object.values(harness.storedRecords(roomId)).find((r) => r.typeName === 'page')!
    const secret: { id: string; typeName: string; [field: string]: unknown } = {
      id: 'shape:secret',
      typeName: 'shape',
      type: 'icp-persona',
      parentId: page.id,
      index: 'a5',
      x: 0,
      y: 0,
      rotation: 0,
      isLocked: false,
      opacity: 1,
      meta: { createdBy: 'p-alice', createdAt: round + 5, privateRound: round },
    }
    const existing = Object.values(harness.storedRecords(roomId)).find(
      (record) => (record as { type?: string }).type === 'icp-persona',
    )
    expect(existing).toBeUndefined()
    // Props from the schema's defaults: a persona titled with something only the creator sees.
    const card = { ...secret, props: { ...defaultPersonaCardProps(), title: 'Secret buyer' } }
    facilitator.put(card)
    await waitFor(() => expect(harness.storedRecords(roomId)['shape:secret']).toBeDefined())
    facilitator.doc.transact(() => {
      facilitator.setEntry(
        'comments',
        'thread:t9',
        thread('t9', {
          anchor: { type: 'shape', shapeId: 'shape:secret', pageId: page.id },
        }),
      )
      facilitator.setEntry('comments', 'comment:c9', comment('c9', 't9', 'Hidden until reveal'))
    })
    await waitFor(() => expect(receiver.requests).toHaveLength(1))
    const body = receiver.requests[0]!.body
    expect(body.card).toEqual({ id: 'shape:secret', title: null })
    expect(body.text).toContain('on a card in the private brainstorm')
    expect(JSON.stringify(body)).not.toContain('Secret buyer')
  })

  it('is for the facilitator only, and refuses URLs it must not post to', async () => {
    const { receiver, harness, roomId } = await setup({ allowLoopback: false })
    for (const role of ['editor', 'commenter', 'viewer'] as const) {
      expect((await harness.api('GET', `/api/rooms/${roomId}/webhook`, { role })).status).toBe(403)
      const put = await harness.api('PUT', `/api/rooms/${roomId}/webhook`, {
        role,
        body: { url: 'https://example.com/x' },
      })
      expect(put.status).toBe(403)
    }
    const refused = async (url: string) => {
      const response = await setWebhook(harness, roomId, url)
      expect(response.status).toBe(400)
      return (response.body as { error: string }).error
    }
    expect(await refused(receiver.url)).toBe(
      'this webhook URL cannot be used: 127.0.0.1 is a loopback, private or link-local address; webhooks only post to public hosts unless the server lists the host in WEBHOOK_ALLOWED_HOSTS',
    )
    expect(await refused('http://localhost:9/x')).toMatch(/localhost is a loopback/)
    expect(await refused('http://[::1]/x')).toMatch(/::1 is a loopback/)
    expect(await refused('http://169.254.169.254/latest/meta-data')).toMatch(/link-local/)
    expect(await refused('http://10.0.0.7/hook')).toMatch(/private/)
    expect(await refused('ftp://example.com/x')).toMatch(/must start with https:\/\//)
    expect(await refused('https://user:pw@example.com/x')).toMatch(/user name or password/)
    expect(await refused('hooks.slack.com/services/x')).toMatch(
      /^this webhook URL cannot be used: not a URL/,
    )
    expect(receiver.requests).toHaveLength(0)
  })

  it('removes the webhook; a test message then has nowhere to go', async () => {
    const { receiver, harness, roomId } = await setup()
    await setWebhook(harness, roomId, receiver.url)
    expect(
      (await harness.api('DELETE', `/api/rooms/${roomId}/webhook`, { role: 'facilitator' })).status,
    ).toBe(204)
    expect(
      await harness.api('POST', `/api/rooms/${roomId}/webhook/test`, { role: 'facilitator' }),
    ).toEqual({
      status: 409,
      body: { error: 'this board has no webhook yet: set its URL first' },
    })
    expect(
      (await harness.api('GET', `/api/rooms/${roomId}/webhook`, { role: 'facilitator' })).body,
    ).toMatchObject({ webhook: null })
  })
})
