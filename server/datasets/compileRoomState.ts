import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { compileBoard } from '../../shared/compile/compileBoard'
import type { BoardCompilation } from '../../shared/compile/icpDocument'
import { recordsArrayName } from '../../shared/docLayout'
import { readBallots, readVoteSessions, votesForCompile } from '../../shared/workshop/voteTally'
import { votesArrayName, workshopArrayName } from '../../shared/workshop/workshopLayout'
import { readEntries } from '../keyValueEntries'

/**
 * Compiles a room from its whole state (one Yjs update) as of `today`, with the dot votes the
 * board shows (`votesForCompile`: the latest closed vote of each card kind), so scores computed
 * here match the ones people see on the board. Works on a scratch doc; the live room is untouched.
 */
export function compileRoomState(state: Uint8Array, today: string): BoardCompilation {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    const records = [...readEntries(doc.getArray(recordsArrayName)).values()] as TLRecord[]
    const cardTypes = new Map(
      records.flatMap((record) =>
        record.typeName === 'shape' ? [[record.id as string, record.type] as const] : [],
      ),
    )
    const votes = votesForCompile(
      readVoteSessions(readEntries(doc.getArray(workshopArrayName))),
      readBallots(readEntries(doc.getArray(votesArrayName))),
      cardTypes,
    )
    return compileBoard(records, { today, votes })
  } finally {
    doc.destroy()
  }
}
