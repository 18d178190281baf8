import { readFile } from 'node:fs/promises'
import type { Locator } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { TLRecord } from '@tldraw/tlschema'
import type { StoredRecord } from '../../shared/docLayout'
import { BoardBuilder } from '../helpers/boardBuilder'
import { browserTestServerForFile, joinBoard } from '../helpers/browser'
import { connectClient, type CreatedRoom, type TestClient } from '../helpers/syncServer'
import {
  centreOf,
  joinOnTouchScreen,
  openFromBoardMenu,
  phoneAndTablet,
  placeOf,
  tapCentreOf,
  topBarProblems,
  touchAt,
} from '../helpers/touch'

const server = browserTestServerForFile()

/**
 * An ICP workshop board with one attribute card (Industry: Video games) in its step 4 frame,
 * written by a client with the facilitator's token, which stays connected until destroyed.
 */
async function workshopWithOneCard(): Promise<{ room: CreatedRoom; seeder: TestClient }> {
  const room = await server().createBoard('icp-workshop')
  const client = connectClient(server().url, room.roomId, room.facilitatorToken)
  await client.synced()
  const keyAttributes = Object.values(client.snapshot()).find(
    (record) => (record as { meta?: { icpStep?: number } }).meta?.icpStep === 4,
  ) as unknown as TLRecord
  const board = new BoardBuilder()
  board.attribute(
    { parent: keyAttributes.id, id: 'industry', x: 60, y: 140 },
    { category: 'industry', value: 'Video games', importance: 'must' },
  )
  for (const record of board.records()) {
    if (record.typeName === 'shape') client.put(record as unknown as StoredRecord)
  }
  return { room, seeder: client }
}

/** The computed font size of each located field, in CSS pixels. */
function fontSizes(fields: Locator): Promise<number[]> {
  return fields.evaluateAll((elements) =>
    elements.map((element) => Number.parseFloat(getComputedStyle(element).fontSize)),
  )
}

describe.each(phoneAndTablet)('a commenter on $name', ({ size, isPhone }) => {
  it('joins from a link, reads the comments, pins a thread on a card by touch, replies, and reads the ICP', async () => {
    const { room, seeder } = await workshopWithOneCard()
    const ana = await joinBoard(
      server().browser,
      server().boardLink(room, 'facilitator'),
      'Ana Ortiz',
      'Product',
    )
    const ben = await joinOnTouchScreen(
      server().browser,
      server().boardLink(room, 'commenter'),
      'Ben Okafor',
      size,
    )
    const { page } = ben
    expect(await topBarProblems(page)).toEqual([])
    expect(await page.locator('.role-badge').textContent()).toBe('Commenter')
    const card = page.locator('.tl-shape[data-shape-type="icp-attribute"]')
    await card.waitFor()
    const cardPlace = await placeOf(card)

    // The comments list: a sheet across the phone, a panel beside the canvas on a tablet. The
    // canvas stays where it was behind it.
    await openFromBoardMenu(page, 'Comments')
    const list = page.getByRole('complementary', { name: 'Comments' })
    await expect.poll(() => list.textContent()).toContain('No open comments')
    const listBox = (await list.boundingBox())!
    if (isPhone) expect(listBox.width).toBe(size.width)
    else expect(listBox.width).toBeLessThan(size.width / 2)
    expect(await placeOf(card)).toBe(cardPlace)
    expect(await topBarProblems(page)).toEqual([])
    if (isPhone) {
      // The back gesture closes the sheet and leaves the person on the board.
      await page.goBack()
      await expect.poll(() => list.count()).toBe(0)
      expect(new URL(page.url()).pathname).toBe(`/b/${room.roomId}`)
      expect(await page.locator('.role-badge').isVisible()).toBe(true)
    } else {
      await list.getByRole('button', { name: 'Close comments' }).tap()
      await expect.poll(() => list.count()).toBe(0)
    }
    expect(await placeOf(card)).toBe(cardPlace)

    // The comment tool, then a tap on the card: a composer with text big enough not to zoom.
    await page.getByTestId('tools.icp-comment').tap()
    await tapCentreOf(page, card)
    const draft = page.getByRole('combobox', { name: 'Add a comment…' })
    await draft.waitFor()
    expect((await fontSizes(draft))[0]).toBeGreaterThanOrEqual(16)
    await draft.tap()
    await draft.fill('Only console studios, or mobile too?')
    await page.getByRole('button', { name: 'Post comment' }).tap()
    const pin = page.locator('.comment-pin[data-thread-id]')
    await pin.waitFor()
    const thread = page.getByRole('region', { name: 'Comment thread' })
    await expect.poll(() => thread.textContent()).toContain('Only console studios, or mobile too?')
    // Pinned to the card: its pointed corner on the card's top-right corner.
    const [pinBox, cardBox] = [(await pin.boundingBox())!, (await card.boundingBox())!]
    expect(Math.abs(pinBox.x - (cardBox.x + cardBox.width))).toBeLessThan(16)
    expect(Math.abs(pinBox.y + pinBox.height - cardBox.y)).toBeLessThan(16)

    // A reply with an @mention picked by a tap; typing moves neither the page nor the canvas.
    const reply = thread.getByRole('combobox', { name: 'Reply…' })
    expect((await fontSizes(reply))[0]).toBeGreaterThanOrEqual(16)
    await reply.tap()
    await reply.pressSequentially('Mobile too. @An')
    await page.getByRole('option', { name: /Ana Ortiz/ }).tap()
    await reply.pressSequentially('can you check?')
    await thread.getByRole('button', { name: 'Reply', exact: true }).tap()
    await expect
      .poll(() => thread.locator('.comment-mention').allTextContents())
      .toEqual(['@Ana Ortiz'])
    expect(await placeOf(card)).toBe(cardPlace)
    expect(
      await page.evaluate(() => ({
        scale: window.visualViewport?.scale,
        scrollY: window.scrollY,
        top: window.visualViewport?.offsetTop,
      })),
    ).toEqual({ scale: 1, scrollY: 0, top: 0 })
    if (isPhone) {
      // A sheet along the bottom, the width of the screen.
      const threadBox = (await thread.boundingBox())!
      expect(threadBox.width).toBe(size.width)
      expect(Math.round(threadBox.y + threadBox.height)).toBe(size.height)
      // The on-screen keyboard, as the page's viewport meta asks for it: the page gets shorter.
      // The thread sits on the keyboard, and the canvas stays where it was.
      const keyboardHeight = 320
      await page.setViewportSize({ width: size.width, height: size.height - keyboardHeight })
      await expect
        .poll(async () => {
          const box = (await thread.boundingBox())!
          return Math.round(box.y + box.height)
        })
        .toBe(size.height - keyboardHeight)
      expect(await placeOf(card)).toBe(cardPlace)
      await page.setViewportSize(size)
      await page.goBack()
    } else {
      await thread.getByRole('button', { name: 'Close thread' }).tap()
    }
    await expect.poll(() => thread.count()).toBe(0)
    await page.getByTestId('tools.select').tap()

    // A long press on the card opens the menu with Comment: a second thread, pinned to the card.
    await touchAt(page, await centreOf(card), { holdMs: 900 })
    await page.getByRole('menuitem', { name: 'Comment' }).tap()
    const second = page.getByRole('combobox', { name: 'Add a comment…' })
    await second.fill('Is there CRM data on this?')
    await page.getByRole('button', { name: 'Post comment' }).tap()
    await expect.poll(() => pin.count()).toBe(2)
    await expect.poll(() => ana.page.locator('.comment-pin[data-thread-id]').count()).toBe(2)

    // The facilitator on a desktop reads the thread and the mention.
    await ana.page.getByRole('button', { name: /Unread comment by Ben Okafor, 1 reply/ }).click()
    const anaThread = ana.page.getByRole('region', { name: 'Comment thread' })
    await expect
      .poll(() => anaThread.textContent())
      .toContain('Mobile too. @Ana Ortiz can you check?')
    if (isPhone) await page.goBack()
    else await page.getByRole('button', { name: 'Close thread' }).tap()
    await expect.poll(() => thread.count()).toBe(0)

    // A tap on the card shows its details to read (a commenter changes nothing).
    await tapCentreOf(page, card)
    const details = page.getByRole('complementary', { name: 'Attribute' })
    await expect.poll(() => details.textContent()).toContain('Video games')
    expect(await details.textContent()).toContain('You can read this card but not change it.')
    expect(await details.locator('input, textarea, select').count()).toBe(0)
    if (isPhone) expect((await details.boundingBox())!.width).toBe(size.width)
    await details.getByRole('button', { name: 'Close card panel' }).tap()
    await expect.poll(() => details.count()).toBe(0)
    expect(await placeOf(card)).toBe(cardPlace)

    // The ICP document: the statement comes first, and the Markdown export downloads.
    await openFromBoardMenu(page, 'ICP document')
    const icp = page.getByRole('complementary', { name: 'ICP document' })
    const statement = icp.getByTestId('icp-statement')
    await expect.poll(() => statement.textContent()).toContain('in the video games industry')
    const statementBox = (await statement.boundingBox())!
    expect(statementBox.y + statementBox.height).toBeLessThan(size.height / 2)
    if (isPhone) {
      // The rest folds: Health shows its count until tapped open.
      const warning = icp.locator('.icp-doc-panel__warnings li').first()
      expect(await icp.locator('summary', { hasText: 'Health' }).textContent()).toMatch(/to fix/)
      expect(await warning.isVisible()).toBe(false)
      await icp.locator('summary', { hasText: 'Health' }).tap()
      await expect.poll(() => warning.isVisible()).toBe(true)
      await icp.getByText('Export this profile').tap()
    }
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      icp.getByRole('button', { name: 'Markdown' }).tap(),
    ])
    const markdown = await readFile((await download.path())!, 'utf8')
    expect(markdown).toContain('in the video games industry')
    // The PDF comes from the server, through a short-lived download link.
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      icp.getByRole('button', { name: 'PDF' }).tap(),
    ])
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/)
    expect((await readFile((await pdf.path())!)).subarray(0, 5).toString()).toBe('%PDF-')
    expect(await topBarProblems(page)).toEqual([])
    await page.screenshot({ path: `.tmp/screenshots/mobile-commenter-icp-${size.width}.png` })

    await ben.context.close()
    await ana.context.close()
    seeder.destroy()
  })
})
