/**
 * Two people edit one card, one of them offline, in real Chromium against the real server: edits
 * of different fields both survive (on both screens and after a reload); edits of the same field
 * end the same on both screens and the person whose edit lost is told, with a way to put theirs
 * back. And a dropped network shows as Offline within seconds, losing nothing.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoredRecord } from '../../shared/docLayout'
import { BoardBuilder } from '../helpers/boardBuilder'
import {
  joinBoard,
  startBrowserTestServer,
  type BrowserTestServer,
  type Participant,
} from '../helpers/browser'
import { connectClient, type CreatedRoom } from '../helpers/syncServer'
import { startTcpProxy } from '../helpers/tcpProxy'

let harness: BrowserTestServer

beforeAll(async () => {
  harness = await startBrowserTestServer()
})

afterAll(async () => {
  await harness?.close()
})

/** A blank board holding one Funding attribute card, written through the sync endpoint. */
async function boardWithFundingCard(): Promise<CreatedRoom> {
  const room = await harness.createBoard('blank')
  const board = new BoardBuilder()
  board.attribute(
    { parent: 'page:page', id: 'funding', x: 200, y: 160 },
    { category: 'funding', label: 'Funding', value: 'Series A', evidenceSource: 'assumption' },
  )
  const card = board.records().find((r) => r.id === 'shape:funding') as unknown as StoredRecord
  const writer = connectClient(harness.url, room.roomId, room.tokens.facilitator)
  await writer.synced()
  writer.put(card)
  await expect.poll(() => writer.provider.synced).toBe(true)
  // The server confirms by echoing nothing; give the update a round trip through a second client.
  const reader = connectClient(harness.url, room.roomId, room.tokens.viewer)
  await reader.synced()
  await expect.poll(() => reader.records.get('shape:funding')?.typeName).toBe('shape')
  reader.destroy()
  writer.destroy()
  return room
}

const card = (page: Page) => page.locator('.tl-shape[data-shape-type="icp-attribute"]')
const panel = (page: Page) => page.locator('.icp-panel')
const badge = (page: Page, status: string) =>
  page.locator(`.connection-badge[data-status="${status}"]`)

/** Selects the card, which opens its panel. */
async function selectCard(page: Page): Promise<void> {
  const box = await card(page).boundingBox()
  if (!box) throw new Error('the card is not on screen')
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 12)
  await panel(page).waitFor()
}

/** Types into one field of the selected card's panel and commits it. */
async function setField(page: Page, label: string, value: string): Promise<void> {
  const input = panel(page).getByLabel(label, { exact: true })
  await input.fill(value)
  await input.press('Tab')
}

async function fieldValue(page: Page, label: string): Promise<string> {
  return panel(page).getByLabel(label, { exact: true }).inputValue()
}

/** The facilitator and an editor on the board, both with the card selected. */
async function facilitatorAndEditor(room: CreatedRoom): Promise<[Participant, Participant]> {
  const alice = await joinBoard(harness.browser, harness.boardLink(room, 'facilitator'), 'Alice')
  const bob = await joinBoard(harness.browser, harness.boardLink(room, 'editor'), 'Bob')
  for (const { page } of [alice, bob]) {
    await card(page).waitFor()
    await selectCard(page)
  }
  return [alice, bob]
}

describe('two people editing one card, one of them offline', () => {
  it('keeps both edits when they change different fields, on both screens and after a reload', async () => {
    const room = await boardWithFundingCard()
    const [alice, bob] = await facilitatorAndEditor(room)

    await bob.context.setOffline(true)
    await badge(bob.page, 'offline').waitFor()
    await setField(bob.page, 'Value', 'Series A–C')
    await panel(bob.page).getByLabel('Source', { exact: true }).selectOption({ label: 'CRM' })
    await setField(alice.page, 'Label', 'Funding stage')
    await bob.context.setOffline(false)
    await badge(bob.page, 'connected').waitFor({ timeout: 15_000 })

    for (const { page } of [alice, bob]) {
      await expect.poll(() => fieldValue(page, 'Label')).toBe('Funding stage')
      await expect.poll(() => fieldValue(page, 'Value')).toBe('Series A–C')
      await expect
        .poll(() => panel(page).getByLabel('Source', { exact: true }).inputValue())
        .toBe('crm')
    }
    for (const { page } of [alice, bob]) {
      await page.reload()
      await badge(page, 'connected').waitFor()
      await selectCard(page)
      expect(await fieldValue(page, 'Label')).toBe('Funding stage')
      expect(await fieldValue(page, 'Value')).toBe('Series A–C')
    }
    await alice.context.close()
    await bob.context.close()
  })

  it('ends the same on both screens when both change the same field, and tells whoever lost', async () => {
    const room = await boardWithFundingCard()
    const [alice, bob] = await facilitatorAndEditor(room)

    await bob.context.setOffline(true)
    await badge(bob.page, 'offline').waitFor()
    await setField(bob.page, 'Label', 'Funding (Bob)')
    await setField(alice.page, 'Label', 'Funding stage')
    await bob.context.setOffline(false)
    await badge(bob.page, 'connected').waitFor({ timeout: 15_000 })

    await expect
      .poll(async () => [
        await fieldValue(alice.page, 'Label'),
        await fieldValue(bob.page, 'Label'),
      ])
      .toSatisfy(([a, b]: string[]) => a === b && (a === 'Funding stage' || a === 'Funding (Bob)'))
    const winner = await fieldValue(alice.page, 'Label')
    const [loser, note] =
      winner === 'Funding stage'
        ? [bob, 'Label changed by Alice while you were offline']
        : [alice, 'Label changed by Bob at the same time as you']
    const notice = loser.page.locator('.conflict-note')
    await expect.poll(() => notice.textContent()).toContain(note)
    await loser.page.screenshot({ path: '.tmp/screenshots/conflict-note.png' })

    // Putting theirs back is a new edit: it wins everywhere, and the note goes.
    const mine = loser === bob ? 'Funding (Bob)' : 'Funding stage'
    await notice.getByRole('button', { name: 'Put mine back' }).click()
    for (const { page } of [alice, bob])
      await expect.poll(() => fieldValue(page, 'Label')).toBe(mine)
    await expect.poll(() => notice.count()).toBe(0)
    await alice.context.close()
    await bob.context.close()
  })
})

describe('when the network drops', () => {
  it('says Offline within 5 seconds, and an edit made then arrives once it is back', async () => {
    const room = await boardWithFundingCard()
    const proxy = await startTcpProxy(harness.url)
    try {
      const viaProxy = harness.boardLink(room, 'editor').replace(harness.url, proxy.url)
      const bob = await joinBoard(harness.browser, viaProxy, 'Bob')
      const alice = await joinBoard(
        harness.browser,
        harness.boardLink(room, 'facilitator'),
        'Alice',
      )
      await selectCard(bob.page)
      await selectCard(alice.page)

      // Packets stop: nothing is closed, the socket just goes silent.
      proxy.setDown(true)
      const droppedAt = Date.now()
      await badge(bob.page, 'offline').waitFor({ timeout: 5_000 })
      const noticedAfter = Date.now() - droppedAt
      expect(noticedAfter).toBeLessThan(5_000)
      expect(await bob.page.locator('.offline-notice').textContent()).toContain(
        'Your edits are kept on this device and will sync when the connection returns.',
      )
      await bob.page.screenshot({ path: '.tmp/screenshots/offline-badge.png' })

      await setField(bob.page, 'Value', 'Series B+')
      proxy.setDown(false)
      await badge(bob.page, 'connected').waitFor({ timeout: 20_000 })
      await expect
        .poll(() => fieldValue(alice.page, 'Value'), { timeout: 10_000 })
        .toBe('Series B+')
      await alice.context.close()
      await bob.context.close()
    } finally {
      await proxy.close()
    }
  })
})
