import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { answerNameDialog, browserTestServerForFile } from '../helpers/browser'

const server = browserTestServerForFile()

/** Relative luminance (0 black … 1 white) of an element's own background colour. */
function backgroundLuminance(element: Locator): Promise<number> {
  return element.evaluate((node) => {
    const [r, g, b] = getComputedStyle(node)
      .backgroundColor.match(/[\d.]+/g)!
      .map(Number)
      .map((channel) => channel / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
  })
}

async function themeOf(page: Page) {
  await page.getByRole('button', { name: 'ICP document', exact: true }).click()
  const panel = page.getByRole('complementary', { name: 'ICP document' })
  await panel.waitFor()
  const result = {
    tldraw: await page.locator('.tl-container').getAttribute('class'),
    document: await page.locator('html').getAttribute('data-theme'),
    card: await backgroundLuminance(page.locator('.icp-card--statement')),
    panel: await backgroundLuminance(panel),
  }
  await page.getByRole('button', { name: 'ICP document', exact: true }).click()
  return result
}

describe('dark mode', () => {
  it('recolours our cards, panels and dialogs with tldraw’s dark theme, and is remembered', async () => {
    const room = await server().createBoard('icp-workshop')
    const context = await server().browser.newContext({
      viewport: { width: 1440, height: 900 },
      colorScheme: 'light',
    })
    const page = await context.newPage()
    await page.goto(server().boardLink(room, 'facilitator'))
    await answerNameDialog(page, 'Fay')

    const light = await themeOf(page)
    expect(light.tldraw).toContain('tl-theme__light')
    expect(light.document).toBe('light')
    expect(light.card).toBeGreaterThan(0.8)
    expect(light.panel).toBeGreaterThan(0.8)

    // tldraw's own shortcut (Ctrl+/, also in its menu) switches both.
    await page.locator('.tl-canvas').click({ position: { x: 20, y: 400 } })
    await page.keyboard.press('Control+/')
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark')
    const dark = await themeOf(page)
    expect(dark.tldraw).toContain('tl-theme__dark')
    expect(dark.card).toBeLessThan(0.05)
    expect(dark.panel).toBeLessThan(0.05)
    await page.getByRole('button', { name: 'Share' }).click()
    const dialog = page.getByRole('dialog', { name: 'Share this board' })
    await dialog.waitFor()
    expect(await backgroundLuminance(dialog)).toBeLessThan(0.05)
    await page.keyboard.press('Escape')

    // Remembered in this browser, on the board and on the home page.
    await page.reload()
    await page.locator('.connection-badge[data-status="connected"]').waitFor()
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark')
    await page.goto(server().url)
    expect(await backgroundLuminance(page.locator('body'))).toBeLessThan(0.05)
    await context.close()
  })

  it('follows the system’s dark mode until the person picks one', async () => {
    const room = await server().createBoard('icp-workshop')
    const context = await server().browser.newContext({
      viewport: { width: 1440, height: 900 },
      colorScheme: 'dark',
    })
    const page = await context.newPage()
    await page.goto(server().boardLink(room, 'facilitator'))
    await answerNameDialog(page, 'Fay')
    const theme = await themeOf(page)
    expect(theme.tldraw).toContain('tl-theme__dark')
    expect(theme.document).toBe('dark')
    expect(theme.card).toBeLessThan(0.05)
    await context.close()
  })
})
