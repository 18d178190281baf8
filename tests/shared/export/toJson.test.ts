import type { TLRecord } from '@tldraw/tlschema'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { compile } from '../../../shared/compile/compileBoard'
import { icpDocumentJsonSchema } from '../../../shared/compile/icpDocument'
import { toJson } from '../../../shared/export/toJson'
import seedTea from '../../fixtures/seed-tea.board.json'
import seedVideoGame from '../../fixtures/seed-video-game.board.json'

const docs = [
  ...compile(seedVideoGame as unknown as TLRecord[], { today: '2026-11-23' }),
  ...compile(seedTea as unknown as TLRecord[], { noun: 'client' }),
]

describe('toJson', () => {
  it('writes JSON that validates against the IcpDocument JSON Schema', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      icpDocumentJsonSchema(),
    )
    for (const doc of docs) {
      const parsed: unknown = JSON.parse(toJson(doc))
      expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true)
      expect(parsed).toEqual(doc)
    }
  })

  it('pretty-prints with two spaces and ends with a newline', () => {
    const json = toJson(docs[0]!)
    expect(json.startsWith('{\n  "schemaVersion": 1,\n  "id": "shape:vg-statement",\n')).toBe(true)
    expect(json.endsWith('}\n')).toBe(true)
  })
})
