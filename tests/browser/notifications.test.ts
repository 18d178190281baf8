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

async function addAttributeCard(page: Page, at: { x: number; y: number }): Promise<Locator> {
  await page.getByTestId('tools.icp-attribute').click()
  await page.mouse.click(at.x, at.y)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
  const card = page.locator('.tl-shape[data-shape-type="icp-attribute"]')
  await card.waitFor()
  return card
}

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
    await ana.page.keyboard.press('c')
    const box = (await card.boundingBox())!
    await ana.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    const draft = ana.page.getByRole('combobox', { name: 'Add a comment…' })
    await draft.fill('Only console studios?')
    await draft.press('Enter')
    await ana.page.locator('.comment-pin[data-thread-id]').waitFor()
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
    const reply = popover.getByRole('combobox', { name: 'Reply…' })
    await reply.pressSequentially('Console only. @An')
    await ben.page.getByRole('option', { name: /Ana Ortiz/ }).waitFor()
    await reply.press('Enter')
    await reply.pressSequentially('please check the CRM.')
    await reply.press('Enter')

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
