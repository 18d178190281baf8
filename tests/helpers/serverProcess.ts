/**
 * Runs the compiled server (dist-server/index.js, built by scripts/buildServer.ts; the test
 * projects' global setup builds it) as a child process, the way `npm run serve` does, and finds
 * its port from the `listening on http://host:port` line it prints. No vitest here: the
 * benchmarks (`bench/lib/servers.ts`) start our server with it too.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { serverBundle } from '../../scripts/buildServer'

export { freePort } from '../../scripts/localServices'

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
  const child = spawn(process.execPath, [...nodeArgs, serverBundle], {
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
