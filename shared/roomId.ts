/** Shortest accepted room id: long enough that ids cannot be guessed by enumeration. */
export const minRoomIdLength = 6
/** Longest accepted room id. */
export const maxRoomIdLength = 64

const roomIdPattern = /^[A-Za-z0-9_-]+$/

/**
 * Returns why `roomId` is not a valid room id, or `null` when it is valid.
 * Room ids are used in URLs and storage keys, so only URL-safe characters are allowed: no dots,
 * slashes or percent signs, which rules out path traversal.
 */
export function roomIdProblem(roomId: string): string | null {
  if (roomId.length < minRoomIdLength)
    return `room id must be at least ${minRoomIdLength} characters`
  if (roomId.length > maxRoomIdLength)
    return `room id must be at most ${maxRoomIdLength} characters`
  if (!roomIdPattern.test(roomId)) return 'room id may only contain letters, digits, "-" and "_"'
  return null
}

/** True when `roomId` is a valid room id (see {@link roomIdProblem}). */
export function isValidRoomId(roomId: string): boolean {
  return roomIdProblem(roomId) === null
}
