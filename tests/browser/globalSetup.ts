import { existsSync } from 'node:fs'
import path from 'node:path'
import { build } from 'vite'
import type { TestProject } from 'vitest/node'
import { chromiumPath } from '../helpers/browser'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The client build the browser tests' servers serve. */
    staticDir: string
  }
}

/** Builds the client once for all browser tests and checks that Chromium is installed. */
export default async function setup(project: TestProject) {
  if (!existsSync(chromiumPath)) {
    const message = [
      '',
      '='.repeat(78),
      `Browser tests need Chromium at ${chromiumPath}, and it is not installed.`,
      'Install it with:   sudo apt-get install -y chromium',
      'or point CHROMIUM_PATH at another Chromium/Chrome binary.',
      '='.repeat(78),
      '',
    ].join('\n')
    console.error(message)
    throw new Error(`Chromium not found at ${chromiumPath} (apt-get install -y chromium)`)
  }
  const outDir = path.resolve('.tmp/browser-dist')
  await build({
    configFile: path.resolve('vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
  project.provide('staticDir', outDir)
}
