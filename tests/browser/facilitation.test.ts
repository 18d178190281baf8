import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TLRecord } from '@tldraw/tlschema'
import type { StoredRecord } from '../../shared/docLayout'
import { BoardBuilder } from '../helpers/boardBuilder'
import {
  joinBoard,
  startBrowserTestServer,
  type BrowserTestServer,
  type Participant,
} from '../helpers/browser'
import { connectClient, type CreatedRoom, type TestClient } from '../helpers/syncServer'

let harness: BrowserTestServer

beforeAll(async () => {
  harness = await startBrowserTestServer()
})

afterAll(async () => {
  await harness?.close()
})

/** Six attribute cards in the "Key attributes" step frame of an ICP workshop board. */
const attributes = [
  { id: 'industry', category: 'industry', value: 'Video games' },
  { id: 'size', category: 'employees', value: '200-1,000 employees' },
  { id: 'region', category: 'location', value: 'US or Canada' },
  { id: 'budget', category: 'budget', value: '>= $1M branding budget' },
  { id: 'crm', category: 'technographic', value: 'Salesforce or HubSpot' },
  { id: 'sdrs', category: 'specialized', value: 'is hiring SDRs' },
] as const

/** Writes the cards through a real client with the facilitator's token, as a browser would. */
async function seedAttributeCards(room: CreatedRoom): Promise<TestClient> {
  const client = connectClient(harness.url, room.roomId, room.facilitatorToken)
  await client.synced()
  const keyAttributesFrame = Object.values(client.snapshot()).find(
    (record) => (record as { meta?: { icpStep?: number } }).meta?.icpStep === 4,
  ) as unknown as TLRecord
  const board = new BoardBuilder()
  attributes.forEach(({ id, category, value }, i) =>
    board.attribute(
      {
        parent: keyAttributesFrame.id,
        id,
        x: 40 + (i % 3) * 300,
        y: 120 + Math.floor(i / 3) * 230,
      },
      { category, value, importance: i < 2 ? 'must' : 'nice' },
    ),
  )
  for (const record of board.records()) {
    if (record.typeName === 'shape') client.put(record as unknown as StoredRecord)
  }
  return client
}

/**
 * An ICP workshop board with the six attribute cards, opened by Fran (the facilitator, Marketing)
 * and Sam (an editor, Sales). The seeding client stays connected until destroyed.
 */
async function openSeededWorkshop(): Promise<{
  seeder: TestClient
  facilitator: Participant
  participant: Participant
}> {
  const room = await harness.createBoard('icp-workshop')
  const seeder = await seedAttributeCards(room)
  const facilitator = await joinBoard(
    harness.browser,
    harness.boardLink(room, 'facilitator'),
    'Fran',
    'Marketing',
  )
  const participant = await joinBoard(
    harness.browser,
    harness.boardLink(room, 'editor'),
    'Sam',
    'Sales',
  )
  return { seeder, facilitator, participant }
}

/** The ranked results as a page shows them: card label and total, in order. */
async function rankedResults(page: Page): Promise<[string, number][]> {
  const rows = page.getByRole('list', { name: 'Cards by votes' }).getByRole('listitem')
  await rows.first().waitFor()
  const result: [string, number][] = []
  for (const row of await rows.all()) {
    const label = await row.locator('.fx-results__label').textContent()
    result.push([label ?? '', Number(await row.getAttribute('data-total'))])
  }
  return result
}

/** The totals drawn on the cards of the canvas, by card id. */
async function totalsOnCards(page: Page): Promise<Record<string, number>> {
  const cards = page.locator('.fx-dots__card[data-total]')
  const totals: Record<string, number> = {}
  for (const card of await cards.all()) {
    const total = Number(await card.getAttribute('data-total'))
    if (total > 0) totals[(await card.getAttribute('data-shape-id')) ?? ''] = total
  }
  return totals
}

async function vote(participant: Participant, cardLabel: string, times = 1) {
  const target = participant.page.getByRole('button', { name: `Vote for ${cardLabel}` })
  for (let i = 0; i < times; i++) await target.click()
}

describe('a facilitated workshop', () => {
  it('runs a 3-minute dot vote on attribute cards, and both people see the same results', async () => {
    const { seeder, facilitator, participant } = await openSeededWorkshop()
    const fac = facilitator.page
    const sam = participant.page

    // Only the facilitator has the controls; the participant can follow them.
    await sam.getByRole('button', { name: 'Follow facilitator' }).waitFor()
    expect(await sam.getByRole('button', { name: /Facilitate/ }).count()).toBe(0)

    await fac.getByRole('button', { name: /Facilitate/ }).click()
    await fac.getByRole('tab', { name: /Voting/ }).click()
    expect(await fac.getByLabel('Vote on').inputValue()).toBe('icp-attribute')
    expect(await fac.getByLabel('Time limit').inputValue()).toBe('3')
    await fac.screenshot({ path: '.tmp/screenshots/facilitation-start-vote.png' })
    await fac.getByRole('button', { name: 'Start vote' }).click()
    await fac.getByRole('button', { name: /Facilitate/ }).click()

    // Everyone sees the same countdown, from the vote's own end (no step timer was set).
    for (const page of [fac, sam]) {
      await expect
        .poll(() => page.getByRole('timer').getAttribute('aria-label'))
        .toMatch(/^Vote: 2:5\d left$|^Vote: 3:00 left$/)
    }

    // Dots: the participant spends all three, the facilitator two.
    await vote(participant, 'Industry: Video games', 2)
    await vote(participant, 'Location: US or Canada')
    await vote(facilitator, 'Number of employees: 200-1,000 employees')
    await vote(facilitator, 'Location: US or Canada')
    await sam.getByLabel('0 of 3 votes left').waitFor()
    // A spent participant cannot add a fourth dot.
    await vote(participant, 'Budget: >= $1M branding budget')
    await sam
      .getByRole('button', { name: 'Remove your vote from Industry: Video games' })
      .first()
      .waitFor()
    await sam.screenshot({ path: '.tmp/screenshots/facilitation-voting-participant.png' })

    await fac.getByRole('button', { name: 'End vote' }).click()

    // The results open on both screens, with the same tallies.
    const expected: [string, number][] = [
      ['Location: US or Canada', 2],
      ['Industry: Video games', 2],
      ['Number of employees: 200-1,000 employees', 1],
    ]
    const facResults = await rankedResults(fac)
    const samResults = await rankedResults(sam)
    expect(facResults.map(([, total]) => total)).toEqual([2, 2, 1])
    expect(new Map(facResults)).toEqual(new Map(expected))
    expect(samResults).toEqual(facResults)
    await expect.poll(() => totalsOnCards(sam)).toEqual(await totalsOnCards(fac))
    expect(await totalsOnCards(fac)).toEqual({
      'shape:industry': 2,
      'shape:region': 2,
      'shape:size': 1,
    })
    // By function: Sales and Marketing voted differently on the industry.
    await sam.getByRole('region', { name: 'Biggest disagreements' }).waitFor()
    await fac.screenshot({ path: '.tmp/screenshots/facilitation-results-facilitator.png' })
    await sam.screenshot({ path: '.tmp/screenshots/facilitation-results-participant.png' })

    seeder.destroy()
    await facilitator.context.close()
    await participant.context.close()
  }, 120_000)

  it('stops a participant from moving a card while the board is locked', async () => {
    const { seeder, facilitator, participant } = await openSeededWorkshop()
    const fac = facilitator.page
    const sam = participant.page
    const card = sam.locator('.tl-shape[data-shape-id="shape:industry"]')
    await card.waitFor()

    await fac.getByRole('button', { name: /Facilitate/ }).click()
    await fac.getByRole('tab', { name: 'Room' }).click()
    await fac.getByRole('switch', { name: /Lock the board/ }).check({ force: true })
    await sam.getByText('Board locked by the facilitator.').waitFor()

    const drag = async () => {
      const box = (await card.boundingBox())!
      await sam.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 10)
      await sam.mouse.down()
      await sam.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 90, { steps: 8 })
      await sam.mouse.up()
    }
    const before = await card.boundingBox()
    await drag()
    expect(await card.boundingBox()).toEqual(before)
    // The board stays open and live (no refused edit), and the facilitator's copy did not move.
    expect(await sam.locator('.connection-badge[data-status="connected"]').count()).toBe(1)
    await sam.screenshot({ path: '.tmp/screenshots/facilitation-locked.png' })
    expect((seeder.snapshot()['shape:industry'] as unknown as { x: number; y: number }).x).toBe(40)

    // Unlocked, the same drag moves the card, for everyone.
    await fac.getByRole('switch', { name: /Lock the board/ }).uncheck({ force: true })
    await sam.getByText('Board locked by the facilitator.').waitFor({ state: 'detached' })
    await drag()
    await expect.poll(async () => (await card.boundingBox())?.x).not.toBe(before?.x)
    await expect
      .poll(() => (seeder.snapshot()['shape:industry'] as unknown as { x: number }).x)
      .not.toBe(40)

    seeder.destroy()
    await facilitator.context.close()
    await participant.context.close()
  }, 120_000)

  it('lists who has been on the board, and lets the facilitator remove someone who left', async () => {
    const { seeder, facilitator, participant } = await openSeededWorkshop()
    const fac = facilitator.page
    await fac.getByRole('button', { name: /Facilitate/ }).click()
    await fac.getByRole('tab', { name: 'Room' }).click()
    const people = fac.getByRole('list', { name: 'People on this board' })
    await people.getByText('Sam').waitFor()
    expect(await people.getByText(/here now/).count()).toBe(2)
    await participant.context.close()
    const remove = people.getByRole('button', { name: 'Remove Sam from the list' })
    await remove.waitFor()
    await fac.screenshot({ path: '.tmp/screenshots/facilitation-people.png' })
    await remove.click()
    await people.getByText('Sam').waitFor({ state: 'detached' })
    await expect
      .poll(() => Object.values(seeder.entries('people')).map((p) => (p as { name: string }).name))
      .toEqual(['Fran'])
    seeder.destroy()
    await facilitator.context.close()
  }, 120_000)
})
