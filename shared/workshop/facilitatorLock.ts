/**
 * Frame locks: the facilitator locks frames (and everything inside them) so only they can change
 * those parts of the board. A locked shape has tldraw's `isLocked` (every editor honours it) and,
 * in its `meta`, `facilitatorLock: true`, which tells it from a shape someone locked for
 * themselves with tldraw's own lock. The server enforces it (server/recordValidation.ts): anyone
 * but the facilitator is refused a change to, a deletion of, or a new shape inside a shape that
 * carries the mark, and setting or clearing the mark.
 */

/** Key of the mark in a shape's `meta`. */
export const facilitatorLockMetaKey = 'facilitatorLock'

/** True when a record's `meta` carries the facilitator's lock. */
export function isFacilitatorLocked(meta: unknown): boolean {
  return (
    typeof meta === 'object' &&
    meta !== null &&
    (meta as Record<string, unknown>)[facilitatorLockMetaKey] === true
  )
}

/** `meta` with the facilitator's lock set or cleared. */
export function withFacilitatorLock(
  meta: Readonly<Record<string, unknown>>,
  isLocked: boolean,
): Record<string, unknown> {
  const { [facilitatorLockMetaKey]: _previous, ...rest } = meta
  return isLocked ? { ...rest, [facilitatorLockMetaKey]: true } : rest
}
