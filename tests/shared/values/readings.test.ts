import { describe, expect, it } from 'vitest'
import type { ListMatch } from '../../../shared/schema/attributeCard'
import { acceptedValues, describeValue } from '../../../shared/values/describeValue'
import { matchesValue, type ValueCandidate } from '../../../shared/values/matchesValue'
import type { ValueFamily } from '../../../shared/values/parsedValue'
import { parseValue } from '../../../shared/values/parseValue'

/*
 * Real-world phrasing, family by family: what a card value is read as, and which data cells fit
 * it. The first rows of each table are the misreadings reported in issue 10.
 */

function reading(family: ValueFamily, value: string, listMatch: ListMatch = 'any'): string {
  return describeValue(parseValue(value, { family, listMatch })).text
}

function fits(
  family: ValueFamily,
  value: string,
  cell: ValueCandidate,
  listMatch: ListMatch = 'any',
): boolean {
  return matchesValue(parseValue(value, { family, listMatch }), cell)
}

describe('places', () => {
  it.each([
    ['US and Canada', 'any of: United States, Canada'],
    ['USA and Canada', 'any of: United States, Canada'],
    ['US & Canada', 'any of: United States, Canada'],
    ['U.S./Canada', 'any of: United States, Canada'],
    ['US + Canada', 'any of: United States, Canada'],
    ['US; Canada', 'any of: United States, Canada'],
    ['US, Canada and Mexico', 'any of: United States, Canada, Mexico'],
    ['America', 'United States'],
    ['United States of America', 'United States'],
    ['the States', 'United States'],
    ['US-based', 'United States'],
    ['based in the US', 'United States'],
    ['UK', 'United Kingdom'],
    ['U.K.', 'United Kingdom'],
    ['Great Britain', 'United Kingdom'],
    ['England', 'United Kingdom'],
    ['GB', 'United Kingdom'],
    ['DEU', 'Germany'],
    ['Deutschland', 'Germany'],
    ['Holland', 'Netherlands'],
    ['Bosnia and Herzegovina', 'Bosnia and Herzegovina'],
    ['Trinidad & Tobago', 'Trinidad and Tobago'],
    ['DACH', 'DACH (Germany, Austria, Switzerland)'],
    ['DACH region', 'DACH (Germany, Austria, Switzerland)'],
    ['Benelux', 'Benelux (Belgium, Netherlands, Luxembourg)'],
    ['Nordics', 'Nordics (Denmark, Finland, Iceland, Norway, Sweden)'],
    ['EMEA', 'EMEA (131 countries)'],
    ['North America', 'North America (United States, Canada, Mexico)'],
    ['EU', 'EU (27 countries)'],
    ['European Union', 'EU (27 countries)'],
    ['UK and Ireland', 'UK and Ireland (United Kingdom, Ireland)'],
    ['UK & EU', 'any of: United Kingdom, EU (27 countries)'],
    ['Cascadia', '"Cascadia" (as text)'],
    ['California or Texas', 'any of: "California" (as text), "Texas" (as text)'],
    ['worldwide', 'any value: narrows nothing'],
  ])('reads %j as %j', (value, expected) => {
    expect(reading('place', value)).toBe(expected)
  })

  it.each([
    ['US and Canada', 'United States', true],
    ['US and Canada', 'Canada', true],
    ['US and Canada', 'Mexico', false],
    ['USA', 'United States', true],
    ['United States', 'USA', true],
    ['US', 'U.S.A.', true],
    ['US', 'us', true],
    ['UK', 'United Kingdom', true],
    ['England', 'GB', true],
    ['UK', 'Ukraine', false],
    ['US, UK', 'Russia', false],
    ['North America', 'United States', true],
    ['North America', 'Brazil', false],
    ['EU', 'Germany', true],
    ['EU', 'United Kingdom', false],
    ['EU', 'Norway', false],
    ['Europe', 'Norway', true],
    ['EMEA', 'South Africa', true],
    ['EMEA', 'United Arab Emirates', true],
    ['EMEA', 'India', false],
    ['APAC', 'Japan', true],
    ['APAC', 'Australia', true],
    ['APAC', 'Saudi Arabia', false],
    ['LATAM', 'Mexico', true],
    ['LATAM', 'Brazil', true],
    ['LATAM', 'United States', false],
    ['DACH', 'Österreich', true],
    ['DACH', 'Switzerland', true],
    ['DACH', 'Sweden', false],
    ['Nordics', 'Sweden', true],
    ['Benelux', 'Luxembourg', true],
    ['Germany', 'Europe', false],
    ['EMEA', 'Europe', true],
    ['Germany', 'DE', true],
    ['Korea', 'Korea, Republic of', true],
    ['China, Russia', 'Russian Federation', true],
    ['US or Canada', 'Mexico, Canada', true],
    ['Zürich, Genève', 'zurich', true],
    ['California', 'San Francisco, California', true],
    ['California', 'United States', false],
  ])('place %j fits a %j cell: %s', (value, cell, expected) => {
    expect(fits('place', value, cell)).toBe(expected)
  })

  it('spells out the countries of a region for a CRM filter', () => {
    expect(acceptedValues(parseValue('North America', { family: 'place' }))).toEqual([
      'United States',
      'Canada',
      'Mexico',
    ])
    expect(acceptedValues(parseValue('EU', { family: 'place' }))).toHaveLength(27)
  })
})

describe('funding stages', () => {
  it.each([
    ['Series A–C', 'Series A to Series C'],
    ['Series A-C', 'Series A to Series C'],
    ['Series A to C', 'Series A to Series C'],
    ['Series A through Series C', 'Series A to Series C'],
    ['between Seed and Series B', 'Seed to Series B'],
    ['Seed to Series B', 'Seed to Series B'],
    ['Series B+', 'Series B or later'],
    ['Series B and above', 'Series B or later'],
    ['Series A or later', 'Series A or later'],
    ['post-seed', 'Series A or later'],
    ['up to Series A', 'up to Series A'],
    ['Series A or earlier', 'up to Series A'],
    ['pre-Series A', 'up to Seed'],
    ['pre-seed', 'Pre-seed'],
    ['Seed round', 'Seed'],
    ['Series A funded', 'Series A'],
    ['Series E', 'Series D+'],
    ['IPO', 'Public'],
    ['publicly traded', 'Public'],
    ['VC-backed', 'VC-backed (Seed to Series D+)'],
    ['venture-backed', 'VC-backed (Seed to Series D+)'],
    ['early stage', 'Early stage (up to Series A)'],
    ['Bootstrapped', 'Bootstrapped'],
    ['self-funded', 'Bootstrapped'],
    ['PE-backed', 'Private equity'],
    ['Seed or Series A', 'any of: Seed, Series A'],
    ['Series A, B or C', 'any of: Series A, Series B, Series C'],
    ['Bootstrapped or Seed', 'any of: Bootstrapped, Seed'],
    ['crowdfunded', '"crowdfunded" (as text)'],
  ])('reads %j as %j', (value, expected) => {
    expect(reading('funding', value)).toBe(expected)
  })

  it.each([
    ['Series A–C', 'Series A', true],
    ['Series A–C', 'Series B', true],
    ['Series A–C', 'Series C+', true],
    ['Series A–C', 'Seed', false],
    ['Series A–C', 'Public', false],
    ['Series A–C', 'Bootstrapped', false],
    ['Series B+', 'Series C+', true],
    ['Series B+', 'Public', true],
    ['Series B+', 'Series A', false],
    ['Series D+', 'Series C+', false],
    ['up to Series A', 'Seed', true],
    ['up to Series A', 'Series B', false],
    ['Seed', 'Seed round', true],
    ['Series B', 'series-b', true],
    ['Series B', 'Series B (2021)', true],
    ['IPO', 'Public', true],
    ['Public', 'Listed on NASDAQ', true],
    ['Public', 'Private', false],
    ['VC-backed', 'Series A', true],
    ['VC-backed', 'Bootstrapped', false],
    ['Bootstrapped', 'bootstrapped', true],
    ['Private equity', 'PE-backed', true],
  ])('funding %j fits a %j cell: %s', (value, cell, expected) => {
    expect(fits('funding', value, cell)).toBe(expected)
  })

  it('spells out the stages of a range for a CRM filter', () => {
    expect(acceptedValues(parseValue('Series A–C', { family: 'funding' }))).toEqual([
      'Series A',
      'Series B',
      'Series C',
    ])
  })
})

describe('seniority', () => {
  it.each([
    ['Director+', 'Director or above'],
    ['Director and above', 'Director or above'],
    ['VP or higher', 'VP or above'],
    ['Manager to VP', 'Manager to VP'],
    ['C-level', 'Executive'],
    ['C-suite', 'Executive'],
    ['up to Manager', 'up to Manager'],
    ['individual contributors', 'Individual contributor'],
    ['senior leadership', 'Leadership (Director or above)'],
  ])('reads %j as %j', (value, expected) => {
    expect(reading('seniority', value)).toBe(expected)
  })

  it.each([
    ['Director+', 'VP of Sales', true],
    ['Director+', 'CFO', true],
    ['Director+', 'Head of Marketing', true],
    ['Director+', 'Marketing Manager', false],
    ['Director+', 'Senior Software Engineer', false],
    ['C-level', 'Chief Revenue Officer', true],
    ['C-level', 'Vice President, Sales', false],
    ['Manager to VP', 'Senior Director', true],
    ['Manager to VP', 'Founder & CEO', false],
  ])('seniority %j fits a %j cell: %s', (value, cell, expected) => {
    expect(fits('seniority', value, cell)).toBe(expected)
  })
})

describe('categories', () => {
  it.each([
    ['Government entities', 'Government'],
    ['government agencies', 'Government'],
    ['Public sector', 'Government'],
    ['SaaS companies', 'SaaS'],
    ['Software as a Service', 'SaaS'],
    ['Healthcare sector', 'Healthcare'],
    ['health care', 'Healthcare'],
    ['Fintech firms', 'Fintech'],
    ['financial technology', 'Fintech'],
    ['Ecommerce', 'E-commerce'],
    ['online retail', 'E-commerce'],
    ['Non-profits', 'Nonprofit'],
    ['charities', 'Nonprofit'],
    ['Oil & Gas', 'Oil and gas'],
    ['Food and beverage', 'Food and beverage'],
    ['SaaS and Fintech', 'any of: SaaS, Fintech'],
    ['SaaS/Fintech', 'any of: SaaS, Fintech'],
    ['Gambling & betting', 'Gambling'],
    ['direct-to-consumer', 'D2C'],
    ['business to business', 'B2B'],
    ['tea', 'tea'],
  ])('reads %j as %j', (value, expected) => {
    expect(reading('category', value)).toBe(expected)
  })

  it.each([
    ['Government entities', 'Government', true],
    ['Government entities', 'Local government', true],
    ['Public sector', 'Government', true],
    ['Government', 'Public Sector', true],
    ['Government', 'Governance software', false],
    ['Gambling', 'Online gambling', true],
    ['Gambling', 'Casinos', true],
    ['SaaS', 'B2B SaaS', true],
    ['SaaS', 'saas', true],
    ['SaaS companies', 'SaaS', true],
    ['SaaS', 'Software', false],
    ['Software as a service', 'SaaS', true],
    ['E-commerce', 'Ecommerce', true],
    ['ecommerce', 'E-Commerce', true],
    ['Healthcare', 'Health Care', true],
    ['Healthcare', 'Healthcare & Life Sciences', true],
    ['Healthcare', 'Health insurance', true],
    ['Banks', 'Banking', true],
    ['Banking', 'Banks', true],
    ['Manufacturers', 'Manufacturing', true],
    ['Professional services firms', 'Professional Services', true],
    ['Financial services', 'Banking & Financial Services', true],
    ['Fintech', 'Financial Technology', true],
    ['Fintech', 'Finance', false],
    ['Retail', 'E-commerce', false],
    ['SaaS and Fintech', 'Fintech', true],
    ['SaaS and Fintech', 'Retail', false],
    ['video game', 'Video game publishing', true],
    ['video game', 'video gaming', false],
    ['Non-profit', 'Nonprofit organization', true],
  ])('category %j fits a %j cell: %s', (value, cell, expected) => {
    expect(fits('category', value, cell)).toBe(expected)
  })
})

describe('tools', () => {
  it.each([
    ['Shopify + QuickBooks', 'any', 'any of: Shopify, QuickBooks'],
    ['Shopify + QuickBooks', 'all', 'all of: Shopify, QuickBooks'],
    ['HubSpot and Salesforce', 'any', 'any of: HubSpot, Salesforce'],
    ['Salesforce or HubSpot', 'any', 'any of: Salesforce, HubSpot'],
    ['G Suite', 'any', 'Google Workspace'],
    ['Office 365', 'any', 'Microsoft 365'],
    ['SFDC', 'any', 'Salesforce'],
    ['uses HubSpot', 'any', 'HubSpot'],
    ['C++', 'any', 'C++'],
  ] as const)('reads %j (%s of) as %j', (value, listMatch, expected) => {
    expect(reading('tool', value, listMatch)).toBe(expected)
  })

  it.each([
    ['Shopify + QuickBooks', 'any', ['Shopify', 'Stripe'], true],
    ['Shopify + QuickBooks', 'all', ['Shopify', 'Stripe'], false],
    ['Shopify + QuickBooks', 'all', ['QuickBooks Online', 'Shopify Plus'], true],
    ['HubSpot', 'any', ['HubSpot', 'Slack'], true],
    ['HubSpot', 'any', ['Slack', 'Zendesk'], false],
    ['Zoho', 'any', ['Zoho CRM'], true],
    ['G Suite', 'any', ['Google Workspace'], true],
    ['Microsoft 365', 'any', ['Office 365'], true],
    ['Salesforce', 'any', 'Salesforce; Slack', true],
    ['marketing automation', 'any', ['Marketing automation (HubSpot)'], true],
  ] as const)('tools %j (%s of) fit %j: %s', (value, listMatch, cell, expected) => {
    expect(fits('tool', value, cell as ValueCandidate, listMatch)).toBe(expected)
  })
})

describe('amounts and size bands', () => {
  it.each([
    ['50–500 staff', 'amount: 50 to 500 staff'],
    ['at least 200 employees', 'amount: at least 200 employees'],
    ['1k–10k', 'amount: 1,000 to 10,000'],
    ['SMB', 'SMB: 1 to 99 employees'],
    ['mid-market', 'Mid-market: 100 to 999 employees'],
    ['Enterprise', 'Enterprise: at least 1,000 employees'],
    ['SMB and mid-market', 'SMB or Mid-market: 1 to 999 employees'],
    ['SMB or enterprise', 'text: contains "SMB or enterprise"'],
  ])('reads the employee count %j as %j', (value, expected) => {
    expect(reading('size', value)).toBe(expected)
  })

  it.each([
    ['$10M+', 'amount: at least $10M'],
    ['under €5k', 'amount: under €5,000'],
    ['$1-10M', 'amount: $1M to $10M'],
    ['between $1 million and $5 million', 'amount: $1M to $5M'],
    ['< $10,000', 'amount: under $10,000'],
    ['any', 'any value: narrows nothing'],
  ])('reads the amount %j as %j', (value, expected) => {
    expect(reading('amount', value)).toBe(expected)
  })

  it.each([
    ['50–500 staff', 120, true],
    ['50–500 staff', '201-500', true],
    ['50–500 staff', '501-1,000', false],
    ['at least 200 employees', '10,001+', true],
    ['SMB', 42, true],
    ['SMB', '51-200', false],
    ['mid-market', '201-500', true],
    ['mid-market', 1200, false],
    ['Enterprise', '1,001-5,000', true],
    ['Enterprise', '10,001+', true],
    ['SMB and mid-market', 640, true],
  ])('employees %j fit a %j cell: %s', (value, cell, expected) => {
    expect(fits('size', value, cell)).toBe(expected)
  })

  it.each([
    ['$10M+', '$12.5M', true],
    ['$10M+', '$9.9M', false],
    ['under €5k', '€4,999', true],
    ['under €5k', '$4,000', false],
    ['1k–10k', '5k', true],
  ])('amount %j fits a %j cell: %s', (value, cell, expected) => {
    expect(fits('amount', value, cell)).toBe(expected)
  })
})

describe('free text', () => {
  it.each([
    ['acme', 'text: contains "acme"'],
    ['posts weekly on Instagram', 'text: contains "posts weekly on Instagram"'],
    ['Gen Z, Millennials', 'text: contains any of "Gen Z", "Millennials"'],
  ])('reads %j as %j', (value, expected) => {
    expect(reading('general', value)).toBe(expected)
  })
})
