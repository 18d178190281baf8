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

/** Selects the one card of the board with a click on its middle. */
async function selectCard(person: Participant): Promise<void> {
  const card = person.page.locator('.tl-shape[data-shape-type="icp-attribute"]')
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
    await row.getByRole('button', { name: 'Agree' }).click()
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
    await fay.page.getByRole('button', { name: 'Needs evidence' }).click()

    const vic = await joinBoard(server().browser, server().boardLink(room, 'viewer'), 'Vic')
    await expect.poll(() => chipState(vic.page, 'evidence')).toEqual({ count: '1', pressed: null })
    expect(await chip(vic.page, 'evidence').getAttribute('aria-disabled')).toBe('true')
    expect(await chipTip(vic.page, 'evidence')).toBe('Needs evidence: Fay')
    await chip(vic.page, 'evidence').click()
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
})
