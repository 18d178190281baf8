import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConnectionRateLimiter, defaultRateLimits, TokenBucket } from '../../server/rateLimit'
import { closeCodes } from '../../shared/protocol'
import { geoShape } from '../helpers/records'
import { startTestServer, type TestClient, type TestServer } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

describe('TokenBucket', () => {
  it('starts full, empties, and refills at its rate up to its capacity', () => {
    let time = 0
    const bucket = new TokenBucket(10, 5, () => time)
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    time += 100 // one token
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    time += 60_000 // refills to capacity, not beyond
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
  })

  it('refuses an amount larger than what is left without taking anything', () => {
    const bucket = new TokenBucket(1, 100, () => 0)
    expect(bucket.take(80)).toBe(true)
    expect(bucket.take(30)).toBe(false)
    expect(bucket.take(20)).toBe(true)
  })
})

describe('ConnectionRateLimiter', () => {
  it('admits a 60 fps drag with 20 Hz cursors and their echoes, for a minute', () => {
    let time = 0
    const limiter = new ConnectionRateLimiter(defaultRateLimits, () => time)
    // Every 1/60 s a document update (~500 bytes); every 1/20 s a cursor and an echo (~1 KB).
    for (let frame = 0; frame < 60 * 60; frame++) {
      time = (frame * 1000) / 60
      expect(limiter.admit(500)).toBeNull()
      if (frame % 3 === 0) {
        expect(limiter.admit(1000)).toBeNull()
        expect(limiter.admit(1000)).toBeNull()
      }
    }
  })

  it('admits a reconnect burst: two maximum frames at once', () => {
    const limiter = new ConnectionRateLimiter(defaultRateLimits, () => 0)
    expect(limiter.admit(8 * 1024 * 1024)).toBeNull()
    expect(limiter.admit(8 * 1024 * 1024)).toBeNull()
    expect(limiter.admit(1024 * 1024)).toBe('rate limit: more than 4 MiB a second; reconnect later')
  })

  it('refuses the message after the burst when they all come at once', () => {
    const limiter = new ConnectionRateLimiter(defaultRateLimits, () => 0)
    for (let i = 0; i < defaultRateLimits.messageBurst; i++) expect(limiter.admit(10)).toBeNull()
    expect(limiter.admit(10)).toBe('rate limit: more than 300 messages a second; reconnect later')
  })
})

describe('rate limits on the sync endpoint', () => {
  let harness: TestServer

  beforeAll(async () => {
    harness = await startTestServer()
  })

  afterAll(async () => {
    await harness.stop()
  })

  it('lets five people drag cards at 60 fps and move cursors at 20 Hz without closing anyone', async () => {
    const roomId = await harness.createRoom()
    const people: TestClient[] = []
    for (let i = 0; i < 5; i++) people.push(harness.connect(roomId))
    await Promise.all(people.map((person) => person.synced()))
    let frame = 0
    const drag = setInterval(() => {
      frame += 1
      for (const [i, person] of people.entries()) {
        person.put(geoShape(`drag${i}`, frame, i * 120))
        if (frame % 3 === 0) {
          person.provider.awareness.setLocalStateField('cursor', { x: frame, y: i })
        }
      }
    }, 1000 / 60)
    try {
      await waitFor(() => expect(frame).toBeGreaterThanOrEqual(180), { timeout: 30_000 })
    } finally {
      clearInterval(drag)
    }
    const last = frame
    await waitFor(() => {
      for (const person of people) {
        for (let i = 0; i < people.length; i++) {
          expect(person.snapshot()[`shape:drag${i}`]).toMatchObject({ x: last })
        }
      }
    })
    expect(people.flatMap((person) => person.closes)).toEqual([])
    expect(
      harness.events.filter(
        (e) => e.event === 'connection.closed' && e.fields.code === closeCodes.rateLimited,
      ),
    ).toEqual([])
    // Three seconds of dragging in real time, on a machine that may be busy: the waits above set
    // the pace, not vitest's 5 s default.
  }, 40_000)
})
