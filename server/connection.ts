/**
 * One client WebSocket in one room: decodes its frames, hands them to the room, and closes it
 * (only it) when it misbehaves. Every frame is handled inside one try/catch, so no client input
 * can throw out of here and crash the process. Every frame first passes the connection's rate
 * limits (server/rateLimit.ts); a client over them is closed with `rateLimited`.
 */
import WebSocket from 'ws'
import { closeCodes } from '../shared/protocol'
import { expiredReason, type AuthContext } from './auth'
import type { EarlyFrame } from './earlyFrames'
import type { Logger } from './log'
import type { ConnectionIdentity } from './ownership'
import { ConnectionRateLimiter, defaultRateLimits, type RateLimits } from './rateLimit'
import {
  CloseError,
  decodeClientMessage,
  encodePermissionDenied,
  heartbeatFrame,
  fitCloseReason,
  protocolError,
} from './protocol'
import type { Room, RoomClient } from './rooms'

/** Close code sent to a client that fell too far behind (RFC 6455 registry: Try Again Later). */
export const closeTryAgainLater = 1013

/** A probed connection that does not answer a ping within this many ms is dropped. */
export const probeTimeoutMs = 3000

/** Options of a Connection. */
export interface ConnectionOptions {
  log: Logger
  /** Close the socket when this many bytes wait unsent: the client cannot keep up and will resync. */
  maxBufferedBytes: number
  /** Called once when the connection closes, for whatever reason. */
  onClose: (connection: Connection) => void
  /** Messages and bytes a second this client may send; default `defaultRateLimits`. */
  rateLimits?: RateLimits
  /** Clock (ms since the epoch) checked against the token's expiry on every message. */
  now?: () => number
}

/** A WebSocket attached to a room. Create with `attach` once the socket is open. */
export class Connection implements RoomClient {
  private room: Room | null = null
  private isClosed = false
  private isAlive = true
  private readonly rateLimiter: ConnectionRateLimiter
  private probeTimer: NodeJS.Timeout | null = null
  /**
   * Bytes of the handshake's sync answer still unsent: a room larger than `maxBufferedBytes` must
   * still reach a new client, so that one answer does not count as falling behind.
   */
  private handshakeBytesInFlight = 0
  private isHandshakeAnswered = false

  constructor(
    readonly socket: WebSocket,
    /** What the token the client connected with grants. */
    readonly auth: AuthContext,
    /** The owner it writes as and the participant it speaks for (server/ownership.ts). */
    readonly identity: ConnectionIdentity,
    private readonly options: ConnectionOptions,
  ) {
    const { roomId } = auth
    this.rateLimiter = new ConnectionRateLimiter(options.rateLimits ?? defaultRateLimits)
    socket.on('message', (data, isBinary) => this.handleFrame(data, isBinary))
    socket.on('pong', () => {
      this.isAlive = true
      if (this.probeTimer) clearTimeout(this.probeTimer)
      this.probeTimer = null
    })
    socket.on('close', (code, reason) => {
      if (!this.isClosed) {
        this.options.log('connection.closed', { room: roomId, code, reason: reason.toString() })
      }
      this.finish()
    })
  }

  /** The room this connection belongs to. */
  get roomId(): string {
    return this.auth.roomId
  }

  /**
   * Starts serving `room`: `earlier` frames (received while the room was loading, see
   * server/earlyFrames.ts) are handled first, then every new one.
   */
  attach(room: Room, earlier: readonly EarlyFrame[] = []): void {
    this.room = room
    for (const frame of earlier) this.handleFrame(frame.data, frame.isBinary)
  }

  /** Sends a frame; drops it if the socket is no longer open, closes a socket that fell behind. */
  send(frame: Uint8Array): void {
    this.sendFrame(frame, false)
  }

  private sendFrame(frame: Uint8Array, isHandshakeAnswer: boolean): void {
    if (this.isClosed || this.socket.readyState !== WebSocket.OPEN) return
    const behind = this.socket.bufferedAmount - this.handshakeBytesInFlight
    if (behind > this.options.maxBufferedBytes) {
      this.close(closeTryAgainLater, 'too far behind; reconnect to resync')
      return
    }
    if (isHandshakeAnswer) this.handshakeBytesInFlight = frame.byteLength
    this.socket.send(frame, (error) => {
      if (isHandshakeAnswer) this.handshakeBytesInFlight = 0
      if (error) this.terminate()
    })
  }

  /** Closes the socket with `code` and `reason` (shortened to fit a close frame). Idempotent. */
  close(code: number, reason: string): void {
    if (this.isClosed) return
    this.options.log('connection.closed', { room: this.roomId, code, reason })
    this.finish()
    try {
      this.socket.close(code, fitCloseReason(reason))
    } catch {
      this.socket.terminate()
    }
  }

  /**
   * Keepalive, called on an interval: a socket that did not answer the previous ping is dead and
   * is terminated; otherwise it is pinged again.
   */
  heartbeat(): void {
    if (this.isClosed) return
    if (!this.isAlive) {
      this.options.log('connection.closed', { room: this.roomId, reason: 'no pong' })
      this.terminate()
      return
    }
    this.isAlive = false
    try {
      this.socket.ping()
    } catch {
      this.terminate()
    }
  }

  /** Pings now and drops the socket unless a pong comes within `probeTimeoutMs`. */
  probe(): void {
    if (this.isClosed || this.probeTimer) return
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null
      this.options.log('connection.closed', { room: this.roomId, reason: 'no pong to a probe' })
      this.terminate()
    }, probeTimeoutMs)
    try {
      this.socket.ping()
    } catch {
      this.terminate()
    }
  }

  private admitAnswer(): void {
    const refusal = this.rateLimiter.admitAnswer()
    if (refusal !== null) throw new CloseError(closeCodes.rateLimited, refusal)
  }

  private handshakeClient(): RoomClient {
    return handshakeClientOf(this, (frame) => this.sendFrame(frame, true))
  }

  private terminate(): void {
    this.finish()
    this.socket.terminate()
  }

  private finish(): void {
    if (this.isClosed) return
    this.isClosed = true
    if (this.probeTimer) clearTimeout(this.probeTimer)
    this.probeTimer = null
    this.options.onClose(this)
  }

  private handleFrame(data: WebSocket.RawData, isBinary: boolean): void {
    const room = this.room
    if (this.isClosed || !room) return
    const bytes = toBytes(data)
    const overLimit = this.rateLimiter.admit(bytes.byteLength)
    if (overLimit !== null) {
      this.close(closeCodes.rateLimited, overLimit)
      return
    }
    const { expiresAt } = this.auth
    if (expiresAt !== null && (this.options.now ?? Date.now)() >= expiresAt) {
      this.close(closeCodes.unauthorized, expiredReason(expiresAt))
      return
    }
    try {
      if (!isBinary) throw protocolError('text frames are not supported')
      const message = decodeClientMessage(bytes)
      switch (message.type) {
        case 'syncStep1': {
          this.admitAnswer()
          const isHandshake = !this.isHandshakeAnswered
          this.isHandshakeAnswered = true
          const client = isHandshake ? this.handshakeClient() : this
          this.rateLimiter.chargeAnswer(room.answerSyncStep1(client, message.stateVector), true)
          break
        }
        case 'syncUpdate':
          room.acceptUpdate(this, message.update)
          break
        case 'awareness':
          room.applyAwarenessUpdate(this, message.update)
          break
        case 'queryAwareness':
          this.admitAnswer()
          this.rateLimiter.chargeAnswer(room.sendAwarenessStates(this), false)
          break
        case 'heartbeat':
          this.send(heartbeatFrame)
          break
      }
    } catch (error) {
      const refusal =
        error instanceof CloseError ? error : protocolError('message could not be handled')
      if (!(error instanceof CloseError)) {
        this.options.log('connection.error', { room: this.roomId, error: String(error) })
      }
      if (refusal.code === closeCodes.forbidden) this.send(encodePermissionDenied(refusal.reason))
      this.close(refusal.code, refusal.reason)
    }
  }
}

/** This connection as a RoomClient whose frames count as the handshake's sync answer. */
function handshakeClientOf(connection: Connection, send: (frame: Uint8Array) => void): RoomClient {
  return {
    auth: connection.auth,
    identity: connection.identity,
    send,
    close: (code, reason) => connection.close(code, reason),
  }
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}
