import { describe, expect, it } from 'vitest'
import { splitList } from '../../../shared/values/splitList'

describe('splitList', () => {
  it.each([
    ['US and Canada', ['US', 'Canada']],
    ['US or Canada', ['US', 'Canada']],
    ['US/Canada', ['US', 'Canada']],
    ['US & Canada', ['US', 'Canada']],
    ['US, Canada; Mexico', ['US', 'Canada', 'Mexico']],
    ['Shopify + QuickBooks', ['Shopify', 'QuickBooks']],
    ['Shopify+QuickBooks', ['Shopify', 'QuickBooks']],
    ['HubSpot and/or Salesforce', ['HubSpot', 'Salesforce']],
    ['either SaaS or Fintech', ['SaaS', 'Fintech']],
    ['both Shopify and Xero', ['Shopify', 'Xero']],
    ['US, UK etc.', ['US', 'UK']],
    ['US and Canada only', ['US', 'Canada']],
    ['US, us, Canada', ['US', 'Canada']],
    ['24/7 support', ['24/7 support']],
    ['1,000 or more', ['1,000', 'more']],
    ['C++', ['C++']],
    ['Series B+ or IPO', ['Series B+', 'IPO']],
    ['R&D', ['R&D']],
  ])('splits %j into %j', (text, items) => {
    expect(splitList(text, 'full')).toEqual(items)
  })

  it('keeps neighbours that name one thing together, as written', () => {
    const isOneTerm = (phrase: string) => /^Bosnia and Herzegovina$|^Oil & Gas$/.test(phrase)
    expect(splitList('Bosnia and Herzegovina or Serbia', 'full', isOneTerm)).toEqual([
      'Bosnia and Herzegovina',
      'Serbia',
    ])
    expect(splitList('Oil & Gas, Mining', 'full', isOneTerm)).toEqual(['Oil & Gas', 'Mining'])
  })

  it('splits free text only at commas, semicolons, bars, " or " and " / "', () => {
    expect(splitList('active and outdoorsy', 'basic')).toEqual(['active and outdoorsy'])
    expect(splitList('Gen Z, Millennials or Gen X', 'basic')).toEqual([
      'Gen Z',
      'Millennials',
      'Gen X',
    ])
  })
})
