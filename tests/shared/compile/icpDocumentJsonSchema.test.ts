import { fileURLToPath } from 'node:url'
import type { TLRecord } from '@tldraw/tlschema'
import Ajv2020 from 'ajv/dist/2020'
import { format, resolveConfig } from 'prettier'
import { describe, expect, it } from 'vitest'
import { compile } from '../../../shared/compile/compileBoard'
import {
  icpDocumentJsonSchema,
  icpDocumentSchema,
  icpDocumentSchemaId,
} from '../../../shared/compile/icpDocument'
import { generateBoard } from '../../helpers/boardBuilder'
import seedTea from '../../fixtures/seed-tea.board.json'
import seedVideoGame from '../../fixtures/seed-video-game.board.json'

const schemaFile = fileURLToPath(
  new URL('../../../shared/compile/icp-document.v1.schema.json', import.meta.url),
)

const documents = [
  ...compile(seedVideoGame as unknown as TLRecord[], { today: '2026-11-23' }),
  ...compile(seedTea as unknown as TLRecord[]),
  ...compile(generateBoard(300)),
]

describe('IcpDocument JSON Schema', () => {
  // The committed file is this generator's output: `npx vitest run -u <this file>` rewrites it.
  it('the committed schema file is the schema generated from the zod declaration', async () => {
    const config = await resolveConfig(schemaFile)
    const text = await format(JSON.stringify(icpDocumentJsonSchema()), {
      ...config,
      filepath: schemaFile,
    })
    await expect(text).toMatchFileSnapshot(schemaFile)
    expect(JSON.parse(text)).toEqual(icpDocumentJsonSchema())
  })

  it('is a versioned draft 2020-12 schema with an $id', () => {
    expect(icpDocumentJsonSchema()).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: icpDocumentSchemaId,
      title: 'ICP document',
      type: 'object',
      additionalProperties: false,
      properties: { schemaVersion: { const: 1 } },
    })
  })

  it('accepts every compiled document, and the zod schema parses them unchanged', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      icpDocumentJsonSchema(),
    )
    for (const doc of documents) {
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
      expect(icpDocumentSchema.parse(doc)).toEqual(doc)
    }
  })

  it('rejects a document with a wrong version, an unknown warning code or an extra field', () => {
    const validate = new Ajv2020({ strict: false }).compile(icpDocumentJsonSchema())
    const [doc] = documents
    expect(validate({ ...doc, schemaVersion: 2 })).toBe(false)
    expect(
      validate({ ...doc, warnings: [{ code: 'madeUp', severity: 'info', message: 'x' }] }),
    ).toBe(false)
    expect(validate({ ...doc, extra: true })).toBe(false)
  })
})
