import { fileURLToPath } from 'node:url'
import type { TLRecord } from '@tldraw/tlschema'
import Ajv2020 from 'ajv/dist/2020'
import { format, resolveConfig } from 'prettier'
import { describe, expect, it } from 'vitest'
import { compileBoard } from '../../../shared/compile/compileBoard'
import {
  icpBoardExportJsonSchema,
  icpBoardExportSchema,
  icpBoardExportSchemaId,
  type IcpBoardExport,
} from '../../../shared/compile/icpBoardExport'
import { icpDocumentJsonSchema } from '../../../shared/compile/icpDocument'
import seedTea from '../../fixtures/seed-tea.board.json'
import seedVideoGame from '../../fixtures/seed-video-game.board.json'

const schemaFile = fileURLToPath(
  new URL('../../../shared/compile/icp-board-export.v1.schema.json', import.meta.url),
)

const records = [...seedVideoGame, ...seedTea.filter((record) => record.typeName !== 'document')]
const { icps, unassigned } = compileBoard(records as unknown as TLRecord[], { today: '2026-11-23' })
const exported: IcpBoardExport = {
  schemaVersion: 1,
  board: { roomId: 'room-123456', name: 'Growth workshop', exportedAt: '2026-11-23T10:00:00.000Z' },
  icps,
  unassigned,
}

function compileValidator() {
  return new Ajv2020({ allErrors: true, strict: false })
    .addFormat('date-time', (text: string) => !Number.isNaN(Date.parse(text)))
    .addSchema(icpDocumentJsonSchema())
    .compile(icpBoardExportJsonSchema())
}

describe('ICP board export JSON Schema', () => {
  // The committed file is this generator's output: `npx vitest run -u <this file>` rewrites it.
  it('the committed schema file is the schema generated from the zod declaration', async () => {
    const config = await resolveConfig(schemaFile)
    const text = await format(JSON.stringify(icpBoardExportJsonSchema()), {
      ...config,
      filepath: schemaFile,
    })
    await expect(text).toMatchFileSnapshot(schemaFile)
    expect(JSON.parse(text)).toEqual(icpBoardExportJsonSchema())
  })

  it('is a versioned draft 2020-12 schema whose ICPs refer to the IcpDocument schema', () => {
    expect(icpBoardExportJsonSchema()).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: icpBoardExportSchemaId,
      title: 'ICP board export',
      additionalProperties: false,
      properties: {
        schemaVersion: { const: 1 },
        icps: { items: { $ref: 'https://icp-workshop.local/schemas/icp-document/v1.json' } },
      },
    })
  })

  it('accepts an export of compiled fixture boards, and the zod schema parses it unchanged', () => {
    const validate = compileValidator()
    expect(icps).toHaveLength(2)
    expect(validate(exported), JSON.stringify(validate.errors)).toBe(true)
    expect(icpBoardExportSchema.parse(exported)).toEqual(exported)
  })

  it('rejects a wrong version, a timestamp that is not ISO 8601 and an invalid ICP inside', () => {
    const validate = compileValidator()
    expect(validate({ ...exported, schemaVersion: 2 })).toBe(false)
    expect(validate({ ...exported, board: { ...exported.board, exportedAt: 'yesterday' } })).toBe(
      false,
    )
    expect(validate({ ...exported, icps: [{ ...icps[0], schemaVersion: 2 }] })).toBe(false)
  })
})
