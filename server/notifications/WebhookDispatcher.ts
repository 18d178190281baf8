/**
 * Posts notification messages to a board's webhook, with retries: a network error, a timeout, a
 * 5xx or a 429 is tried again after a growing delay (1 s, 5 s, 30 s, 2 min by default, or the
 * receiver's `Retry-After` when longer, up to 5 min); any other answer is final. Each message is
 * one row of the delivery log (webhookStore.ts), updated after every attempt. Connections go
 * through the SSRF guard of webhookPolicy.ts and redirects are not followed.
 */
import http from 'node:http'
import https from 'node:https'
import type { NotificationPayload } from '../../shared/workshop/notificationApi'
import type { Logger } from '../log'
import { guardedLookup, webhookUrlProblem, type WebhookPolicy } from './webhookPolicy'
import type { WebhookStore } from './webhookStore'

/** Options of a WebhookDispatcher. */
export interface WebhookDispatcherOptions {
  store: WebhookStore
  policy: WebhookPolicy
  log: Logger
  now: () => number
  /** Delays before the second, third, ... attempt (ms); its length + 1 is the attempt count. */
  retryDelaysMs?: readonly number[]
  /** Time allowed for one attempt (ms). */
  timeoutMs?: number
}

/** Default delays between attempts: five attempts over about 2.5 minutes. */
export const defaultRetryDelaysMs: readonly number[] = [1000, 5000, 30_000, 120_000]

/** The longest `Retry-After` honoured. */
const maxRetryAfterMs = 5 * 60_000

/** Longest error text kept in the log. */
const maxErrorLength = 300

interface Answer {
  status: number
  retryAfterMs: number | null
}

/** See the module comment. */
export class WebhookDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly requests = new Set<http.ClientRequest>()
  private isClosed = false
  private readonly retryDelaysMs: readonly number[]
  private readonly timeoutMs: number

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.retryDelaysMs = options.retryDelaysMs ?? defaultRetryDelaysMs
    this.timeoutMs = options.timeoutMs ?? 10_000
  }

  /**
   * Queues `payload` for the room's webhook and resolves with the delivery's id, or null when the
   * room has none. Delivery happens in the background.
   */
  async send(
    roomId: string,
    payload: NotificationPayload,
    summary: string,
  ): Promise<number | null> {
    const { store, now } = this.options
    if (this.isClosed || !(await store.getUrl(roomId))) return null
    const id = await store.addDelivery(roomId, payload.event, summary, now())
    void this.attempt(roomId, id, JSON.stringify(payload), 1)
    return id
  }

  /** Cancels scheduled retries and open requests (shutdown); pending deliveries stay pending. */
  close(): void {
    this.isClosed = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    for (const request of this.requests) request.destroy(new Error('server shut down'))
  }

  private async attempt(roomId: string, id: number, body: string, attempt: number): Promise<void> {
    const { store, log, now, policy } = this.options
    const record = (
      status: 'pending' | 'delivered' | 'failed',
      responseStatus: number | null,
      error: string | null,
    ) => {
      store
        .updateDelivery(id, { status, attempts: attempt, responseStatus, error }, now())
        .catch((caught: unknown) =>
          log('webhook.log.failed', { room: roomId, error: String(caught) }),
        )
    }
    let webhook
    try {
      webhook = await store.getUrl(roomId)
    } catch (caught) {
      return record('failed', null, `the webhook could not be read: ${String(caught)}`)
    }
    if (!webhook) return record('failed', null, 'the webhook was removed before delivery')
    const problem = webhookUrlProblem(webhook.url, policy)
    if (problem) return record('failed', null, problem)
    let answer: Answer | null = null
    let error: string | null = null
    try {
      answer = await this.post(webhook.url, body)
    } catch (caught) {
      error = (caught instanceof Error ? caught.message : String(caught)).slice(0, maxErrorLength)
    }
    if (answer && answer.status >= 200 && answer.status < 300) {
      record('delivered', answer.status, null)
      log('webhook.delivered', { room: roomId, delivery: id, attempt, status: answer.status })
      return
    }
    const isBlocked = error !== null && /webhooks only post to public hosts/.test(error)
    const isRetryable =
      !this.isClosed &&
      !isBlocked &&
      (answer === null || answer.status >= 500 || answer.status === 429)
    const message = error ?? `the receiver answered HTTP ${answer!.status}`
    const delay = this.retryDelaysMs[attempt - 1]
    if (!isRetryable || delay === undefined) {
      record('failed', answer?.status ?? null, message)
      log('webhook.failed', { room: roomId, delivery: id, attempt, error: message })
      return
    }
    record('pending', answer?.status ?? null, message)
    const wait = Math.max(delay, Math.min(answer?.retryAfterMs ?? 0, maxRetryAfterMs))
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      void this.attempt(roomId, id, body, attempt + 1)
    }, wait)
    this.timers.add(timer)
  }

  private post(url: string, body: string): Promise<Answer> {
    const target = new URL(url)
    const transport = target.protocol === 'https:' ? https : http
    return new Promise((resolve, reject) => {
      const request = transport.request(
        target,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'ICP-Workshop-Webhook/1',
          },
          lookup: guardedLookup(this.options.policy),
          timeout: this.timeoutMs,
        },
        (response) => {
          // The body is not needed; reading it frees the socket.
          response.resume()
          const retryAfter = Number(response.headers['retry-after'])
          resolve({
            status: response.statusCode ?? 0,
            retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : null,
          })
        },
      )
      this.requests.add(request)
      request.on('close', () => this.requests.delete(request))
      request.on('timeout', () =>
        request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)),
      )
      request.on('error', reject)
      request.end(body)
    })
  }
}
