import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildServer } from '../../scripts/buildServer'
import { startPostgres } from '../../scripts/localServices'

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * Admin URL of the PostgreSQL the cluster tests share; each test file creates its own
     * database (tests/helpers/cluster.ts). Undefined outside the cluster project.
     */
    postgresUrl: string | undefined
  }
}

/**
 * Compiles the server and starts one PostgreSQL (Debian's package, on a free port, in a temporary
 * directory) for every file of the cluster project; Redis and nginx are started per file.
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icp-postgres-'))
  const [postgres] = await Promise.all([startPostgres({ dir, isDurable: false }), buildServer()])
  project.provide('postgresUrl', postgres.url())
  return async () => {
    await postgres.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
