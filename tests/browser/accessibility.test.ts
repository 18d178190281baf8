import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousViolations, type AxeViolation } from '../helpers/axe'
import { answerNameDialog, browserTestServerForFile } from '../helpers/browser'

const server = browserTestServerForFile()

const themes = ['light', 'dark'] as const

/** Checks the page as it is now and keeps what axe found, under a name for the report. */
function checker(page: Page, theme: string) {
  const found: Record<string, AxeViolation[]> = {}
  return {
    found,
    check: async (state: string) => {
      const violations = await seriousViolations(page)
      if (violations.length > 0) found[`${theme}: ${state}`] = violations
    },
  }
}

async function openPage(theme: (typeof themes)[number]) {
  const context = await server().browser.newContext({
    viewport: { width: 1440, height: 900 },
    colorScheme: theme,
  })
  return { context, page: await context.newPage() }
}

describe('accessibility: no serious or critical axe-core violations', () => {
  it.each(themes)('on the home page (%s)', async (theme) => {
    const { context, page } = await openPage(theme)
    await page.goto(server().url)
    await page.getByRole('heading', { level: 1 }).first().waitFor()
    const { found, check } = checker(page, theme)
    await check('home page')
    expect(found).toEqual({})
    await context.close()
  })

  it.each(themes)('on the board with each panel, popover and dialog open (%s)', async (theme) => {
    const room = await server().createBoard('icp-workshop')
    const { context, page } = await openPage(theme)
    const { found, check } = checker(page, theme)
    await page.goto(server().boardLink(room, 'facilitator'))
    await page.getByLabel('Your name').waitFor()
    await check('name dialog')
    await answerNameDialog(page, 'Fay')
    await check('board')

    // A card, selected: the card panel.
    const stepFour = await page.locator('.tl-frame-heading', { hasText: /^4 · / }).boundingBox()
    await page.getByTestId('tools.icp-attribute').click()
    await page.mouse.click(stepFour!.x + 80, stepFour!.y + 160)
    await page.keyboard.press('Escape')
    const cardPanel = page.locator('.icp-panel')
    await cardPanel.getByLabel('Value', { exact: true }).fill('SaaS')
    await check('card panel')

    // A comment thread on it, and the comments list.
    const card = await page.locator('.icp-card--attribute').boundingBox()
    await page.keyboard.press('Escape')
    await page.keyboard.press('c')
    await page.mouse.click(card!.x + card!.width / 2, card!.y + card!.height / 2)
    const composer = page.getByRole('combobox', { name: 'Add a comment…' })
    await composer.fill('Is SaaS too broad?')
    await composer.press('Enter')
    await page.getByRole('region', { name: 'Comment thread' }).waitFor()
    await check('comment thread')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: /^Comments/ }).click()
    await page.getByRole('complementary', { name: 'Comments' }).waitFor()
    await check('comments panel')

    await page.getByRole('button', { name: 'ICP document', exact: true }).click()
    await page.getByRole('complementary', { name: 'ICP document' }).waitFor()
    await check('ICP document panel')

    // Customer data: the import dialog, the three steps with data.
    await page.getByRole('button', { name: 'Customer data', exact: true }).click()
    const data = page.getByRole('complementary', { name: 'Customer data' })
    await data.getByRole('button', { name: /sample customers/ }).click()
    const importDialog = page.getByRole('dialog', { name: 'Import customers' })
    await importDialog.getByText(/^Ready:/).waitFor()
    await check('import dialog')
    await importDialog.getByRole('button', { name: /^Import \d+ customers$/ }).click()
    await importDialog.waitFor({ state: 'detached' })
    await data.getByRole('heading', { name: /best of 500/ }).waitFor()
    await check('customer data: best customers')
    await data.getByRole('tab', { name: 'What they share' }).click()
    await data.locator('.finding').first().waitFor()
    await check('customer data: what they share')
    await data.getByRole('tab', { name: 'Score accounts' }).click()
    await data.getByRole('button', { name: /sample/ }).click()
    await page
      .getByRole('dialog', { name: 'Import accounts to score' })
      .getByRole('button', { name: /^Import \d+ accounts$/ })
      .click()
    await data.getByRole('table').waitFor()
    await check('customer data: score accounts')
    await data.getByRole('button', { name: 'Close customer data' }).click()

    // The facilitator's popover, each tab, and a vote with its results.
    await page.getByRole('button', { name: /Facilitate/ }).click()
    const controls = page.getByRole('dialog', { name: 'Facilitator controls' })
    for (const tab of ['Agenda', 'Voting', 'Room']) {
      await controls.getByRole('tab', { name: tab }).click()
      await check(`facilitator controls: ${tab}`)
    }
    await controls.getByRole('tab', { name: 'Voting' }).click()
    await controls.getByRole('button', { name: 'Start vote' }).click()
    await page
      .getByRole('button', { name: /^Vote for / })
      .first()
      .waitFor()
    await check('dot vote under way')
    await controls.getByRole('button', { name: 'End vote and show results' }).click()
    await page.getByRole('complementary', { name: 'Vote results' }).waitFor()
    await check('vote results panel')

    await page.getByRole('button', { name: /Facilitate/ }).click()
    await controls.getByRole('button', { name: 'Versions' }).click()
    await page.getByRole('dialog', { name: 'Versions' }).waitFor()
    await check('versions dialog')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Share' }).click()
    await page.getByRole('dialog', { name: 'Share this board' }).getByLabel('Editor link').waitFor()
    await check('share dialog')

    expect(found).toEqual({})
    await context.close()
  })
})

/**
 * Presses Tab until the focused element is named `name` (its accessible name as a screen reader
 * would say it, roughly: aria-label, else text), failing after `max` presses.
 */
async function tabTo(page: Page, name: string | RegExp, max = 80): Promise<void> {
  const seen: string[] = []
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null
      const label = element?.labels?.[0]?.innerText
      return (element?.getAttribute('aria-label') ?? label ?? element?.innerText ?? '').trim()
    })
    seen.push(focused)
    if (typeof name === 'string' ? focused === name : name.test(focused)) return
  }
  throw new Error(`Tab never reached "${String(name)}"; it went through: ${seen.join(' | ')}`)
}

const focusedInside = (page: Page, selector: string) =>
  page.evaluate(
    (css) => document.querySelector(css)?.contains(document.activeElement) ?? false,
    selector,
  )

describe('the keyboard alone', () => {
  it('joins, opens panels and dialogs, adds and edits a card and places a dot', async () => {
    const room = await server().createBoard('icp-workshop')
    const { context, page } = await openPage('light')
    await page.goto(server().boardLink(room, 'facilitator'))

    // The name dialog starts in its name field.
    await page.getByLabel('Your name').waitFor()
    await page.keyboard.type('Kai')
    await tabTo(page, 'Sales')
    await page.keyboard.press('Space')
    await tabTo(page, 'Join board')
    await page.keyboard.press('Enter')
    await page.locator('.connection-badge[data-status="connected"]').waitFor()

    // A side panel takes the focus from its button and gives it back on Escape.
    await tabTo(page, 'ICP document')
    await page.keyboard.press('Enter')
    await expect.poll(() => focusedInside(page, '#side-panel-icp')).toBe(true)
    await page.keyboard.press('Escape')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('ICP document')
    await page.keyboard.press('Enter')

    // A card from its shortcut, typed in place, then edited in the card panel.
    await page.keyboard.press('Alt+Shift+A')
    await page.keyboard.type('Video games')
    await page.keyboard.press('Escape')
    const cardPanel = page.locator('.icp-panel')
    await cardPanel.waitFor()
    // Tab on the canvas moves between shapes; tldraw's Ctrl+Enter goes into the panel.
    await page.keyboard.press('Control+Enter')
    expect(await focusedInside(page, '#card-panel')).toBe(true)
    await tabTo(page, /^Importance/)
    await page.keyboard.press('ArrowDown')
    await expect
      .poll(() => page.locator('.icp-card--attribute').textContent())
      .toContain('Nice-to-have')

    // The facilitator's popover: its tabs with the arrow keys, then a dot vote.
    await tabTo(page, /^Facilitate/)
    await page.keyboard.press('Enter')
    await tabTo(page, 'Agenda')
    await page.keyboard.press('ArrowRight')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Voting')
    await tabTo(page, 'Start vote')
    await page.keyboard.press('Enter')
    await tabTo(page, /^Vote for /)
    await page.keyboard.press('Enter')
    await page.getByLabel('2 of 3 votes left').waitFor()

    // A dialog: focus inside while open, back on its button after Escape.
    await tabTo(page, 'Share')
    await page.keyboard.press('Enter')
    const share = page.getByRole('dialog', { name: 'Share this board' })
    await share.waitFor()
    expect(await focusedInside(page, 'dialog[open]')).toBe(true)
    await page.keyboard.press('Escape')
    await share.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Share')
    await context.close()
  })
})
