/**
 * Memory per idle room: load many small rooms (one connected, inactive client each) and divide the
 * server's RSS growth by the room count. Then the cold load of a ~1 MB room.
 */
import { performance } from 'node:perf_hooks'
import { geoShape } from '../tests/helpers/records'
import { allSynced, connectBenchClient, putRecord, type BenchClient } from './lib/clients'
import { residentBytes } from './lib/processMemory'
import { startOurServer, type BenchServer } from './lib/servers'

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

/** Builds a room whose state is about `targetBytes`, restarts the server and times a cold join. */
export async function measureColdLoad(
  targetBytes: number,
): Promise<{ stateBytes: number; coldJoinMs: number[] }> {
  let server = await startOurServer()
  const dataDir = server.dataDir!
  const roomId = await server.createRoom()
  const writer = connectBenchClient(server.syncUrl, roomId)
  await allSynced([writer])
  // A geo shape is ~370 bytes in the encoded state.
  const shapeCount = Math.ceil(targetBytes / 370)
  for (let batch = 0; batch < shapeCount; batch += 500) {
    writer.doc.transact(() => {
      for (let i = batch; i < Math.min(shapeCount, batch + 500); i++)
        putRecord(writer, geoShape(`c${i}`, i % 100, i))
    })
  }
  const check = connectBenchClient(server.syncUrl, roomId)
  await allSynced([check])
  while (check.records.map.size < shapeCount) await settle(50)
  const { encodeStateAsUpdate } = await import('yjs')
  const stateBytes = encodeStateAsUpdate(check.doc).length
  check.destroy()
  writer.destroy()
  await server.stop()
  const coldJoinMs: number[] = []
  for (let run = 0; run < 5; run++) {
    server = await startOurServer(dataDir)
    const start = performance.now()
    const client = connectBenchClient(server.syncUrl, roomId)
    await allSynced([client])
    coldJoinMs.push(performance.now() - start)
    client.destroy()
    await server.stop()
  }
  return { stateBytes, coldJoinMs }
}
