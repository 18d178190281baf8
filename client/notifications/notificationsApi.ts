import { z } from 'zod'
import { webhookStatusSchema, type WebhookStatus } from '../../shared/workshop/notificationApi'
import { request } from '../app/api'

function webhookPath(roomId: string): string {
  return `/api/rooms/${encodeURIComponent(roomId)}/webhook`
}

/** The board's webhook (a preview of its URL) and its delivery log (facilitator only). */
export function fetchWebhook(roomId: string, token: string): Promise<WebhookStatus> {
  return request(webhookPath(roomId), { method: 'GET' }, webhookStatusSchema, token)
}

/** Sets the board's webhook URL; the server refuses URLs it must not post to, saying why. */
export function saveWebhook(roomId: string, token: string, url: string): Promise<WebhookStatus> {
  return request(
    webhookPath(roomId),
    { method: 'PUT', body: JSON.stringify({ url }) },
    webhookStatusSchema,
    token,
  )
}

/** Removes the board's webhook. */
export async function removeWebhook(roomId: string, token: string): Promise<void> {
  await request(webhookPath(roomId), { method: 'DELETE' }, z.null(), token)
}

/** Sends a test message to the board's webhook. */
export function testWebhook(roomId: string, token: string): Promise<WebhookStatus> {
  return request(`${webhookPath(roomId)}/test`, { method: 'POST' }, webhookStatusSchema, token)
}
