import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  dataPanel,
  joinBoard,
  openDataPanel,
  startBrowserTestServer,
  type BrowserTestServer,
} from '../helpers/browser'

const customersCsv = fileURLToPath(new URL('../../samples/customers.csv', import.meta.url))
const accountsCsv = fileURLToPath(new URL('../../samples/accounts.csv', import.meta.url))

let harness: BrowserTestServer

beforeAll(async () => {
  harness = await startBrowserTestServer()
})

afterAll(async () => {
  await harness?.close()
})

describe('evidence from customer data', () => {
  it('imports the sample CRM export, finds what the best customers share, puts it on the board with live evidence, and scores leads', async () => {
    const room = await harness.createBoard('icp-workshop')
    const dana = await joinBoard(
      harness.browser,
      harness.boardLink(room, 'facilitator'),
      'Dana',
      'Sales',
    )
    const omar = await joinBoard(
      harness.browser,
      harness.boardLink(room, 'editor'),
      'Omar',
      'Marketing',
    )

    // Step 1: Dana imports the CSV shipped in samples/, checking the suggested mapping.
    await openDataPanel(dana.page)
    await dataPanel(dana.page).getByLabel('CSV file of customers').setInputFiles(customersCsv)
    const dialog = dana.page.getByRole('dialog', { name: 'Import customers' })
    await expect
      .poll(() => dialog.getByLabel('Import Lifetime Value (USD) as').inputValue())
      .toBe('field:clv')
    await dialog.getByText('Ready: 500 customers, 14 columns mapped.').waitFor()
    await dana.page.screenshot({ path: '.tmp/screenshots/data-browser-mapping.png' })
    await dialog.getByRole('button', { name: 'Import 500 customers' }).click()
    await dialog.waitFor({ state: 'detached' })
    await dataPanel(dana.page).getByRole('heading', { name: '50 best of 500' }).waitFor()

    // Omar sees the same data without reloading.
    await openDataPanel(omar.page)
    await dataPanel(omar.page).getByRole('heading', { name: '50 best of 500' }).waitFor()
    await dataPanel(omar.page).getByText('500 customers').waitFor()

    // Ticking one customer off is shared with everyone.
    const topCustomer = dataPanel(dana.page).getByRole('checkbox').first()
    await topCustomer.uncheck()
    await dataPanel(omar.page).getByRole('heading', { name: '49 best of 500' }).waitFor()
    await dataPanel(omar.page).getByText('1 set by hand').waitFor()
    await dana.page.screenshot({ path: '.tmp/screenshots/data-browser-best.png' })

    // Step 2: what the best share; the industry finding becomes a card with CRM evidence.
    await dataPanel(dana.page)
      .getByRole('tab', { name: /What they share/ })
      .click()
    const industry = dataPanel(dana.page).locator('.finding', { hasText: 'are SaaS' })
    await expect
      .poll(() => industry.locator('.finding__headline').textContent())
      .toMatch(/^\d+% of the 49 best customers are SaaS, vs 3\d% of all 500\.$/)
    await industry.getByRole('button', { name: '+ Add card' }).click()
    await industry.getByRole('button', { name: /On the board/ }).waitFor()
    await dana.page.screenshot({ path: '.tmp/screenshots/data-browser-commonalities.png' })

    // The card lands in the step 2 frame for everyone, with how many best customers fit it.
    await dataPanel(omar.page)
      .getByRole('tab', { name: /What they share/ })
      .click()
    await dataPanel(omar.page)
      .locator('.finding', { hasText: 'are SaaS' })
      .getByRole('button', { name: /On the board/ })
      .click()
    const badge = omar.page.getByTestId('best-customer-badge')
    await expect.poll(() => badge.textContent()).toMatch(/^\d+\/49 best$/)
    const card = omar.page.locator('.icp-card--attribute', { has: badge })
    await expect.poll(() => card.textContent()).toContain('SaaS')
    await expect.poll(() => card.textContent()).toContain('CRM')
    // The card panel says the same, with the numbers.
    const evidence = omar.page.getByTestId('attribute-evidence')
    await expect.poll(() => evidence.textContent()).toMatch(/\d+ \/ 49 best customers fit/)
    await omar.page.screenshot({ path: '.tmp/screenshots/data-browser-card.png' })

    // Re-including the customer updates the badge live.
    await dataPanel(dana.page)
      .getByRole('tab', { name: /Best customers/ })
      .click()
    await dataPanel(dana.page).getByRole('checkbox').first().check()
    await expect.poll(() => badge.textContent()).toMatch(/^\d+\/50 best$/)

    // Step 5: Dana scores the sample leads against the ICP and downloads the result.
    await dataPanel(dana.page)
      .getByRole('tab', { name: /Score accounts/ })
      .click()
    await dataPanel(dana.page).getByLabel('CSV file of accounts').setInputFiles(accountsCsv)
    const accountsDialog = dana.page.getByRole('dialog', { name: 'Import accounts to score' })
    await accountsDialog.getByRole('button', { name: 'Import 200 accounts' }).click()
    const table = dataPanel(dana.page).getByRole('table')
    await table.waitFor()
    expect(await table.locator('tbody tr').count()).toBe(200)
    const tiers = dataPanel(dana.page).getByRole('region', { name: 'Accounts per tier' })
    await expect.poll(() => tiers.textContent()).toMatch(/A\d+.*B\d+.*C\d+.*D\d+/)

    // Sorting by fit score puts the best first; a row opens to say why.
    await table.getByRole('button', { name: 'Fit score' }).click()
    const firstScore = Number(
      await table.locator('tbody tr td.score-table__score').first().textContent(),
    )
    expect(firstScore).toBeGreaterThan(0)
    await table.locator('tbody tr').first().click()
    await dataPanel(dana.page).locator('.score-details').getByText('Fits').waitFor()
    await dana.page.screenshot({ path: '.tmp/screenshots/data-browser-scoring.png' })

    const [download] = await Promise.all([
      dana.page.waitForEvent('download'),
      dataPanel(dana.page).getByRole('button', { name: 'Download scores (CSV)' }).click(),
    ])
    const csv = await readFile((await download.path())!, 'utf8')
    const { data } = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true })
    expect(data).toHaveLength(200)
    expect(Object.keys(data[0]!).slice(0, 6)).toEqual([
      'rank',
      'row',
      'name',
      'score',
      'tier',
      'disqualified',
    ])

    const [rules] = await Promise.all([
      dana.page.waitForEvent('download'),
      dataPanel(dana.page).getByRole('link', { name: 'Scoring rules (JSON)' }).click(),
    ])
    const config = JSON.parse(await readFile((await rules.path())!, 'utf8')) as {
      format: string
      rules: { effect: string; field: { column: string } | null }[]
    }
    expect(config.format).toBe('icp-workshop.scoring-rules')
    expect(config.rules[0]).toMatchObject({ effect: 'points', field: { column: 'Industry' } })

    await dana.context.close()
    await omar.context.close()
  })
})
