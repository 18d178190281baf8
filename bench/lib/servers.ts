/**
 * The servers a benchmark compares, each run as its own child process so the benchmark's clients
 * and the server never share an event loop: ours (`server/index.ts`) and the reference server of
 * y-websocket@2 (`bin/server.cjs`, in-memory, installed as `y-websocket-reference`).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { postRoom, syncUrl } from '../../tests/helpers/serverApi'
import { freePort, spawnServer } from '../../tests/helpers/serverProcess'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/** Editor tokens of the rooms our server created, by room id (bench clients connect with them). */
export const roomTokens = new Map<string, string>()

export interface BenchServer {
  name: string
  /** http:// base URL of the server. */
  url: string
  /** ws:// URL a WebsocketProvider is given (the room name is appended by the provider). */
  syncUrl: string
  /** Creates a room and returns its name. */
  createRoom(): Promise<string>
  pid: number
  stop(): Promise<void>
  /** Data directory (ours only). */
  dataDir?: string
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = pattern.exec(output)
      if (match) resolve(match)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/**
 * Starts our server on a fresh (or the given) data directory, as the server tests do; `env` adds
 * to its environment (e.g. `DATABASE_URL` and `REDIS_URL` for a node of a cluster).
 */
export async function startOurServer(
  dataDir?: string,
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'icp-bench-'))
  const server = spawnServer({ ...env, DATA_DIR: dir })
  const url = await server.ready
  return {
    name: 'ICP Workshop',
    url,
    syncUrl: syncUrl(url),
    pid: server.child.pid!,
    dataDir: dir,
    async createRoom() {
      const { room } = await postRoom(url, { template: 'blank' })
      roomTokens.set(room.roomId, room.tokens.editor)
      return room.roomId
    },
    stop: () => stopChild(server.child),
  }
}

/** Removes a data directory made by `startOurServer`. */
export function removeDataDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true })
}

/** Starts the y-websocket@2 reference server (keeps rooms in memory). */
export async function startReferenceServer(): Promise<BenchServer> {
  const port = await freePort()
  const script = path.join(repoRoot, 'node_modules/y-websocket-reference/bin/server.cjs')
  // Any YPERSISTENCE value (even empty) switches the reference server to LevelDB; keep it in memory.
  const { YPERSISTENCE: _ignored, ...env } = process.env
  const child = spawn(process.execPath, [script], {
    cwd: repoRoot,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  await waitForOutput(child, /running at/)
  let roomCount = 0
  return {
    name: 'y-websocket@2 reference',
    url: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}`,
    pid: child.pid!,
    createRoom: async () => `bench-room-${++roomCount}`,
    stop: () => stopChild(child),
  }
}
