import type { TLRecord } from '@tldraw/tlschema'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { compile } from '../../../shared/compile/compileBoard'
import {
  csvColumns,
  neutralizeFormula,
  operatorOf,
  quoteCsvCell,
  toCsv,
} from '../../../shared/export/toCsv'
import { parseValue } from '../../../shared/values/parseValue'
import { BoardBuilder } from '../../helpers/boardBuilder'
import seedVideoGame from '../../fixtures/seed-video-game.board.json'

function parseCsv(csv: string): string[][] {
  return Papa.parse<string[]>(csv.replace(/\r\n$/, ''), { newline: '\r\n' }).data
}

describe('toCsv', () => {
  it('writes one row per attribute and disqualifier under a CRM-import header', () => {
    const docs = compile(seedVideoGame as unknown as TLRecord[])
    expect(toCsv(docs).split('\r\n')).toEqual([
      'icp,icp_id,kind,shape_id,group,category,category_label,label,value,reading,value_type,operator,min,max,currency,unit,set_items,accepted_values,is_key,importance,weight,votes,evidence_source,evidence_note,reason',
      'Video game brands,shape:vg-statement,attribute,shape:vg-industry,firmographic,industry,Industry,Industry,video game,Video games,set,in,,,,,video game,Video games,true,must,1,0,CRM,,',
      'Video game brands,shape:vg-statement,attribute,shape:vg-business-model,firmographic,businessModel,Business model,Business model,B2C,B2C,set,in,,,,,B2C,B2C,true,must,1,0,CRM,All top-10 accounts sell to gamers,',
      'Video game brands,shape:vg-statement,attribute,shape:vg-employees,firmographic,employees,Number of employees,Employees,50-500 employees,amount: 50 to 500 employees,range,between,50,500,,employees,,,false,nice,1,0,CRM,,',
      'Video game brands,shape:vg-statement,attribute,shape:vg-budget,firmographic,budget,Budget,Branding budget,>= $1M,amount: at least $1M,range,>=,1000000,,USD,,,,true,must,1,0,Interview,,',
      'Video game brands,shape:vg-statement,attribute,shape:vg-location,firmographic,location,Location,Location,"US, Canada","any of: United States, Canada",set,in,,,,,US; Canada,United States; Canada,true,must,1,0,CRM,,',
      'Video game brands,shape:vg-statement,attribute,shape:vg-following,firmographic,customerBase,Customer base,Social media following,">= 100,000 people","amount: at least 100,000 people",range,>=,100000,,,people,,,true,must,1,0,Analytics,"Followers across Twitch, YouTube and X",',
      'Video game brands,shape:vg-statement,attribute,shape:vg-crm,technographic,technographic,Technology,CRM,Salesforce or HubSpot,"any of: Salesforce, HubSpot",set,in,,,,,Salesforce; HubSpot,Salesforce; HubSpot,false,nice,1,0,Survey,,',
      'Video game brands,shape:vg-statement,disqualifier,shape:vg-dq-budget,,budget,Budget,Budget,"< $250,000","amount: under $250,000",range,<,,250000,USD,,,,,,,,,,Below our minimum engagement',
      'Video game brands,shape:vg-statement,disqualifier,shape:vg-dq-region,,region,Region,Region,"China, Russia","any of: China, Russia",set,in,,,,,China; Russia,China; Russia,,,,,,,We cannot serve these regions',
      '',
    ])
  })

  it('writes only the header for no documents', () => {
    expect(toCsv([])).toBe(`${csvColumns.join(',')}\r\n`)
  })

  it('neutralises formulas and quotes hostile cells so they survive a round trip as text', () => {
    const hostile = [
      '=HYPERLINK("http://evil","click")',
      '+1+1',
      '-2+3',
      '@SUM(A1:A2)',
      '\tTAB',
      '\rCR',
      '  =1+1',
      '＝1+1',
      'say "hi", then\nleave',
      'plain text',
    ]
    const board = new BoardBuilder()
    const page = board.page('Hostile')
    board.statement({ parent: page }, { name: 'Hostile' })
    board.attribute({ parent: page, y: 300 }, { category: 'specialized', value: 'x' })
    const [doc] = compile(board.records())
    const template = doc!.attributes.specialized[0]!
    // Built by hand: compile trims card text, and these cells must reach the CSV as they are.
    const attributes = hostile.map((text, index) => ({
      ...template,
      shapeId: `shape:hostile-${index}`,
      label: text,
      value: text,
      parsed: { kind: 'text' as const, text },
      evidence: { ...template.evidence, note: text },
    }))
    const hostileDoc = {
      ...doc!,
      name: '=cmd|/c calc',
      attributes: { ...doc!.attributes, specialized: attributes },
    }

    const rows = parseCsv(toCsv([hostileDoc]))

    const isSafe = (text: string) => text === 'say "hi", then\nleave' || text === 'plain text'
    const expected = hostile.map((text) => (isSafe(text) ? text : `'${text}`))
    const column = (name: (typeof csvColumns)[number]) => csvColumns.indexOf(name)
    expect(rows).toHaveLength(hostile.length + 1)
    expect(rows.slice(1).map((row) => row[column('label')])).toEqual(expected)
    expect(rows.slice(1).map((row) => row[column('value')])).toEqual(expected)
    expect(rows.slice(1).map((row) => row[column('evidence_note')])).toEqual(expected)
    expect(rows.slice(1).map((row) => row[column('icp')])).toEqual(
      hostile.map(() => "'=cmd|/c calc"),
    )
  })

  it('quotes per RFC 4180 only where needed', () => {
    expect(
      ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', ' padded', ''].map(quoteCsvCell),
    ).toEqual(['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\rhere"', '" padded"', ''])
  })

  it('prefixes a quote to formula-like cells only', () => {
    expect(
      ['=1', '+1', '-1', '@a', '\t1', '\r1', ' =1', '1=1', 'a@b.com', ''].map(neutralizeFormula),
    ).toEqual(["'=1", "'+1", "'-1", "'@a", "'\t1", "'\r1", "' =1", '1=1', 'a@b.com', ''])
  })

  it('names the comparison of each kind of value', () => {
    expect(
      ['>= 5', '> 5', '<= 5', '< 5', '5', '5-10', 'A, B', 'text', 'any'].map((text) =>
        operatorOf(parseValue(text)),
      ),
    ).toEqual(['>=', '>', '<=', '<', '=', 'between', 'in', 'contains', 'any'])
    expect(
      operatorOf({
        kind: 'range',
        min: { value: 1, inclusive: false },
        max: { value: 5, inclusive: true },
        currency: null,
        unit: null,
      }),
    ).toBe('> and <=')
  })
})
