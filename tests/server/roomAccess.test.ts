import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeCodes } from '../../shared/protocol'
import { openRawSocket, startTestServer, type TestServer } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

/**
 * Sends a WebSocket upgrade for `path` exactly as written (no URL normalisation) and reports the
 * HTTP status, or, after a 101, the close frame the server sends.
 */
function rawUpgrade(port: number, path: string) {
  return new Promise<{ status: number; code?: number; reason?: string }>((resolve, reject) => {
    const request = http.request({
      port,
      host: '127.0.0.1',
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version': '13',
      },
    })
    request.on('response', (response) => {
      response.resume()
      resolve({ status: response.statusCode ?? 0 })
    })
    request.on('upgrade', (_response, socket, head: Buffer) => {
      let buffer = head
      const readCloseFrame = () => {
        // An unmasked close frame: 0x88, payload length, 2-byte code, reason.
        const length = (buffer[1] ?? 0) & 0x7f
        if (buffer.length < 2 || buffer.length < 2 + length) return
        if (buffer[0] !== 0x88)
          return reject(new Error(`expected a close frame, got ${buffer.toString('hex')}`))
        resolve({
          status: 101,
          code: buffer.readUInt16BE(2),
          reason: buffer.subarray(4, 2 + length).toString(),
        })
        socket.destroy()
      }
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk])
        readCloseFrame()
      })
      readCloseFrame()
    })
    request.on('error', reject)
    request.end()
  })
}

let harness: TestServer

beforeAll(async () => {
  harness = await startTestServer()
})

afterAll(async () => {
  await harness.stop()
})

describe('room access over the sync endpoint', () => {
  it('closes a connection to an unknown room with roomNotFound, and the provider stops retrying', async () => {
    const client = harness.connect('NoSuchRoom123')
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      client.provider.on('closed', (event) => resolve(event)),
    )
    expect(await closed).toEqual({
      code: closeCodes.roomNotFound,
      reason: 'room NoSuchRoom123 does not exist',
    })
    expect(client.provider.shouldConnect).toBe(false)
    expect(
      harness.events.some(
        (e) => e.event === 'connection.refused' && e.fields.code === closeCodes.roomNotFound,
      ),
    ).toBe(true)
  })

  it.each([
    ['too long', 'a'.repeat(65), 'invalid room id: room id must be at most 64 characters'],
    ['too short', 'abc', 'invalid room id: room id must be at least 6 characters'],
    ['empty', '', 'invalid room id: room id must be at least 6 characters'],
    [
      'a URL-encoded ../etc',
      encodeURIComponent('../etc'),
      'invalid room id: room id may only contain letters, digits, "-" and "_"',
    ],
    [
      'a nested path',
      'abcdefgh/ijklmnop',
      'invalid room id: room id may only contain letters, digits, "-" and "_"',
    ],
  ])('closes a room id that is %s with invalidRoomId', async (_name, roomPath, reason) => {
    const socket = openRawSocket(harness.url, roomPath)
    expect(await socket.closed).toEqual({ code: closeCodes.invalidRoomId, reason })
  })

  it('closes a literal /sync/../etc path with invalidRoomId instead of resolving it', async () => {
    expect(await rawUpgrade(harness.server.port, '/sync/../etc')).toEqual({
      status: 101,
      code: closeCodes.invalidRoomId,
      reason: 'invalid room id: room id may only contain letters, digits, "-" and "_"',
    })
  })

  it('answers an upgrade outside /sync with HTTP 404', async () => {
    expect(await rawUpgrade(harness.server.port, '/etc')).toEqual({ status: 404 })
  })

  it('accepts a connection to a room created with POST /api/rooms', async () => {
    const roomId = await harness.createRoom()
    const client = harness.connect(roomId)
    await client.synced()
    await waitFor(() => expect(client.provider.wsconnected).toBe(true))
    expect(client.closes).toEqual([])
  })
})
