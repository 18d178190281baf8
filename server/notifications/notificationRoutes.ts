/**
 * The board webhook routes (facilitator only; shapes in shared/workshop/notificationApi.ts):
 * read the webhook and its delivery log, set it (checked against the SSRF policy), remove it and
 * send a test message. The URL never leaves the server again: answers carry a preview.
 */
import type { Hono } from 'hono'
import { setWebhookBodySchema, type WebhookStatus } from '../../shared/workshop/notificationApi'
import { requireRole, type TokenAuthority } from '../auth'
import { jsonError } from '../jsonError'
import type { Logger } from '../log'
import type { RoomStore } from '../storage/serverStorage'
import { limitBodyBytes, readJsonBody } from '../readJsonBody'
import type { BoardNotifier } from './BoardNotifier'
import { resolvedWebhookUrlProblem, type WebhookPolicy } from './webhookPolicy'
import type { WebhookStore } from './webhookStore'

/** What the webhook routes need. */
export interface NotificationRoutesOptions {
  store: WebhookStore
  notifier: BoardNotifier
  policy: WebhookPolicy
  authority: TokenAuthority
  persistence: Pick<RoomStore, 'roomExists'>
  log: Logger
  now: () => number
  maxBodyBytes: number
  /** The board's name, for the test message. */
  boardName: (roomId: string) => Promise<string>
}

/** `https://hooks.slack.com/…Xy9Z`: scheme, host and the URL's last four characters. */
export function webhookUrlPreview(url: string): string {
  const parsed = new URL(url)
  const rest = `${parsed.pathname}${parsed.search}`
  return `${parsed.protocol}//${parsed.host}${rest.length > 1 ? `/…${rest.slice(-4)}` : ''}`
}

async function statusOf(store: WebhookStore, roomId: string): Promise<WebhookStatus> {
  const [webhook, deliveries] = await Promise.all([
    store.getUrl(roomId),
    store.listDeliveries(roomId),
  ])
  return {
    webhook: webhook
      ? {
          urlPreview: webhookUrlPreview(webhook.url),
          updatedAt: new Date(webhook.updatedAt).toISOString(),
        }
      : null,
    deliveries: deliveries.map(({ roomId: _roomId, ...delivery }) => ({
      ...delivery,
      createdAt: new Date(delivery.createdAt).toISOString(),
      updatedAt: new Date(delivery.updatedAt).toISOString(),
    })),
  }
}

/** Registers the routes on `api` (mounted at /api), before any catch-all room route. */
export function registerNotificationRoutes(api: Hono, options: NotificationRoutesOptions): void {
  const { store, notifier, policy, authority, persistence, log, now } = options
  const facilitator = requireRole('facilitator', { authority, persistence })
  const path = '/rooms/:roomId/webhook'

  api.get(path, facilitator, async (c) => c.json(await statusOf(store, c.var.auth.roomId)))

  api.put(path, limitBodyBytes(options.maxBodyBytes), facilitator, async (c) => {
    const body = await readJsonBody(
      c,
      setWebhookBodySchema,
      '{"url":"https://hooks.slack.com/services/…"}',
    )
    if (body instanceof Response) return body
    const problem = await resolvedWebhookUrlProblem(body.url, policy)
    if (problem) return jsonError(c, 400, `this webhook URL cannot be used: ${problem}`)
    const { roomId } = c.var.auth
    await store.setUrl(roomId, body.url, now())
    log('webhook.set', { room: roomId, host: new URL(body.url).host })
    return c.json(await statusOf(store, roomId))
  })

  api.delete(path, facilitator, async (c) => {
    const { roomId } = c.var.auth
    await store.removeUrl(roomId)
    log('webhook.removed', { room: roomId })
    return c.body(null, 204)
  })

  api.post(`${path}/test`, facilitator, async (c) => {
    const { roomId } = c.var.auth
    if ((await notifier.test(roomId, await options.boardName(roomId))) === null) {
      return jsonError(c, 409, 'this board has no webhook yet: set its URL first')
    }
    return c.json(await statusOf(store, roomId), 202)
  })
}
