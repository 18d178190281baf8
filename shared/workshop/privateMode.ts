/**
 * Private brainstorm: while the facilitator's `privateMode` entry is on, the cards each person
 * creates stay with them until the facilitator reveals them (turns it off). The cards are never
 * in the board's doc meanwhile: they go to the author's private doc, which the server sends no one
 * else, and the server moves them into the board at the reveal (server/privateDocs.ts).
 *
 * A shape records who created it in its `meta` when it is created (`createdBy`, `createdAt`), and,
 * when private mode was on in the creator's client, which private round it belongs to
 * (`privateRound` = that round's `startedAt`). The rule keys on the round rather than comparing
 * clocks, so a participant whose clock is off still marks exactly the cards made during the round.
 */
import type { z } from 'zod'
import type { privateModeSchema } from './workshopLayout'

/** The `privateMode` entry. */
export type PrivateModeState = z.infer<typeof privateModeSchema>

/** The creation fields a shape's `meta` carries (all optional: older shapes have none). */
export interface CreationMeta {
  createdBy?: string
  createdAt?: number
  privateRound?: number
}

/** The `meta` recorded on a shape `userId` creates at `now`. */
export function creationMeta(
  userId: string,
  now: number,
  privateMode: PrivateModeState | null,
): { createdBy: string; createdAt: number; privateRound?: number } {
  const round = privateMode?.isOn ? privateMode.startedAt : null
  return { createdBy: userId, createdAt: now, ...(round !== null ? { privateRound: round } : {}) }
}

/** Reads the creation fields of a shape's `meta`, ignoring values of the wrong type. */
export function readCreationMeta(meta: unknown): CreationMeta {
  if (typeof meta !== 'object' || meta === null) return {}
  const { createdBy, createdAt, privateRound } = meta as Record<string, unknown>
  return {
    ...(typeof createdBy === 'string' ? { createdBy } : {}),
    ...(typeof createdAt === 'number' ? { createdAt } : {}),
    ...(typeof privateRound === 'number' ? { privateRound } : {}),
  }
}

/**
 * True when `viewerId` must not see a shape with `meta` yet: private mode is on, the shape was
 * created during the current round, and by someone else. Shapes without a creator never hide.
 * (Such a shape is in the board only when an old or hostile client wrote it there; the server's
 * notifications still never describe it.)
 */
export function isHiddenByPrivateMode(
  meta: CreationMeta,
  privateMode: PrivateModeState | null,
  viewerId: string,
): boolean {
  if (!privateMode?.isOn || privateMode.startedAt === null) return false
  if (meta.createdBy === undefined || meta.createdBy === viewerId) return false
  return meta.privateRound === privateMode.startedAt
}
