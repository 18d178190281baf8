/**
 * The servers a benchmark compares, each run as its own child process so the benchmark's clients
 * and the server never share an event loop: ours (`server/index.ts`) and the reference server of
 * y-websocket@2 (`bin/server.cjs`, in-memory, installed as `y-websocket-reference`).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { syncPathPrefix } from '../../shared/protocol'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/** Editor tokens of the rooms our server created, by room id (bench clients connect with them). */
export const roomTokens = new Map<string, string>()

export interface BenchServer {
  name: string
  /** ws:// URL a WebsocketProvider is given (the room name is appended by the provider). */
  syncUrl: string
  /** Creates a room and returns its name. */
  createRoom(): Promise<string>
  pid: number
  stop(): Promise<void>
  /** Data directory (ours only). */
  dataDir?: string
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
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
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** Starts our server on a fresh (or the given) data directory. */
export async function startOurServer(dataDir?: string): Promise<BenchServer> {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'icp-bench-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const match = await waitForOutput(child, /listening on (http:\/\/[\d.]+:\d+)/)
  const baseUrl = match[1]!
  return {
    name: 'ICP Workshop',
    syncUrl: `${baseUrl.replace(/^http/, 'ws')}${syncPathPrefix}`,
    pid: child.pid!,
    dataDir: dir,
    async createRoom() {
      const response = await fetch(`${baseUrl}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'blank' }),
      })
      const { roomId, links } = (await response.json()) as {
        roomId: string
        links: { editor: string }
      }
      roomTokens.set(roomId, links.editor)
      return roomId
    },
    stop: () => stopChild(child),
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
    syncUrl: `ws://127.0.0.1:${port}`,
    pid: child.pid!,
    createRoom: async () => `bench-room-${++roomCount}`,
    stop: () => stopChild(child),
  }
}
