import { z } from 'zod'
import { roles, type Role } from '../../shared/workshop/roles'

/** What this browser holds for one board: the share-link token it was opened with, and its role. */
export interface RoomAccess {
  token: string
  /** The role the server reported for the token, or null until it has answered once. */
  role: Role | null
}

export interface RoomAccessSlice {
  /** By room id. Persisted, so a board opened once with `?t=` opens again from its bare URL. */
  roomAccess: Record<string, RoomAccess>
  /** Keeps `token` for the room; the role is reset unless given (a new token may mean a new role). */
  rememberRoomToken: (roomId: string, token: string, role?: Role | null) => void
  /** Caches the role the server reported for the room's token (for an offline start). */
  rememberRoomRole: (roomId: string, role: Role) => void
}

/** Boards whose tokens are kept; the oldest are dropped first. */
export const maxRoomAccessEntries = 200

/** Tokens are base64url parts joined by dots; anything else is not one of ours. */
export const tokenSchema = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[A-Za-z0-9_.~-]+$/)

const roomAccessSchema = z.record(
  z.string().min(1).max(200),
  z.object({ token: tokenSchema, role: z.enum(roles).nullable().catch(null) }),
)

type SetSlice = (update: (state: RoomAccessSlice) => Partial<RoomAccessSlice>) => void

function withEntry(
  all: Record<string, RoomAccess>,
  roomId: string,
  access: RoomAccess,
): Record<string, RoomAccess> {
  const { [roomId]: _previous, ...others } = all
  const kept = Object.entries(others).slice(-(maxRoomAccessEntries - 1))
  return { ...Object.fromEntries(kept), [roomId]: access }
}

/** The room-access slice of the UI store. */
export function createRoomAccessSlice(set: SetSlice): RoomAccessSlice {
  return {
    roomAccess: {},
    rememberRoomToken: (roomId, token, role = null) =>
      set((state) => {
        const previous = state.roomAccess[roomId]
        if (previous?.token === token && (role === null || previous.role === role)) return {}
        const keptRole = previous?.token === token ? previous.role : null
        return {
          roomAccess: withEntry(state.roomAccess, roomId, { token, role: role ?? keptRole }),
        }
      }),
    rememberRoomRole: (roomId, role) =>
      set((state) => {
        const previous = state.roomAccess[roomId]
        if (!previous || previous.role === role) return {}
        return { roomAccess: { ...state.roomAccess, [roomId]: { ...previous, role } } }
      }),
  }
}

/**
 * The persisted room access, keeping only well-formed entries (localStorage is user-editable);
 * undefined when there is nothing usable.
 */
export function sanitizeRoomAccess(value: unknown): Record<string, RoomAccess> | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const valid: Record<string, RoomAccess> = {}
  for (const [roomId, access] of Object.entries(value).slice(-maxRoomAccessEntries)) {
    const parsed = roomAccessSchema.safeParse({ [roomId]: access })
    if (parsed.success) Object.assign(valid, parsed.data)
  }
  return valid
}
