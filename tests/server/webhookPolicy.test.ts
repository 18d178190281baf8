import { describe, expect, it } from 'vitest'
import { webhookUrlPreview } from '../../server/notifications/notificationRoutes'
import {
  guardedLookup,
  isListedHost,
  isNonPublicAddress,
  webhookUrlProblem,
} from '../../server/notifications/webhookPolicy'

describe('webhook policy', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    'fe80::1',
    'fd12:3456::1',
    'ff02::1',
  ])('treats %s as non-public', (address) => {
    expect(isNonPublicAddress(address)).toBe(true)
  })

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:1.1.1.1'])(
    'treats %s as public',
    (address) => {
      expect(isNonPublicAddress(address)).toBe(false)
    },
  )

  it('matches allow-listed hosts exactly or by a *. subdomain pattern', () => {
    const list = ['hooks.slack.com', '*.webhook.office.com', '[::1]']
    expect(isListedHost('hooks.slack.com', list)).toBe(true)
    expect(isListedHost('HOOKS.slack.com', list)).toBe(true)
    expect(isListedHost('evilhooks.slack.com', list)).toBe(false)
    expect(isListedHost('acme.webhook.office.com', list)).toBe(true)
    expect(isListedHost('webhook.office.com.evil.com', list)).toBe(false)
    expect(isListedHost('::1', list)).toBe(true)
  })

  it('with an allow-list, accepts only listed hosts, private ones included', () => {
    const policy = { allowedHosts: ['127.0.0.1'] }
    expect(webhookUrlProblem('http://127.0.0.1:9000/hook', policy)).toBeNull()
    expect(webhookUrlProblem('https://hooks.slack.com/services/x', policy)).toBe(
      'hooks.slack.com is not an allowed webhook host on this server (WEBHOOK_ALLOWED_HOSTS)',
    )
  })

  it('refuses, at connect time, a name that resolves to a non-public address', async () => {
    const lookup = guardedLookup({ allowedHosts: null })
    const error = await new Promise<Error | null>((resolve) =>
      lookup('localhost', {}, (failure) => resolve(failure)),
    )
    expect(error?.message).toMatch(/^localhost \((127\.0\.0\.1|::1)\) is a loopback/)
    const allowed = guardedLookup({ allowedHosts: ['localhost'] })
    const address = await new Promise<string>((resolve, reject) =>
      allowed('localhost', {}, (failure, resolved) =>
        failure ? reject(failure) : resolve(String(resolved)),
      ),
    )
    expect(['127.0.0.1', '::1']).toContain(address)
  })

  it('previews a URL by its scheme, host and last four characters only', () => {
    expect(webhookUrlPreview('https://hooks.slack.com/services/T0/B0/abcdefXYZ9')).toBe(
      'https://hooks.slack.com/…XYZ9',
    )
    expect(webhookUrlPreview('https://example.com')).toBe('https://example.com')
  })
})
