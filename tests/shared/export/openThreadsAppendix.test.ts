import type { TLRecord } from '@tldraw/tlschema'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { compile } from '../../../shared/compile/compileBoard'
import { icpDocumentJsonSchema, type IcpOpenThread } from '../../../shared/compile/icpDocument'
import { toJson } from '../../../shared/export/toJson'
import { toMarkdown } from '../../../shared/export/toMarkdown'
import seedVideoGame from '../../fixtures/seed-video-game.board.json'

const [doc] = compile(seedVideoGame as unknown as TLRecord[], { today: '2026-11-23' })

const openThreads: IcpOpenThread[] = [
  {
    id: 'thread-1',
    shapeId: 'shape:vg-industry',
    anchorLabel: 'Attribute “Industry: video game”',
    comments: [
      { author: 'Dana', createdAt: '2026-11-20T09:30:00.000Z', body: 'Mobile *and* console?' },
      { author: 'Lee', createdAt: '2026-11-20T10:05:12.000Z', body: '@Dana both.\nCRM agrees.' },
    ],
  },
]

describe('the open threads appendix', () => {
  it('ends the Markdown with each open thread and its comments, escaped', () => {
    const markdown = toMarkdown(doc!, { openThreads })
    expect(
      markdown.endsWith(
        [
          '## Appendix: open comment threads',
          '',
          '_1 thread was still open at export._',
          '',
          '### Attribute “Industry: video game”',
          '',
          '- **Dana** (2026-11-20 09:30 UTC): Mobile \\*and\\* console?',
          '- **Lee** (2026-11-20 10:05 UTC): @Dana both. CRM agrees.',
          '',
        ].join('\n'),
      ),
    ).toBe(true)
  })

  it('says so when every thread is resolved', () => {
    expect(toMarkdown(doc!, { openThreads: [] })).toContain(
      '## Appendix: open comment threads\n\n_No open threads: every comment was resolved._\n',
    )
  })

  it('leaves existing calls unchanged, including docs.map(toMarkdown)', () => {
    const plain = toMarkdown(doc!)
    expect(plain).not.toContain('Appendix')
    expect([doc!].map(toMarkdown)).toEqual([plain])
    expect(toJson(doc!)).toBe(`${JSON.stringify(doc, null, 2)}\n`)
  })

  it('adds the threads to the JSON, which still validates against the schema', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      icpDocumentJsonSchema(),
    )
    const parsed: unknown = JSON.parse(toJson(doc!, { openThreads }))
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true)
    expect(parsed).toEqual({ ...doc, openThreads })
  })
})
