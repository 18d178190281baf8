/**
 * Compiles the server for production: dist-server/index.js, the scoring worker
 * dist-server/scoreWorker.js, and their chunks (esbuild bundles our
 * server/ and shared/ code as ESM; packages in node_modules stay imports). `npm start`, `npm run serve`,
 * the cluster and the tests run it with plain `node`, not through a TypeScript loader.
 *
 *   npx tsx scripts/buildServer.ts     (or `npm run build`, which also builds the client)
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

/** The compiled server. */
export const serverBundle = fileURLToPath(new URL('../dist-server/index.js', import.meta.url))

const entryPoints = {
  index: fileURLToPath(new URL('../server/index.ts', import.meta.url)),
  // Beside index.js, where server/datasets/scorePool.ts looks for it.
  scoreWorker: fileURLToPath(new URL('../server/datasets/scoreWorker.ts', import.meta.url)),
}

/** Builds dist-server/index.js (about half a second) and returns its path. */
export async function buildServer(): Promise<string> {
  fs.rmSync(path.dirname(serverBundle), { recursive: true, force: true })
  await build({
    entryPoints,
    outdir: path.dirname(serverBundle),
    // The PostgreSQL and Redis modules become chunks loaded only when configured.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  })
  return serverBundle
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`built ${await buildServer()}`)
}
