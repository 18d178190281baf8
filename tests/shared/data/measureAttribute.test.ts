import { describe, expect, it } from 'vitest'
import { measureAttribute } from '../../../shared/data/measureAttribute'
import { parseValue } from '../../../shared/values/parseValue'
import { datasetFromCsv } from '../../helpers/datasets'

const customers = datasetFromCsv(
  [
    'Company,Industry,Employees,Annual revenue,Hiring SDRs',
    'Acme,B2B SaaS,450,$20M,yes', // 2
    'Globex,Retail,"201-500",$5M,no', // 3
    'Initech,SaaS,,€30M,yes', // 4 (EUR: never fits a $ criterion)
    'Hooli,Fintech,2000,,no', // 5
  ].join('\n'),
  'customers',
  [
    { column: 0, field: 'name' },
    { column: 1, field: 'industry' },
    { column: 2, field: 'employees' },
    { column: 4, field: 'custom', type: 'boolean', label: 'Hiring SDRs' },
  ],
)
const best = new Set([2, 4, 5])

describe('measureAttribute', () => {
  it('counts best customers and all customers that fit, and blanks as unknown', () => {
    const evidence = measureAttribute(customers, best, {
      category: 'employees',
      label: '',
      parsed: parseValue('200-1,000 employees'),
    })
    expect(evidence).toMatchObject({
      status: 'measured',
      best: { matched: 1, total: 3, unknown: 1 },
      overall: { matched: 2, total: 4, unknown: 1 },
    })
  })

  it('matches categories by whole words', () => {
    const evidence = measureAttribute(customers, best, {
      category: 'industry',
      label: '',
      parsed: parseValue('SaaS'),
    })
    expect(evidence).toMatchObject({ best: { matched: 2, total: 3 }, overall: { matched: 2 } })
  })

  it('finds a custom column by the card label', () => {
    const evidence = measureAttribute(customers, best, {
      category: 'specialized',
      label: 'Hiring SDRs',
      parsed: parseValue('yes'),
    })
    expect(evidence).toMatchObject({ status: 'measured', best: { matched: 2, total: 3 } })
  })

  it('says when the data has no column, or the value constrains nothing', () => {
    expect(
      measureAttribute(customers, best, {
        category: 'funding',
        label: '',
        parsed: parseValue('Seed'),
      }),
    ).toEqual({ status: 'noField' })
    expect(
      measureAttribute(customers, best, {
        category: 'industry',
        label: '',
        parsed: parseValue('any'),
      }),
    ).toEqual({ status: 'noConstraint' })
    expect(
      measureAttribute(customers, best, {
        category: 'industry',
        label: '',
        parsed: parseValue(''),
      }),
    ).toEqual({ status: 'noConstraint' })
  })
})
