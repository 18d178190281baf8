/**
 * Joining a big room: 2,000 shapes and 20,000 edits of history. Measures how long a new client
 * takes from connecting to being synced, with the room in memory (warm) and, for our server, after
 * a restart (cold: loaded from SQLite). Also compares stored bytes with the state's own size.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import { geoShape } from '../tests/helpers/records'
import { seededRandom } from '../tests/helpers/seededRandom'
import { storedRoomBytes } from '../tests/helpers/storedRoomBytes'
import { putRecord, type BenchClient } from './lib/clients'
import { measureOurJoins, measureWarmJoins, type JoinTimes } from './lib/joins'
import type { BenchServer } from './lib/servers'

export interface JoinResult extends JoinTimes {
  /** Bytes of the room's snapshot and update log rows. */
  storedBytes?: number
  /** Size of the SQLite file after a clean shutdown. */
  fileBytes?: number
}

const shapeCount = 2000
const editCount = 20_000

/** Creates the shapes, then moves random ones. */
async function fillWithHistory(writer: BenchClient): Promise<number> {
  writer.doc.transact(() => {
    for (let i = 0; i < shapeCount; i++)
      putRecord(writer, geoShape(`s${i}`, (i % 50) * 120, Math.floor(i / 50) * 120))
  })
  // Deterministic pseudo-random moves, one transaction (one update message) each, as drags send.
  const random = seededRandom(42)
  for (let edit = 0; edit < editCount; edit++) {
    const i = Math.floor(random() * shapeCount)
    putRecord(writer, geoShape(`s${i}`, edit % 1000, i))
    if (edit % 1000 === 999) await new Promise((resolve) => setImmediate(resolve))
  }
  return shapeCount
}

function databaseBytes(dataDir: string): number {
  return ['rooms.sqlite', 'rooms.sqlite-wal']
    .map((file) => {
      try {
        return statSync(path.join(dataDir, file)).size
      } catch {
        return 0
      }
    })
    .reduce((a, b) => a + b, 0)
}

export async function measureJoinOurs(): Promise<JoinResult> {
  // Stored sizes are read after the clean shutdown, before the cold restarts.
  const { stopped, ...times } = await measureOurJoins(fillWithHistory, (dataDir, roomId) => ({
    storedBytes: storedRoomBytes(dataDir, roomId),
    fileBytes: databaseBytes(dataDir),
  }))
  return { ...times, ...stopped }
}

export function measureJoinReference(server: BenchServer): Promise<JoinResult> {
  return measureWarmJoins(server, fillWithHistory)
}
