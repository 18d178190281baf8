/**
 * Operating a cluster: health and readiness say whether a node reaches PostgreSQL and Redis,
 * Prometheus metrics count what nodes relay to each other, a Redis outage heals (every node reads
 * its rooms from storage again, so edits made meanwhile reach everyone), and a node told to drain
 * with a delay fails readiness while it keeps serving, then hands its clients over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis } from '../../scripts/localServices'
import { closeCodes } from '../../shared/protocol'
import { startTestCluster, type TestCluster } from '../helpers/cluster'
import { geoShape } from '../helpers/records'
import { recordsOf } from '../helpers/storageBackend'
import { waitFor } from '../helpers/waitFor'

let cluster: TestCluster

beforeAll(async () => {
  cluster = await startTestCluster({ nodes: 2, env: { DRAIN_DELAY_MS: '1500' } })
})

afterAll(async () => {
  await cluster?.stop()
})

async function json(url: string) {
  const response = await fetch(url)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** The value of a metric sample line (`name{labels} value`), or 0 when absent. */
function sample(metrics: string, line: string): number {
  const escaped = line.replace(/[{}"]/g, (char) => `\\${char}`)
  return Number(new RegExp(`^${escaped} (\\S+)$`, 'm').exec(metrics)?.[1] ?? 0)
}

describe('operating a cluster', () => {
  it('reports that each node reaches its database and Redis, and is ready', async () => {
    for (const node of cluster.nodes) {
      expect(await json(`${node.url}/api/health`)).toMatchObject({
        status: 200,
        body: {
          ok: true,
          database: { ok: true, ms: expect.any(Number) },
          redis: { ok: true, ms: expect.any(Number) },
        },
      })
      expect(await json(`${node.url}/api/ready`)).toEqual({ status: 200, body: { ready: true } })
    }
  })

  it('counts updates committed on one node and relayed to the other, with the Redis lag', async () => {
    const [one, two] = cluster.nodes
    const room = await cluster.createRoom(one!.url)
    const alice = cluster.connect(one!.url, room)
    const bob = cluster.connect(two!.url, room)
    await Promise.all([alice.synced(), bob.synced()])
    for (let i = 0; i < 5; i++) alice.put(geoShape(`m${i}`, i))
    await waitFor(() => expect(Object.keys(bob.snapshot())).toHaveLength(7))

    const sent = await (await fetch(`${one!.url}/metrics`)).text()
    const received = await (await fetch(`${two!.url}/metrics`)).text()
    expect(sample(sent, 'icp_updates_committed_total')).toBeGreaterThanOrEqual(5)
    expect(sample(sent, 'icp_updates_relayed_total{direction="out"}')).toBeGreaterThanOrEqual(5)
    expect(sample(received, 'icp_updates_relayed_total{direction="in"}')).toBeGreaterThanOrEqual(5)
    expect(sample(received, 'icp_redis_lag_seconds_count')).toBeGreaterThan(0)
    expect(sample(received, 'icp_rooms_loaded')).toBe(1)
    expect(sample(received, 'icp_connections')).toBe(1)
    expect(sample(sent, 'icp_storage_write_seconds_count{outcome="ok"}')).toBeGreaterThan(0)
    await cluster.disconnectAll()
  })

  it('reports Redis unreachable while it is down, and catches up on what was edited meanwhile', async () => {
    const [one, two] = cluster.nodes
    const room = await cluster.createRoom(one!.url)
    const alice = cluster.connect(one!.url, room)
    const bob = cluster.connect(two!.url, room)
    await Promise.all([alice.synced(), bob.synced()])

    await cluster.redis.stop()
    await waitFor(async () => {
      const health = await json(`${two!.url}/api/health`)
      expect(health).toMatchObject({
        status: 503,
        body: {
          ok: false,
          database: { ok: true },
          redis: { ok: false, error: expect.any(String) },
        },
      })
      expect(await json(`${two!.url}/api/ready`)).toMatchObject({
        status: 503,
        body: { ready: false, reason: expect.stringMatching(/^redis unreachable: /) },
      })
    })
    // Edits go on (each node stores them), but cannot cross to the other node.
    alice.put(geoShape('during-outage', 1, 1))
    await waitFor(async () => {
      expect(recordsOf(await cluster.storedUpdates(room.roomId))).toHaveProperty([
        'shape:during-outage',
      ])
    })
    expect(bob.snapshot()['shape:during-outage']).toBeUndefined()

    const redis = await startRedis({ port: cluster.redis.port })
    cluster.redis = redis
    await waitFor(
      async () => {
        expect((await json(`${two!.url}/api/ready`)).status).toBe(200)
        expect(bob.snapshot()['shape:during-outage']).toMatchObject({ x: 1, y: 1 })
      },
      { timeout: 15_000, interval: 100 },
    )
    // And new edits cross again.
    bob.put(geoShape('after-outage', 2, 2))
    await waitFor(() => expect(alice.snapshot()['shape:after-outage']).toBeDefined())
    expect([...alice.closes, ...bob.closes]).toEqual([])
    await cluster.disconnectAll()
  })

  it('fails readiness while draining after SIGTERM, keeps serving meanwhile, then closes with serverShutdown', async () => {
    const [one, two] = cluster.nodes
    const room = await cluster.createRoom(one!.url)
    const alice = cluster.connect(two!.url, room)
    const bob = cluster.connect(one!.url, room)
    await Promise.all([alice.synced(), bob.synced()])

    const exited = two!.stop('SIGTERM')
    await waitFor(async () =>
      expect(await json(`${two!.url}/api/ready`)).toEqual({
        status: 503,
        body: { ready: false, reason: 'draining: this node is shutting down' },
      }),
    )
    // Still serving its clients during the delay.
    alice.put(geoShape('while-draining'))
    await waitFor(() => expect(bob.snapshot()['shape:while-draining']).toBeDefined())
    expect(alice.closes).toEqual([])

    expect(await exited).toEqual({ code: 0, signal: null })
    expect(alice.closes[0]).toEqual({
      code: closeCodes.serverShutdown,
      reason: 'server is shutting down',
    })
    await two!.restart()
  })
})
