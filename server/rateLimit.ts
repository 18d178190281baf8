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
  /**
   * Bytes of answers a second, sustained: sync step 2 to every sync step 1 but the first, and
   * awareness states to every query. A tiny request can ask for the whole room; this bounds the
   * answer, not only the request.
   */
  answerBytesPerSecond: number
  /** Bytes of answers at once (more than the unsent data a slow reader may queue). */
  answerByteBurst: number
  /** Messages a second, sustained. */
  messagesPerSecond: number
  /** Messages accepted at once after a quiet period. */
  messageBurst: number
  /** Bytes a second, sustained. */
  bytesPerSecond: number
  /** Bytes accepted at once after a quiet period (at least one maximum frame). */
  byteBurst: number
}

/**
 * 300 messages/s (burst 600) and 4 MiB/s (burst 16 MiB, two maximum frames); answers 4 MiB/s
 * (burst 32 MiB).
 */
export const defaultRateLimits: RateLimits = {
  answerBytesPerSecond: 4 * 1024 * 1024,
  answerByteBurst: 4 * maxFrameBytes,
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
    this.refill()
    if (this.tokens < amount) return false
    this.tokens -= amount
    return true
  }

  /** True while tokens remain (after `charge` took more than there were, once refilled). */
  hasTokens(): boolean {
    this.refill()
    return this.tokens > 0
  }

  /** Takes `amount` tokens even when fewer are left (a cost known only afterwards). */
  charge(amount: number): void {
    this.refill()
    this.tokens -= amount
  }

  private refill(): void {
    const time = this.now()
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((time - this.updatedAt) / 1000) * this.perSecond,
    )
    this.updatedAt = time
  }
}

/**
 * The buckets of one connection: `admit` says why a frame is refused, or null; `admitAnswer` and
 * `chargeAnswer` bound the answers it asks for (the first sync answer, the handshake, is free).
 */
export class ConnectionRateLimiter {
  private readonly messages: TokenBucket
  private readonly bytes: TokenBucket
  private readonly answers: TokenBucket
  private hasAnsweredSync = false

  constructor(
    private readonly limits: RateLimits,
    now?: () => number,
  ) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now)
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now)
    this.answers = new TokenBucket(limits.answerBytesPerSecond, limits.answerByteBurst, now)
  }

  /** Null when an answer may be computed now, else the close reason. */
  admitAnswer(): string | null {
    if (this.answers.hasTokens()) return null
    const rate = formatMebibytes(this.limits.answerBytesPerSecond)
    return `rate limit: asked for more than ${rate} of answers a second; reconnect later`
  }

  /** Accounts for an answer of `byteLength` bytes; `isSync` for sync step 2 answers. */
  chargeAnswer(byteLength: number, isSync: boolean): void {
    if (isSync && !this.hasAnsweredSync) {
      this.hasAnsweredSync = true
      return
    }
    this.answers.charge(byteLength)
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
