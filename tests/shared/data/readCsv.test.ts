import { describe, expect, it } from 'vitest'
import { readCsv } from '../../../shared/data/readCsv'

describe('readCsv', () => {
  it('reads a header and rows, numbering rows as a spreadsheet does', () => {
    const { table, problems } = readCsv('Company,Industry\r\nAcme,SaaS\r\nGlobex,Retail\r\n')
    expect(problems).toEqual([])
    expect(table).toEqual({
      headers: ['Company', 'Industry'],
      rows: [
        { row: 2, cells: ['Acme', 'SaaS'] },
        { row: 3, cells: ['Globex', 'Retail'] },
      ],
      delimiter: ',',
    })
  })

  it('drops a byte-order mark, detects semicolons and keeps quoted commas and line breaks', () => {
    const { table } = readCsv('\uFEFFName;Notes\nAcme;"a; b"\n"Glo\nbex";"says ""hi"""\n')
    expect(table?.headers).toEqual(['Name', 'Notes'])
    expect(table?.delimiter).toBe(';')
    expect(table?.rows).toEqual([
      { row: 2, cells: ['Acme', 'a; b'] },
      { row: 3, cells: ['Glo\nbex', 'says "hi"'] },
    ])
  })

  it('skips blank rows but keeps the numbers of the rows after them', () => {
    const { table } = readCsv('Name\nAcme\n\n,\nGlobex\n')
    expect(table?.rows.map((row) => row.row)).toEqual([2, 5])
  })

  it('names blank headers after their position and pads short rows with blanks', () => {
    const { table, problems } = readCsv('Name,,Size\nAcme\n')
    expect(problems).toEqual([])
    expect(table?.headers).toEqual(['Name', 'Column 2', 'Size'])
    expect(table?.rows).toEqual([{ row: 2, cells: ['Acme', '', ''] }])
  })

  it('reports a row with more values than the header, by row number', () => {
    const { problems } = readCsv('Name,Size\nAcme,10\nGlobex,1,200\n')
    expect(problems).toEqual([
      {
        row: 3,
        message:
          'Row 3: has 3 values but the header has 2 columns (is a value with a comma missing its quotes?).',
      },
    ])
  })

  it('reports a quote that is never closed', () => {
    const { problems } = readCsv('Name,Size\nAcme,10\n"Globex,20\n')
    expect(problems.map((problem) => problem.message)).toContain(
      'Row 3: a quoted value is never closed (a " is missing).',
    )
  })

  it('refuses empty files and files without rows', () => {
    expect(readCsv('').problems).toEqual([{ row: null, message: 'The file is empty.' }])
    expect(readCsv('\n \n').problems).toEqual([{ row: null, message: 'The file is empty.' }])
    expect(readCsv('Name,Size\n').problems).toEqual([
      { row: null, message: 'The file has a header row but no data rows.' },
    ])
  })

  it('stops reading past the row limit and says so', () => {
    const text = ['Name', ...Array.from({ length: 20 }, (_, i) => `Company ${i}`)].join('\n')
    const result = readCsv(text, { maxRows: 10 })
    expect(result.isOverRowLimit).toBe(true)
    expect(result.table?.rows).toHaveLength(10)
    expect(readCsv(text, { maxRows: 20 }).isOverRowLimit).toBe(false)
  })
})
