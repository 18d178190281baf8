/**
 * Crash durability of the real server process: 20 clients keep editing one room (creating, moving
 * and deleting their own cards, and moving shared ones) while the server is killed with SIGKILL
 * again and again, at random moments and in the middle of compactions (a test hook holds every
 * compaction transaction open, so the kill lands inside it), and restarted on the same data.
 *
 * After every kill, before the restart: everything any client had received from the server (each
 * update the server broadcast, and its sync answers) is in storage, and the database is intact.
 * At the end: every client converges to one state, which is exactly what was written: every card
 * created and not deleted, with its last position, nothing deleted come back, no key twice.
 */
import Database from 'better-sqlite3'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  contains,
  createEditors,
  editRandomly,
  expectConvergedOnWrites,
  recordAcknowledged,
  type Editor,
} from '../helpers/editingWorkload'
import { freePort, spawnServer, type ServerProcess } from '../helpers/serverProcess'
import {
  connectClient,
  createRoom,
  createTempDir,
  readStoredDoc,
  readStoredRecords,
  removeDir,
  type CreatedRoom,
} from '../helpers/syncServer'
import { seededRandom } from '../helpers/seededRandom'
import { waitFor } from '../helpers/waitFor'

const clientCount = 20
const killCount = 10
/** Tiny, so compactions are frequent (and random kills land near them too). */
const compactAfterUpdates = 40
/** How long the compaction hook holds the transaction open in the compaction-kill rounds. */
const compactionHoldMs = 5000
const secret = 'crash-durability-secret-0123456789abcdef'

const dataDir = createTempDir('icp-crash-')
let server: (ServerProcess & { ready: Promise<string> }) | undefined
let editors: Editor[] = []
let stopEditing: (() => void) | undefined

afterAll(async () => {
  stopEditing?.()
  for (const editor of editors) editor.client.destroy()
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL')
    await server.exited
  }
  removeDir(dataDir)
})

async function start(port: number, holdCompactions: boolean) {
  server = spawnServer({
    DATA_DIR: dataDir,
    PORT: String(port),
    SECRET: secret,
    COMPACT_AFTER_UPDATES: String(compactAfterUpdates),
    ...(holdCompactions ? { TEST_COMPACTION_DELAY_MS: String(compactionHoldMs) } : {}),
  })
  return server.ready
}

async function kill(): Promise<void> {
  if (!server) return
  server.child.kill('SIGKILL')
  expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' })
}

function integrityCheck(): string {
  const db = new Database(path.join(dataDir, 'rooms.sqlite'), { readonly: true })
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) ?? ''
  } finally {
    db.close()
  }
}

describe('crash durability', () => {
  it(
    'keeps every broadcast update through 10 SIGKILLs (half of them mid-compaction) and converges without duplicates or resurrections',
    { timeout: 300_000 },
    async () => {
      const random = seededRandom(20260501)
      const port = await freePort()
      const url = await start(port, false)
      const room: CreatedRoom = await createRoom(url)

      const clients = Array.from({ length: clientCount }, () =>
        connectClient(url, room.roomId, room.tokens.editor),
      )
      // Everything the clients received from the server, merged: the server must have stored it.
      const acknowledged = recordAcknowledged(clients)
      await Promise.all(clients.map((client) => client.synced()))
      editors = createEditors(clients)
      // Every 100 ms each client may create, move or delete one of its cards, or move a shared one.
      const editing = editRandomly(editors, random)
      stopEditing = editing.stop
      const { deleted } = editing

      let killedMidCompaction = 0
      const checks: string[] = []
      for (let round = 0; round < killCount; round++) {
        const duringCompaction = round % 2 === 1
        if (duringCompaction) {
          const output = server!.output()
          const from = output.length
          const held = await waitFor(
            () => {
              const index = server!.output().indexOf('test.compaction.held', from)
              expect(index).toBeGreaterThanOrEqual(0)
              return index
            },
            { timeout: 60_000, interval: 5 },
          )
          await kill()
          if (!server!.output().slice(held).includes('room.compacted')) killedMidCompaction += 1
        } else {
          // Everyone is back (the held compactions of the previous round kept some out).
          await waitFor(() => expect(editors.every((e) => e.client.provider.synced)).toBe(true), {
            timeout: 60_000,
            interval: 50,
          })
          const ms = 300 + Math.floor(random() * 1200)
          await new Promise((resolve) => setTimeout(resolve, ms))
          await kill()
        }

        expect(integrityCheck()).toBe('ok')
        // The room as stored, read while the server is down.
        const stored = readStoredDoc(dataDir, room.roomId)
        expect(contains(stored, acknowledged.doc)).toBe(true)
        checks.push(
          `${duringCompaction ? 'mid-compaction' : 'random'} kill ${round + 1}: ${acknowledged.count()} updates received so far, all stored (${Object.keys(readStoredRecords(dataDir, room.roomId)).length} records)`,
        )
        stored.destroy()
        await start(port, round % 2 === 0 && round + 1 < killCount)
      }

      editing.stop()
      // Everyone reconnects to the last server and converges on exactly what was written.
      const final = await expectConvergedOnWrites(editors, deleted)
      expect(editors.flatMap((editor) => editor.client.closes.map((close) => close.code))).toEqual(
        expect.not.arrayContaining([4400, 4403, 4413]),
      )

      server!.child.kill('SIGTERM')
      expect(await server!.exited).toEqual({ code: 0, signal: null })
      expect(readStoredRecords(dataDir, room.roomId)).toEqual(final)
      expect(killedMidCompaction).toBe(killCount / 2)
      console.log(
        [
          ...checks,
          `kills: ${killCount} (${killedMidCompaction} inside a compaction transaction); updates received by clients: ${acknowledged.count()}; cards created: ${editors.reduce((n, e) => n + e.created, 0)}, deleted: ${deleted.size}, final records: ${Object.keys(final).length}`,
        ].join('\n'),
      )
    },
  )
})
