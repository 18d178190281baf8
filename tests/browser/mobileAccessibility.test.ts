import { describe, expect, it } from 'vitest'
import { seriousViolations, type AxeViolation } from '../helpers/axe'
import { answerNameDialog, browserTestServerForFile } from '../helpers/browser'
import { openFromBoardMenu, screens, tapCentreOf, topBarProblems } from '../helpers/touch'

const server = browserTestServerForFile()

describe('accessibility on a phone: no serious or critical axe-core violations', () => {
  it.each(['light', 'dark'] as const)(
    'with the board menu and each sheet open (%s)',
    async (colorScheme) => {
      const room = await server().createBoard('icp-workshop')
      const context = await server().browser.newContext({
        viewport: screens.phone,
        hasTouch: true,
        isMobile: true,
        colorScheme,
        // axe is injected as an inline script, which the app's Content-Security-Policy refuses.
        bypassCSP: true,
      })
      const page = await context.newPage()
      const found: Record<string, AxeViolation[]> = {}
      const check = async (state: string) => {
        const violations = await seriousViolations(page)
        if (violations.length > 0) found[state] = violations
      }
      await page.goto(server().boardLink(room, 'facilitator'))
      await page.getByLabel('Your name').waitFor()
      await check('name dialog')
      await answerNameDialog(page, 'Fay')
      expect(await topBarProblems(page)).toEqual([])
      await check('board')

      await page.getByRole('button', { name: 'Board menu' }).tap()
      await page.getByRole('dialog', { name: 'Board menu' }).waitFor()
      await check('board menu')
      await page.getByRole('button', { name: 'Board menu' }).tap()

      for (const [action, name] of [
        ['Comments', 'Comments'],
        ['ICP document', 'ICP document'],
        ['Customer data', 'Customer data'],
      ] as const) {
        await openFromBoardMenu(page, action)
        await page.getByRole('complementary', { name }).waitFor()
        await check(`${name} sheet`)
        await page.goBack()
        await expect.poll(() => page.getByRole('complementary', { name }).count()).toBe(0)
      }

      // The statement card's details (a tap, far zoomed out, right above the step frames'
      // headings), then a new thread's composer along the bottom.
      const statement = page.locator('.tl-shape[data-shape-type="icp-statement"]')
      await tapCentreOf(page, statement)
      const details = page.getByRole('complementary', { name: 'ICP statement' })
      await details.waitFor()
      await check('card sheet')
      await page.goBack()
      await expect.poll(() => details.count()).toBe(0)
      await page.getByTestId('tools.icp-comment').tap()
      await tapCentreOf(page, statement)
      await page.getByRole('combobox', { name: 'Add a comment…' }).waitFor()
      await check('new thread sheet')
      expect(found).toEqual({})
      await context.close()
    },
  )
})
