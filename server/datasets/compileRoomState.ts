import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { compileBoard } from '../../shared/compile/compileBoard'
import type { BoardCompilation } from '../../shared/compile/icpDocument'
import { createRecordsKeyValue } from '../../shared/docLayout'
import {
  ballotSchema,
  createWorkshopKeyValue,
  votesArrayName,
} from '../../shared/workshop/workshopLayout'

/**
 * Dot votes per card from every valid ballot of the `votes` root (all sessions; a card chosen
 * twice on one ballot has two votes). What `IcpAttribute.votes` holds in server-side compiles.
 */
export function countBallotVotes(doc: Y.Doc): Map<string, number> {
  const votes = new Map<string, number>()
  for (const { val } of createWorkshopKeyValue<unknown>(doc, votesArrayName).map.values()) {
    const ballot = ballotSchema.safeParse(val)
    if (!ballot.success) continue
    for (const shapeId of ballot.data.shapeIds) votes.set(shapeId, (votes.get(shapeId) ?? 0) + 1)
  }
  return votes
}

/**
 * Compiles a room from its whole state (one Yjs update) as of `today`, with the dot votes of
 * its ballots. Works on a scratch doc, so the live room is never touched.
 */
export function compileRoomState(state: Uint8Array, today: string): BoardCompilation {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    const records = [...createRecordsKeyValue(doc).map.values()].map(
      (entry) => entry.val as unknown as TLRecord,
    )
    return compileBoard(records, { today, votes: countBallotVotes(doc) })
  } finally {
    doc.destroy()
  }
}
