/**
 * The board webhook's HTTP API (server/notifications/notificationRoutes.ts; facilitator only) and
 * the payload it posts. The URL itself is a secret: it is stored on the server and only ever
 * shown back as a preview.
 *
 * | method | path                                | result                          |
 * |--------|-------------------------------------|---------------------------------|
 * | GET    | /api/rooms/:roomId/webhook          | `WebhookStatus`                 |
 * | PUT    | /api/rooms/:roomId/webhook          | `{ url }` → `WebhookStatus`     |
 * | DELETE | /api/rooms/:roomId/webhook          | 204                             |
 * | POST   | /api/rooms/:roomId/webhook/test     | 202 `WebhookStatus`             |
 */
import { z } from 'zod'

/** What the webhook is told about. */
export const notificationEvents = [
  'comment.mention',
  'thread.created',
  'thread.resolved',
  'version.saved',
  'webhook.test',
] as const
export type NotificationEvent = (typeof notificationEvents)[number]

/** One message and its delivery: pending (a retry is scheduled), delivered or failed. */
export const webhookDeliverySchema = z.object({
  id: z.number().int(),
  event: z.enum(notificationEvents),
  summary: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int().nonnegative(),
  /** HTTP status of the last answer, null when there was none (network error, refused). */
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>

/** The board's webhook (or null) and its most recent deliveries, newest first. */
export const webhookStatusSchema = z.object({
  webhook: z
    .object({
      /** Scheme, host and the last characters of the URL: enough to recognise it. */
      urlPreview: z.string(),
      updatedAt: z.string(),
    })
    .nullable(),
  deliveries: z.array(webhookDeliverySchema),
})
export type WebhookStatus = z.infer<typeof webhookStatusSchema>

/** Body of `PUT /api/rooms/:roomId/webhook`. */
export const setWebhookBodySchema = z.strictObject({ url: z.string().trim().min(1).max(2048) })

/**
 * The JSON posted to the webhook: Slack's incoming-webhook `text` (mrkdwn, with a link back to
 * the card), which Slack, Teams workflows and most chat tools accept, and the same facts as
 * fields for any other receiver. Never a token, never the content of a card still hidden in a
 * private brainstorm.
 */
export interface NotificationPayload {
  text: string
  event: NotificationEvent
  board: { id: string; name: string; url: string }
  /** The card a thread is pinned to; `title` is null for a card hidden in a private round. */
  card: { id: string; title: string | null } | null
  thread: { id: string; url: string } | null
  comment: { author: string; text: string; mentions: string[] } | null
  version: { id: string; name: string } | null
  /** Who resolved the thread or saved the version, when known. */
  by: string | null
  occurredAt: string
}
