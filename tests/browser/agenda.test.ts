import { describe, expect, it } from 'vitest'
import { joinBoard, browserTestServerForFile } from '../helpers/browser'

const server = browserTestServerForFile()

describe('the agenda follows the board’s template', () => {
  it('runs the 60-minute lean ICP in its four steps, zooming to each frame', async () => {
    const room = await server().createBoard('lean-icp')
    const fay = await joinBoard(server().browser, server().boardLink(room, 'facilitator'), 'Fay')
    await fay.page.setViewportSize({ width: 1440, height: 900 })
    const { page } = fay

    await page.getByRole('button', { name: 'Facilitate' }).click()
    const steps = page.locator('.fx-steps__title')
    await expect
      .poll(() => steps.allTextContents())
      .toEqual([
        'Best customers (10 min)',
        'What they share (15 min)',
        'Key attributes (20 min)',
        'Disqualifiers (10 min)',
      ])
    await page.getByRole('button', { name: 'Close facilitator controls' }).click()

    await page.getByRole('button', { name: 'Start the workshop' }).click()
    const chip = page.locator('.fx-step__chip')
    await expect.poll(() => chip.textContent()).toContain('Step 1/4')
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next step' }).click()
    await expect.poll(() => chip.textContent()).toContain('Step 4/4Disqualifiers (10 min)')
    expect(await page.getByRole('button', { name: 'Next step' }).isDisabled()).toBe(true)
    // The camera went to the fourth frame: its heading is on screen.
    const heading = page.locator('.tl-frame-heading', { hasText: /^4 · Disqualifiers/ })
    await expect
      .poll(async () => {
        const box = await heading.boundingBox()
        return box !== null && box.y > 0 && box.y + box.height < 900 && box.x >= 0
      })
      .toBe(true)
    await page.screenshot({ path: '.tmp/screenshots/agenda-lean.png' })
    await fay.context.close()
  })
})
