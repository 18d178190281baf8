import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  answerNameDialog,
  startBrowserTestServer,
  type BrowserTestServer,
} from '../helpers/browser'

let harness: BrowserTestServer

beforeAll(async () => {
  harness = await startBrowserTestServer()
})

afterAll(async () => {
  await harness?.close()
})

describe('a facilitator compiling the ICP', () => {
  it('adds an attribute card from the toolbar, fills it in, sees the statement update and downloads the Markdown', async () => {
    const home = await harness.browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    })
    const page = await home.newPage()
    await page.goto(harness.url)
    // The ICP workshop is the template picked by default.
    await page.getByRole('button', { name: 'Create board' }).click()
    await page.waitForURL(/\/b\//)
    // The creator's browser holds the facilitator token; a bare /b/<roomId> URL has none.
    await answerNameDialog(page, 'Facilitator')
    const context = home
    const icpDocumentButton = page.getByRole('button', { name: 'ICP document', exact: true })
    await icpDocumentButton.click()
    const statement = page.getByTestId('icp-statement')
    await expect.poll(() => statement.textContent()).toContain('not defined yet')
    // The panel covers the left of the board; close it while working on the canvas.
    await icpDocumentButton.click()

    // An idle board shows no style palette; tldraw's styles appear for a drawing tool.
    const stylePanel = page.locator('.tlui-style-panel')
    await expect.poll(() => stylePanel.count()).toBe(0)
    await page.getByTestId('tools.draw').click()
    await expect.poll(() => stylePanel.count()).toBe(1)

    // Pick the attribute tool in the toolbar and click inside the "Key attributes" step frame.
    await page.getByTestId('tools.icp-attribute').click()
    const stepLabel = page.locator('.tl-frame-heading', { hasText: '4 · Key attributes' })
    const label = await stepLabel.boundingBox()
    if (!label) throw new Error('the key attributes frame is not on screen')
    await page.mouse.click(label.x + 120, label.y + label.height + 120)
    await page.keyboard.press('Escape')

    // The card panel (not tldraw's palette) edits the selected card with real inputs.
    const panel = page.locator('.icp-panel')
    await panel.waitFor()
    expect(await stylePanel.count()).toBe(0)
    await panel.getByLabel('Category').selectOption({ label: 'Industry' })
    await panel.getByLabel('Value', { exact: true }).fill('video games')
    await panel.getByLabel('Value', { exact: true }).press('Tab')

    await icpDocumentButton.click()
    await expect.poll(() => statement.textContent()).toContain('in the video games industry')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Markdown' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/\.md$/)
    const markdown = await readFile((await download.path())!, 'utf8')
    expect(markdown).toContain('in the video games industry')
    expect(markdown).toContain('| video games |')

    await page.screenshot({ path: '.tmp/screenshots/icp-document.png' })
    await context.close()
  })
})
