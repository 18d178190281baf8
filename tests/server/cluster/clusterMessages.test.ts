import { describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import {
  clusterMessageVersion,
  decodeClusterMessage,
  encodeClusterMessage,
  type ControlMessage,
  type RoomMessage,
} from '../../../server/cluster/clusterMessages'

const messages: (RoomMessage | ControlMessage)[] = [
  {
    type: 'updates',
    updates: [
      {
        update: new Uint8Array([1, 2, 3]),
        rowId: 7,
        claims: [{ owner: 'owner-a', clientIds: [1, 2 ** 32 - 1], participantIds: ['p-ann'] }],
      },
      { update: new Uint8Array([]), rowId: 2 ** 40, claims: [] },
    ],
  },
  { type: 'awareness', update: new Uint8Array([9, 8]) },
  { type: 'queryAwareness' },
  { type: 'probe', clientId: 4_294_967_295 },
  { type: 'compaction', fromEpoch: 3, toEpoch: 4, coveredIds: [10, 11, 15], isExact: false },
  { type: 'compaction', fromEpoch: 0, toEpoch: 1, coveredIds: [], isExact: true },
  { type: 'resync' },
  { type: 'revocation', roomId: 'room-Ünïcode', role: 'viewer', generation: 12 },
  { type: 'nodeLeft' },
]

describe('cluster messages', () => {
  it.each(messages.map((message) => [message.type, message] as const))(
    'round-trips %s with its sender and send time',
    (_type, message) => {
      const frame = encodeClusterMessage(message, 'node-a', 1_764_000_000_123.5)
      expect(decodeClusterMessage(frame)).toEqual({
        ...message,
        nodeId: 'node-a',
        sentAt: 1_764_000_000_123.5,
      })
    },
  )

  it('ignores a frame of another format version', () => {
    const frame = encodeClusterMessage({ type: 'resync' }, 'node-a')
    frame[0] = clusterMessageVersion + 1
    expect(decodeClusterMessage(frame)).toBeNull()
  })

  it('throws on an unknown type or a truncated frame', () => {
    const unknown = encoding.createEncoder()
    encoding.writeVarUint(unknown, clusterMessageVersion)
    encoding.writeVarUint(unknown, 99)
    encoding.writeVarString(unknown, 'node-a')
    encoding.writeFloat64(unknown, 1)
    expect(() => decodeClusterMessage(encoding.toUint8Array(unknown))).toThrow(
      'unknown cluster message type',
    )
    const frame = encodeClusterMessage(messages[0]!, 'node-a')
    expect(() => decodeClusterMessage(frame.subarray(0, frame.length - 2))).toThrow()
  })
})
