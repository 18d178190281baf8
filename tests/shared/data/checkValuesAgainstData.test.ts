import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { compile } from '../../../shared/compile/compileBoard'
import { checkValuesAgainstData, measureWith } from '../../../shared/data/checkValuesAgainstData'
import type { AttributeCardProps } from '../../../shared/schema/attributeCard'
import type { DisqualifierCardProps } from '../../../shared/schema/disqualifierCard'
import { BoardBuilder } from '../../helpers/boardBuilder'
import { datasetFromCsv, readSample } from '../../helpers/datasets'

const data = {
  customers: datasetFromCsv(readSample('customers.csv'), 'customers'),
  accounts: datasetFromCsv(readSample('accounts.csv'), 'accounts'),
}

/** How many rows of a sample hold `value` in `column`, counted straight from the CSV. */
function countOf(name: 'customers.csv' | 'accounts.csv', column: string, value: string): number {
  const rows = Papa.parse<Record<string, string>>(readSample(name), {
    header: true,
    skipEmptyLines: true,
  }).data
  return rows.filter((row) => row[column] === value).length
}

function warningsOf(
  attributes: Partial<AttributeCardProps>[],
  disqualifiers: Partial<DisqualifierCardProps>[] = [],
) {
  const board = new BoardBuilder()
  const page = board.page('Data')
  board.statement({ parent: page }, { name: 'Data' })
  attributes.forEach((props, i) =>
    board.attribute({ parent: page, id: `a${i}`, x: 0, y: 300 + 200 * i }, props),
  )
  disqualifiers.forEach((props, i) =>
    board.disqualifier({ parent: page, id: `d${i}`, x: 900, y: 300 + 200 * i }, props),
  )
  return checkValuesAgainstData(compile(board.records())[0]!, measureWith(data))
}

describe('checkValuesAgainstData', () => {
  it('says nothing about values that fit some row', () => {
    expect(
      warningsOf(
        [
          { category: 'location', value: 'US and Canada' },
          { category: 'funding', value: 'Series A–C' },
          { category: 'employees', value: '200 to 1,000' },
        ],
        [{ kind: 'industry', rule: 'Government entities' }],
      ),
    ).toEqual([])
  })

  it('warns about a value that fits no customer and no account, with the values the data has', () => {
    const us = countOf('customers.csv', 'Country', 'United States')
    const canada = countOf('customers.csv', 'Country', 'Canada')
    const warnings = warningsOf([
      { category: 'location', value: 'USA and Canada', valueKind: 'text' },
    ])
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toEqual({
      code: 'valueMatchesNoRow',
      severity: 'warning',
      message: expect.stringMatching(
        new RegExp(
          `^No customer's Country fits "USA and Canada" \\(read as text: contains "USA and Canada"\\); the data has (Canada \\(${canada}\\), United States \\(${us}\\)|United States \\(${us}\\), Canada \\(${canada}\\)), `,
        ),
      ),
      shapeIds: ['shape:a0'],
    })
    expect(warnings[1]!.message).toMatch(/^No account's HQ Country fits "USA and Canada"/)
  })

  it('suggests the spelling the accounts use for a misspelt disqualifier', () => {
    const government = countOf('accounts.csv', 'Industry', 'Government')
    expect(warningsOf([], [{ kind: 'industry', rule: 'Goverment' }])).toEqual([
      {
        code: 'valueMatchesNoRow',
        severity: 'info',
        message: expect.stringContaining(
          `No account's Industry fits the disqualifier "Goverment" (read as Goverment); the data has Government (${government}), `,
        ),
        shapeIds: ['shape:d0'],
      },
    ])
  })

  it('gives the span of a number column', () => {
    const [warning] = warningsOf([{ category: 'employees', value: '>= 100,000' }])
    expect(warning?.message).toMatch(
      /^No customer's Employees fits "at least 100,000" \(read as amount: at least 100,000\); its values run from \d[\d,]* to \d[\d,]*\.$/,
    )
  })
})
