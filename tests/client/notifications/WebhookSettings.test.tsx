import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebhookSettings } from '../../../client/notifications/WebhookSettings'
import type { WebhookDelivery, WebhookStatus } from '../../../shared/workshop/notificationApi'

afterEach(() => {
  vi.unstubAllGlobals()
})

const delivery = (overrides: Partial<WebhookDelivery>): WebhookDelivery => ({
  id: 1,
  event: 'thread.created',
  summary: 'Alice started a thread on Persona “CMO” in “Q3 ICP”',
  status: 'delivered',
  attempts: 1,
  responseStatus: 200,
  error: null,
  createdAt: '2026-09-14T08:00:00.000Z',
  updatedAt: '2026-09-14T08:00:01.000Z',
  ...overrides,
})

/** A fake server keeping one webhook; records the calls. */
function stubServer(initial: WebhookStatus) {
  let status = initial
  const calls: { method: string; url: string; body: unknown }[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET'
      const body = init.body ? JSON.parse(String(init.body)) : undefined
      calls.push({ method, url, body })
      if (method === 'PUT') {
        if (String((body as { url: string }).url).includes('127.0.0.1')) {
          return Response.json(
            { error: 'this webhook URL cannot be used: 127.0.0.1 is a loopback address' },
            { status: 400 },
          )
        }
        status = {
          ...status,
          webhook: {
            urlPreview: 'https://hooks.slack.com/…XYZ9',
            updatedAt: '2026-09-14T08:00:00.000Z',
          },
        }
      }
      if (method === 'DELETE') {
        status = { ...status, webhook: null }
        return new Response(null, { status: 204 })
      }
      if (method === 'POST') {
        status = {
          ...status,
          deliveries: [
            delivery({
              id: 2,
              event: 'webhook.test',
              summary: 'Test message',
              status: 'pending',
              attempts: 2,
              error: 'the receiver answered HTTP 503',
            }),
            ...status.deliveries,
          ],
        }
        return Response.json(status, { status: 202 })
      }
      return Response.json(status)
    }),
  )
  return calls
}

describe('WebhookSettings', () => {
  it('saves a URL, then shows only its preview and the delivery log', async () => {
    const calls = stubServer({ webhook: null, deliveries: [] })
    render(<WebhookSettings roomId="room-a" token="fa.1" />)
    fireEvent.change(await screen.findByLabelText('Webhook URL'), {
      target: { value: ' https://hooks.slack.com/services/T0/B0/abcXYZ9 ' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('https://hooks.slack.com/…XYZ9')).toBeTruthy()
    expect(calls.find((call) => call.method === 'PUT')).toEqual({
      method: 'PUT',
      url: '/api/rooms/room-a/webhook',
      body: { url: 'https://hooks.slack.com/services/T0/B0/abcXYZ9' },
    })
    expect(screen.queryByDisplayValue(/abcXYZ9/)).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Send test' }))
    const log = await screen.findByRole('list', { name: 'Delivery log' })
    await waitFor(() => expect(within(log).getAllByRole('listitem')).toHaveLength(1))
    expect(within(log).getByText('Retrying')).toBeTruthy()
    expect(log.textContent).toContain('2 attempts · the receiver answered HTTP 503')
  })

  it('says why the server refused a URL, and keeps what was typed', async () => {
    stubServer({ webhook: null, deliveries: [] })
    render(<WebhookSettings roomId="room-a" token="fa.1" />)
    const field = (await screen.findByLabelText('Webhook URL')) as HTMLInputElement
    fireEvent.change(field, { target: { value: 'http://127.0.0.1:9000/hook' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect((await screen.findByRole('alert')).textContent).toBe(
      'this webhook URL cannot be used: 127.0.0.1 is a loopback address',
    )
    expect(field.value).toBe('http://127.0.0.1:9000/hook')
  })

  it('lists past deliveries with their status and removes the webhook on request', async () => {
    const calls = stubServer({
      webhook: {
        urlPreview: 'https://hooks.slack.com/…XYZ9',
        updatedAt: '2026-09-14T08:00:00.000Z',
      },
      deliveries: [
        delivery({
          id: 3,
          status: 'failed',
          error: 'the receiver answered HTTP 404',
          responseStatus: 404,
        }),
        delivery({}),
      ],
    })
    render(<WebhookSettings roomId="room-a" token="fa.1" />)
    const log = await screen.findByRole('list', { name: 'Delivery log' })
    expect(
      within(log)
        .getAllByRole('listitem')
        .map((item) => item.textContent?.slice(0, 9)),
    ).toEqual(['FailedAli', 'Delivered'])
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }))
    expect(await screen.findByLabelText('Webhook URL')).toBeTruthy()
    expect(calls.some((call) => call.method === 'DELETE')).toBe(true)
  })
})
