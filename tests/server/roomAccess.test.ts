import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeCodes } from '../../shared/protocol'
import { rawUpgrade } from '../helpers/hostile'
import { openRawSocket, startTestServer, type TestServer } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

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
