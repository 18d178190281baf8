/**
 * Server side of the y-websocket protocol (see shared/protocol.ts for the handshake): pure
 * encoders for the frames the server sends and decoders for the ones it reads.
 *
 * On connect the server sends sync step 1 (its state vector) and, if anyone is present, the
 * awareness states; the client answers with sync step 2 and sends its own step 1, which the
 * server answers with step 2. Afterwards both sides send sync updates and awareness updates.
 * When a client writes what its role may not, the server sends an auth message (permission
 * denied, with the reason) and closes the socket with `forbidden`.
 * Sync sub-messages are decoded here rather than with y-protocols' `readSyncMessage`, so that
 * every write goes through the server's own accept path (validation, size caps, storage).
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as authProtocol from 'y-protocols/auth'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import type * as Y from 'yjs'
import {
  closeCodes,
  messageAuth,
  messageAwareness,
  messageHeartbeat,
  messageQueryAwareness,
  messageSync,
  type CloseCode,
} from '../shared/protocol'

/**
 * Thrown by message handling to close one socket with `code` and `reason`. Any other error while
 * handling a frame is a protocol error.
 */
export class CloseError extends Error {
  constructor(
    readonly code: CloseCode,
    readonly reason: string,
  ) {
    super(reason)
    this.name = 'CloseError'
  }
}

/** A CloseError with `closeCodes.protocolError`. */
export function protocolError(reason: string): CloseError {
  return new CloseError(closeCodes.protocolError, reason)
}

/** RFC 6455 limits a close reason to 123 bytes of UTF-8. */
export const maxCloseReasonBytes = 123

/** Shortens `reason` to fit a close frame, ending with "…" when cut. */
export function fitCloseReason(reason: string): string {
  if (Buffer.byteLength(reason) <= maxCloseReasonBytes) return reason
  let cut = reason
  while (Buffer.byteLength(cut) > maxCloseReasonBytes - 3) cut = cut.slice(0, -1)
  return `${cut}…`
}

/** A decoded client frame. `update` is the payload of sync step 2 and sync update messages. */
export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'syncUpdate'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'heartbeat' }

/**
 * Decodes one binary frame from a client. Throws a protocol CloseError for an unknown outer or
 * sync type, a truncated frame or trailing bytes.
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame)
  const message = readClientMessage(decoder)
  if (decoding.hasContent(decoder)) {
    throw protocolError(`${decoder.arr.length - decoder.pos} unexpected trailing bytes`)
  }
  return message
}

function readClientMessage(decoder: decoding.Decoder): ClientMessage {
  const messageType = readVarUint(decoder, 'message type')
  switch (messageType) {
    case messageSync: {
      const syncType = readVarUint(decoder, 'sync message type')
      const payload = readVarUint8Array(decoder, 'sync message')
      switch (syncType) {
        case syncProtocol.messageYjsSyncStep1:
          return { type: 'syncStep1', stateVector: payload }
        case syncProtocol.messageYjsSyncStep2:
        case syncProtocol.messageYjsUpdate:
          return { type: 'syncUpdate', update: payload }
        default:
          throw protocolError(`unknown sync message type ${syncType}`)
      }
    }
    case messageAwareness:
      return { type: 'awareness', update: readVarUint8Array(decoder, 'awareness message') }
    case messageQueryAwareness:
      return { type: 'queryAwareness' }
    case messageHeartbeat:
      return { type: 'heartbeat' }
    case messageAuth:
      throw protocolError('auth messages are sent by the server only')
    default:
      throw protocolError(`unknown message type ${messageType}`)
  }
}

function readVarUint(decoder: decoding.Decoder, what: string): number {
  try {
    return decoding.readVarUint(decoder)
  } catch (error) {
    throw decodeError(error, what)
  }
}

function readVarUint8Array(decoder: decoding.Decoder, what: string): Uint8Array {
  try {
    return decoding.readVarUint8Array(decoder)
  } catch (error) {
    throw decodeError(error, what)
  }
}

/** lib0 throws "Unexpected end of array" for a cut-off frame, "Integer out of range" otherwise. */
function decodeError(error: unknown, what: string): CloseError {
  const isTruncated = error instanceof Error && /end of array/i.test(error.message)
  return protocolError(`${isTruncated ? 'truncated' : 'malformed'} ${what}`)
}

/** Frame: the answer to a client's heartbeat. */
export const heartbeatFrame: Uint8Array = encoding.encode((encoder) =>
  encoding.writeVarUint(encoder, messageHeartbeat),
)

/** Frame: sync step 1 with the doc's state vector. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

/** Frame: sync step 2 with everything `doc` has that `stateVector` lacks. Throws on a bad vector. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeSyncStep2(encoder, doc, stateVector)
  return encoding.toUint8Array(encoder)
}

/** Frame: one sync update. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

/**
 * Frame: a y-protocols/auth "permission denied" message with `reason`, sent before closing a
 * socket with `forbidden` (the stock provider logs the reason; ours shows it).
 */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageAuth)
  authProtocol.writePermissionDenied(encoder, reason)
  return encoding.toUint8Array(encoder)
}

/** Frame: the awareness states of `clientIds` (removed clients are encoded as null states). */
export function encodeAwarenessFrame(
  awareness: awarenessProtocol.Awareness,
  clientIds: number[],
): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageAwareness)
  encoding.writeVarUint8Array(
    encoder,
    awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds),
  )
  return encoding.toUint8Array(encoder)
}

/** One entry of an awareness update. `state` is null when the client is being removed. */
export interface AwarenessEntry {
  clientId: number
  clock: number
  state: unknown
}

/**
 * Decodes an awareness update (`varUint(count)` then `clientID, clock, JSON state` per entry)
 * without applying it. Throws a protocol CloseError when it is malformed.
 */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const entries: AwarenessEntry[] = []
  try {
    const count = decoding.readVarUint(decoder)
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const state: unknown = JSON.parse(decoding.readVarString(decoder))
      entries.push({ clientId, clock, state })
    }
  } catch {
    throw protocolError('malformed awareness update')
  }
  if (decoding.hasContent(decoder)) throw protocolError('malformed awareness update')
  return entries
}
