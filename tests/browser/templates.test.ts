import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leanIcpFrames } from '../../shared/templates/leanIcpTemplate'
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

describe('new board from the home page', () => {
  it('names the board, lays out the picked template and shows the name on the board', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    await page.goto(harness.url)
    await page.getByLabel('Board name').fill('Q3 ICP · Kraków')
    await page.getByText('Lean ICP', { exact: true }).click()
    expect(await page.getByRole('radio', { name: /Lean ICP/ }).isChecked()).toBe(true)
    if (process.env.SCREENSHOT_DIR) {
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/home-picker.png` })
    }
    await page.getByRole('button', { name: 'Create board' }).click()
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]+$/)
    await answerNameDialog(page, 'Fran', 'Marketing')

    expect(await page.getByLabel('Board name').inputValue()).toBe('Q3 ICP · Kraków')
    // The container and one frame per step of the lean template, with their titles.
    const frames = page.locator('.tl-shape[data-shape-type="frame"]')
    await expect.poll(() => frames.count()).toBe(leanIcpFrames.length + 1)
    for (const frame of leanIcpFrames) {
      await page.locator('.tl-frame-heading', { hasText: frame.title }).waitFor()
    }
    if (process.env.SCREENSHOT_DIR) {
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/lean-board.png` })
    }
    await context.close()
  })
})
