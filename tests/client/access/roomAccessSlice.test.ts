import { describe, expect, it } from 'vitest'
import {
  createRoomAccessSlice,
  maxRoomAccessEntries,
  type RoomAccessSlice,
} from '../../../client/access/roomAccessSlice'

/** The slice on its own, with a plain `set`. */
function slice() {
  let state: RoomAccessSlice
  state = createRoomAccessSlice((update) => {
    state = { ...state, ...update(state) }
  })
  return { get: () => state }
}

describe('the room access slice', () => {
  it('keeps a token per board, with the role once the server tells it', () => {
    const store = slice()
    store.get().rememberRoomToken('room-a', 'token.one')
    store.get().rememberRoomRole('room-a', 'commenter')
    expect(store.get().roomAccess).toEqual({ 'room-a': { token: 'token.one', role: 'commenter' } })
  })

  it('forgets the cached role when a new token arrives (it may grant another role)', () => {
    const store = slice()
    store.get().rememberRoomToken('room-a', 'token.one', 'viewer')
    store.get().rememberRoomToken('room-a', 'token.one')
    expect(store.get().roomAccess['room-a']).toEqual({ token: 'token.one', role: 'viewer' })
    store.get().rememberRoomToken('room-a', 'token.two')
    expect(store.get().roomAccess['room-a']).toEqual({ token: 'token.two', role: null })
  })

  it('never caches a role for a board it has no token for', () => {
    const store = slice()
    store.get().rememberRoomRole('room-x', 'editor')
    expect(store.get().roomAccess).toEqual({})
  })

  it('keeps the most recently opened boards when there are too many', () => {
    const store = slice()
    for (let i = 0; i <= maxRoomAccessEntries; i++) store.get().rememberRoomToken(`room-${i}`, 't')
    const rooms = Object.keys(store.get().roomAccess)
    expect(rooms).toHaveLength(maxRoomAccessEntries)
    expect(rooms).not.toContain('room-0')
    expect(rooms.at(-1)).toBe(`room-${maxRoomAccessEntries}`)
  })
})
