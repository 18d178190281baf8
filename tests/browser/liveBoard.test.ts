import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebSocketRoute } from 'playwright-core'
import {
  joinBoard,
  policyViolations,
  startBrowserTestServer,
  type BrowserTestServer,
  type Participant,
} from '../helpers/browser'

let harness: BrowserTestServer

beforeAll(async () => {
  harness = await startBrowserTestServer()
})

afterAll(async () => {
  await harness?.close()
})

/** A new blank board's link with the creator's token: everyone in these tests joins with it. */
async function createBoardUrl(): Promise<string> {
  return harness.boardLink(await harness.createBoard('blank'), 'facilitator')
}

/** Draws a rectangle with the toolbar's rectangle tool, dragging between two screen points. */
async function drawRectangle(
  { page }: Participant,
  from: { x: number; y: number },
  to: { x: number; y: number },
) {
  await page.keyboard.press('r')
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 })
  await page.mouse.move(to.x, to.y, { steps: 4 })
  await page.mouse.up()
  await page.keyboard.press('Escape')
}

describe('two people on one board', () => {
  it('see each other’s shapes at the same place, each other’s cursors, and keep them after a reload', async () => {
    const url = await createBoardUrl()
    const alice = await joinBoard(harness.browser, url, 'Alice')
    const bob = await joinBoard(harness.browser, url, 'Bob')

    await drawRectangle(alice, { x: 400, y: 300 }, { x: 600, y: 420 })
    const aliceShape = alice.page.locator('.tl-shape[data-shape-type="geo"]')
    const bobShape = bob.page.locator('.tl-shape[data-shape-type="geo"]')
    await bobShape.waitFor()
    expect(await bobShape.count()).toBe(1)
    expect(await bobShape.boundingBox()).toEqual(await aliceShape.boundingBox())

    // Alice's cursor and name show up on Bob's canvas.
    await alice.page.mouse.move(700, 500, { steps: 5 })
    const aliceCursor = bob.page.locator('.tl-nametag', { hasText: 'Alice' })
    await aliceCursor.waitFor()
    expect(await aliceCursor.isVisible()).toBe(true)

    // Bob reloads: the shape is still there, from the server.
    await bob.page.reload()
    await bob.page.locator('.connection-badge[data-status="connected"]').waitFor()
    await bobShape.waitFor()
    // A reopened board opens on its content; Alice reopens it too, so the same board position
    // shows at the same place on both screens.
    await alice.page.reload()
    await alice.page.locator('.connection-badge[data-status="connected"]').waitFor()
    await expect
      .poll(async () => roundBox(await aliceShape.boundingBox()))
      .toEqual(roundBox(await bobShape.boundingBox()))
    // Bob's name was remembered: he is not asked again.
    expect(await bob.page.getByLabel('Your name').count()).toBe(0)

    await bob.page.screenshot({ path: '.tmp/screenshots/two-people-bob.png' })
    await alice.context.close()
    await bob.context.close()
  })
})

describe('when the server goes away', () => {
  it('keeps everyone’s edits made meanwhile and merges them when it is back, losing nothing', async () => {
    const url = await createBoardUrl()
    const alice = await joinBoard(harness.browser, url, 'Alice')
    const bob = await joinBoard(harness.browser, url, 'Bob')
    const shapes = (participant: Participant) =>
      participant.page.locator('.tl-shape[data-shape-type="geo"]')
    await drawRectangle(alice, { x: 200, y: 200 }, { x: 300, y: 260 })
    await expect.poll(() => shapes(bob).count()).toBe(1)

    await harness.closeServer()
    for (const participant of [alice, bob]) {
      await participant.page.locator('.connection-badge[data-status="reconnecting"]').waitFor()
    }
    await drawRectangle(alice, { x: 300, y: 350 }, { x: 420, y: 430 })
    await drawRectangle(bob, { x: 700, y: 450 }, { x: 820, y: 530 })
    // Apart, each sees the shared rectangle and their own new one.
    await expect.poll(() => shapes(alice).count()).toBe(2)
    await expect.poll(() => shapes(bob).count()).toBe(2)

    await harness.reopenServer()
    for (const participant of [alice, bob]) {
      await participant.page
        .locator('.connection-badge[data-status="connected"]')
        .waitFor({ timeout: 20_000 })
      await expect.poll(() => shapes(participant).count(), { timeout: 10_000 }).toBe(3)
    }
    // And the server stored all three: a newcomer gets them.
    const carol = await joinBoard(harness.browser, url, 'Carol')
    await expect.poll(() => shapes(carol).count()).toBe(3)

    for (const participant of [alice, bob, carol]) await participant.context.close()
  })
})

describe('an edit made offline and restored from the browser’s copy after a reload', () => {
  it('still reaches the server under the older client id it was made with', async () => {
    const room = await harness.createBoard('blank')
    const url = harness.boardLink(room, 'editor')
    // Alice's sync socket goes through the test, which can cut it (the page itself still loads).
    let isCut = false
    // The board's socket and the private doc's.
    const live: WebSocketRoute[] = []
    const alice = await joinBoard(harness.browser, url, 'Alice', 'Sales', {
      beforeOpen: (context) =>
        context.routeWebSocket(/\/sync\//, (socket) => {
          if (isCut) return socket.close({ code: 4503, reason: 'cut off by the test' })
          live.push(socket)
          socket.connectToServer()
        }),
    })
    const bob = await joinBoard(harness.browser, url, 'Bob')
    const shapes = (participant: Participant) =>
      participant.page.locator('.tl-shape[data-shape-type="geo"]')
    // Online: the server now knows Alice's client id as hers.
    await drawRectangle(alice, { x: 200, y: 200 }, { x: 300, y: 260 })
    await expect.poll(() => shapes(bob).count()).toBe(1)

    isCut = true
    for (const socket of live.splice(0)) {
      await socket.close({ code: 4503, reason: 'cut off by the test' })
    }
    await alice.page.locator('.connection-badge:not([data-status="connected"])').waitFor()
    const updatesBefore = await storedUpdates(alice)
    await drawRectangle(alice, { x: 400, y: 350 }, { x: 520, y: 430 })
    await expect.poll(() => shapes(alice).count()).toBe(2)
    // Once IndexedDB holds the offline edit, reload: the page gets a new client id and restores
    // the edit under the old one.
    await expect
      .poll(() => storedUpdates(alice), { timeout: 10_000 })
      .toBeGreaterThan(updatesBefore)
    await alice.page.reload()
    await expect.poll(() => shapes(alice).count(), { timeout: 10_000 }).toBe(2)
    expect(await shapes(bob).count()).toBe(1)

    isCut = false
    await alice.page
      .locator('.connection-badge[data-status="connected"]')
      .waitFor({ timeout: 20_000 })
    await expect.poll(() => shapes(bob).count(), { timeout: 10_000 }).toBe(2)
    const carol = await joinBoard(harness.browser, url, 'Carol')
    await expect.poll(() => shapes(carol).count()).toBe(2)
    expect(await policyViolations(alice.page)).toEqual([])
    for (const participant of [alice, bob, carol]) await participant.context.close()
  })
})

/** How many updates the page's IndexedDB copy of the board holds (y-indexeddb's `updates`). */
function storedUpdates({ page }: Participant): Promise<number> {
  return page.evaluate(async () => {
    // The board's copy, not the private doc's (`icp-board:<roomId>~private`).
    const name = (await indexedDB.databases()).find(
      (db) => db.name?.startsWith('icp-board:') && !db.name.endsWith('~private'),
    )?.name
    if (!name) return 0
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name)
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    try {
      return await new Promise<number>((resolve, reject) => {
        const request = db.transaction('updates').objectStore('updates').count()
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
    } finally {
      db.close()
    }
  })
}

function roundBox(box: { x: number; y: number; width: number; height: number } | null) {
  return (
    box && {
      x: Math.round(box.x),
      y: Math.round(box.y),
      w: Math.round(box.width),
      h: Math.round(box.height),
    }
  )
}
