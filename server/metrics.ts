/**
 * Prometheus metrics of one server process (prom-client), served on `GET /metrics`: loaded rooms,
 * connections, updates committed and relayed, storage write latency and batch size (the group
 * commit), Redis relay lag and messages, plus Node's default process metrics. Each server has its
 * own registry, so tests can run several in one process.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

/** Where the gauges read their values when Prometheus scrapes. */
export interface MetricsSources {
  rooms(): number
  connections(): number
}

/** The metrics a server updates, and its registry. */
export interface ServerMetrics {
  readonly registry: Registry
  /** Updates committed to storage, by this node. */
  updatesCommitted: Counter
  /** Document updates sent to (`out`) and received from (`in`) other nodes through Redis. */
  updatesRelayed: Counter<'direction'>
  /** Duration of one group-commit transaction. */
  storageWriteSeconds: Histogram<'outcome'>
  /** Updates per group-commit transaction. */
  storageBatchUpdates: Histogram
  /** From another node's publish to this node's receipt (wall clocks of both; keep them in sync). */
  redisLagSeconds: Histogram
  /** Messages of any kind through Redis, by `direction` (`in`, `out`). */
  redisMessages: Counter<'direction'>
}

/** Creates the registry and metrics; gauges read `sources` on every scrape. */
export function createServerMetrics(sources: MetricsSources): ServerMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const registers = [registry]
  new Gauge({
    name: 'icp_rooms_loaded',
    help: 'Rooms loaded in this process',
    registers,
    collect() {
      this.set(sources.rooms())
    },
  })
  new Gauge({
    name: 'icp_connections',
    help: 'WebSocket connections attached to a room',
    registers,
    collect() {
      this.set(sources.connections())
    },
  })
  return {
    registry,
    updatesCommitted: new Counter({
      name: 'icp_updates_committed_total',
      help: 'Document updates this node committed to storage',
      registers,
    }),
    updatesRelayed: new Counter({
      name: 'icp_updates_relayed_total',
      help: 'Document updates relayed between nodes through Redis, by direction',
      labelNames: ['direction'],
      registers,
    }),
    storageWriteSeconds: new Histogram({
      name: 'icp_storage_write_seconds',
      help: 'Duration of one group-commit transaction',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    storageBatchUpdates: new Histogram({
      name: 'icp_storage_batch_updates',
      help: 'Updates written in one group-commit transaction',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers,
    }),
    redisLagSeconds: new Histogram({
      name: 'icp_redis_lag_seconds',
      help: 'From another node publishing a room message to this node receiving it',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    redisMessages: new Counter({
      name: 'icp_redis_messages_total',
      help: 'Messages through Redis (updates, awareness, control), by direction',
      labelNames: ['direction'],
      registers,
    }),
  }
}
