/**
 * Secrecy on the wire, in real Chromium against the real server (issue 12, item 9): what a
 * private brainstorm or a secret vote hides is in no other browser's page or network until the
 * facilitator reveals it or ends the vote. Each page's WebSocket frames are read from the browser
 * itself (every frame of the board's and the private doc's socket).
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { WebSocketRoute } from 'playwright-core'
import type { StoredRecord } from '../../shared/docLayout'
import { BoardBuilder } from '../helpers/boardBuilder'
import {
  browserTestServerForFile,
  joinBoard,
  policyViolations,
  type Participant,
} from '../helpers/browser'
import { connectClient, type CreatedRoom } from '../helpers/syncServer'

const server = browserTestServerForFile()

/** Every WebSocket frame `page` receives, as text (binary frames as latin1: bytes stay bytes). */
function recordFrames(page: Page): string[] {
  const frames: string[] = []
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) =>
      frames.push(typeof payload === 'string' ? payload : payload.toString('latin1')),
    ),
  )
  return frames
}

/** True when any of `frames` holds `text` (UTF-8 bytes, as Yjs encodes strings). */
function framesHold(frames: string[], text: string): boolean {
  const bytes = Buffer.from(text, 'utf8').toString('latin1')
  return frames.some((frame) => frame.includes(bytes))
}

const cards = (page: Page) => page.locator('.tl-shape[data-shape-type="icp-attribute"]')
const panel = (page: Page) => page.locator('.icp-panel')

/** Opens the Facilitate popover on `tab`, runs `act`, and closes it again. */
async function facilitate(page: Page, tab: RegExp, act: () => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: /Facilitate/ }).click()
  await page.getByRole('tab', { name: tab }).click()
  await act()
  if (await page.getByRole('tab', { name: tab }).isVisible()) {
    await page.getByRole('button', { name: /Facilitate/ }).click()
  }
}

/** Places an attribute card at a screen point and types `value` into it (its panel). */
async function addCardWithValue(page: Page, at: { x: number; y: number }, value: string) {
  const before = await cards(page).count()
  await page.getByTestId('tools.icp-attribute').click()
  await page.mouse.click(at.x, at.y)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
  await expect.poll(() => cards(page).count()).toBe(before + 1)
  const card = cards(page).last()
  const box = await card.boundingBox()
  if (!box) throw new Error('the new card is not on screen')
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 12)
  await panel(page).waitFor()
  const input = panel(page).getByLabel('Value', { exact: true })
  await input.fill(value)
  await input.press('Tab')
  await page.keyboard.press('Escape')
}

/** A blank board with three attribute cards to vote on, written by a stock client. */
async function boardWithCards(): Promise<CreatedRoom> {
  const room = await server().createBoard('blank')
  const builder = new BoardBuilder()
  const values = [
    { category: 'industry', value: 'Video games' },
    { category: 'location', value: 'US or Canada' },
    { category: 'employees', value: '200-1,000 employees' },
  ] as const
  values.forEach((props, i) =>
    builder.attribute({ parent: 'page:page', id: `card${i}`, x: 120 + i * 300, y: 420 }, props),
  )
  const writer = connectClient(server().url, room.roomId, room.tokens.facilitator)
  await writer.synced()
  for (const record of builder.records()) {
    if (record.typeName === 'shape') writer.put(record as unknown as StoredRecord)
  }
  const reader = connectClient(server().url, room.roomId, room.tokens.viewer)
  await reader.synced()
  await expect.poll(() => reader.records.all().length).toBeGreaterThan(values.length)
  reader.destroy()
  writer.destroy()
  return room
}

/**
 * Fran (the facilitator), Sam and Ava (editors) on `room`; Ava's page records every frame of its
 * sockets from its first load. `samOptions` prepares Sam's browser (e.g. routes his sockets).
 */
async function threePeople(room: CreatedRoom, samOptions: Parameters<typeof joinBoard>[4] = {}) {
  const join = (role: 'facilitator' | 'editor', name: string, team: string, options = {}) =>
    joinBoard(server().browser, server().boardLink(room, role), name, team, options)
  const fran = await join('facilitator', 'Fran', 'Marketing')
  const sam = await join('editor', 'Sam', 'Sales', samOptions)
  const ava = await join('editor', 'Ava', 'Product')
  const avaFrames = recordFrames(ava.page)
  // Ava's page only now records: reload it so every frame of its sockets is seen.
  await ava.page.reload()
  await ava.page.locator('.connection-badge[data-status="connected"]').waitFor()
  return { fran, sam, ava, avaFrames }
}

describe('a private brainstorm', () => {
  it('keeps a card typed by one person out of another’s page and network until the reveal', async () => {
    const room = await server().createBoard('blank')
    const secret = 'Pineapple farms of Tonga'
    // Sam's sync sockets go through the test, which can cut them while the page still loads.
    let isCut = false
    const live: WebSocketRoute[] = []
    const { fran, sam, ava, avaFrames } = await threePeople(room, {
      beforeOpen: (context) =>
        context.routeWebSocket(/\/sync\//, (socket) => {
          if (isCut) return socket.close({ code: 4503, reason: 'cut off by the test' })
          live.push(socket)
          socket.connectToServer()
        }),
    })

    await facilitate(fran.page, /Room/, () =>
      fran.page.getByRole('button', { name: 'Start private mode' }).click(),
    )
    for (const { page } of [sam, ava]) {
      await page.getByText('Private brainstorm.', { exact: false }).waitFor()
    }
    await addCardWithValue(sam.page, { x: 500, y: 400 }, secret)
    await sam.page.getByText('You have 1 private card.', { exact: false }).waitFor()
    await sam.page.screenshot({ path: '.tmp/screenshots/secrecy-private-author.png' })

    // Meanwhile Ava makes a private card of her own, and a public card lands on the board (a
    // stock client): Ava's sockets are live, and nobody's private card reaches the other.
    await addCardWithValue(ava.page, { x: 300, y: 250 }, 'Ava was here')
    const publicCard = new BoardBuilder()
    publicCard.attribute({ parent: 'page:page', id: 'public', x: 900, y: 600 }, { value: 'Public' })
    const writer = connectClient(server().url, room.roomId, room.tokens.facilitator)
    await writer.synced()
    writer.put(publicCard.records().find((r) => r.id === 'shape:public') as unknown as StoredRecord)
    for (const { page } of [sam, ava]) {
      await page.getByText('Public', { exact: true }).waitFor()
      expect(await cards(page).count()).toBe(2)
    }
    expect(await sam.page.getByText('Ava was here').count()).toBe(0)
    expect(await ava.page.getByText(secret).count()).toBe(0)
    expect(framesHold(avaFrames, secret)).toBe(false)
    expect(avaFrames.length).toBeGreaterThan(0)

    // Sam reloads with the server out of reach: the card is still there, from his browser's copy.
    isCut = true
    for (const socket of live.splice(0)) await socket.close({ code: 4503, reason: 'cut off' })
    await sam.page.reload()
    await sam.page.locator('.connection-badge:not([data-status="connected"])').waitFor()
    await sam.page.getByText(secret).waitFor({ timeout: 10_000 })
    isCut = false
    await sam.page
      .locator('.connection-badge[data-status="connected"]')
      .waitFor({ timeout: 20_000 })
    expect(framesHold(avaFrames, secret)).toBe(false)

    // The reveal: Ava sees the card where Sam put it, through her own socket.
    await fran.page.getByRole('button', { name: 'Reveal all' }).click()
    await ava.page.getByText(secret).waitFor({ timeout: 10_000 })
    expect(framesHold(avaFrames, secret)).toBe(true)
    await expect.poll(() => cards(ava.page).count()).toBe(3)
    await sam.page.getByText('Ava was here').waitFor()
    await ava.page.screenshot({ path: '.tmp/screenshots/secrecy-revealed.png' })
    expect(await policyViolations(ava.page)).toEqual([])
    writer.destroy()
    for (const participant of [fran, sam, ava]) await participant.context.close()
  }, 120_000)
})

describe('a hidden anonymous vote', () => {
  it('shows another person only the totals, and only after the vote ends', async () => {
    const room = await boardWithCards()
    const { fran, sam, ava, avaFrames } = await threePeople(room)

    await facilitate(fran.page, /Voting/, async () => {
      const anonymous = fran.page.getByLabel(/Anonymous/)
      if (!(await anonymous.isChecked())) await anonymous.check()
      const hidden = fran.page.getByLabel('Hide results until the vote ends')
      if (!(await hidden.isChecked())) await hidden.check()
      await fran.page.getByRole('button', { name: 'Start vote' }).click()
    })
    const vote = (participant: Participant, label: string) =>
      participant.page.getByRole('button', { name: `Vote for ${label}` }).click()
    await vote(sam, 'Industry: Video games')
    await vote(sam, 'Industry: Video games')
    await vote(sam, 'Location: US or Canada')
    await vote(fran, 'Location: US or Canada')
    await sam.page.getByLabel('0 of 3 votes left').waitFor()
    await fran.page.getByText('2 voted').waitFor()
    // While it is open Ava sees no totals, and no ballot reached her.
    expect(await ava.page.locator('.fx-dots__card[data-total]').count()).toBe(0)
    expect(framesHold(avaFrames, 'ballot:')).toBe(false)

    await fran.page.getByRole('button', { name: 'End vote' }).click()
    const rows = ava.page.getByRole('list', { name: 'Cards by votes' }).getByRole('listitem')
    await rows.first().waitFor()
    const results: [string, number][] = []
    for (const row of await rows.all()) {
      results.push([
        (await row.locator('.fx-results__label').textContent()) ?? '',
        Number(await row.getAttribute('data-total')),
      ])
    }
    expect(new Map(results)).toEqual(
      new Map([
        ['Industry: Video games', 2],
        ['Location: US or Canada', 2],
      ]),
    )
    // Totals only: still no ballot, and none of the voters' ids.
    expect(framesHold(avaFrames, 'ballot:')).toBe(false)
    const samId = await sam.page.evaluate(() => {
      const stored = localStorage.getItem('icp-workshop:ui')
      return stored ? (JSON.parse(stored) as { state?: { identity?: { id?: string } } }) : null
    })
    const voterId = samId?.state?.identity?.id
    expect(voterId).toMatch(/\S/)
    const tallies = avaFrames.filter((frame) => frame.includes('tally:'))
    expect(tallies.length).toBeGreaterThan(0)
    expect(tallies.some((frame) => frame.includes(voterId!))).toBe(false)
    await ava.page.screenshot({ path: '.tmp/screenshots/secrecy-vote-results.png' })
    for (const participant of [fran, sam, ava]) await participant.context.close()
  }, 120_000)
})
