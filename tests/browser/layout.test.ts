import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { workshopSteps } from '../../shared/templates/icpWorkshopTemplate'
import { joinBoard, browserTestServerForFile } from '../helpers/browser'

const server = browserTestServerForFile()

interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** Our UI over the canvas: open side panels, popovers and the bars at the top. */
const coveringSelector = [
  '.side-panel',
  '.icp-panel',
  '.fx-panel',
  '.fx-prompt',
  '.fx-bar__row',
  '.board-title',
  '.board-share-panel',
  '.tlui-menu-zone',
].join(', ')

async function coveringRects(page: Page): Promise<{ name: string; rect: Rect }[]> {
  return page.locator(coveringSelector).evaluateAll((elements) =>
    elements
      .map((element) => {
        const { x, y, width, height } = element.getBoundingClientRect()
        return { name: element.className, rect: { x, y, width, height } }
      })
      .filter(({ rect }) => rect.width > 0 && rect.height > 0),
  )
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}

/** The names of our UI parts that cover part of each located element (empty when none does). */
async function coveredBy(page: Page, targets: Locator): Promise<string[]> {
  const covers = await coveringRects(page)
  const rects = await targets.evaluateAll((elements) =>
    elements.map((element) => {
      const { x, y, width, height } = element.getBoundingClientRect()
      return { x, y, width, height }
    }),
  )
  expect(rects.length).toBeGreaterThan(0)
  return rects.flatMap((rect) =>
    covers.filter((cover) => overlap(rect, cover.rect) > 1).map((cover) => cover.name),
  )
}

/** Waits until the camera stops moving (the rectangles of `targets` hold still). */
async function settled(targets: Locator): Promise<void> {
  let previous = ''
  await expect
    .poll(async () => {
      const now = JSON.stringify(
        await targets.evaluateAll((elements) =>
          elements.map((element) => element.getBoundingClientRect().toJSON()),
        ),
      )
      const isStill = now === previous
      previous = now
      return isStill
    })
    .toBe(true)
}

async function openWorkshop(size: { width: number; height: number }) {
  const room = await server().createBoard('icp-workshop')
  const fay = await joinBoard(server().browser, server().boardLink(room, 'facilitator'), 'Fay')
  await fay.page.setViewportSize(size)
  return { room, fay }
}

/** Places an attribute card with the toolbar at a screen point and leaves it selected. */
async function placeAttribute(page: Page, x: number, y: number): Promise<void> {
  await page.getByTestId('tools.icp-attribute').click()
  await page.mouse.click(x, y)
  await page.keyboard.press('Escape')
}

describe('the canvas beside open panels', () => {
  it('moves a card the card panel would cover into view', async () => {
    const { fay } = await openWorkshop({ width: 1440, height: 900 })
    await placeAttribute(fay.page, 1440 - 150, 420)
    await fay.page.locator('.icp-panel').waitFor()
    const card = fay.page.locator('.tl-shape[data-shape-type="icp-attribute"]')
    await settled(card)
    expect(await coveredBy(fay.page, card)).toEqual([])
    await fay.context.close()
  })

  it('shows the cards of an ICP document warning beside the panel, below the top bar', async () => {
    const { fay } = await openWorkshop({ width: 1440, height: 900 })
    // Two key attributes at the left of step 4: where the ICP document panel opens.
    const stepFour = await fay.page.locator('.tl-frame-heading', { hasText: /^4 · / }).boundingBox()
    for (const [dx, value] of [
      [60, 'SaaS'],
      [200, '200-1000'],
    ] as const) {
      await placeAttribute(fay.page, stepFour!.x + dx, stepFour!.y + 140)
      await fay.page.locator('.icp-panel').getByLabel('Value', { exact: true }).fill(value)
    }
    await fay.page.keyboard.press('Escape')
    await fay.page.getByRole('button', { name: 'ICP document', exact: true }).click()
    const panel = fay.page.getByRole('complementary', { name: 'ICP document' })
    const warning = panel.locator('li', { hasText: 'key attributes rest only on assumptions' })
    await warning.getByRole('button', { name: 'Show' }).click()
    const cards = fay.page.locator('.tl-shape[data-shape-type="icp-attribute"]')
    await settled(cards)
    expect(await coveredBy(fay.page, cards)).toEqual([])
    await fay.context.close()
  })

  it('zooms to each step with its frame title below the top bar and no prompt over the frame', async () => {
    const { fay } = await openWorkshop({ width: 1440, height: 900 })
    await fay.page.getByRole('button', { name: 'Start the workshop' }).click()
    for (let step = 1; step <= 5; step++) {
      if (step > 1) await fay.page.getByRole('button', { name: 'Next step' }).click()
      const heading = fay.page.locator('.tl-frame-heading', { hasText: new RegExp(`^${step} · `) })
      await settled(heading)
      expect(await coveredBy(fay.page, heading)).toEqual([])
      // The frame's own prompt is not under the bar, nor repeated over it by a popover.
      const prompt = fay.page.locator('.tl-shape[data-shape-type="text"]', {
        hasText: workshopSteps[step - 1]!.prompt,
      })
      expect(await coveredBy(fay.page, prompt)).toEqual([])
    }
    await fay.page.screenshot({ path: '.tmp/screenshots/layout-step5.png' })
    await fay.context.close()
  })

  it.each([
    { width: 1440, height: 900 },
    { width: 1280, height: 720 },
  ])(
    'opens the workshop with the cards and the statement readable ($width×$height)',
    async (size) => {
      const { room, fay } = await openWorkshop(size)
      const stepTwo = await fay.page
        .locator('.tl-frame-heading', { hasText: /^2 · / })
        .boundingBox()
      await placeAttribute(fay.page, stepTwo!.x + 80, stepTwo!.y + 200)
      await fay.page.locator('.icp-panel').getByLabel('Value', { exact: true }).fill('SaaS')
      await fay.page.keyboard.press('Escape')
      await fay.page.goto(server().boardLink(room, 'facilitator'))
      await fay.page.locator('.connection-badge[data-status="connected"]').waitFor()
      const value = fay.page.locator('.icp-attribute__value')
      const statement = fay.page.locator('.icp-statement__text')
      await settled(value)
      // The opening view shows the whole workshop, zoomed out…
      const card = await fay.page.locator('.icp-card--attribute').boundingBox()
      expect(card!.width).toBeLessThan(120)
      // …and the text that matters is as large on screen as a map's labels.
      for (const text of [value, statement]) {
        expect(await screenFontSize(text)).toBeGreaterThanOrEqual(11)
      }
      await fay.context.close()
    },
  )
})

describe('panels and popovers', () => {
  it('keeps the voted cards in view beside the results that open when the vote ends', async () => {
    const { fay } = await openWorkshop({ width: 1440, height: 900 })
    // Two attributes at the left of the board, where the results panel opens.
    const stepFour = await fay.page.locator('.tl-frame-heading', { hasText: /^4 · / }).boundingBox()
    for (const dx of [40, 170]) {
      await placeAttribute(fay.page, stepFour!.x + dx, stepFour!.y + 140)
      await fay.page.keyboard.press('Escape')
    }
    await fay.page.getByRole('button', { name: /Facilitate/ }).click()
    const controls = fay.page.getByRole('dialog', { name: 'Facilitator controls' })
    await controls.getByRole('tab', { name: 'Voting' }).click()
    await controls.getByRole('button', { name: 'Start vote' }).click()
    await controls.getByRole('button', { name: 'End vote and show results' }).click()
    await fay.page.getByRole('complementary', { name: 'Vote results' }).waitFor()
    expect(await controls.count()).toBe(0)
    const cards = fay.page.locator('.tl-shape[data-shape-type="icp-attribute"]')
    await settled(cards)
    expect(await coveredBy(fay.page, cards)).toEqual([])
    await fay.context.close()
  })

  it('gives a commenter the selected card’s details to read, in full', async () => {
    const { room, fay } = await openWorkshop({ width: 1440, height: 900 })
    const note =
      'Signed after a two-week pilot; expanded to three teams within a quarter and referred two studios from the same publisher group.'
    const stepOne = await fay.page.locator('.tl-frame-heading', { hasText: /^1 · / }).boundingBox()
    await fay.page.getByTestId('tools.icp-evidence').click()
    await fay.page.mouse.click(stepOne!.x + 120, stepOne!.y + 200)
    await fay.page.keyboard.press('Escape')
    const panel = fay.page.locator('.icp-panel')
    await panel.getByLabel('Customer', { exact: true }).fill('Riot Forge')
    await panel.getByLabel('Note', { exact: true }).fill(note)
    await fay.page.keyboard.press('Escape')

    const cleo = await joinBoard(server().browser, server().boardLink(room, 'commenter'), 'Cleo')
    await cleo.page.setViewportSize({ width: 1440, height: 900 })
    const card = await cleo.page
      .locator('.icp-card--evidence', { hasText: 'Riot Forge' })
      .boundingBox()
    await cleo.page.mouse.click(card!.x + card!.width / 2, card!.y + card!.height / 2)
    const details = cleo.page.getByRole('complementary', { name: 'Best customer' })
    await details.waitFor()
    expect(await details.textContent()).toContain(note)
    expect(await details.locator('input, textarea, select').count()).toBe(0)
    await cleo.page.screenshot({ path: '.tmp/screenshots/layout-commenter-card.png' })
    await fay.context.close()
    await cleo.context.close()
  })

  it('closes the facilitator’s popover when a dialog opens from it and on a click on the board', async () => {
    const { fay } = await openWorkshop({ width: 1440, height: 900 })
    const popover = fay.page.getByRole('dialog', { name: 'Facilitator controls' })
    await fay.page.getByRole('button', { name: /Facilitate/ }).click()
    await popover.getByRole('button', { name: 'Versions' }).click()
    const versions = fay.page.getByRole('dialog', { name: 'Versions' })
    await versions.waitFor()
    await fay.page.keyboard.press('Escape')
    await versions.waitFor({ state: 'detached' })
    expect(await popover.count()).toBe(0)

    await fay.page.getByRole('button', { name: /Facilitate/ }).click()
    const box = await popover.boundingBox()
    // On the board, beside the popover.
    await fay.page.mouse.click(box!.x - 150, box!.y + box!.height / 2)
    await popover.waitFor({ state: 'detached' })
    await fay.context.close()
  })

  it('keeps the workshop bar on one row beside the customer data panel, with plain tab names', async () => {
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1440, height: 900 },
    ]) {
      const { fay } = await openWorkshop(size)
      await fay.page.getByRole('button', { name: 'Start the workshop' }).click()
      await fay.page.getByRole('button', { name: 'Customer data', exact: true }).click()
      const panel = fay.page.getByRole('complementary', { name: 'Customer data' })
      await panel.waitFor()
      // A card selected too: the card panel takes the right side.
      await placeAttribute(fay.page, size.width / 2, size.height / 2)
      await fay.page.locator('.icp-panel').waitFor()
      const row = fay.page.locator('.fx-bar__row')
      const chips = await row
        .locator(':scope > *')
        .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().top))
      expect(new Set(chips).size).toBe(1)
      const covers = await coveredBy(fay.page, row)
      expect(covers.filter((name) => name !== 'fx-bar__row')).toEqual([])
      expect(await panel.getByRole('tab').allTextContents()).toEqual([
        'Best customers',
        'What they share',
        'Score accounts',
      ])
      await fay.context.close()
    }
  })
})

/** The size a text is drawn at on screen: its font size times the zoom of the canvas it is on. */
function screenFontSize(text: Locator): Promise<number> {
  return text.evaluate((element) => {
    const html = element as HTMLElement
    const scale = html.getBoundingClientRect().width / html.offsetWidth
    return Number.parseFloat(getComputedStyle(html).fontSize) * scale
  })
}
