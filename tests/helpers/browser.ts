import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core'
import { afterAll, beforeAll, inject } from 'vitest'
import { startServer, type RunningServer } from '../../server/startServer'
import type { BoardTemplate } from '../../shared/templates/boardTemplate'
import type { Role } from '../../shared/workshop/roles'
import { boardLinkPath } from '../../shared/workshop/workshopApi'
import { createRoom, type CreatedRoom } from './syncServer'

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

/** What a browser test works with: the real server serving the client build, and Chromium. */
export interface BrowserTestServer {
  browser: Browser
  /** The server's address (the same after `reopenServer`). */
  url: string
  /** Creates a board over `POST /api/rooms`, with the token of every role. */
  createBoard(template: BoardTemplate): Promise<CreatedRoom>
  /** The URL that opens `room` with the token of `role`. */
  boardLink(room: CreatedRoom, role: Role): string
  /** Closes the server, as a crash or restart would; `reopenServer` brings it back. */
  closeServer(): Promise<void>
  /** Starts the server again on the same port with the same data directory. */
  reopenServer(): Promise<void>
  /** Closes Chromium and the server and removes the data directory. */
  close(): Promise<void>
}

/**
 * Starts the real server on port 0 (fresh data directory, the client build from globalSetup,
 * no log output) and launches Chromium. Call `close` after the tests.
 */
export async function startBrowserTestServer(): Promise<BrowserTestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'icp-browser-'))
  const start = (port: number) =>
    startServer({
      port,
      host: '127.0.0.1',
      dataDir,
      staticDir: inject('staticDir'),
      log: () => {},
    })
  let server: RunningServer | undefined
  let browser: Browser | undefined
  const close = async () => {
    await browser?.close()
    await server?.close()
    await rm(dataDir, { recursive: true, force: true })
  }
  try {
    server = await start(0)
    browser = await launchChromium()
  } catch (error) {
    await close()
    throw error
  }
  const { port, url } = server
  return {
    browser,
    url,
    createBoard: (template) => createRoom(url, { template }),
    boardLink: (room, role) => `${url}${boardLinkPath(room.roomId, room.tokens[role])}`,
    closeServer: async () => {
      await server?.close()
    },
    reopenServer: async () => {
      server = await start(port)
    },
    close,
  }
}

/**
 * Starts a browser test server before the tests of the file that calls it (at its top level) and
 * closes it after them; the function it returns gives the running server inside a test.
 */
export function browserTestServerForFile(): () => BrowserTestServer {
  let harness: BrowserTestServer | undefined
  beforeAll(async () => {
    harness = await startBrowserTestServer()
  })
  afterAll(async () => {
    await harness?.close()
  })
  return () => {
    if (!harness) throw new Error('the browser test server has not started')
    return harness
  }
}

export interface Participant {
  context: BrowserContext
  page: Page
}

/**
 * Opens `url` as a new person (own browser context: own localStorage and IndexedDB), answers the
 * name dialog with `name` and `team` (their function), and waits until the board shows as live.
 * `beforeOpen` prepares the context first (e.g. routes its WebSocket); the window is 1280x800
 * unless `viewport` says otherwise.
 */
export async function joinBoard(
  browser: Browser,
  url: string,
  name: string,
  team = 'Sales',
  {
    beforeOpen,
    viewport = { width: 1280, height: 800 },
  }: {
    beforeOpen?: (context: BrowserContext) => Promise<void>
    viewport?: { width: number; height: number }
  } = {},
): Promise<Participant> {
  const context = await browser.newContext({ viewport })
  await recordPolicyViolations(context)
  await beforeOpen?.(context)
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error))
  await page.goto(url)
  await answerNameDialog(page, name, team)
  return { context, page }
}

/** Makes every page of `context` note what the Content-Security-Policy blocked (`policyViolations`). */
export async function recordPolicyViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: string[] = []
    Object.assign(window, { __policyViolations: seen })
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(
        `${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`,
      )
    })
  })
}

/** What the Content-Security-Policy blocked on `page` since it loaded. */
export function policyViolations(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { __policyViolations?: string[] }).__policyViolations ?? [],
  )
}

/** Answers the name dialog of the board open in `page` and waits until the board is live. */
export async function answerNameDialog(page: Page, name: string, team = 'Sales'): Promise<void> {
  await page.getByLabel('Your name').fill(name)
  await page.getByRole('radio', { name: team }).check()
  await page.getByRole('button', { name: 'Join board' }).click()
  await page.locator('.connection-badge[data-status="connected"]').waitFor()
}

/** Places an attribute card with its toolbar tool, centred on a screen point. */
export async function addAttributeCard(page: Page, at: { x: number; y: number }): Promise<Locator> {
  await page.getByTestId('tools.icp-attribute').click()
  await page.mouse.click(at.x, at.y)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
  const card = page.locator('.tl-shape[data-shape-type="icp-attribute"]')
  await card.waitFor()
  return card
}

/** The customer data panel of the board open in `page`. */
export function dataPanel(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Customer data' })
}

/** Opens (or closes) the customer data panel with its button in the top bar. */
export async function toggleDataPanel(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Customer data', exact: true }).click()
}

/** Opens the customer data panel and waits for it. */
export async function openDataPanel(page: Page): Promise<void> {
  await toggleDataPanel(page)
  await dataPanel(page).waitFor()
}
