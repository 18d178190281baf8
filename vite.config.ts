import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

const serverPort = Number(process.env.PORT ?? 1234)

// The client lives in client/; `vite build` writes dist/, which the server serves on one port.
// `npm run dev` runs the sync server and this dev server side by side; /api and /sync are proxied.
export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [react()],
  // Vite cannot pre-bundle the `?url` asset imports of @tldraw/assets; serve them as they are.
  optimizeDeps: { exclude: ['@tldraw/assets'] },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/sync': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/browser/**', 'tests/cluster/**'],
          globalSetup: ['tests/server/globalSetup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // Against real PostgreSQL, Redis and nginx (Debian packages) that the setup starts.
          name: 'cluster',
          environment: 'node',
          // The hostile battery (and its secrecy part) runs here too, against a PostgreSQL + Redis node.
          include: [
            'tests/cluster/**/*.test.ts',
            'tests/server/hostile.test.ts',
            'tests/server/hostileSecrecy.test.ts',
          ],
          globalSetup: ['tests/cluster/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file runs several server processes; two cores.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['tests/**/*.test.tsx'],
          setupFiles: ['tests/helpers/domSetup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
})
