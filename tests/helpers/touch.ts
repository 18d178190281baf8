import type { Browser, Locator, Page } from 'playwright-core'
import { answerNameDialog, recordPolicyViolations, type Participant } from './browser'

/** A screen in CSS pixels. */
export interface ScreenSize {
  width: number
  height: number
}

/** The screens the phone and tablet tests run on (portrait, and a phone on its side). */
export const screens = {
  smallPhone: { width: 360, height: 740 },
  phone: { width: 390, height: 844 },
  phoneLandscape: { width: 844, height: 390 },
  tablet: { width: 768, height: 1024 },
  tabletLandscape: { width: 1024, height: 768 },
} as const satisfies Record<string, ScreenSize>

/** The two screens the journeys run on: a phone (sheets) and a tablet (panels beside the board). */
export const phoneAndTablet: { name: string; size: ScreenSize; isPhone: boolean }[] = [
  { name: 'a phone', size: screens.phone, isPhone: true },
  { name: 'a tablet', size: screens.tablet, isPhone: false },
]

/**
 * A new browser context that behaves like a phone or tablet: touch events, a mobile viewport
 * (the page's viewport meta applies) and a 2x screen. Records Content-Security-Policy violations.
 */
export async function openTouchPage(
  browser: Browser,
  size: ScreenSize,
  { colorScheme = 'light' }: { colorScheme?: 'light' | 'dark' } = {},
): Promise<Participant> {
  const context = await browser.newContext({
    viewport: size,
    hasTouch: true,
    isMobile: true,
    deviceScaleFactor: 2,
    colorScheme,
  })
  await recordPolicyViolations(context)
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error('[touch page] page error:', error))
  return { context, page }
}

/** Opens `url` on a touch screen of `size`, joins as `name` by tapping, and waits for the board. */
export async function joinOnTouchScreen(
  browser: Browser,
  url: string,
  name: string,
  size: ScreenSize,
  team = 'Sales',
): Promise<Participant> {
  const participant = await openTouchPage(browser, size)
  await participant.page.goto(url)
  await answerNameDialog(participant.page, name, team)
  return participant
}

/** Where `locator` is on screen, rounded: a camera that moved shows here. */
export async function placeOf(locator: Locator): Promise<string> {
  const box = await locator.boundingBox()
  if (!box) throw new Error('not on screen')
  return [box.x, box.y, box.width, box.height].map(Math.round).join(',')
}

/** Opens an action of the top bar from the board menu (a narrow screen) by touch. */
export async function openFromBoardMenu(page: Page, action: string): Promise<void> {
  await page.getByRole('button', { name: 'Board menu' }).tap()
  await page.getByRole('dialog', { name: 'Board menu' }).getByRole('button', { name: action }).tap()
}

/** The centre of `locator` on screen. */
export async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox()
  if (!box) throw new Error('not on screen')
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/**
 * A tap on the middle of what `locator` shows, wherever the finger lands (a card on the canvas
 * lets the canvas take the touch, so `locator.tap()`, which wants the element itself, cannot).
 */
export async function tapCentreOf(page: Page, locator: Locator): Promise<void> {
  const { x, y } = await centreOf(locator)
  await page.touchscreen.tap(x, y)
}

/**
 * A finger on the canvas at a screen point: touch start, then (after `holdMs` for a long press)
 * touch end, dispatched through Chromium's touch emulation like a real finger.
 */
export async function touchAt(
  page: Page,
  point: { x: number; y: number },
  { holdMs = 0 }: { holdMs?: number } = {},
): Promise<void> {
  const client = await page.context().newCDPSession(page)
  const touchPoint = { x: point.x, y: point.y, radiusX: 4, radiusY: 4, force: 1, id: 1 }
  await client.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [touchPoint] })
  if (holdMs > 0) await page.waitForTimeout(holdMs)
  await client.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
  await client.detach()
}

/**
 * What is wrong with the top of the board on this screen: every control of the top bar (tldraw's
 * menu, the title and role, the connection state, the actions) and of the workshop bar under it
 * that lies partly outside the viewport, is clipped by its own box, or overlaps another one.
 * Empty when all is well.
 */
export function topBarProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = [
      ...document.querySelectorAll<HTMLElement>(
        [
          '.tlui-layout__top button',
          '.tlui-layout__top input',
          '.tlui-layout__top a',
          '.tlui-layout__top [role="status"]',
          '.tlui-layout__top .role-badge',
          '.fx-bar__row > *',
        ].join(', '),
      ),
    ].filter((element) => {
      const rect = element.getBoundingClientRect()
      const style = getComputedStyle(element)
      return rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden'
    })
    const nameOf = (element: HTMLElement) =>
      element.getAttribute('aria-label') ||
      element.textContent?.trim() ||
      (element as HTMLInputElement).value ||
      element.className
    const problems: string[] = []
    const { innerWidth, innerHeight } = window
    for (const element of controls) {
      const rect = element.getBoundingClientRect()
      if (rect.left < -0.5 || rect.top < -0.5 || rect.right > innerWidth + 0.5) {
        problems.push(
          `"${nameOf(element)}" lies outside the ${innerWidth}px wide viewport (${Math.round(rect.left)} to ${Math.round(rect.right)})`,
        )
      } else if (rect.bottom > innerHeight + 0.5) {
        problems.push(`"${nameOf(element)}" lies below the viewport`)
      }
      // Text cut by its own box (a badge squeezed to "Co").
      const isText = element.matches('.role-badge, .connection-badge, .tlui-layout__top button')
      if (isText && element.scrollWidth > element.clientWidth + 1) {
        problems.push(
          `"${nameOf(element)}" is clipped (${element.scrollWidth}px in ${element.clientWidth}px)`,
        )
      }
    }
    for (const [index, a] of controls.entries()) {
      for (const b of controls.slice(index + 1)) {
        if (a.contains(b) || b.contains(a)) continue
        // tldraw's own menu buttons share a few pixels of padding by design.
        if (a.closest('.tlui-menu-zone') && b.closest('.tlui-menu-zone')) continue
        const ra = a.getBoundingClientRect()
        const rb = b.getBoundingClientRect()
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left)
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top)
        if (w > 1 && h > 1) problems.push(`"${nameOf(a)}" overlaps "${nameOf(b)}"`)
      }
    }
    return problems
  })
}
