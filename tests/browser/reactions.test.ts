import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousViolations } from '../helpers/axe'
import { browserTestServerForFile, joinBoard, type Participant } from '../helpers/browser'

const server = browserTestServerForFile()

/** The chip of reaction `kind` on the canvas, in `page`. */
function chip(page: Page, kind: string): Locator {
  return page.locator(`.card-reactions .reaction-chip[data-reaction="${kind}"]`)
}

/** The chip's count and whether it is pressed (the person's own), as the page shows them. */
async function chipState(page: Page, kind: string) {
  const found = chip(page, kind)
  if ((await found.count()) === 0) return null
  return {
    count: await found.locator('.reaction-chip__count').textContent(),
    pressed: await found.getAttribute('aria-pressed'),
  }
}

/** Who reacted, as the chip's tooltip (also its description) says. */
async function chipTip(page: Page, kind: string): Promise<string | null> {
  return chip(page, kind).locator('.reaction-chip__tip').textContent()
}

/** Moves the mouse over the middle of `card` (tldraw hit-tests shapes itself). */
async function pointAt(page: Page, card: Locator): Promise<void> {
  const box = await card.boundingBox()
  if (!box) throw new Error('the card is not on screen')
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
}

/** Selects every card of `cards` with shift-clicks and zooms to them (tldraw's Shift+2). */
async function zoomToCards(page: Page, cards: Locator): Promise<void> {
  for (const [index, card] of (await cards.all()).entries()) {
    const box = (await card.boundingBox())!
    if (index === 1) await page.keyboard.down('Shift')
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  }
  await page.keyboard.up('Shift')
  await page.keyboard.press('Shift+2')
  await page.keyboard.press('Escape')
  await expect
    .poll(async () => (await cards.first().boundingBox())?.width ?? 0)
    .toBeGreaterThan(200)
}

/** Selects an attribute card of the board (the one showing `text`, if given) with a click on it. */
async function selectCard(person: Participant, text?: string): Promise<void> {
  const cards = person.page.locator('.tl-shape[data-shape-type="icp-attribute"]')
  const card = text === undefined ? cards : cards.filter({ hasText: text })
  const box = await card.boundingBox()
  if (!box) throw new Error('the card is not on screen')
  await person.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
}

describe('reactions on a live board', () => {
  it('two people react to one card and each sees the counts and names change live', async () => {
    const room = await server().createBoard('blank')
    const fay = await joinBoard(server().browser, server().boardLink(room, 'facilitator'), 'Fay')
    const cleo = await joinBoard(
      server().browser,
      server().boardLink(room, 'commenter'),
      'Cleo',
      'Marketing',
    )
    await fay.page.keyboard.press('Alt+Shift+A')
    await fay.page.keyboard.type('Video games')
    await fay.page.keyboard.press('Escape')

    // The selected card offers "add a reaction"; the row it opens has one button per reaction.
    const add = fay.page.getByRole('button', { name: /^Add a reaction to / })
    await add.click()
    const row = fay.page.getByRole('dialog', { name: /^Reactions for / })
    expect(
      await row.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.ariaLabel)),
    ).toEqual(['Agree', 'Key point', 'Question', 'Needs evidence', 'Disagree'])
    expect(await seriousViolations(fay.page)).toEqual([])
    await row.getByRole('button', { name: 'Agree', exact: true }).click()
    await expect.poll(() => chipState(fay.page, 'agree')).toEqual({ count: '1', pressed: 'true' })

    // Cleo, a commenter, sees it live, with Fay's name, and adds hers with a click on the chip.
    await expect.poll(() => chipState(cleo.page, 'agree')).toEqual({ count: '1', pressed: 'false' })
    expect(await chipTip(cleo.page, 'agree')).toBe('Agree: Fay (click to add yours)')
    await chip(cleo.page, 'agree').click()
    await expect.poll(() => chipState(cleo.page, 'agree')).toEqual({ count: '2', pressed: 'true' })
    await expect.poll(() => chipState(fay.page, 'agree')).toEqual({ count: '2', pressed: 'true' })
    expect(await chipTip(fay.page, 'agree')).toBe('Agree: You and Cleo (click to take yours back)')
    expect(await chipTip(cleo.page, 'agree')).toBe('Agree: You and Fay (click to take yours back)')

    // Cleo asks a question from the card panel, where reactions are toggle buttons.
    await selectCard(cleo)
    const panel = cleo.page.getByRole('complementary', { name: 'Attribute' })
    await panel.getByRole('button', { name: 'Question: 0' }).click()
    await expect
      .poll(() => chipState(fay.page, 'question'))
      .toEqual({ count: '1', pressed: 'false' })
    await expect
      .poll(() => panel.locator('.card-panel-reactions__who').textContent())
      .toBe('Agree You and FayQuestion You')
    expect(await seriousViolations(cleo.page)).toEqual([])

    // Fay hovers the chip to read who asked.
    await chip(fay.page, 'question').hover()
    await expect
      .poll(() => chip(fay.page, 'question').locator('.reaction-chip__tip').isVisible())
      .toBe(true)
    expect(await chipTip(fay.page, 'question')).toBe('Question: Cleo (click to add yours)')
    await fay.page.screenshot({ path: '.tmp/screenshots/reactions-light.png' })

    // Cleo takes her agreement back: Fay's count goes down, her own stays pressed.
    await chip(cleo.page, 'agree').click()
    await expect.poll(() => chipState(fay.page, 'agree')).toEqual({ count: '1', pressed: 'true' })
    expect(await chipTip(fay.page, 'agree')).toBe('Agree: You (click to take yours back)')
    await fay.context.close()
    await cleo.context.close()
  })

  it('shows a viewer the reactions and who made them, with nothing to press', async () => {
    const room = await server().createBoard('blank')
    const fay = await joinBoard(server().browser, server().boardLink(room, 'facilitator'), 'Fay')
    await fay.page.keyboard.press('Alt+Shift+A')
    await fay.page.keyboard.type('Fintech')
    await fay.page.keyboard.press('Escape')
    await fay.page.getByRole('button', { name: /^Add a reaction to / }).click()
    await fay.page.getByRole('button', { name: 'Needs evidence', exact: true }).click()

    const vic = await joinBoard(server().browser, server().boardLink(room, 'viewer'), 'Vic')
    await expect.poll(() => chipState(vic.page, 'evidence')).toEqual({ count: '1', pressed: null })
    expect(await chip(vic.page, 'evidence').getAttribute('aria-disabled')).toBe('true')
    expect(await chipTip(vic.page, 'evidence')).toBe('Needs evidence: Fay')
    await vic.page.screenshot({ path: '.tmp/screenshots/reactions-viewer.png' })
    await chip(vic.page, 'evidence').click({ force: true })
    await selectCard(vic)
    const panel = vic.page.getByRole('complementary', { name: 'Attribute' })
    await expect
      .poll(() => panel.locator('.card-panel-reactions__who').textContent())
      .toBe('Needs evidence Fay')
    expect(await panel.locator('button[aria-pressed]').count()).toBe(0)
    expect(await vic.page.getByRole('button', { name: /^Add a reaction/ }).count()).toBe(0)
    expect(await chipState(fay.page, 'evidence')).toEqual({ count: '1', pressed: 'true' })
    expect(await seriousViolations(vic.page)).toEqual([])
    await fay.context.close()
    await vic.context.close()
  })

  it('hangs under the cards of a workshop, in light and dark, with nothing axe finds serious', async () => {
    const room = await server().createBoard('icp-workshop')
    const fay = await joinBoard(
      server().browser,
      server().boardLink(room, 'facilitator'),
      'Fay',
      'Sales',
      {
        viewport: { width: 1440, height: 900 },
      },
    )
    const { page } = fay

    // Three attribute cards in the key attributes frame, then the view zoomed to them.
    const stepFour = await page.locator('.tl-frame-heading', { hasText: /^4 · / }).boundingBox()
    const values = ['SaaS', '200-1,000 employees', 'United States']
    for (const [index, value] of values.entries()) {
      await page.getByTestId('tools.icp-attribute').click()
      await page.mouse.click(stepFour!.x + 60 + index * 110, stepFour!.y + 120)
      await page.keyboard.press('Escape')
      await page.locator('.icp-panel').getByLabel('Value', { exact: true }).fill(value)
      await page.keyboard.press('Escape')
    }
    const cards = page.locator('.tl-shape[data-shape-type="icp-attribute"]')
    const cardOf = (value: string) => cards.filter({ hasText: value })
    await zoomToCards(page, cards)

    // Fay agrees with the first; Cleo, a commenter, agrees too and marks the second as key.
    // The button shows while the card is hovered, and stays while the mouse goes to it.
    await pointAt(page, cardOf('SaaS'))
    const addToSaas = page.getByRole('button', { name: 'Add a reaction to Industry: SaaS' })
    const button = (await addToSaas.boundingBox())!
    await page.mouse.move(button.x + button.width / 2, button.y + button.height / 2, { steps: 8 })
    await addToSaas.click()
    await page.getByRole('button', { name: 'Agree', exact: true }).click()
    const cleo = await joinBoard(server().browser, server().boardLink(room, 'commenter'), 'Cleo')
    const cleosReactions = { SaaS: ['Agree'], 'United States': ['Key point', 'Needs evidence'] }
    for (const [value, kinds] of Object.entries(cleosReactions)) {
      await selectCard(cleo, value)
      const panel = cleo.page.getByRole('complementary', { name: 'Attribute' })
      for (const kind of kinds) {
        await panel.getByRole('button', { name: new RegExp(`^${kind}: `) }).click()
      }
    }
    await expect.poll(() => chipState(page, 'agree')).toEqual({ count: '2', pressed: 'true' })
    await expect.poll(() => chipState(page, 'important')).toEqual({ count: '1', pressed: 'false' })

    // Each card's chips hang under its bottom edge, inside its width.
    for (const value of Object.keys(cleosReactions)) {
      const card = (await cardOf(value).boundingBox())!
      const shapeId = await cardOf(value).getAttribute('data-shape-id')
      const row = (await page
        .locator(`.card-reactions__row[data-shape-id="${shapeId}"]`)
        .boundingBox())!
      expect(Math.abs(row.y - (card.y + card.height + 4))).toBeLessThan(3)
      expect(row.x).toBeGreaterThan(card.x)
      expect(row.x + row.width).toBeLessThan(card.x + card.width)
    }

    /** Screenshots with a chip's tooltip and with the add-a-reaction row open, axe on the latter. */
    const lookAt = async (theme: string) => {
      await chip(page, 'agree').hover()
      await page.screenshot({ path: `.tmp/screenshots/reactions-workshop-${theme}.png` })
      await pointAt(page, cardOf('United States'))
      await page.getByRole('button', { name: 'Add a reaction to Industry: United States' }).click()
      expect(await seriousViolations(page)).toEqual([])
      await page.screenshot({ path: `.tmp/screenshots/reactions-picker-${theme}.png` })
    }
    await lookAt('light')
    // Escape closes the row and gives the focus back to its button.
    await page.keyboard.press('Escape')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Add a reaction to Industry: United States')

    await page.locator('.tl-canvas').click({ position: { x: 20, y: 400 } })
    await page.keyboard.press('Control+/')
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark')
    // The theme switch opens the board's first view again (tldraw mounts anew). Zoomed out, a
    // card's reactions are one summary, which selects the card.
    const summary = page.getByRole('button', { name: 'Reactions on Industry: SaaS: 2' })
    await summary.waitFor()
    expect(await summary.locator('.reaction-chip__tip').textContent()).toBe('Agree 2')
    expect(
      await page
        .getByRole('button', { name: 'Reactions on Industry: United States: 2' })
        .locator('.reaction-chip__tip')
        .textContent(),
    ).toBe('Key point 1, Needs evidence 1')
    await page.screenshot({ path: '.tmp/screenshots/reactions-overview-dark.png' })
    await summary.click()
    await page
      .getByRole('complementary', { name: 'Attribute' })
      .getByText('Agree You and Cleo')
      .waitFor()
    await page.keyboard.press('Escape')
    await zoomToCards(page, cards)
    await lookAt('dark')
    await fay.context.close()
    await cleo.context.close()
  })
})
