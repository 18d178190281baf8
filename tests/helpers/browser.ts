import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Debian's Chromium; CHROMIUM_PATH overrides it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Headless Chromium with the flags this sandbox needs (no network chatter, no GPU, no sandbox as root). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function makeTempDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

export interface Participant {
  context: BrowserContext
  page: Page
}

/**
 * Opens `url` as a new person (own browser context: own localStorage and IndexedDB), answers the
 * name dialog with `name` and `team` (their function), and waits until the board shows as live.
 */
export async function joinBoard(
  browser: Browser,
  url: string,
  name: string,
  team = 'Sales',
): Promise<Participant> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error))
  await page.goto(url)
  await answerNameDialog(page, name, team)
  return { context, page }
}

/** Answers the name dialog of the board open in `page` and waits until the board is live. */
export async function answerNameDialog(page: Page, name: string, team = 'Sales'): Promise<void> {
  await page.getByLabel('Your name').fill(name)
  await page.getByRole('radio', { name: team }).check()
  await page.getByRole('button', { name: 'Join board' }).click()
  await page.locator('.connection-badge[data-status="connected"]').waitFor()
}
