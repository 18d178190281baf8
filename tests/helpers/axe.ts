import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
/** axe-core's source, run through the DevTools protocol: the app's CSP refuses inline scripts. */
let axeSource: string | undefined

/** One axe-core finding, in the words its report uses. */
export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  /** Each element found: its selector and the start of its markup. */
  targets: string[]
}

/**
 * Runs axe-core (injected from npm, no network) over the page as it is now and returns the
 * serious and critical violations, each with the elements it found them on.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    axeSource ??= readFileSync(axePath, 'utf8')
    await page.evaluate(axeSource)
  }
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{
            violations: {
              id: string
              impact: string | null
              help: string
              nodes: { target: string[]; html: string; failureSummary?: string }[]
            }[]
          }>
        }
      }
    ).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map(
          (node) =>
            `${node.target.join(' ')} ${node.html.slice(0, 160)} ${node.failureSummary ?? ''}`,
        ),
      }))
  })
}
