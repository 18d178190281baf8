/**
 * Attacks through the board's content, seen from a real browser: a frame made its own parent (or
 * a loop of two) used to freeze every browser that had the board open or opened it later.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoredRecord } from '../../shared/docLayout'
import { closeCodes } from '../../shared/protocol'
import { BoardBuilder } from '../helpers/boardBuilder'
import { joinBoard, startBrowserTestServer, type BrowserTestServer } from '../helpers/browser'
import { connectClient, type CreatedRoom } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

let harness: BrowserTestServer

beforeAll(async () => {
  harness = await startBrowserTestServer()
})

afterAll(async () => {
  await harness?.close()
})

/** Resolves when the page answers within `ms`; a page stuck in a loop never does. */
async function isResponsive(page: Page, ms = 4_000): Promise<boolean> {
  const answer = page.evaluate(() => document.querySelectorAll('.tl-shape').length).then(() => true)
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))
  return Promise.race([answer, timeout])
}

async function boardWithTwoFrames(): Promise<CreatedRoom> {
  const room = await harness.createBoard('blank')
  const builder = new BoardBuilder()
  builder.frame({ parent: 'page:page', id: 'one', x: 100, y: 100, w: 300, h: 200, name: 'One' })
  builder.frame({ parent: 'page:page', id: 'two', x: 500, y: 100, w: 300, h: 200, name: 'Two' })
  const facilitator = connectClient(harness.url, room.roomId, room.tokens.facilitator)
  await facilitator.synced()
  for (const record of builder.records()) {
    if (record.typeName === 'shape') facilitator.put(record as unknown as StoredRecord)
  }
  await waitFor(() => expect(facilitator.provider.synced).toBe(true))
  facilitator.destroy()
  return room
}

describe('a loop of parents sent by an editor', () => {
  it('is refused, and the browsers that have the board open, or open it, keep working', async () => {
    const room = await boardWithTwoFrames()
    const alice = await joinBoard(harness.browser, harness.boardLink(room, 'facilitator'), 'Alice')
    await alice.page.locator('.tl-shape[data-shape-type="frame"]').nth(1).waitFor()

    const attacker = connectClient(harness.url, room.roomId, room.tokens.editor)
    await attacker.synced()
    const one = attacker.records.get('shape:one') as StoredRecord
    const two = attacker.records.get('shape:two') as StoredRecord
    attacker.doc.transact(() => {
      attacker.put({ ...one, parentId: 'shape:two' })
      attacker.put({ ...two, parentId: 'shape:one' })
    })
    await waitFor(() => expect(attacker.closes[0]?.code).toBe(closeCodes.protocolError))
    attacker.destroy()

    expect(await isResponsive(alice.page)).toBe(true)
    const bob = await joinBoard(harness.browser, harness.boardLink(room, 'editor'), 'Bob')
    expect(await isResponsive(bob.page)).toBe(true)
    expect(await bob.page.locator('.tl-shape[data-shape-type="frame"]').count()).toBe(2)
    await alice.context.close()
    await bob.context.close()
  })
})
