/**
 * Memory per idle room: load many small rooms (one connected, inactive client each) and divide the
 * server's RSS growth by the room count. Then the cold load of a ~1 MB room (ours, right after a
 * restart), next to joins of the same room held in memory (ours, and the reference server, which
 * keeps rooms in memory only and so has no cold load to compare).
 */
import { geoShape } from '../tests/helpers/records'
import { allSynced, connectBenchClient, putRecord, type BenchClient } from './lib/clients'
import { residentBytes } from './lib/processMemory'
import { measureOurJoins, measureWarmJoins, type JoinTimes } from './lib/joins'
import type { BenchServer } from './lib/servers'

const shapesPerRoom = 50

async function settle(ms = 1500) {
  await new Promise((resolve) => setTimeout(resolve, ms))
}

/** RSS growth per room with `roomCount` rooms of 50 shapes, each with one idle client. */
export async function measureIdleRooms(server: BenchServer, roomCount: number): Promise<number> {
  const clients: BenchClient[] = []
  try {
    // Warm the server (first connection loads modules, allocates pools) before the baseline.
    const warmRoom = await server.createRoom()
    const warm = connectBenchClient(server.syncUrl, warmRoom)
    await allSynced([warm])
    clients.push(warm)
    await settle()
    const before = residentBytes(server.pid)
    for (let i = 0; i < roomCount; i++) {
      const roomId = await server.createRoom()
      const client = connectBenchClient(server.syncUrl, roomId)
      await allSynced([client])
      client.doc.transact(() => {
        for (let s = 0; s < shapesPerRoom; s++) putRecord(client, geoShape(`r${i}s${s}`, s * 10, i))
      })
      clients.push(client)
    }
    await settle(3000)
    return (residentBytes(server.pid) - before) / roomCount
  } finally {
    for (const client of clients) client.destroy()
  }
}

/** Writes geo shapes until the room's state is about `targetBytes`; returns how many. */
async function fillToSize(writer: BenchClient, targetBytes: number): Promise<number> {
  // A geo shape is ~370 bytes in the encoded state.
  const shapeCount = Math.ceil(targetBytes / 370)
  for (let batch = 0; batch < shapeCount; batch += 500) {
    writer.doc.transact(() => {
      for (let i = batch; i < Math.min(shapeCount, batch + 500); i++)
        putRecord(writer, geoShape(`c${i}`, i % 100, i))
    })
  }
  return shapeCount
}

/** Join times of a ~`targetBytes` room: ours after restarts (cold), and with the room in memory. */
export async function measureColdLoad(targetBytes: number): Promise<Required<JoinTimes>> {
  const { stopped: _nothing, ...times } = await measureOurJoins(
    (writer) => fillToSize(writer, targetBytes),
    () => undefined,
  )
  return times
}

/**
 * The reference point for a cold load: the reference server keeps rooms in memory only, so the
 * closest it has is a join of the same room while it is held in memory (it loses it on restart).
 */
export function measureReferenceJoin(server: BenchServer, targetBytes: number): Promise<JoinTimes> {
  return measureWarmJoins(server, (writer) => fillToSize(writer, targetBytes))
}
