/**
 * Per-connection rate limits: two token buckets, one on messages and one on bytes. A bucket starts
 * full (`burst` tokens) and refills at `perSecond`; a frame that finds either bucket short closes
 * its socket with `rateLimited` (4529, a 45xx code: the client may reconnect after backing off).
 *
 * The defaults are sized for an honest client dragging cards at 60 fps: about 60 document updates
 * a second, 20 cursor updates (client/sync/bindPresence.ts throttles to 20 Hz), and the stock
 * provider's echo of every awareness frame it receives (at most 20 a second, since the server
 * coalesces awareness per room; server/rooms.ts). That is about 100 messages a second; the limit
 * allows three times that, with a burst of two seconds' worth. The byte bucket holds two maximum
 * frames, so a reconnect with a large offline edit and a big paste both go through.
 */
import { maxFrameBytes } from '../shared/protocol'

/** Sustained rates and bursts of one connection. */
export interface RateLimits {
  /** Messages a second, sustained. */
  messagesPerSecond: number
  /** Messages accepted at once after a quiet period. */
  messageBurst: number
  /** Bytes a second, sustained. */
  bytesPerSecond: number
  /** Bytes accepted at once after a quiet period (at least one maximum frame). */
  byteBurst: number
}

/** 300 messages/s (burst 600) and 4 MiB/s (burst 16 MiB, two maximum frames). */
export const defaultRateLimits: RateLimits = {
  messagesPerSecond: 300,
  messageBurst: 600,
  bytesPerSecond: 4 * 1024 * 1024,
  byteBurst: 2 * maxFrameBytes,
}

/** A token bucket: `take` succeeds while tokens remain; they refill continuously. */
export class TokenBucket {
  private tokens: number
  private updatedAt: number

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    /** Monotonic clock in ms. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity
    this.updatedAt = now()
  }

  /** Takes `amount` tokens; false (and nothing taken) when fewer are left. */
  take(amount = 1): boolean {
    const time = this.now()
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((time - this.updatedAt) / 1000) * this.perSecond,
    )
    this.updatedAt = time
    if (this.tokens < amount) return false
    this.tokens -= amount
    return true
  }
}

/** Both buckets of one connection; `admit` says why a frame is refused, or null. */
export class ConnectionRateLimiter {
  private readonly messages: TokenBucket
  private readonly bytes: TokenBucket

  constructor(
    private readonly limits: RateLimits,
    now?: () => number,
  ) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now)
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now)
  }

  /** Accounts for one frame of `byteLength` bytes: null when admitted, else the close reason. */
  admit(byteLength: number): string | null {
    const { messagesPerSecond, bytesPerSecond } = this.limits
    if (!this.messages.take(1)) {
      return `rate limit: more than ${messagesPerSecond} messages a second; reconnect later`
    }
    if (!this.bytes.take(byteLength)) {
      return `rate limit: more than ${formatMebibytes(bytesPerSecond)} a second; reconnect later`
    }
    return null
  }
}

function formatMebibytes(bytes: number): string {
  return `${Number((bytes / 1024 / 1024).toFixed(2))} MiB`
}
