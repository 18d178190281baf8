// `npm run cluster`: a local try-out of the multi-node deployment, from Debian's packages
// (`sudo apt-get install -y postgresql redis-server nginx`): PostgreSQL (kept in
// ./data/cluster/postgres across runs), Redis, three nodes of the compiled server and nginx in
// front, all in the foreground. Open the URL it prints; Ctrl-C stops everything (the nodes drain).
//
// Environment: PORT (nginx, default 8080), NODES (default 3), NODE_PORT (first node's port,
// default 3001), SECRET (optional, as for one server).
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { serverBundle } from './buildServer'
import { startNginx, startPostgres, startRedis } from './localServices'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const runDir = path.join(repoRoot, 'data', 'cluster')
const proxyPort = Number(process.env.PORT ?? 8080)
const nodeCount = Number(process.env.NODES ?? 3)
const firstNodePort = Number(process.env.NODE_PORT ?? 3001)

if (!fs.existsSync(serverBundle)) {
  console.error('The server is not built: run `npm run build` first (npm run cluster does).')
  process.exit(1)
}

fs.mkdirSync(runDir, { recursive: true })
const postgres = await startPostgres({ dir: path.join(runDir, 'postgres') })
const redis = await startRedis()
const databaseUrl = postgres.url()
console.log(
  `PostgreSQL on port ${postgres.port} (data in ${runDir}/postgres), Redis on ${redis.port}`,
)

const nodes: ChildProcess[] = []
for (let index = 0; index < nodeCount; index++) {
  const port = firstNodePort + index
  const node = spawn(process.execPath, [serverBundle], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(runDir, `node${index + 1}`),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const prefix = `[node${index + 1}] `
  for (const stream of [node.stdout, node.stderr]) {
    stream.on('data', (chunk: Buffer) =>
      process.stdout.write(
        chunk
          .toString()
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => `${prefix}${line}\n`)
          .join(''),
      ),
    )
  }
  nodes.push(node)
}
const proxy = await startNginx({
  dir: path.join(runDir, 'nginx'),
  port: proxyPort,
  nodes: nodes.map((_, index) => `127.0.0.1:${firstNodePort + index}`),
})
console.log(
  `\nICP Workshop on http://127.0.0.1:${proxyPort}/ (nginx → ${nodeCount} nodes). Ctrl-C stops.\n`,
)

let isStopping = false
async function stop() {
  if (isStopping) return
  isStopping = true
  console.log('\nStopping: nodes drain, then nginx, Redis and PostgreSQL stop.')
  await Promise.all(
    nodes.map(
      (node) =>
        new Promise<void>((resolve) => {
          if (node.exitCode !== null || node.signalCode !== null) return resolve()
          node.once('exit', () => resolve())
          node.kill('SIGTERM')
        }),
    ),
  )
  await proxy.stop()
  await redis.stop()
  await postgres.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
