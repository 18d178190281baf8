/**
 * Runs `server/index.ts` as a child process (tsx), the way `npm run serve` does, and finds its
 * port from the `listening on http://host:port` line it prints. No vitest here: the benchmarks
 * (`bench/lib/servers.ts`) start our server with it too.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/** A running server child process. */
export interface ServerProcess {
  child: ChildProcess
  url: string
  /** Everything the process printed so far (stdout and stderr). */
  output(): string
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/**
 * Spawns the server with `env` added to the environment (and `nodeArgs` before the script, e.g.
 * `--expose-gc`); `ready` resolves with its URL.
 */
export function spawnServer(
  env: Record<string, string>,
  { nodeArgs = [] }: { nodeArgs?: string[] } = {},
): ServerProcess & { ready: Promise<string> } {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/index.ts'], {
    cwd: repoRoot,
    // Tests and benchmarks create rooms quickly; a test of the limit sets ROOMS_PER_MINUTE itself.
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ROOMS_PER_MINUTE: '1000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let url = ''
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output)
      if (match?.[1] && !url) {
        url = match[1]
        resolve(url)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code} before listening:\n${output}`)),
    )
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  ready.catch(() => undefined)
  return {
    child,
    get url() {
      return url
    },
    output: () => output,
    exited,
    ready,
  }
}

/**
 * A TCP port that was free a moment ago on 127.0.0.1, for a process that must be restarted on the
 * same port (or a server that cannot be told to use port 0 and report it).
 */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', resolve)
  })
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}
