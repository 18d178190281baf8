import { describe, expect, it } from 'vitest'
import { browserTestServerForFile, joinBoard } from '../helpers/browser'
import {
  joinOnTouchScreen,
  phoneAndTablet,
  placeOf,
  tapCentreOf,
  topBarProblems,
} from '../helpers/touch'

const server = browserTestServerForFile()

describe.each(phoneAndTablet)('an editor on $name', ({ size, isPhone }) => {
  it('adds a card and fills in its value by touch, then places a vote dot with a tap', async () => {
    const room = await server().createBoard('icp-workshop')
    const fay = await joinBoard(
      server().browser,
      server().boardLink(room, 'facilitator'),
      'Fay Lindqvist',
      'Marketing',
    )
    const eddie = await joinOnTouchScreen(
      server().browser,
      server().boardLink(room, 'editor'),
      'Eddie Park',
      size,
    )
    const { page } = eddie
    expect(await topBarProblems(page)).toEqual([])
    expect(await page.locator('.role-badge').textContent()).toBe('Editor')

    // The attribute tool, then a tap inside the "Key attributes" step frame.
    const stepFour = page.locator('.tl-frame-heading', { hasText: /^4 · / })
    const frameAt = await placeOf(stepFour)
    const heading = (await stepFour.boundingBox())!
    await page.getByTestId('tools.icp-attribute').tap()
    await page.touchscreen.tap(heading.x + 40, heading.y + heading.height + 30)
    const card = page.locator('.tl-shape[data-shape-type="icp-attribute"]')
    await card.waitFor()

    // Its details open (at once on a phone, where the card is tiny; on a tablet beside it) with
    // a field for each value, in text large enough that the page does not zoom in.
    if (isPhone) {
      expect(await page.locator('.tl-shape [contenteditable="true"]').count()).toBe(0)
    } else {
      await page.getByTestId('tools.select').tap()
      await tapCentreOf(page, card)
    }
    const details = page.getByRole('complementary', { name: 'Attribute' })
    await details.waitFor()
    if (isPhone) {
      expect((await details.boundingBox())!.width).toBe(size.width)
      expect(await placeOf(stepFour)).toBe(frameAt)
    }
    await details.getByLabel('Category').selectOption({ label: 'Industry' })
    const value = details.getByLabel('Value', { exact: true })
    expect(
      await value.evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize)),
    ).toBeGreaterThanOrEqual(16)
    await value.tap()
    await value.pressSequentially('video games')
    await expect
      .poll(() => details.getByTestId('panel-value-reading').textContent())
      .toMatch(/video games/i)
    expect(await page.evaluate(() => window.visualViewport?.scale)).toBe(1)
    await details.getByRole('button', { name: 'Close card panel' }).tap()
    await expect.poll(() => details.count()).toBe(0)
    if (isPhone) expect(await placeOf(stepFour)).toBe(frameAt)

    // Everyone has it: the facilitator's board shows the card with its value.
    const faysCard = fay.page.locator('.tl-shape[data-shape-type="icp-attribute"]')
    await expect.poll(() => faysCard.textContent()).toContain('video games')
    expect(await topBarProblems(page)).toEqual([])

    // A dot vote: a tap on the card places a dot, and opens no sheet over the board.
    await fay.page.getByRole('button', { name: /Facilitate/ }).click()
    await fay.page.getByRole('tab', { name: /Voting/ }).click()
    await fay.page.getByRole('button', { name: 'Start vote' }).click()
    await fay.page.getByRole('button', { name: /Facilitate/ }).click()
    const target = page.getByRole('button', { name: 'Vote for Industry: video games' })
    await target.tap()
    await page
      .getByRole('button', { name: 'Remove your vote from Industry: video games' })
      .waitFor()
    // Ended, the vote's total shows on the card for both.
    await fay.page.getByRole('button', { name: 'End vote' }).click()
    for (const each of [fay.page, page]) {
      await expect
        .poll(() => each.locator('.fx-dots__card[data-total]').getAttribute('data-total'))
        .toBe('1')
    }
    expect(await page.getByRole('complementary', { name: 'Attribute' }).count()).toBe(0)
    expect(await topBarProblems(page)).toEqual([])
    await page.screenshot({ path: `.tmp/screenshots/mobile-editor-vote-${size.width}.png` })

    await eddie.context.close()
    await fay.context.close()
  })
})
