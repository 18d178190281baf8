/**
 * Routes for operators and proxies:
 * - `GET /api/health`: whether this node reaches its database and Redis (`200`, or `503` when one
 *   does not answer), with round-trip times;
 * - `GET /api/ready`: whether a proxy should send this node new connections (`503` while it
 *   drains on SIGTERM, or when its database or Redis is unreachable);
 * - `GET /metrics`: Prometheus metrics (server/metrics.ts). Not under /api, and meant for the
 *   scraper on the node's own address: the shipped nginx configuration does not expose it.
 */
import type { Hono } from 'hono'
import type { Registry } from 'prom-client'

/** How a dependency answered a probe. */
export interface ProbeResult {
  ok: boolean
  /** Round trip in ms. */
  ms: number
  /** Why it failed. */
  error?: string
}

/** What the health and readiness routes report. */
export interface HealthReport {
  database: ProbeResult
  /** Null on a single node (no Redis). */
  redis: ProbeResult | null
  /** True once the node began its graceful stop. */
  isDraining: boolean
}

/** What the operations routes need. */
export interface OpsRoutesOptions {
  health: () => Promise<HealthReport>
  metrics: Registry
}

/** Runs `check` with a timeout and reports how it went. */
export async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<ProbeResult> {
  const startedAt = performance.now()
  const elapsed = () => Number((performance.now() - startedAt).toFixed(1))
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
      }),
    ])
    return { ok: true, ms: elapsed() }
  } catch (error) {
    return {
      ok: false,
      ms: elapsed(),
      error: error instanceof Error ? error.message : String(error),
    }
  } finally {
    clearTimeout(timer)
  }
}

const noStore = { 'cache-control': 'no-store' }

/** Registers /health and /ready on `api` (mounted at /api). */
export function registerOpsRoutes(api: Hono, { health }: OpsRoutesOptions): void {
  api.get('/health', async (c) => {
    const report = await health()
    const ok = report.database.ok && (report.redis?.ok ?? true)
    return c.json({ ok, database: report.database, redis: report.redis }, ok ? 200 : 503, noStore)
  })

  api.get('/ready', async (c) => {
    const report = await health()
    const reason = report.isDraining
      ? 'draining: this node is shutting down'
      : !report.database.ok
        ? `database unreachable: ${report.database.error}`
        : report.redis && !report.redis.ok
          ? `redis unreachable: ${report.redis.error}`
          : null
    return c.json(reason ? { ready: false, reason } : { ready: true }, reason ? 503 : 200, noStore)
  })
}

/** Registers GET /metrics on the root app. */
export function registerMetricsRoute(app: Hono, { metrics }: OpsRoutesOptions): void {
  app.get('/metrics', async (c) =>
    c.body(await metrics.metrics(), 200, { 'content-type': metrics.contentType, ...noStore }),
  )
}
