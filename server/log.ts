/**
 * Structured, one-line-per-event logging. Events are named `noun.verb` (`room.loaded`) with flat
 * fields, so a line can be grepped and parsed without a log library. Nothing is logged per message,
 * and events client input causes are rate-limited (`limitLogRate`).
 */

/** Flat fields of a log event; `undefined` fields are left out. */
export type LogFields = Record<string, string | number | boolean | undefined>

/** Receives every server event. Tests pass their own to observe what the server did. */
export type Logger = (event: string, fields?: LogFields) => void

/** Formats `event key=value ...`; values with spaces or quotes are JSON-quoted. */
export function formatLogLine(event: string, fields: LogFields = {}): string {
  const parts = [event]
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    const text = String(value)
    parts.push(`${key}=${/^[^\s"=]*$/.test(text) && text !== '' ? text : JSON.stringify(text)}`)
  }
  return parts.join(' ')
}

/** Logs to stdout (stderr for events ending in `.failed` or `.error`) with an ISO timestamp. */
export function createConsoleLogger(): Logger {
  return (event, fields) => {
    const line = `${new Date().toISOString()} ${formatLogLine(event, fields)}`
    if (event.endsWith('.failed') || event.endsWith('.error')) console.error(line)
    else console.log(line)
  }
}

/** How many lines of one event in one room pass: `burst` at once, `perSecond` sustained. */
export interface LogRateLimits {
  perSecond: number
  burst: number
}

/** 20 lines at once, then 5 a second, per event and room. */
export const defaultLogRateLimits: LogRateLimits = { perSecond: 5, burst: 20 }

/** Suppressed lines are reported at the latest this long after the first was dropped (ms). */
const suppressedReportMs = 10_000

interface LogBucket {
  tokens: number
  updatedAt: number
  suppressed: number
}

/**
 * `log` with a rate limit per event and room, so client input cannot flood it (one line per
 * dropped update once made a commenter write 812 lines in 3 s). Lines over the limit are counted
 * and reported as one `log.suppressed event=… room=… count=…` line, when the event next passes or
 * with any line logged 10 s after the first one was dropped. `now` is a monotonic clock in ms.
 */
export function limitLogRate(
  log: Logger,
  limits: LogRateLimits = defaultLogRateLimits,
  now: () => number = () => performance.now(),
): Logger {
  const buckets = new Map<string, LogBucket>()
  let firstSuppressedAt: number | null = null
  const report = (key: string, bucket: LogBucket) => {
    if (bucket.suppressed === 0) return
    const [event, room] = key.split('\u0000')
    log('log.suppressed', { event, room: room || undefined, count: bucket.suppressed })
    bucket.suppressed = 0
  }
  return (event, fields) => {
    const time = now()
    if (firstSuppressedAt !== null && time - firstSuppressedAt >= suppressedReportMs) {
      firstSuppressedAt = null
      for (const [key, bucket] of buckets) report(key, bucket)
    }
    const room = fields?.room
    const key = `${event}\u0000${room === undefined ? '' : String(room)}`
    let bucket = buckets.get(key)
    if (!bucket) {
      // Buckets that refilled long ago carry no information; drop them so the map stays small.
      if (buckets.size >= 1000) {
        const idleFor = (limits.burst / limits.perSecond) * 1000
        for (const [oldKey, old] of buckets) {
          if (old.suppressed === 0 && time - old.updatedAt > idleFor) buckets.delete(oldKey)
        }
      }
      bucket = { tokens: limits.burst, updatedAt: time, suppressed: 0 }
      buckets.set(key, bucket)
    }
    bucket.tokens = Math.min(
      limits.burst,
      bucket.tokens + ((time - bucket.updatedAt) / 1000) * limits.perSecond,
    )
    bucket.updatedAt = time
    if (bucket.tokens < 1) {
      bucket.suppressed += 1
      firstSuppressedAt ??= time
      return
    }
    bucket.tokens -= 1
    report(key, bucket)
    log(event, fields)
  }
}
