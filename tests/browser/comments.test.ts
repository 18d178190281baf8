import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { joinBoard, startBrowserTestServer, type BrowserTestServer } from '../helpers/browser'

let harness: BrowserTestServer

beforeAll(async () => {
  harness = await startBrowserTestServer()
})

afterAll(async () => {
  await harness?.close()
})

/** Places an attribute card with its toolbar tool, centred on a screen point. */
async function addAttributeCard(page: Page, at: { x: number; y: number }): Promise<Locator> {
  await page.getByTestId('tools.icp-attribute').click()
  await page.mouse.click(at.x, at.y)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
  const card = page.locator('.tl-shape[data-shape-type="icp-attribute"]')
  await card.waitFor()
  return card
}

async function boxOf(locator: Locator) {
  const box = await locator.boundingBox()
  if (!box) throw new Error('not on screen')
  return box
}

/** The pin's pointed corner sits on the card's top-right corner (within a few pixels). */
async function isPinnedToCard(pin: Locator, card: Locator): Promise<boolean> {
  const [p, c] = await Promise.all([boxOf(pin), boxOf(card)])
  const tipX = p.x
  const tipY = p.y + p.height
  return tipX > c.x + c.width - 16 && tipX <= c.x + c.width && tipY >= c.y && tipY < c.y + 16
}

describe('comments on a live board', () => {
  it('A pins a comment on a card, B sees it and replies mentioning A, A resolves it', async () => {
    const room = await harness.createBoard('blank')
    const ana = await joinBoard(
      harness.browser,
      harness.boardLink(room, 'facilitator'),
      'Ana Ortiz',
      'Product',
    )
    // The token is kept, but not left in the address bar.
    expect(new URL(ana.page.url()).search).toBe('')
    const card = await addAttributeCard(ana.page, { x: 520, y: 420 })

    // Comment tool (C), click the card, type, Enter.
    await ana.page.keyboard.press('c')
    const cardBox = await boxOf(card)
    await ana.page.mouse.click(cardBox.x + cardBox.width / 2, cardBox.y + cardBox.height / 2)
    const draft = ana.page.getByRole('combobox', { name: 'Add a comment…' })
    await draft.fill('Is this all video games, or only console studios?')
    await draft.press('Enter')
    const anaPin = ana.page.locator('.comment-pin[data-thread-id]')
    await anaPin.waitFor()
    expect(await isPinnedToCard(anaPin, card)).toBe(true)
    // Escape closes the thread; the comment tool stays on until the select tool is picked.
    await ana.page.keyboard.press('Escape')
    await expect.poll(() => ana.page.locator('.comment-popover').count()).toBe(0)
    await ana.page.getByTestId('tools.select').click()

    // Ben comments through a commenter link: read-only canvas, but the comment tool is there.
    const ben = await joinBoard(
      harness.browser,
      harness.boardLink(room, 'commenter'),
      'Ben Okafor',
      'Sales',
    )
    await expect.poll(() => ben.page.locator('.role-badge').textContent()).toBe('Commenter')
    expect(await ben.page.getByTestId('tools.icp-attribute').count()).toBe(0)
    expect(await ben.page.getByTestId('tools.icp-comment').count()).toBe(1)
    const benPin = ben.page.locator('.comment-pin[data-thread-id]')
    const benCard = ben.page.locator('.tl-shape[data-shape-type="icp-attribute"]')
    await benPin.waitFor()
    expect(await isPinnedToCard(benPin, benCard)).toBe(true)

    // Ben opens it, replies and mentions Ana through the @ list.
    await benPin.click()
    const popover = ben.page.getByRole('region', { name: 'Comment thread' })
    await expect
      .poll(() => popover.textContent())
      .toContain('Is this all video games, or only console studios?')
    const reply = popover.getByRole('combobox', { name: 'Reply…' })
    await reply.pressSequentially('Console only. @An')
    await ben.page.getByRole('option', { name: /Ana Ortiz/ }).waitFor()
    await reply.press('Enter')
    await reply.pressSequentially('can you check the CRM?')
    await reply.press('Enter')
    await expect
      .poll(() => popover.locator('.comment-mention').allTextContents())
      .toEqual(['@Ana Ortiz'])

    // The pin follows the card when Ana moves it.
    const before = await boxOf(benPin)
    const from = await boxOf(card)
    await ana.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await ana.page.mouse.down()
    await ana.page.mouse.move(from.x + from.width / 2 + 120, from.y + from.height / 2 + 60, {
      steps: 8,
    })
    await ana.page.mouse.up()
    await expect.poll(async () => (await boxOf(benPin)).x).toBeGreaterThan(before.x + 20)
    expect(await isPinnedToCard(benPin, benCard)).toBe(true)
    await ben.page.screenshot({ path: '.tmp/screenshots/comments-reply.png' })

    // Ana sees the reply as unread, opens it from the comments list, and resolves it.
    await expect.poll(() => anaPin.getAttribute('class')).toContain('is-unread')
    await ana.page.getByRole('button', { name: 'Comments, 1 unread' }).click()
    const row = ana.page.locator('.comment-row', { hasText: 'Is this all video games' })
    await expect.poll(() => row.textContent()).toContain('Mentioned you')
    await ana.page.screenshot({ path: '.tmp/screenshots/comments-list.png' })
    await row.click()
    const anaPopover = ana.page.getByRole('region', { name: 'Comment thread' })
    await expect.poll(() => anaPopover.textContent()).toContain('can you check the CRM?')
    await expect.poll(() => anaPin.getAttribute('class')).not.toContain('is-unread')
    await ana.page.screenshot({ path: '.tmp/screenshots/comments-thread.png' })
    await anaPopover.getByRole('button', { name: /Resolve/ }).click()

    // Resolved: Ana's pin is gone; Ben, who still has the thread open, sees who resolved it,
    // and its pin goes when he closes it. The thread is listed as resolved.
    await expect.poll(() => anaPin.count()).toBe(0)
    await expect.poll(() => popover.textContent()).toContain('Resolved by Ana Ortiz')
    expect(await benPin.getAttribute('class')).toContain('is-resolved')
    await ben.page.screenshot({ path: '.tmp/screenshots/comments-resolved.png' })
    await ben.page.keyboard.press('Escape')
    await expect.poll(() => benPin.count()).toBe(0)
    await ana.page.getByRole('tab', { name: /Resolved/ }).click()
    await expect.poll(() => row.count()).toBe(1)
    await ana.context.close()
    await ben.context.close()
  })

  it('a viewer cannot move a card: the drag does nothing, for them and for everyone', async () => {
    const room = await harness.createBoard('blank')
    const ana = await joinBoard(
      harness.browser,
      harness.boardLink(room, 'facilitator'),
      'Ana Ortiz',
    )
    const anaCard = await addAttributeCard(ana.page, { x: 520, y: 420 })
    const anaBefore = await boxOf(anaCard)

    const vic = await joinBoard(
      harness.browser,
      harness.boardLink(room, 'viewer'),
      'Vic Lund',
      'Marketing',
    )
    await expect.poll(() => vic.page.locator('.role-badge').textContent()).toBe('View only')
    expect(await vic.page.getByTestId('tools.icp-attribute').count()).toBe(0)
    expect(await vic.page.getByTestId('tools.icp-comment').count()).toBe(0)
    const vicCard = vic.page.locator('.tl-shape[data-shape-type="icp-attribute"]')
    await vicCard.waitFor()
    const vicBefore = await boxOf(vicCard)

    await vic.page.mouse.move(vicBefore.x + vicBefore.width / 2, vicBefore.y + vicBefore.height / 2)
    await vic.page.mouse.down()
    await vic.page.mouse.move(vicBefore.x + 300, vicBefore.y + 200, { steps: 10 })
    await vic.page.mouse.up()
    expect(await boxOf(vicCard)).toEqual(vicBefore)

    // A change from Ana after the drag reaches Vic, so anything Vic sent would have arrived too.
    await ana.page.keyboard.press('c')
    await ana.page.mouse.click(
      anaBefore.x + anaBefore.width / 2,
      anaBefore.y + anaBefore.height / 2,
    )
    const draft = ana.page.getByRole('combobox', { name: 'Add a comment…' })
    await draft.fill('Viewers can read this')
    await draft.press('Enter')
    const vicPin = vic.page.locator('.comment-pin[data-thread-id]')
    await vicPin.waitFor()
    expect(await boxOf(anaCard)).toEqual(anaBefore)
    expect(await boxOf(vicCard)).toEqual(vicBefore)
    // Still connected: the viewer's page never tried a change the server would refuse.
    expect(await vic.page.locator('.connection-badge').getAttribute('data-status')).toBe(
      'connected',
    )

    // Viewers read comments but cannot reply.
    await vicPin.click()
    const popover = vic.page.getByRole('region', { name: 'Comment thread' })
    await expect.poll(() => popover.textContent()).toContain('Viewers can read this')
    expect(await popover.getByRole('combobox').count()).toBe(0)
    expect(await popover.textContent()).toContain('ask the facilitator for a commenter link')
    await vic.page.screenshot({ path: '.tmp/screenshots/comments-viewer.png' })
    await ana.context.close()
    await vic.context.close()
  })

  it('shows the facilitator the share links, and a clear message for a reset link', async () => {
    const room = await harness.createBoard('blank')
    const ana = await joinBoard(
      harness.browser,
      harness.boardLink(room, 'facilitator'),
      'Ana Ortiz',
    )
    await expect.poll(() => ana.page.locator('.role-badge').textContent()).toBe('Facilitator')
    await ana.page.getByRole('button', { name: 'Share' }).click()
    const dialog = ana.page.getByRole('dialog', { name: 'Share this board' })
    const viewerLink = dialog.getByLabel('Viewer link')
    await expect.poll(() => viewerLink.inputValue()).toContain(`/b/${room.roomId}?t=`)
    await ana.page.screenshot({ path: '.tmp/screenshots/comments-share.png' })

    // Someone opened the viewer link before the facilitator reset it.
    const oldViewerLink = harness.boardLink(room, 'viewer')
    const viewerRow = dialog.locator('li', { has: ana.page.getByLabel('Viewer link') })
    await viewerRow.getByRole('button', { name: 'Reset link' }).click()
    await viewerRow.getByRole('alertdialog').getByRole('button', { name: 'Reset link' }).click()
    await expect.poll(() => viewerRow.getByRole('button', { name: 'Reset link' }).count()).toBe(1)

    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.goto(oldViewerLink)
    const message = page.getByRole('alert')
    await expect
      .poll(() => message.textContent())
      .toMatch(/ask (the facilitator )?for (a|the) new link/i)
    expect(await page.getByRole('heading').textContent()).toBe(
      'This link no longer opens the board',
    )
    await page.screenshot({ path: '.tmp/screenshots/comments-refused-link.png' })
    await context.close()

    // The new link works.
    const newLink = await viewerLink.inputValue()
    const vic = await joinBoard(harness.browser, newLink, 'Vic Lund', 'Marketing')
    await expect.poll(() => vic.page.locator('.role-badge').textContent()).toBe('View only')
    await vic.context.close()
    await ana.context.close()
  })
})
