import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, defaultStaticDir, parseConfig } from '../../server/config'
import { fitCloseReason } from '../../server/protocol'

describe('parseConfig', () => {
  it('defaults to 127.0.0.1:1234 with ./data and the repository dist/', () => {
    expect(parseConfig({}, '/srv/icp')).toEqual({
      port: 1234,
      host: '127.0.0.1',
      dataDir: path.resolve('/srv/icp/data'),
      staticDir: defaultStaticDir,
    })
  })

  it('reads PORT, HOST, DATA_DIR and STATIC_DIR, treating empty values as unset', () => {
    expect(
      parseConfig(
        { PORT: '0', HOST: '0.0.0.0', DATA_DIR: 'state', STATIC_DIR: '/www' },
        '/srv/icp',
      ),
    ).toEqual({ port: 0, host: '0.0.0.0', dataDir: '/srv/icp/state', staticDir: '/www' })
    expect(parseConfig({ PORT: '', HOST: ' ' }, '/srv').port).toBe(1234)
  })

  it.each(['eighty', '-1', '65536', '12.5', '1e3'])(
    'refuses PORT=%s with a message naming it',
    (port) => {
      expect(() => parseConfig({ PORT: port })).toThrow(ConfigError)
      expect(() => parseConfig({ PORT: port })).toThrow(
        `PORT must be an integer from 0 to 65535, got "${port}"`,
      )
    },
  )
})

describe('parseConfig: tuning', () => {
  it('reads room limits, the unload grace and the compaction test hook when set', () => {
    const config = parseConfig({
      MAX_UPDATE_BYTES: '1048576',
      COMPACT_AFTER_UPDATES: '40',
      UNLOAD_GRACE_MS: '50',
      TEST_COMPACTION_DELAY_MS: '2000',
    })
    expect(config.limits).toEqual({ maxUpdateBytes: 1048576, compactAfterUpdates: 40 })
    expect(config.unloadGraceMs).toBe(50)
    expect(config.compactionDelayMs).toBe(2000)
    expect(parseConfig({ MAX_ROOM_BYTES: '' }).limits).toBeUndefined()
  })

  it.each(['0', '-5', '1.5', 'lots'])('refuses MAX_ROOM_BYTES=%s, naming it', (value) => {
    expect(() => parseConfig({ MAX_ROOM_BYTES: value })).toThrow(
      `MAX_ROOM_BYTES must be a positive integer, got "${value}"`,
    )
  })
})

describe('parseConfig: notifications', () => {
  it('reads PUBLIC_URL without a trailing slash and the webhook host allow-list', () => {
    const config = parseConfig({
      PUBLIC_URL: 'https://icp.example.com/',
      WEBHOOK_ALLOWED_HOSTS: 'hooks.slack.com, *.Webhook.Office.com,,',
    })
    expect(config.publicUrl).toBe('https://icp.example.com')
    expect(config.webhookPolicy).toEqual({
      allowedHosts: ['hooks.slack.com', '*.webhook.office.com'],
    })
    expect(parseConfig({ WEBHOOK_ALLOWED_HOSTS: ' ' }).webhookPolicy).toBeUndefined()
  })

  it('refuses a PUBLIC_URL that is not an http(s) URL', () => {
    expect(() => parseConfig({ PUBLIC_URL: 'icp.example.com' })).toThrow(
      'PUBLIC_URL must be a URL such as https://icp.example.com, got "icp.example.com"',
    )
    expect(() => parseConfig({ PUBLIC_URL: 'ftp://icp.example.com' })).toThrow(
      'PUBLIC_URL must start with https:// or http://, got "ftp://icp.example.com"',
    )
  })
})

describe('parseConfig: SECRET', () => {
  it('passes a long enough SECRET on and leaves it unset when empty', () => {
    const secret = 'x'.repeat(32)
    expect(parseConfig({ SECRET: secret }, '/srv').secret).toBe(secret)
    expect(parseConfig({ SECRET: ' ' }, '/srv').secret).toBeUndefined()
  })

  it('refuses a SECRET shorter than 32 characters, naming it', () => {
    expect(() => parseConfig({ SECRET: 'short' })).toThrow(
      'SECRET must be at least 32 characters (e.g. `openssl rand -base64 48`), got 5',
    )
  })
})

describe('fitCloseReason', () => {
  it('keeps short reasons and cuts long ones to 123 bytes of UTF-8', () => {
    expect(fitCloseReason('room abc does not exist')).toBe('room abc does not exist')
    const cut = fitCloseReason('é'.repeat(200))
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(123)
    expect(cut.endsWith('…')).toBe(true)
  })
})
