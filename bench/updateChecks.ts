/**
 * What the server's checks cost per update, in-process (no sockets): the pre-scan of
 * server/updateCost.ts (structs, client ids, delete ranges, read from the bytes), the inspection of
 * server/updateValidation.ts (placement, roles, content, entry changes), next to Yjs decoding the
 * same update. Three updates: one card move (what a drag sends 60 times a second), a reconnect
 * with 5,000 offline moves, and the audit's 300,000 made-up client ids (refused by the pre-scan,
 * never inspected or decoded).
 */
import * as Y from 'yjs'
import { ruledEntryRoots } from '../server/entryRules'
import { defaultRoomLimits } from '../server/rooms'
import { scanUpdate, updateCostProblem } from '../server/updateCost'
import { inspectUpdate } from '../server/updateValidation'
import { BoardRecords } from '../shared/BoardRecords'
import type { StoredRecord } from '../shared/docLayout'
import { createBoardSchema } from '../shared/schema/boardSchema'
import { madeUpClientsUpdate } from '../tests/helpers/forgedUpdates'
import { geoShape } from '../tests/helpers/records'
import { seededRandom } from '../tests/helpers/seededRandom'
import { timeRuns, type Summary } from './lib/stats'

export interface UpdateCheckCost {
  name: string
  bytes: number
  prescan: Summary
  inspect: Summary | null
  decode: Summary
  /** Why the pre-scan refuses it, or null. */
  refusal: string | null
}

const shapeCount = 2000

/** A room of 2,000 shapes (doc layout 2), and the updates a client sends to it. */
function scenario() {
  const room = new Y.Doc()
  const shapes = Array.from({ length: shapeCount }, (_, i) => geoShape(`s${i}`, i, i))
  new BoardRecords(room).write({ put: shapes as unknown as StoredRecord[] })
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(room))
  const clientRecords = new BoardRecords(client)
  const synced = Y.encodeStateVector(client)
  // A move writes the fields that changed (x and y), as the app does.
  clientRecords.write({ put: [geoShape('s7', 999, 7) as unknown as StoredRecord] })
  const move = Y.encodeStateAsUpdate(client, synced)
  const random = seededRandom(7)
  for (let edit = 0; edit < 5000; edit++) {
    const i = Math.floor(random() * shapeCount)
    clientRecords.write({ put: [geoShape(`s${i}`, edit, i) as unknown as StoredRecord] })
  }
  const offline = Y.encodeStateAsUpdate(client, synced)
  return { room, move, offline, attack: madeUpClientsUpdate(300_000) }
}

/** Times the checks on each update (`runs` each, after warming up). */
export function measureUpdateChecks(runs = 200): UpdateCheckCost[] {
  const { room, move, offline, attack } = scenario()
  const records = new BoardRecords(room)
  const schema = createBoardSchema()
  const room$ = { stateOf: (client: number) => Y.getState(room.store, client), clientIds: 0 }
  const prescan = (update: Uint8Array) =>
    updateCostProblem(scanUpdate(update, defaultRoomLimits), room$, defaultRoomLimits)
  const inspect = (update: Uint8Array) =>
    inspectUpdate(update, { doc: room, schema, records, entryRoots: ruledEntryRoots })
  const cases = [
    { name: 'one card move', update: move, runs },
    { name: '5,000 offline moves (a reconnect)', update: offline, runs: Math.ceil(runs / 20) },
    { name: '300,000 made-up client ids (refused)', update: attack, runs: Math.ceil(runs / 20) },
  ]
  return cases.map(({ name, update, runs: count }) => {
    const refusal = prescan(update).problem
    return {
      name,
      bytes: update.byteLength,
      refusal,
      prescan: timeRuns(count, () => prescan(update), 5),
      inspect: refusal === null ? timeRuns(count, () => inspect(update), 5) : null,
      decode: timeRuns(count, () => Y.decodeUpdate(update), 5),
    }
  })
}
