import { describe, expect, it } from 'vitest'
import { readCsv, type CsvTable } from '../../../shared/data/readCsv'
import { normalizeHeader, suggestMapping } from '../../../shared/data/suggestMapping'
import { readSample } from '../../helpers/datasets'

function table(text: string): CsvTable {
  return readCsv(text).table!
}

function named(csv: string, kind: 'customers' | 'accounts' = 'customers') {
  const read = table(csv)
  return suggestMapping(read, kind).map((target) => [
    read.headers[target.column],
    target.field === 'custom' ? `custom ${target.type}` : target.field,
  ])
}

describe('suggestMapping', () => {
  it('normalises header names: units in brackets, snake and camel case', () => {
    expect(normalizeHeader('Annual Revenue (USD)')).toBe('annual revenue')
    expect(normalizeHeader('tech_stack')).toBe('tech stack')
    expect(normalizeHeader('salesCycleDays')).toBe('sales cycle days')
    expect(normalizeHeader('# of Employees')).toBe('number of employees')
  })

  it('maps HubSpot-style export headers to fields', () => {
    expect(
      named(
        'Company name,Company Domain Name,Industry,Number of Employees,Annual Revenue,Country/Region,Lifetime value,Days to close\nA,a.com,SaaS,10,1,US,5,3',
      ),
    ).toEqual([
      ['Company name', 'name'],
      ['Company Domain Name', 'domain'],
      ['Industry', 'industry'],
      ['Number of Employees', 'employees'],
      ['Annual Revenue', 'revenue'],
      ['Country/Region', 'country'],
      ['Lifetime value', 'clv'],
      ['Days to close', 'salesCycleDays'],
    ])
  })

  it('maps the field keys themselves, as API users write them', () => {
    expect(
      named('name,industry,employees,techStack,country\nA,SaaS,10,HubSpot,US', 'accounts'),
    ).toEqual([
      ['name', 'name'],
      ['industry', 'industry'],
      ['employees', 'employees'],
      ['techStack', 'techStack'],
      ['country', 'country'],
    ])
  })

  it('prefers an exact header to one that merely contains a field name', () => {
    expect(named('Customer Lifetime Value 2024,CLV\n1,2')).toEqual([['CLV', 'clv']])
    expect(named('Customer Lifetime Value 2024,Region\n1,2')).toEqual([
      ['Customer Lifetime Value 2024', 'clv'],
      ['Region', 'country'],
    ])
  })

  it('does not read one-word names inside longer headers ("Deal Stage" is no funding stage)', () => {
    expect(named('Deal Stage,Size Notes\nWon,big')).toEqual([])
  })

  it('leaves value fields out for accounts', () => {
    expect(named('Company,CLV\nA,5', 'accounts')).toEqual([['Company', 'name']])
  })

  it('offers left-over yes/no and category columns as custom attributes, never ids or free text', () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `${i},c${i}@x.com,${i % 2 ? 'Yes' : 'No'},${['Gold', 'Silver'][i % 2]},note ${i}`,
    )
    expect(named(['Record ID,Email,Hiring SDRs,Tier,Remarks', ...rows].join('\n'))).toEqual([
      ['Hiring SDRs', 'custom boolean'],
      ['Tier', 'custom category'],
    ])
  })

  it('maps every column of the demo files', () => {
    expect(named(readSample('customers.csv'))).toEqual([
      ['Company Name', 'name'],
      ['Website', 'domain'],
      ['Industry', 'industry'],
      ['Employees', 'employees'],
      ['Annual Revenue', 'revenue'],
      ['Country', 'country'],
      ['Tech Stack', 'techStack'],
      ['Funding Stage', 'funding'],
      ['Lifetime Value (USD)', 'clv'],
      ['Sales Cycle (days)', 'salesCycleDays'],
      ['Tenure (months)', 'retentionMonths'],
      ['Churned', 'churned'],
      ['NPS', 'nps'],
      ['Hiring SDRs', 'custom boolean'],
    ])
    expect(named(readSample('accounts.csv'), 'accounts')).toEqual([
      ['Account', 'name'],
      ['Domain', 'domain'],
      ['Industry', 'industry'],
      ['Headcount', 'employees'],
      ['Revenue', 'revenue'],
      ['HQ Country', 'country'],
      ['Technologies', 'techStack'],
      ['Stage', 'funding'],
    ])
  })
})
