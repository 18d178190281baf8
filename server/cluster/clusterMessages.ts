/**
 * The messages nodes exchange through Redis pub/sub, as compact binary frames (lib0 encoding,
 * like the y-websocket protocol). Every frame starts with the format version, the message type,
 * the sending node's id and its wall-clock send time (ms), then the body:
 *
 * Room channel (`<prefix>room:<roomId>`):
 * - `updates`: committed document updates with their log row ids and the ownership claims stored
 *   with them (server/ownership.ts),
 * - `awareness`: an awareness update of the sender's clients,
 * - `queryAwareness`: the sender just loaded the room; others answer with their clients' awareness,
 * - `probe`: a connection on the sender claims this awareness clientID; its owner is checked,
 * - `compaction`: the sender compacted the room's log (epochs and the rows it covered),
 * - `resync`: the sender may have missed or failed to send messages; others reload from storage.
 *
 * Control channel (`<prefix>control`):
 * - `revocation`: a share link was rotated; sockets holding an older token are closed,
 * - `nodeLeft`: the sender is shutting down; its clients' awareness and claims are void.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { OwnerClaims } from '../storage/serverStorage'
import type { RemoteUpdate } from './roomChannel'

/** Version of the frame format; a frame of another version is ignored (rolling upgrades). */
export const clusterMessageVersion = 2

/** A message on a room's channel. */
export type RoomMessage =
  | { type: 'updates'; updates: RemoteUpdate[] }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'probe'; clientId: number }
  | {
      type: 'compaction'
      fromEpoch: number
      toEpoch: number
      coveredIds: number[]
      /** See CompactionDone.isExact (server/roomLog.ts). */
      isExact: boolean
    }
  | { type: 'resync' }

/** A message on the control channel. */
export type ControlMessage =
  { type: 'revocation'; roomId: string; role: string; generation: number } | { type: 'nodeLeft' }

/** Any message, with who sent it and when. */
export type ClusterMessage = (RoomMessage | ControlMessage) & {
  /** The sending node. */
  nodeId: string
  /** Wall-clock ms since the epoch when it was sent. */
  sentAt: number
}

const messageTypes = [
  'updates',
  'awareness',
  'queryAwareness',
  'probe',
  'compaction',
  'resync',
  'revocation',
  'nodeLeft',
] as const

/** Encodes `message` sent by `nodeId` now. */
export function encodeClusterMessage(
  message: RoomMessage | ControlMessage,
  nodeId: string,
  sentAt = Date.now(),
): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, clusterMessageVersion)
  encoding.writeVarUint(encoder, messageTypes.indexOf(message.type))
  encoding.writeVarString(encoder, nodeId)
  encoding.writeFloat64(encoder, sentAt)
  switch (message.type) {
    case 'updates':
      encoding.writeVarUint(encoder, message.updates.length)
      for (const { update, rowId, claims } of message.updates) {
        encoding.writeVarUint8Array(encoder, update)
        encoding.writeVarUint(encoder, rowId)
        writeClaims(encoder, claims)
      }
      break
    case 'awareness':
      encoding.writeVarUint8Array(encoder, message.update)
      break
    case 'probe':
      encoding.writeVarUint(encoder, message.clientId)
      break
    case 'compaction':
      encoding.writeVarUint(encoder, message.fromEpoch)
      encoding.writeVarUint(encoder, message.toEpoch)
      encoding.writeVarUint(encoder, message.coveredIds.length)
      for (const id of message.coveredIds) encoding.writeVarUint(encoder, id)
      encoding.writeUint8(encoder, message.isExact ? 1 : 0)
      break
    case 'revocation':
      encoding.writeVarString(encoder, message.roomId)
      encoding.writeVarString(encoder, message.role)
      encoding.writeVarUint(encoder, message.generation)
      break
    case 'queryAwareness':
    case 'resync':
    case 'nodeLeft':
      break
  }
  return encoding.toUint8Array(encoder)
}

/**
 * Decodes a frame; null for another format version. Throws on a malformed frame (the caller logs
 * and drops it).
 */
export function decodeClusterMessage(frame: Uint8Array): ClusterMessage | null {
  const decoder = decoding.createDecoder(frame)
  if (decoding.readVarUint(decoder) !== clusterMessageVersion) return null
  const type = messageTypes[decoding.readVarUint(decoder)]
  const nodeId = decoding.readVarString(decoder)
  const sentAt = decoding.readFloat64(decoder)
  const header = { nodeId, sentAt }
  switch (type) {
    case 'updates': {
      const count = decoding.readVarUint(decoder)
      const updates: RemoteUpdate[] = []
      for (let i = 0; i < count; i++) {
        updates.push({
          update: decoding.readVarUint8Array(decoder),
          rowId: decoding.readVarUint(decoder),
          claims: readClaims(decoder),
        })
      }
      return { type, updates, ...header }
    }
    case 'awareness':
      return { type, update: decoding.readVarUint8Array(decoder), ...header }
    case 'probe':
      return { type, clientId: decoding.readVarUint(decoder), ...header }
    case 'compaction': {
      const fromEpoch = decoding.readVarUint(decoder)
      const toEpoch = decoding.readVarUint(decoder)
      const count = decoding.readVarUint(decoder)
      const coveredIds: number[] = []
      for (let i = 0; i < count; i++) coveredIds.push(decoding.readVarUint(decoder))
      const isExact = decoding.readUint8(decoder) === 1
      return { type, fromEpoch, toEpoch, coveredIds, isExact, ...header }
    }
    case 'revocation':
      return {
        type,
        roomId: decoding.readVarString(decoder),
        role: decoding.readVarString(decoder),
        generation: decoding.readVarUint(decoder),
        ...header,
      }
    case 'queryAwareness':
    case 'resync':
    case 'nodeLeft':
      return { type, ...header }
    default:
      throw new Error('unknown cluster message type')
  }
}

function writeClaims(encoder: encoding.Encoder, claims: readonly OwnerClaims[]): void {
  encoding.writeVarUint(encoder, claims.length)
  for (const { owner, clientIds, participantIds } of claims) {
    encoding.writeVarString(encoder, owner)
    encoding.writeVarUint(encoder, clientIds.length)
    for (const clientId of clientIds) encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, participantIds.length)
    for (const id of participantIds) encoding.writeVarString(encoder, id)
  }
}

function readClaims(decoder: decoding.Decoder): OwnerClaims[] {
  const claims: OwnerClaims[] = []
  for (let count = decoding.readVarUint(decoder); count > 0; count--) {
    const owner = decoding.readVarString(decoder)
    const clientIds: number[] = []
    for (let n = decoding.readVarUint(decoder); n > 0; n--)
      clientIds.push(decoding.readVarUint(decoder))
    const participantIds: string[] = []
    for (let n = decoding.readVarUint(decoder); n > 0; n--) {
      participantIds.push(decoding.readVarString(decoder))
    }
    claims.push({ owner, clientIds, participantIds })
  }
  return claims
}
