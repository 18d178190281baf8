/**
 * A cluster for one test file: N compiled server processes (nodes) on fixed free ports, sharing a
 * PostgreSQL database of the file's own and a Redis of its own, optionally behind nginx
 * (scripts/localServices.ts). Nodes keep no SECRET: they share the one kept in PostgreSQL.
 */
import fs from 'node:fs'
import path from 'node:path'
import { freePort, startNginx, startRedis, type LocalProcess } from '../../scripts/localServices'
import type { Role } from '../../shared/workshop/roles'
import { postRoom, type CreatedRoom } from './serverApi'
import { spawnServer, type ServerProcess } from './serverProcess'
import { createTestDatabase, readPostgresUpdates } from './storageBackend'
import {
  connectClient,
  createTempDir,
  removeDir,
  type ClientIdentity,
  type TestClient,
} from './syncServer'
import { waitFor } from './waitFor'

/** One node of the test cluster. */
export interface ClusterNode {
  name: string
  port: number
  url: string
  process: ServerProcess & { ready: Promise<string> }
  /** Everything the node printed, over all its starts. */
  output(): string
  /** Sends `signal` and resolves with how the process exited. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Starts it again on the same port. */
  restart(): Promise<void>
  /** Loaded rooms and connections, from its Prometheus metrics. */
  gauges(): Promise<{ rooms: number; connections: number }>
}

/** A running test cluster. */
export interface TestCluster {
  nodes: ClusterNode[]
  /** nginx in front of the nodes, when asked for. */
  proxy: (LocalProcess & { url: string }) | null
  databaseUrl: string
  redis: LocalProcess & { url: string }
  /** Creates a room through `via` (default: the proxy, else the first node). */
  createRoom(via?: string): Promise<CreatedRoom>
  /** Connects a client with a role's token to `baseUrl`; destroyed by `stop`. */
  connect(
    baseUrl: string,
    room: CreatedRoom,
    role?: Role,
    identity?: Omit<ClientIdentity, 'doc'>,
  ): TestClient
  /** Destroys the clients `connect` made and waits until no node counts a connection. */
  disconnectAll(): Promise<void>
  /** The room as stored in PostgreSQL (plain SQL), snapshot first. */
  storedUpdates(roomId: string): Promise<Uint8Array[]>
  stop(): Promise<void>
}

/** Options of `startTestCluster`. */
export interface TestClusterOptions {
  nodes?: number
  /** Put nginx in front. */
  proxy?: boolean
  /** More environment for every node (limits, test hooks). */
  env?: Record<string, string>
}

/** Starts the database, Redis, the nodes and (optionally) nginx. */
export async function startTestCluster({
  nodes: count = 3,
  proxy: withProxy = false,
  env = {},
}: TestClusterOptions = {}): Promise<TestCluster> {
  const dir = createTempDir('icp-cluster-')
  const staticDir = path.join(dir, 'static')
  fs.mkdirSync(staticDir)
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ICP Workshop</title>')
  const [databaseUrl, redis] = await Promise.all([createTestDatabase(), startRedis()])
  const nodeEnv = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    STATIC_DIR: staticDir,
    UNLOAD_GRACE_MS: '2000',
    ...env,
  }
  const nodes: ClusterNode[] = []
  for (let index = 0; index < count; index++) {
    const name = `node${index + 1}`
    const port = await freePort()
    const dataDir = path.join(dir, name)
    let earlier = ''
    const spawn = () => spawnServer({ ...nodeEnv, DATA_DIR: dataDir, PORT: String(port) })
    const node: ClusterNode = {
      name,
      port,
      url: `http://127.0.0.1:${port}`,
      process: spawn(),
      output: () => earlier + node.process.output(),
      async stop(signal = 'SIGTERM') {
        const { child, exited } = node.process
        if (child.exitCode === null && child.signalCode === null) child.kill(signal)
        return exited
      },
      async restart() {
        earlier += node.process.output()
        node.process = spawn()
        await node.process.ready
      },
      async gauges() {
        const text = await (await fetch(`${node.url}/metrics`)).text()
        const gauge = (metric: string) =>
          Number(new RegExp(`^${metric} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN)
        return { rooms: gauge('icp_rooms_loaded'), connections: gauge('icp_connections') }
      },
    }
    nodes.push(node)
  }
  await Promise.all(nodes.map((node) => node.process.ready))
  const proxy = withProxy
    ? await startNginx({
        dir: path.join(dir, 'nginx'),
        nodes: nodes.map((node) => `127.0.0.1:${node.port}`),
      })
    : null
  const clients: TestClient[] = []
  const cluster: TestCluster = {
    nodes,
    proxy,
    databaseUrl,
    redis,
    async createRoom(via = proxy?.url ?? nodes[0]!.url) {
      const { status, room } = await postRoom(via, { template: 'blank' })
      if (status !== 201) throw new Error(`creating a room answered ${status}`)
      return room
    },
    connect(baseUrl, room, role = 'editor', identity = {}) {
      const client = connectClient(baseUrl, room.roomId, room.tokens[role], identity)
      clients.push(client)
      return client
    },
    async disconnectAll() {
      for (const client of clients.splice(0)) client.destroy()
      const running = nodes.filter((node) => node.process.child.exitCode === null)
      await Promise.all(running.map((node) => waitForConnections(node, 0)))
    },
    storedUpdates: (roomId) => readPostgresUpdates(databaseUrl, roomId),
    async stop() {
      for (const client of clients.splice(0)) client.destroy()
      await Promise.all(nodes.map((node) => node.stop('SIGKILL')))
      await proxy?.stop()
      // The current one: a test may have restarted Redis.
      await cluster.redis.stop()
      removeDir(dir)
    },
  }
  return cluster
}

/** Waits until the node has `count` connections (its metrics say so). */
export async function waitForConnections(node: ClusterNode, count: number, timeout = 10_000) {
  await waitFor(
    async () => {
      const { connections } = await node.gauges()
      if (connections !== count) throw new Error(`${node.name} has ${connections} connections`)
    },
    { timeout, interval: 50 },
  )
}
