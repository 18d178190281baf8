import { describe, expect, it } from 'vitest'
import { buildDataset, maxListedProblems } from '../../../shared/data/buildDataset'
import type { ColumnMapping } from '../../../shared/data/dataset'
import { readCsv, type CsvTable } from '../../../shared/data/readCsv'

function table(text: string): CsvTable {
  const { table, problems } = readCsv(text)
  if (!table || problems.length > 0) throw new Error(JSON.stringify(problems))
  return table
}

const crmExport = table(
  [
    'Company,Industry,employees,Revenue,Tech stack,Churned,NPS,CLV,Hiring SDRs',
    'Acme,SaaS,250,$1.2M,HubSpot; Slack,No,9,"$45,000",yes',
    'Globex,Retail,"500-1,000 employees",€3M,Salesforce|Zendesk,Yes,4,12k,no',
    'Initech,,"10,001+",,,active,,,',
  ].join('\n'),
)

const crmMapping: ColumnMapping = [
  { column: 0, field: 'name' },
  { column: 1, field: 'industry' },
  { column: 2, field: 'employees' },
  { column: 4, field: 'techStack' },
  { column: 5, field: 'churned' },
  { column: 6, field: 'nps' },
  { column: 7, field: 'clv' },
  { column: 8, field: 'custom', type: 'boolean', label: 'Hiring SDRs' },
]

describe('buildDataset', () => {
  it('reads every mapped cell by its field type; blank cells stay unknown', () => {
    const result = buildDataset(crmExport, crmMapping, 'customers')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.rows).toEqual([
      {
        row: 2,
        values: {
          name: 'Acme',
          industry: 'SaaS',
          employees: 250,
          techStack: ['HubSpot', 'Slack'],
          churned: false,
          nps: 9,
          clv: 45000,
          'custom:hiring-sdrs': true,
        },
      },
      {
        row: 3,
        values: {
          name: 'Globex',
          industry: 'Retail',
          employees: { min: 500, max: 1000 },
          techStack: ['Salesforce', 'Zendesk'],
          churned: true,
          nps: 4,
          clv: 12000,
          'custom:hiring-sdrs': false,
        },
      },
      { row: 4, values: { name: 'Initech', employees: { min: 10001, max: null }, churned: false } },
    ])
    expect(result.fields.map((field) => [field.key, field.type, field.role, field.column])).toEqual(
      [
        ['name', 'text', 'identity', 'Company'],
        ['industry', 'category', 'attribute', 'Industry'],
        ['employees', 'number', 'attribute', 'employees'],
        ['techStack', 'list', 'attribute', 'Tech stack'],
        ['churned', 'boolean', 'value', 'Churned'],
        ['nps', 'number', 'value', 'NPS'],
        ['clv', 'money', 'value', 'CLV'],
        ['custom:hiring-sdrs', 'boolean', 'attribute', 'Hiring SDRs'],
      ],
    )
    expect(result.fields.find((field) => field.key === 'clv')?.currency).toBe('USD')
  })

  it('lists every bad cell with its row number and imports nothing', () => {
    const bad = table(
      [
        'Company,employees,NPS,Churned,CLV',
        'Acme,250,9,no,$10k',
        ...Array.from({ length: 14 }, (_, i) => `Filler ${i},10,5,no,$1k`),
        'Hooli,abc,11,maybe,$5M',
        'Pied Piper,-3,7,no,£2M',
      ].join('\n'),
    )
    const result = buildDataset(
      bad,
      [
        { column: 0, field: 'name' },
        { column: 1, field: 'employees' },
        { column: 2, field: 'nps' },
        { column: 3, field: 'churned' },
        { column: 4, field: 'clv' },
      ],
      'customers',
    )
    expect(result).toEqual({
      ok: false,
      problemCount: 5,
      problems: [
        { row: 17, message: 'Row 17: employees "abc" is not a number.' },
        { row: 17, message: 'Row 17: NPS "11" is outside 0 to 10.' },
        { row: 17, message: 'Row 17: Churned "maybe" is not yes or no.' },
        { row: 18, message: 'Row 18: employees "-3" is below 0.' },
        { row: 18, message: 'Row 18: CLV "£2M" is in GBP, the rest of the column in USD.' },
      ],
    })
  })

  it('refuses money in a plain number column and text in a money column', () => {
    const result = buildDataset(
      table('Size,Revenue\n$500,lots\n'),
      [
        { column: 0, field: 'employees' },
        { column: 1, field: 'revenue' },
      ],
      'accounts',
    )
    expect(result.ok ? [] : result.problems.map((problem) => problem.message)).toEqual([
      'Row 2: Size "$500" is an amount of money, not a number.',
      'Row 2: Revenue "lots" is not an amount.',
    ])
  })

  it('checks the mapping before any cell', () => {
    const result = buildDataset(
      table('A,B,C\n1,2,3\n'),
      [
        { column: 0, field: 'employees' },
        { column: 1, field: 'employees' },
        { column: 2, field: 'clv' },
        { column: 7, field: 'industry' },
      ],
      'accounts',
    )
    expect(result.ok ? [] : result.problems.map((problem) => problem.message)).toEqual([
      'Two columns are mapped to Employees: "A" and "B". Keep one.',
      '"C" is mapped to Lifetime value (CLV), a value field: only the customer data set has value fields.',
      'Column 8 does not exist: the file has 3 columns.',
    ])
    expect(buildDataset(table('A\n1\n'), [], 'customers')).toEqual({
      ok: false,
      problemCount: 1,
      problems: [{ row: null, message: 'Map at least one column to a field.' }],
    })
  })

  it('lists at most a hundred problems but counts them all', () => {
    const rows = Array.from({ length: 150 }, () => 'x')
    const result = buildDataset(
      table(['Size', ...rows].join('\n')),
      [{ column: 0, field: 'employees' }],
      'accounts',
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problemCount).toBe(150)
    expect(result.problems).toHaveLength(maxListedProblems)
  })
})
