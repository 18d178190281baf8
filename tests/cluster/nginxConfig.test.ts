/**
 * The shipped nginx configuration (deploy/nginx/icp-workshop.conf) is what scripts/nginxConfig.ts
 * renders for its defaults, and nginx itself accepts the complete configuration built around it.
 * (The other cluster tests run nginx with it.)
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { defaultNginxSite, renderNginxConfig, renderNginxSite } from '../../scripts/nginxConfig'
import { createTempDir, removeDir } from '../helpers/syncServer'

const shipped = new URL('../../deploy/nginx/icp-workshop.conf', import.meta.url)

describe('nginx configuration', () => {
  it('ships exactly what the renderer makes for three nodes on ports 3001-3003 behind port 8080', () => {
    expect(fs.readFileSync(shipped, 'utf8')).toBe(renderNginxSite(defaultNginxSite))
  })

  it('passes nginx -t as a complete configuration', async () => {
    const dir = createTempDir('icp-nginx-')
    try {
      const file = path.join(dir, 'nginx.conf')
      fs.writeFileSync(
        file,
        renderNginxConfig({
          ...defaultNginxSite,
          runDir: dir,
          user: process.getuid?.() === 0 ? 'root' : undefined,
        }),
      )
      const { stderr } = await promisify(execFile)('nginx', ['-t', '-c', file, '-p', dir])
      expect(stderr).toContain('test is successful')
    } finally {
      removeDir(dir)
    }
  })
})
