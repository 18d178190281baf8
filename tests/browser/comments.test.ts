import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addAttributeCard,
  joinBoard,
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

/** Pins a thread on `card` with the comment tool and leaves the select tool on. */
async function commentOnCard(page: Page, card: Locator, text: string): Promise<Locator> {
  await page.keyboard.press('c')
  const cardBox = await boxOf(card)
  await page.mouse.click(cardBox.x + cardBox.width / 2, cardBox.y + cardBox.height / 2)
  const draft = page.getByRole('combobox', { name: 'Add a comment…' })
  await draft.fill(text)
  await draft.press('Enter')
  const pin = page.locator('.comment-pin[data-thread-id]')
  await pin.waitFor()
  return pin
}

/** Replies in the open thread `popover`: `before`, an @mention picked from the list, `after`. */
async function replyMentioning(
  page: Page,
  popover: Locator,
  { before, name, after }: { before: string; name: string; after: string },
) {
  const reply = popover.getByRole('combobox', { name: 'Reply…' })
  await reply.pressSequentially(`${before} @${name.slice(0, 2)}`)
  await page.getByRole('option', { name: new RegExp(name) }).waitFor()
  await reply.press('Enter')
  await reply.pressSequentially(after)
  await reply.press('Enter')
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
    const anaPin = await commentOnCard(
      ana.page,
      card,
      'Is this all video games, or only console studios?',
    )
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
    await replyMentioning(ben.page, popover, {
      before: 'Console only.',
      name: 'Ana Ortiz',
      after: 'can you check the CRM?',
    })
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

describe('notifications while on the board', () => {
  it('toasts a mention and a reply to the people concerned, and "Open" goes to the thread', async () => {
    const room = await harness.createBoard('blank')
    const ana = await joinBoard(
      harness.browser,
      harness.boardLink(room, 'facilitator'),
      'Ana Ortiz',
      'Product',
    )
    const card = await addAttributeCard(ana.page, { x: 520, y: 420 })
    await commentOnCard(ana.page, card, 'Only console studios?')
    await ana.page.keyboard.press('Escape')
    await ana.page.getByTestId('tools.select').click()

    const ben = await joinBoard(
      harness.browser,
      harness.boardLink(room, 'editor'),
      'Ben Okafor',
      'Sales',
    )
    const carla = await joinBoard(
      harness.browser,
      harness.boardLink(room, 'editor'),
      'Carla Diaz',
      'Marketing',
    )
    // Ben replies and mentions Ana.
    await ben.page.locator('.comment-pin[data-thread-id]').click()
    const popover = ben.page.getByRole('region', { name: 'Comment thread' })
    await replyMentioning(ben.page, popover, {
      before: 'Console only.',
      name: 'Ana Ortiz',
      after: 'please check the CRM.',
    })

    const toast = ana.page.locator('.tlui-toast__container', {
      hasText: 'Ben Okafor mentioned you',
    })
    await toast.waitFor()
    expect(await toast.textContent()).toContain('please check the CRM.')
    // Slid in completely: inside the viewport.
    await expect
      .poll(async () => {
        const box = (await toast.boundingBox())!
        return box.x + box.width <= ana.page.viewportSize()!.width
      })
      .toBe(true)
    await ana.page.screenshot({ path: '.tmp/screenshots/notification-toast.png' })
    // Carla is neither mentioned nor in the thread; Ben wrote it himself.
    expect(await carla.page.locator('.tlui-toast__container').count()).toBe(0)
    expect(await ben.page.locator('.tlui-toast__container', { hasText: 'mentioned' }).count()).toBe(
      0,
    )

    await toast.getByRole('button', { name: 'Open' }).click()
    const anaPopover = ana.page.getByRole('region', { name: 'Comment thread' })
    await expect.poll(() => anaPopover.textContent()).toContain('please check the CRM.')

    // Ana answers: Ben, who is in the thread, hears about the reply.
    await anaPopover.getByRole('combobox', { name: 'Reply…' }).fill('Checked: 80% console.')
    await anaPopover.getByRole('combobox', { name: 'Reply…' }).press('Enter')
    await ben.page
      .locator('.tlui-toast__container', { hasText: 'Ana Ortiz replied in a thread you are in' })
      .waitFor()
    await Promise.all([ana.context.close(), ben.context.close(), carla.context.close()])
  })

  it('lets the facilitator set a webhook in the share dialog, refusing a loopback URL', async () => {
    const room = await harness.createBoard('icp-workshop')
    const fran = await joinBoard(
      harness.browser,
      harness.boardLink(room, 'facilitator'),
      'Fran',
      'Marketing',
    )
    await fran.page.getByRole('button', { name: 'Share' }).click()
    const dialog = fran.page.getByRole('dialog', { name: 'Share this board' })
    await dialog.getByLabel('Webhook URL').fill('http://127.0.0.1:9/hook')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toContain('127.0.0.1 is a loopback, private or link-local address')
    await fran.page.screenshot({ path: '.tmp/screenshots/share-webhook.png' })
    await fran.context.close()
  })
})
