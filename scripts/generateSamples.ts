/**
 * Writes the demo data in samples/ (deterministic: the same files on every run):
 * - samples/customers.csv: 500 customers as a CRM would export them, with a clear signal: SaaS
 *   companies of 200 to 1,000 employees in the US or UK that use HubSpot have the highest lifetime
 *   value, the shortest sales cycles, the longest tenure, the best NPS and rarely churn.
 * - samples/accounts.csv: 200 leads to score, under other header names, with a few blank cells,
 *   size bands and accounts a typical ICP disqualifies (government, gambling).
 *
 * Run: `npx tsx scripts/generateSamples.ts`
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { quoteCsvCell } from '../shared/export/toCsv'

const outDir = fileURLToPath(new URL('../samples', import.meta.url))

/** mulberry32: a small seeded PRNG, so the files never change between runs. */
function createRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    between: (min: number, max: number) => min + (max - min) * next(),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0)
      let roll = next() * total
      for (const [item, weight] of items) {
        roll -= weight
        if (roll <= 0) return item
      }
      return items[items.length - 1]![0]
    },
    /** Standard normal (Box-Muller). */
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  }
}
type Random = ReturnType<typeof createRandom>

const industries = [
  ['SaaS', 30],
  ['Fintech', 10],
  ['E-commerce', 11],
  ['Healthcare', 8],
  ['Manufacturing', 10],
  ['Education', 6],
  ['Professional Services', 9],
  ['Media', 6],
  ['Logistics', 5],
  ['Retail', 5],
] as const

const countries = [
  ['United States', 36],
  ['United Kingdom', 14],
  ['Germany', 10],
  ['France', 7],
  ['Canada', 7],
  ['Netherlands', 5],
  ['Australia', 5],
  ['India', 5],
  ['Spain', 5],
  ['Brazil', 6],
] as const

const sizeBands: readonly (readonly [readonly [number, number], number])[] = [
  [[5, 50], 22],
  [[51, 199], 24],
  [[200, 1000], 32],
  [[1001, 5000], 15],
  [[5001, 20000], 7],
] as const

const crms = [
  ['HubSpot', 36],
  ['Salesforce', 38],
  ['Pipedrive', 10],
  ['Zoho CRM', 9],
  ['', 7],
] as const

const otherTools = [
  'Slack',
  'Zendesk',
  'Intercom',
  'Stripe',
  'Segment',
  'Marketo',
  'Google Workspace',
  'Microsoft 365',
  'Jira',
  'Snowflake',
]

const fundingStages = [
  ['Bootstrapped', 18],
  ['Seed', 14],
  ['Series A', 18],
  ['Series B', 17],
  ['Series C+', 14],
  ['Private equity', 9],
  ['Public', 10],
] as const

const namePrefixes = [
  'Acme',
  'Brightwave',
  'Cobalt',
  'Dovetail',
  'Evergreen',
  'Fernway',
  'Granite',
  'Harbor',
  'Ironclad',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Northwind',
  'Orchid',
  'Pinnacle',
  'Quartz',
  'Redwood',
  'Summit',
  'Tidal',
  'Umbra',
  'Vantage',
  'Willow',
  'Xenon',
  'Yardley',
  'Zephyr',
  'Alder',
  'Beacon',
  'Cascade',
  'Driftwood',
  'Ember',
  'Foxglove',
  'Glacier',
  'Helix',
  'Indigo',
  'Jasper',
  'Keystone',
  'Larkspur',
  'Mosaic',
  'Nimbus',
]
const suffixesByIndustry: Readonly<Record<string, readonly string[]>> = {
  SaaS: ['Software', 'Cloud', 'Labs', 'Analytics', 'Systems', 'AI'],
  Fintech: ['Pay', 'Capital', 'Finance', 'Ledger'],
  'E-commerce': ['Goods', 'Market', 'Shop', 'Direct'],
  Healthcare: ['Health', 'Care', 'Medical', 'Clinics'],
  Manufacturing: ['Industries', 'Works', 'Robotics', 'Manufacturing'],
  Education: ['Learning', 'Academy', 'Education'],
  'Professional Services': ['Partners', 'Consulting', 'Advisory'],
  Media: ['Media', 'Studios', 'Publishing'],
  Logistics: ['Logistics', 'Freight', 'Transport'],
  Retail: ['Retail', 'Stores', 'Outfitters'],
  Government: ['County Council', 'Agency', 'Authority'],
  Gambling: ['Bet', 'Gaming', 'Casino'],
}

const owners = [
  'Ana Silva',
  'Ben Carter',
  'Chloé Martin',
  'Dev Patel',
  'Emma Jones',
  'Farid Haddad',
]

/** A company name that fits its industry and is not `taken` yet. */
function companyName(random: Random, industry: string, taken: Set<string>): string {
  for (;;) {
    const name = `${random.pick(namePrefixes)} ${random.pick(suffixesByIndustry[industry]!)}`
    if (taken.has(name)) continue
    taken.add(name)
    return name
  }
}

function domainOf(name: string, random: Random): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '')
  return `${slug}${random.pick(['.com', '.com', '.io', '.co', '.co.uk'])}`
}

function groupThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

function money(value: number, random: Random): string {
  // CRMs export amounts in several styles; all are read the same.
  if (value >= 1_000_000 && random.chance(0.3)) return `$${(value / 1_000_000).toFixed(1)}M`
  return `$${groupThousands(Math.round(value))}`
}

function employeesCell(employees: number, random: Random, bandShare: number): string {
  if (!random.chance(bandShare)) return String(employees)
  const bands = [
    [1, 10],
    [11, 50],
    [51, 200],
    [201, 500],
    [501, 1000],
    [1001, 5000],
    [5001, 10000],
  ]
  const band = bands.find(([, high]) => employees <= high!)
  return band ? `${groupThousands(band[0]!)}-${groupThousands(band[1]!)}` : '10,001+'
}

function isoDate(daysAgo: number): string {
  const date = new Date(Date.UTC(2026, 9, 1) - daysAgo * 86_400_000)
  return date.toISOString().slice(0, 10)
}

interface Company {
  name: string
  domain: string
  industry: string
  employees: number
  revenue: number
  country: string
  tools: string[]
  funding: string
  /** 0 (nothing like the ideal) to 4 (all four traits). */
  fit: number
}

function makeCompany(random: Random, taken: Set<string>, industryOverride?: string): Company {
  const industry = industryOverride ?? random.weighted(industries)
  const name = companyName(random, industry, taken)
  const [low, high] = random.weighted(sizeBands)
  const employees = Math.round(Math.exp(random.between(Math.log(low), Math.log(high))))
  const country = random.weighted(countries)
  const crm = random.weighted(crms)
  const tools = [crm, ...otherTools.filter(() => random.chance(0.22))].filter(Boolean)
  if (industry === 'E-commerce' || industry === 'Retail') tools.push('Shopify')
  const fit =
    (industry === 'SaaS' ? 1 : industry === 'Fintech' ? 0.35 : 0) +
    (employees >= 200 && employees <= 1000 ? 1 : employees >= 100 && employees <= 2000 ? 0.3 : 0) +
    (country === 'United States' || country === 'United Kingdom'
      ? 1
      : country === 'Canada'
        ? 0.3
        : 0) +
    (crm === 'HubSpot' ? 1 : 0)
  return {
    name,
    domain: domainOf(name, random),
    industry,
    employees,
    revenue: employees * random.between(90_000, 260_000),
    country,
    tools,
    funding: random.weighted(fundingStages),
    fit,
  }
}

function writeCsv(file: string, header: readonly string[], rows: readonly string[][]): void {
  const lines = [header, ...rows].map((cells) => cells.map(quoteCsvCell).join(','))
  writeFileSync(path.join(outDir, file), `${lines.join('\r\n')}\r\n`)
}

function customers(): void {
  const random = createRandom(20261123)
  const taken = new Set<string>()
  const header = [
    'Company Name',
    'Website',
    'Industry',
    'Employees',
    'Annual Revenue',
    'Country',
    'Tech Stack',
    'Funding Stage',
    'Customer Since',
    'Account Owner',
    'Lifetime Value (USD)',
    'Sales Cycle (days)',
    'Tenure (months)',
    'Churned',
    'NPS',
    'Hiring SDRs',
  ]
  const rows = Array.from({ length: 500 }, () => {
    const company = makeCompany(random, taken)
    const { fit } = company
    const churned = random.chance(Math.max(0.04, 0.45 - 0.1 * fit))
    const tenure = Math.max(2, Math.round((churned ? 9 : 22) + 6 * fit + 7 * random.normal()))
    // Lifetime value = monthly value x months: churned customers are worth less.
    const monthly = 380 * Math.exp(0.5 * fit + 0.35 * random.normal())
    const clv = Math.round(monthly * tenure)
    const cycle = Math.max(9, Math.round(115 - 18 * fit + 15 * random.normal()))
    const nps = Math.max(
      0,
      Math.min(10, Math.round(5 + 1.1 * fit + 1.3 * random.normal() - (churned ? 1 : 0))),
    )
    return [
      company.name,
      company.domain,
      company.industry,
      employeesCell(company.employees, random, 0.04),
      money(company.revenue, random),
      company.country,
      company.tools.join('; '),
      company.funding,
      isoDate(tenure * 30 + Math.round(random.between(0, 25))),
      random.pick(owners),
      money(clv, random),
      String(cycle),
      String(tenure),
      churned ? 'Yes' : 'No',
      random.chance(0.06) ? '' : String(nps),
      random.chance(0.25 + 0.08 * fit) ? 'Yes' : 'No',
    ]
  })
  writeCsv('customers.csv', header, rows)
}

function accounts(): void {
  const random = createRandom(7041)
  const taken = new Set<string>()
  const header = [
    'Account',
    'Domain',
    'Industry',
    'Headcount',
    'Revenue',
    'HQ Country',
    'Technologies',
    'Stage',
    'Lead Owner',
    'Created Date',
  ]
  const rows = Array.from({ length: 200 }, (_, i) => {
    // A few leads a typical ICP rules out, and some with gaps in the data.
    const company = makeCompany(
      random,
      taken,
      i % 37 === 5 ? 'Government' : i % 41 === 7 ? 'Gambling' : undefined,
    )
    return [
      company.name,
      company.domain,
      random.chance(0.04) ? '' : company.industry,
      random.chance(0.05) ? '' : employeesCell(company.employees, random, 0.25),
      random.chance(0.15) ? '' : money(company.revenue, random),
      random.chance(0.03) ? '' : company.country,
      company.tools.join('; '),
      company.funding,
      random.pick(owners),
      isoDate(Math.round(random.between(1, 90))),
    ]
  })
  writeCsv('accounts.csv', header, rows)
}

mkdirSync(outDir, { recursive: true })
customers()
accounts()
console.log(`wrote ${path.join(outDir, 'customers.csv')} and accounts.csv`)
