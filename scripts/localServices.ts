/**
 * PostgreSQL, Redis and nginx from a Debian machine's packages (`apt-get install postgresql
 * redis-server nginx`), started as the current user's children on free ports in a directory of
 * their own: for `npm run cluster` (scripts/cluster.ts), the cluster tests and the cluster
 * benchmark. Nothing here touches the system's own instances or their configuration.
 *
 * PostgreSQL's `initdb` refuses to run as root; as root, the data directory is given to the
 * `postgres` user and its tools run through `su postgres`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { createConnection, createServer, type AddressInfo } from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { renderNginxConfig } from './nginxConfig'

const run = promisify(execFile)

/** A TCP port that was free a moment ago on 127.0.0.1. */
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

/** Resolves once something accepts TCP connections on `port` (polls for up to `timeoutMs`). */
export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (isOpen) return
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** A running PostgreSQL cluster. */
export interface LocalPostgres {
  port: number
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database?: string): string
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>
  /** Fast shutdown (open connections are closed). */
  stop(): Promise<void>
}

const isRoot = process.getuid?.() === 0

function quote(argument: string): string {
  return `'${argument.replaceAll("'", "'\\''")}'`
}

/** Runs a PostgreSQL tool, as the `postgres` user when we are root. */
async function runPostgresTool(tool: string, args: string[]): Promise<void> {
  const binary = path.join(postgresBinDir(), tool)
  if (isRoot) {
    await run('su', ['postgres', '-s', '/bin/sh', '-c', [binary, ...args].map(quote).join(' ')])
  } else {
    await run(binary, args)
  }
}

/** Debian keeps the server tools in /usr/lib/postgresql/<version>/bin (`PG_BIN` overrides). */
function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((entry) => fs.existsSync(path.join(root, entry, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL is not installed: run `sudo apt-get install -y postgresql` (or set PG_BIN)',
    )
  }
  return path.join(root, versions[0]!, 'bin')
}

/**
 * Creates a cluster in `dir` (which must not exist yet or be empty) and starts it on `port`.
 * `isDurable: false` turns off fsync, for tests (the tests kill servers, never PostgreSQL).
 */
export async function startPostgres({
  dir,
  port,
  isDurable = true,
}: {
  dir: string
  port?: number
  isDurable?: boolean
}): Promise<LocalPostgres> {
  const listenPort = port ?? (await freePort())
  fs.mkdirSync(dir, { recursive: true })
  if (isRoot) await run('chown', ['postgres', dir])
  const dataDir = path.join(dir, 'data')
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await runPostgresTool('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  }
  const settings = [`-p ${listenPort}`, `-k ${dir}`, '-h 127.0.0.1', '-c max_connections=200']
  if (!isDurable) settings.push('-c fsync=off', '-c synchronous_commit=off')
  await runPostgresTool('pg_ctl', [
    '-D',
    dataDir,
    '-o',
    settings.join(' '),
    '-l',
    path.join(dir, 'postgres.log'),
    '-w',
    'start',
  ])
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${listenPort}/${database}`
  return {
    port: listenPort,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`)
      } finally {
        await client.end()
      }
      return url(name)
    },
    stop: () => runPostgresTool('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']),
  }
}

/** A child process serving on a port. */
export interface LocalProcess {
  port: number
  child: ChildProcess
  /** Stops it (SIGTERM) and resolves once it exited. */
  stop(): Promise<void>
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill(signal)
  })
}

/** Starts `redis-server` in the foreground, in memory only (no snapshots, no append-only file). */
export async function startRedis({ port }: { port?: number } = {}): Promise<
  LocalProcess & { url: string }
> {
  const listenPort = port ?? (await freePort())
  const child = spawn(
    'redis-server',
    ['--port', String(listenPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  await new Promise<void>((resolve, reject) => {
    let output = ''
    child.once('error', (error) =>
      reject(
        new Error(
          `redis-server did not start (sudo apt-get install -y redis-server): ${error.message}`,
        ),
      ),
    )
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)))
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) resolve()
    })
  })
  child.stdout.resume()
  return {
    port: listenPort,
    child,
    url: `redis://127.0.0.1:${listenPort}`,
    stop: () => stopChild(child),
  }
}

/**
 * Starts nginx in the foreground with its own configuration in `dir` (scripts/nginxConfig.ts):
 * listening on `port`, proxying to `nodes` (`host:port`).
 */
export async function startNginx({
  dir,
  port,
  nodes,
}: {
  dir: string
  port?: number
  nodes: string[]
}): Promise<LocalProcess & { url: string }> {
  const listenPort = port ?? (await freePort())
  fs.mkdirSync(dir, { recursive: true })
  const configFile = path.join(dir, 'nginx.conf')
  fs.writeFileSync(
    configFile,
    renderNginxConfig({ port: listenPort, nodes, runDir: dir, user: isRoot ? 'root' : undefined }),
  )
  const child = spawn('nginx', ['-c', configFile, '-p', dir, '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`nginx did not start (sudo apt-get install -y nginx): ${error.message}`)),
    )
    child.once('exit', (code) => reject(new Error(`nginx exited with ${code}:\n${output}`)))
  })
  exited.catch(() => undefined)
  await Promise.race([waitForPort(listenPort), exited])
  return {
    port: listenPort,
    child,
    url: `http://127.0.0.1:${listenPort}`,
    stop: () => stopChild(child, 'SIGQUIT'),
  }
}
