import type { TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { compileBoard } from '../../../shared/compile/compileBoard'
import { createBoardSchema } from '../../../shared/schema/boardSchema'
import { BoardBuilder, generateBoard } from '../../helpers/boardBuilder'
import { upToDateRecords } from '../../helpers/migrateRecords'
import seedTea from '../../fixtures/seed-tea.board.json'
import seedVideoGame from '../../fixtures/seed-video-game.board.json'

const schema = createBoardSchema()

function validate(records: readonly TLRecord[]) {
  for (const record of records) schema.validateRecord(null as never, record, 'initialize', null)
}

describe('fixture and generated boards', () => {
  it.each([
    ['seed-video-game', seedVideoGame],
    ['seed-tea', seedTea],
  ])(
    'the %s fixture holds records of the first card version that, migrated, pass the board schema',
    (_name, records) => {
      expect(() => validate(upToDateRecords(records))).not.toThrow()
    },
  )

  it('the board builder makes records that pass the board schema', () => {
    const board = new BoardBuilder()
    const page = board.page('All')
    const frame = board.frame({ parent: page, w: 100, h: 100, step: 4 })
    const persona = board.persona({ parent: frame }, { title: 'CFO' })
    const pain = board.painPoint({ parent: page }, { problem: 'Cost' })
    board.arrow(pain, persona, { parent: page })
    board.attribute({ parent: page }, { value: 'Tea' })
    board.disqualifier({ parent: page }, { rule: 'Gambling' })
    board.evidence({ parent: page }, { customer: 'Acme' })
    board.statement({ parent: page }, { name: 'All' })
    expect(() => validate(board.records())).not.toThrow()
  })

  it('generates a valid, deterministic board of the requested size with every card assigned', () => {
    const records = generateBoard(1000)
    expect(() => validate(records)).not.toThrow()
    expect(generateBoard(1000)).toEqual(records)
    const cards = records.filter(
      (record) => record.typeName === 'shape' && record.type.startsWith('icp-'),
    )
    expect(cards).toHaveLength(1000)
    const { icps, unassigned } = compileBoard(records, { today: '2026-11-23' })
    expect(icps).toHaveLength(4)
    expect(unassigned).toEqual([])
    expect(icps.reduce((sum, doc) => sum + doc.sourceShapeIds.length, 0)).toBe(1000)
  })
})
