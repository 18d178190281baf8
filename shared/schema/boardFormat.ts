/**
 * One number for the format of a board doc: its layout (shared/docLayout.ts) and the migration
 * sequences of its tldraw schema (shared/schema/boardSchema.ts). Clients send it when they connect
 * (`?format=`); the server closes an older client with `clientOutdated` ("reload") and a newer one
 * with `serverOutdated` (try again: a newer node will take it), so code that cannot read a room's
 * records never edits it.
 *
 * Bump it with every new migration, ours or tldraw's (an upgrade adds some): the test
 * tests/shared/schema/boardFormat.test.ts compares the current format with the fixture of every
 * generation and fails when a change was not given a new one. Bump it too when older clients
 * would write what the server now refuses: generation 4 has the same records as 3, but ballots of
 * secret votes and cards of a private brainstorm go to the person's private doc.
 */
import { docLayoutVersion } from '../docLayout'
import { createBoardSchema } from './boardSchema'

/** The generation of the board format this code reads and writes. */
export const boardFormatGeneration = 4

/** What a generation stands for: the layout version and every schema sequence's version. */
export interface BoardFormat {
  layout: number
  sequences: Record<string, number>
}

/** The board format of this code. */
export function currentBoardFormat(): BoardFormat {
  return { layout: docLayoutVersion, sequences: createBoardSchema().serialize().sequences }
}

/**
 * Reads the `format` query parameter of a sync connection: a positive integer, or null when it is
 * missing or malformed (a client from before generations, or not ours).
 */
export function parseBoardFormatParam(value: string | null): number | null {
  if (value === null || !/^[1-9][0-9]{0,8}$/.test(value)) return null
  return Number(value)
}
