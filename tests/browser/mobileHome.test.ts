import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { browserTestServerForFile } from '../helpers/browser'
import { openTouchPage, screens, topBarProblems, type ScreenSize } from '../helpers/touch'

const server = browserTestServerForFile()

/** What runs off the side of the page: its scroll width beyond the viewport (0 when it fits). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

/** Fields whose text is under 16 px, which makes a phone zoom the page in when they get the focus. */
function smallFields(page: Page, within: string): Promise<string[]> {
  return page.evaluate(
    (selector) =>
      [
        ...document.querySelectorAll<HTMLElement>(
          `${selector} input:not([type="radio"], [type="checkbox"]), ${selector} textarea, ${selector} select`,
        ),
      ]
        .filter((field) => Number.parseFloat(getComputedStyle(field).fontSize) < 16)
        .map((field) => field.getAttribute('aria-label') ?? field.id),
    within,
  )
}

const sizes: ScreenSize[] = [
  screens.smallPhone,
  { width: screens.smallPhone.height, height: screens.smallPhone.width },
  screens.phone,
  screens.tablet,
]

describe('the home page and the join dialog on a phone', () => {
  it.each(sizes)('fit a $width x $height touch screen, templates in full', async (size) => {
    const { page, context } = await openTouchPage(server().browser, size)
    await page.goto(server().url)
    await page.getByRole('button', { name: 'Create board' }).waitFor()
    expect(await horizontalOverflow(page)).toBe(0)
    expect(await smallFields(page, '.home')).toEqual([])

    // Every template is wide enough for its title on one line (no "Blank" over "board").
    const templates = await page.locator('.template').evaluateAll((cards) =>
      cards.map((card) => {
        const title = card.querySelector('.template__title')!
        const lineHeight = Number.parseFloat(getComputedStyle(title).lineHeight) || 20
        return {
          title: title.textContent,
          width: card.getBoundingClientRect().width,
          lines: Math.round(title.getBoundingClientRect().height / lineHeight),
        }
      }),
    )
    expect(templates.map(({ title }) => title)).toContain('Blank board')
    for (const template of templates) {
      expect(template.lines, template.title ?? '').toBe(1)
      expect(template.width, template.title ?? '').toBeGreaterThanOrEqual(
        Math.min(280, size.width - 64),
      )
    }

    // Create a board by touch and join it.
    await page.getByText('Blank board', { exact: true }).tap()
    await page.getByLabel('Board name').tap()
    await page.getByLabel('Board name').fill('Q3 ICP')
    await page.getByRole('button', { name: 'Create board' }).tap()
    await page.waitForURL(/\/b\//)
    const dialog = page.getByRole('dialog', { name: 'Join the workshop' })
    await dialog.waitFor()
    const box = (await dialog.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(size.width)
    expect(await smallFields(page, 'dialog')).toEqual([])
    // Every choice is in sight and big enough for a finger.
    for (const label of ['Sales', 'Customer success', 'Other']) {
      const chip = (await dialog.getByText(label, { exact: true }).boundingBox())!
      expect(chip.x + chip.width, label).toBeLessThanOrEqual(size.width)
      expect(chip.height, label).toBeGreaterThanOrEqual(32)
    }
    await dialog.getByLabel('Your name').tap()
    await dialog.getByLabel('Your name').fill('Dana')
    await dialog.getByRole('radio', { name: 'Customer success' }).tap()
    const join = dialog.getByRole('button', { name: 'Join board' })
    if (box.y + box.height > size.height) await join.scrollIntoViewIfNeeded()
    await join.tap()
    await page.locator('.connection-badge[data-status="connected"]').waitFor()
    await expect.poll(() => topBarProblems(page)).toEqual([])
    expect(await page.locator('.role-badge').textContent()).toBe('Facilitator')
    await context.close()
  })
})
