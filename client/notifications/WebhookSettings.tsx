import { useEffect, useId, useState, type FormEvent } from 'react'
import type { WebhookDelivery, WebhookStatus } from '../../shared/workshop/notificationApi'
import { errorText } from '../lib/errorText'
import { fetchWebhook, removeWebhook, saveWebhook, testWebhook } from './notificationsApi'
import './notifications.css'

/** How often the delivery log is refreshed while it is on screen (ms). */
const refreshMs = 3000

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short' })

const statusLabels: Readonly<Record<WebhookDelivery['status'], string>> = {
  delivered: 'Delivered',
  pending: 'Retrying',
  failed: 'Failed',
}

function DeliveryLog({ deliveries }: { deliveries: readonly WebhookDelivery[] }) {
  if (deliveries.length === 0) {
    return <p className="webhook__empty muted">Nothing sent yet.</p>
  }
  return (
    <ol className="webhook__log" aria-label="Delivery log">
      {deliveries.map((delivery) => (
        <li key={delivery.id} className="webhook__delivery">
          <span className={`webhook__status webhook__status--${delivery.status}`}>
            {statusLabels[delivery.status]}
          </span>
          <span className="webhook__summary" title={delivery.summary}>
            {delivery.summary}
          </span>
          <span className="webhook__meta muted">
            {timeFormat.format(new Date(delivery.updatedAt))}
            {delivery.attempts > 1 ? ` · ${delivery.attempts} attempts` : ''}
            {delivery.error ? ` · ${delivery.error}` : ''}
          </span>
        </li>
      ))}
    </ol>
  )
}

/**
 * The board's webhook in the share dialog (facilitator only): paste a Slack-compatible incoming
 * webhook URL, send a test, remove it, and see what was delivered. The URL is kept on the server
 * and only shown back as a preview.
 */
export function WebhookSettings({ roomId, token }: { roomId: string; token: string }) {
  const [status, setStatus] = useState<WebhookStatus | null>(null)
  const [draft, setDraft] = useState('')
  const [isEditing, setIsEditing] = useState(false)
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const fieldId = useId()

  useEffect(() => {
    let isCurrent = true
    const load = () =>
      fetchWebhook(roomId, token)
        .then((loaded) => {
          if (isCurrent) setStatus(loaded)
        })
        .catch((caught: unknown) => {
          if (isCurrent) setError(errorText(caught))
        })
    void load()
    const timer = window.setInterval(() => void load(), refreshMs)
    return () => {
      isCurrent = false
      window.clearInterval(timer)
    }
  }, [roomId, token])

  const run = async (action: () => Promise<WebhookStatus | null>) => {
    setIsBusy(true)
    setError(null)
    try {
      const next = await action()
      setStatus(next ?? { webhook: null, deliveries: status?.deliveries ?? [] })
      return true
    } catch (caught) {
      setError(errorText(caught))
      return false
    } finally {
      setIsBusy(false)
    }
  }

  const onSave = async (event: FormEvent) => {
    event.preventDefault()
    if (await run(() => saveWebhook(roomId, token, draft.trim()))) {
      setDraft('')
      setIsEditing(false)
    }
  }

  const webhook = status?.webhook ?? null
  return (
    <section className="webhook" aria-labelledby={`${fieldId}-title`}>
      <h3 id={`${fieldId}-title`} className="webhook__title">
        Notifications
      </h3>
      <p className="muted webhook__intro">
        Post new threads, @mentions, resolved threads and saved versions to a Slack, Teams or other
        incoming webhook.
      </p>
      {webhook && !isEditing ? (
        <div className="webhook__current">
          <code className="webhook__url">{webhook.urlPreview}</code>
          <div className="webhook__actions">
            <button
              type="button"
              className="button button--small"
              disabled={isBusy}
              onClick={() => void run(() => testWebhook(roomId, token))}
            >
              Send test
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={isBusy}
              onClick={() => setIsEditing(true)}
            >
              Change
            </button>
            <button
              type="button"
              className="button button--small button--quiet"
              disabled={isBusy}
              onClick={() =>
                void run(async () => {
                  await removeWebhook(roomId, token)
                  return null
                })
              }
            >
              Remove
            </button>
          </div>
        </div>
      ) : (
        <form className="webhook__form" onSubmit={onSave}>
          <input
            aria-label="Webhook URL"
            className="webhook__input"
            type="url"
            required
            value={draft}
            placeholder="https://hooks.slack.com/services/…"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button button--small" disabled={isBusy || !draft.trim()}>
            Save
          </button>
          {webhook && (
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => setIsEditing(false)}
            >
              Cancel
            </button>
          )}
        </form>
      )}
      {error && (
        <p className="form-error webhook__error" role="alert">
          {error}
        </p>
      )}
      {status && (webhook || status.deliveries.length > 0) && (
        <DeliveryLog deliveries={status.deliveries} />
      )}
    </section>
  )
}
