import { describe, expect, it } from 'vitest'
import { browserTestServerForFile } from '../helpers/browser'
import { joinOnTouchScreen, screens, topBarProblems, type ScreenSize } from '../helpers/touch'

const server = browserTestServerForFile()

const actions = ['Comments', 'Customer data', 'ICP document', 'Share']

/** Every screen of the issue, portrait and landscape, from the smallest phone to a tablet. */
const touchScreens: ScreenSize[] = [
  screens.smallPhone,
  { width: screens.smallPhone.height, height: screens.smallPhone.width },
  screens.phone,
  screens.phoneLandscape,
  screens.tablet,
  screens.tabletLandscape,
]

describe('the top of the board on phones and tablets', () => {
  it('keeps the title, connection and role on screen and folds the actions into one menu', async () => {
    const room = await server().createBoard('icp-workshop')
    const fay = await joinOnTouchScreen(
      server().browser,
      server().boardLink(room, 'facilitator'),
      'Fay Lindqvist',
      screens.phone,
    )
    // A long name, as boards get: it gives way, the rest of the bar does not.
    const title = fay.page.getByLabel('Board name')
    await title.fill('Q3 ICP for mid-market SaaS companies in North America and Europe')
    await title.press('Enter')
    const ben = await joinOnTouchScreen(
      server().browser,
      server().boardLink(room, 'commenter'),
      'Ben Okafor',
      screens.phone,
    )

    for (const [person, role] of [
      [ben, 'Commenter'],
      [fay, 'Facilitator'],
    ] as const) {
      const { page } = person
      for (const size of touchScreens) {
        await page.setViewportSize(size)
        const where = `${role} at ${size.width}x${size.height}`
        await expect.poll(() => topBarProblems(page), { message: where }).toEqual([])
        expect(await page.locator('.role-badge').isVisible(), where).toBe(true)
        expect(await page.locator('.role-badge').textContent(), where).toBe(role)
        expect(await page.locator('.connection-badge').isVisible(), where).toBe(true)
        expect(await page.getByLabel('Board name').isVisible(), where).toBe(true)

        // The actions are one tap away, in a menu that fits the screen.
        for (const action of actions) {
          expect(await page.getByRole('button', { name: action, exact: true }).count(), where).toBe(
            0,
          )
        }
        const menuButton = page.getByRole('button', { name: 'Board menu' })
        await menuButton.tap()
        const menu = page.getByRole('dialog', { name: 'Board menu' })
        for (const action of actions) {
          const item = menu.getByRole('button', { name: action, exact: true })
          expect(await item.isVisible(), `${action}, ${where}`).toBe(true)
          const box = (await item.boundingBox())!
          expect(box.x, `${action}, ${where}`).toBeGreaterThanOrEqual(0)
          expect(box.x + box.width, `${action}, ${where}`).toBeLessThanOrEqual(size.width)
          expect(box.y + box.height, `${action}, ${where}`).toBeLessThanOrEqual(size.height)
          // Big enough for a finger.
          expect(box.height, `${action}, ${where}`).toBeGreaterThanOrEqual(40)
        }
        await menuButton.tap()
        await expect.poll(() => menu.count(), { message: where }).toBe(0)
      }
    }

    // A desktop screen keeps the actions in the bar, as before.
    await fay.page.setViewportSize({ width: 1280, height: 720 })
    await expect.poll(() => fay.page.getByRole('button', { name: 'Board menu' }).count()).toBe(0)
    await expect.poll(() => topBarProblems(fay.page)).toEqual([])
    for (const action of actions) {
      expect(await fay.page.getByRole('button', { name: action, exact: true }).isVisible()).toBe(
        true,
      )
    }
    await ben.context.close()
    await fay.context.close()
  })
})
