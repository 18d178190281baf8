import { describe, expect, it } from 'vitest'
import { compile, type CompileOptions } from '../../../shared/compile/compileBoard'
import type { IcpWarning, WarningCode } from '../../../shared/compile/icpDocument'
import type { AttributeCardProps } from '../../../shared/schema/attributeCard'
import type { StatementCardProps } from '../../../shared/schema/statementCard'
import { BoardBuilder } from '../../helpers/boardBuilder'

type Card = Partial<AttributeCardProps>

const healthyAttributes: readonly Card[] = [
  { category: 'businessModel', value: 'B2B' },
  { category: 'industry', value: 'Logistics' },
  { category: 'location', value: 'US, Canada' },
  { category: 'employees', value: '200-1,000' },
  { category: 'budget', value: '>= $50k' },
]

interface HealthBoard {
  attributes?: readonly Card[]
  statement?: Partial<StatementCardProps> | null
  personas?: 'none' | 'noDecisionMaker' | 'healthy'
  isPainLinked?: boolean
  disqualifiers?: number
  extra?: (board: BoardBuilder, page: string) => void
}

/**
 * Warnings of a one-ICP board that is healthy unless told otherwise: 5 evidenced must-have
 * attributes, a decision maker with a linked pain point, a disqualifier, a fresh review date.
 */
function warningsOf(
  {
    attributes = healthyAttributes,
    statement = {},
    personas = 'healthy',
    isPainLinked = true,
    disqualifiers = 1,
    extra,
  }: HealthBoard = {},
  options: CompileOptions = { today: '2026-11-23' },
): IcpWarning[] {
  const board = new BoardBuilder()
  const page = board.page('Health')
  if (statement) {
    board.statement(
      { parent: page, id: 'statement' },
      { name: 'Health', reviewDate: '2026-10-01', reviewCadenceMonths: 3, ...statement },
    )
  }
  attributes.forEach((card, index) =>
    board.attribute(
      { parent: page, id: `attribute-${index + 1}`, x: 0, y: 300 + index * 200 },
      { evidenceSource: 'crm', ...card },
    ),
  )
  if (personas !== 'none') {
    const persona = board.persona(
      { parent: page, id: 'persona', x: 2000, y: 300 },
      { title: 'VP Operations', role: personas === 'healthy' ? 'decisionMaker' : 'champion' },
    )
    const pain = board.painPoint(
      { parent: page, id: 'pain', x: 2000, y: 600 },
      { problem: 'Late shipments' },
    )
    if (isPainLinked) board.arrow(pain, persona, { parent: page })
  }
  for (let index = 0; index < disqualifiers; index++) {
    board.disqualifier(
      { parent: page, x: 3000, y: 300 + index * 200 },
      { kind: 'budget', rule: '< $5,000' },
    )
  }
  extra?.(board, page)
  return compile(board.records(), options)[0]?.warnings ?? []
}

function codes(warnings: readonly IcpWarning[]): WarningCode[] {
  return warnings.map((warning) => warning.code)
}

function find(warnings: readonly IcpWarning[], code: WarningCode): IcpWarning | undefined {
  return warnings.find((warning) => warning.code === code)
}

function many(count: number, card: Card = { category: 'goals', value: 'grow' }): Card[] {
  return [
    ...healthyAttributes,
    ...Array.from({ length: count - healthyAttributes.length }, () => card),
  ]
}

describe('health warnings', () => {
  it('a healthy ICP has no warnings', () => {
    expect(warningsOf()).toEqual([])
  })

  it('warns when the ICP has no statement card, and not when it has one', () => {
    expect(find(warningsOf({ statement: null }), 'noStatementCard')).toEqual({
      code: 'noStatementCard',
      severity: 'warning',
      message: 'This ICP has no statement card: add one to name the ICP and set its review date.',
    })
    expect(codes(warningsOf())).not.toContain('noStatementCard')
  })

  it('does not flag statement cards in separate frames as duplicates', () => {
    const board = new BoardBuilder()
    const page = board.page('Two')
    for (const x of [0, 2000]) {
      const frame = board.frame({ parent: page, x, w: 1000, h: 1000 })
      board.statement({ parent: frame }, { name: `ICP ${x}` })
    }
    expect(compile(board.records()).flatMap((doc) => codes(doc.warnings))).not.toContain(
      'duplicateStatementCard',
    )
  })

  it('reports an ICP without attributes as an error, and not once it has one', () => {
    expect(find(warningsOf({ attributes: [] }), 'emptyIcp')).toEqual({
      code: 'emptyIcp',
      severity: 'error',
      message:
        'This ICP has no attributes yet: add attribute cards and pick 5 to 7 key attributes.',
    })
    expect(
      codes(warningsOf({ attributes: [{ category: 'industry', value: 'Tea' }] })),
    ).not.toContain('emptyIcp')
  })

  it('warns about fewer than 5 key attributes, and not about exactly 5', () => {
    expect(
      find(warningsOf({ attributes: healthyAttributes.slice(0, 4) }), 'keyAttributesTooFew'),
    ).toEqual({
      code: 'keyAttributesTooFew',
      severity: 'warning',
      message: 'Only 4 key attributes: the strongest ICPs pick 5 to 7.',
      shapeIds: [
        'shape:attribute-1',
        'shape:attribute-2',
        'shape:attribute-3',
        'shape:attribute-4',
      ],
    })
    expect(codes(warningsOf({ attributes: healthyAttributes.slice(0, 5) }))).not.toContain(
      'keyAttributesTooFew',
    )
  })

  it('says so when attributes exist but none is key', () => {
    const attributes = healthyAttributes.map((card) => ({ ...card, importance: 'nice' as const }))
    expect(find(warningsOf({ attributes }), 'keyAttributesTooFew')?.message).toBe(
      'No key attributes yet: mark 5 to 7 attributes as must-haves or place them in the step 4 frame.',
    )
  })

  it('warns about more than 7 key attributes, and not about exactly 7', () => {
    expect(find(warningsOf({ attributes: many(8) }), 'keyAttributesTooMany')).toMatchObject({
      severity: 'warning',
      message: '8 key attributes: the strongest ICPs narrow them down to 5 to 7.',
    })
    expect(codes(warningsOf({ attributes: many(7) }))).not.toContain('keyAttributesTooMany')
  })

  it('warns that an ICP without industry and size is too broad', () => {
    expect(
      find(
        warningsOf({
          attributes: [
            { category: 'businessModel', value: 'B2B' },
            { category: 'location', value: 'US' },
          ],
        }),
        'tooBroad',
      ),
    ).toEqual({
      code: 'tooBroad',
      severity: 'warning',
      message:
        'This ICP could apply to almost any company: add an industry or a size constraint (employees, revenue, valuation or budget).',
    })
  })

  it('does not count "any" or "all" values as an industry or size constraint', () => {
    const warnings = warningsOf({
      attributes: [
        { category: 'industry', value: 'All industries' },
        { category: 'employees', value: 'any' },
      ],
    })
    expect(codes(warnings)).toContain('tooBroad')
    expect(warnings.filter((warning) => warning.code === 'unconstrainedValue')).toEqual([
      {
        code: 'unconstrainedValue',
        severity: 'warning',
        message: '"Industry" accepts any value ("All industries"), so it does not narrow the ICP.',
        shapeIds: ['shape:attribute-1'],
      },
      {
        code: 'unconstrainedValue',
        severity: 'warning',
        message: '"Number of employees" accepts any value ("any"), so it does not narrow the ICP.',
        shapeIds: ['shape:attribute-2'],
      },
    ])
  })

  it('does not call an ICP too broad when it has an industry, or only a size', () => {
    expect(
      codes(warningsOf({ attributes: [{ category: 'industry', value: 'Tea' }] })),
    ).not.toContain('tooBroad')
    expect(
      codes(warningsOf({ attributes: [{ category: 'budget', value: '>= $5k' }] })),
    ).not.toContain('tooBroad')
  })

  it('warns when a value set to be a range cannot be read as one, and not when it can', () => {
    const attributes = (value: string) => [
      ...healthyAttributes.slice(0, 4),
      { category: 'budget', label: 'Budget', value, valueKind: 'range' } as const,
    ]
    expect(find(warningsOf({ attributes: attributes('plenty') }), 'valueNotRange')).toEqual({
      code: 'valueNotRange',
      severity: 'warning',
      message: '"Budget": "plenty" could not be read as a range, so it is kept as text.',
      shapeIds: ['shape:attribute-5'],
    })
    expect(codes(warningsOf({ attributes: attributes('>= $5k') }))).not.toContain('valueNotRange')
  })

  it('notes every attribute resting only on an assumption, and none backed by data', () => {
    const attributes = [
      ...healthyAttributes.slice(0, 4),
      {
        category: 'budget',
        label: 'Branding budget',
        value: '>= $1M',
        evidenceSource: 'assumption',
      } as const,
    ]
    expect(warningsOf({ attributes })).toEqual([
      {
        code: 'assumptionOnly',
        severity: 'info',
        message:
          '"Branding budget" rests only on an assumption: back it with CRM data, a survey or interviews.',
        shapeIds: ['shape:attribute-5'],
      },
    ])
  })

  it('warns when most key attributes rest on assumptions, and not when only some do', () => {
    const assume = (count: number) =>
      healthyAttributes.map((card, index) =>
        index < count ? { ...card, evidenceSource: 'assumption' as const } : card,
      )
    expect(find(warningsOf({ attributes: assume(3) }), 'mostlyAssumptions')).toEqual({
      code: 'mostlyAssumptions',
      severity: 'warning',
      message:
        '3 of 5 key attributes rest only on assumptions: validate them with customer data and feedback.',
      shapeIds: ['shape:attribute-1', 'shape:attribute-2', 'shape:attribute-3'],
    })
    expect(codes(warningsOf({ attributes: assume(2) }))).not.toContain('mostlyAssumptions')
  })

  it('warns about an empty buying committee, and not about a staffed one', () => {
    expect(find(warningsOf({ personas: 'none' }), 'noPersonas')).toEqual({
      code: 'noPersonas',
      severity: 'warning',
      message:
        'The buying committee is empty: add the people who decide, champion, influence and use (B2B panels average 5.7 people).',
    })
    expect(codes(warningsOf())).not.toContain('noPersonas')
  })

  it('warns when nobody in the buying committee is the decision maker, and not when someone is', () => {
    expect(find(warningsOf({ personas: 'noDecisionMaker' }), 'noDecisionMaker')).toEqual({
      code: 'noDecisionMaker',
      severity: 'warning',
      message: 'No decision maker in the buying committee: mark the persona who signs off.',
      shapeIds: ['shape:persona'],
    })
    expect(codes(warningsOf())).not.toContain('noDecisionMaker')
  })

  it('notes pain points not linked to a persona, and not linked ones', () => {
    expect(find(warningsOf({ isPainLinked: false }), 'painPointUnlinked')).toEqual({
      code: 'painPointUnlinked',
      severity: 'info',
      message: '1 pain point is not linked to a persona: draw an arrow to who has it.',
      shapeIds: ['shape:pain'],
    })
    expect(codes(warningsOf())).not.toContain('painPointUnlinked')
  })

  it('warns when there are no disqualifiers, and not when there is one', () => {
    expect(find(warningsOf({ disqualifiers: 0 }), 'noDisqualifiers')).toEqual({
      code: 'noDisqualifiers',
      severity: 'warning',
      message:
        'No disqualifiers: add what rules a lead out (budget floor, excluded industries or regions, legal or product limits).',
    })
    expect(codes(warningsOf({ disqualifiers: 1 }))).not.toContain('noDisqualifiers')
  })

  it('warns about a missing or unreadable review date, and not about a valid one', () => {
    expect(find(warningsOf({ statement: { reviewDate: '' } }), 'reviewDateMissing')).toEqual({
      code: 'reviewDateMissing',
      severity: 'warning',
      message:
        'No review date: set when the ICP was last reviewed so the team knows when to revisit it.',
      shapeIds: ['shape:statement'],
    })
    expect(
      find(warningsOf({ statement: { reviewDate: '2026-13-01' } }), 'reviewDateMissing')?.message,
    ).toBe(
      'The review date "2026-13-01" is not a date (YYYY-MM-DD): set when the ICP was last reviewed.',
    )
    expect(codes(warningsOf({ statement: { reviewDate: '2026-10-01' } }))).not.toContain(
      'reviewDateMissing',
    )
  })

  it('warns when the review date plus the cadence is past today', () => {
    expect(
      find(
        warningsOf({ statement: { reviewDate: '2026-05-31', reviewCadenceMonths: 3 } }),
        'reviewOverdue',
      ),
    ).toEqual({
      code: 'reviewOverdue',
      severity: 'warning',
      message: 'The review is overdue: last reviewed 2026-05-31, due 2026-08-31 (every 3 months).',
      shapeIds: ['shape:statement'],
    })
  })

  it('does not call a review overdue on its due date, or when today is not given', () => {
    const statement = { reviewDate: '2026-08-23', reviewCadenceMonths: 3 }
    expect(codes(warningsOf({ statement }))).not.toContain('reviewOverdue')
    expect(codes(warningsOf({ statement: { reviewDate: '2020-01-01' } }, {}))).not.toContain(
      'reviewOverdue',
    )
  })

  it('warns about a review cadence that is not a positive number of months and uses yearly', () => {
    expect(
      find(warningsOf({ statement: { reviewCadenceMonths: 0 } }), 'reviewCadenceInvalid'),
    ).toEqual({
      code: 'reviewCadenceInvalid',
      severity: 'warning',
      message: 'The review cadence (0) is not a positive number of months: using every 12 months.',
      shapeIds: ['shape:statement'],
    })
    expect(codes(warningsOf({ statement: { reviewCadenceMonths: 1 } }))).not.toContain(
      'reviewCadenceInvalid',
    )
  })

  it('ignores blank cards with a note, and adds no note when there are none', () => {
    const warnings = warningsOf({
      extra: (board, page) => {
        board.attribute(
          { parent: page, id: 'blank-attribute', x: 5000 },
          { label: 'Industry', value: '  ' },
        )
        board.persona({ parent: page, id: 'blank-persona', x: 5000, y: 300 }, {})
        board.painPoint({ parent: page, id: 'blank-pain', x: 5000, y: 600 }, {})
        board.disqualifier({ parent: page, id: 'blank-rule', x: 5000, y: 900 }, {})
        board.evidence({ parent: page, id: 'blank-evidence', x: 5000, y: 1200 }, {})
      },
    })
    expect(warnings).toEqual([
      {
        code: 'blankCardsIgnored',
        severity: 'info',
        message: '5 blank cards were ignored.',
        shapeIds: [
          'shape:blank-attribute',
          'shape:blank-persona',
          'shape:blank-pain',
          'shape:blank-rule',
          'shape:blank-evidence',
        ],
      },
    ])
    expect(codes(warningsOf())).not.toContain('blankCardsIgnored')
  })

  it('notes more than 3 specialized data points, and not 3', () => {
    const specialized = (count: number) => [
      ...healthyAttributes,
      ...Array.from({ length: count }, () => ({
        category: 'specialized' as const,
        value: 'is hiring SDRs',
        importance: 'nice' as const,
      })),
    ]
    expect(find(warningsOf({ attributes: specialized(4) }), 'tooManySpecialized')).toMatchObject({
      severity: 'info',
      message: '4 specialized data points: a good ICP usually has 1 to 3.',
    })
    expect(codes(warningsOf({ attributes: specialized(3) }))).not.toContain('tooManySpecialized')
  })

  it('sorts warnings by severity, then by code', () => {
    const warnings = warningsOf({
      statement: null,
      attributes: [],
      personas: 'none',
      disqualifiers: 0,
      extra: (board, page) => board.evidence({ parent: page }, { customer: 'Acme' }),
    })
    expect(warnings.map((warning) => [warning.severity, warning.code])).toEqual([
      ['error', 'emptyIcp'],
      ['warning', 'noStatementCard'],
      ['warning', 'noPersonas'],
      ['warning', 'noDisqualifiers'],
    ])
  })
})

describe('checkHealth: cards that contradict or repeat each other', () => {
  const withCards = (cards: Card[]) => warningsOf({ attributes: [...healthyAttributes, ...cards] })
  const only = (warnings: IcpWarning[], code: WarningCode) =>
    warnings.filter((warning) => warning.code === code)

  it.each([
    ['employee ranges that do not meet', 'employees', '2,000-5,000'],
    ['places that share no country', 'location', 'Germany'],
    ['regions that share no country', 'location', 'APAC'],
    ['industries with no word in common', 'industry', 'Government'],
  ] as const)('flags two must-haves with %s: the ICP matches nobody', (_case, category, value) => {
    const warnings = only(
      withCards([{ category, value, importance: 'must' }]),
      'contradictoryMustHaves',
    )
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatchObject({
      severity: 'error',
      shapeIds: [expect.any(String), 'shape:attribute-6'],
    })
    expect(warnings[0]!.message).toContain('matches nobody')
  })

  it.each([
    ['overlapping employee ranges', 'employees', '500-2,000'],
    ['a region holding the place', 'location', 'North America'],
    ['industries sharing words', 'industry', 'B2B logistics'],
    ['tools, which a stack holds several of', 'technographic', 'HubSpot'],
  ] as const)('does not call %s a contradiction', (_case, category, value) => {
    expect(
      codes(withCards([{ category, value, importance: 'must' }])).filter(
        (code) => code === 'contradictoryMustHaves' || code === 'niceNeverFits',
      ),
    ).toEqual([])
  })

  it('flags a nice-to-have that a must-have rules out: it can never earn points', () => {
    const [warning] = only(
      withCards([{ category: 'location', value: 'UK', importance: 'nice' }]),
      'niceNeverFits',
    )
    expect(warning).toEqual({
      code: 'niceNeverFits',
      severity: 'warning',
      message:
        'The nice-to-have "Location" (UK) can never earn points: every account it fits fails the must-have "Location" (US or Canada).',
      shapeIds: ['shape:attribute-6', 'shape:attribute-3'],
    })
  })

  it('flags a key attribute repeated outside step 4, as in issue 10', () => {
    const board = new BoardBuilder()
    const page = board.page('Duplicates')
    board.statement({ parent: page }, { name: 'Duplicates' })
    const step4 = board.frame({ parent: page, x: 0, y: 400, w: 2000, h: 400, step: 4 })
    const step2 = board.frame({ parent: page, x: 0, y: 1000, w: 2000, h: 400, step: 2 })
    board.attribute(
      { parent: step4, id: 'key-size', x: 20, y: 60 },
      { category: 'employees', label: 'Employees', value: '50–500', importance: 'must' },
    )
    board.attribute(
      { parent: step2, id: 'finding-size', x: 20, y: 60 },
      { category: 'employees', value: '200 to 1,000 employees', importance: 'nice' },
    )
    const [doc] = compile(board.records())
    expect(doc!.warnings.filter((warning) => warning.code === 'duplicateAttribute')).toEqual([
      {
        code: 'duplicateAttribute',
        severity: 'warning',
        message:
          '"Number of employees" is on 2 cards: "50 to 500" (key attribute), "200 to 1,000 employees" outside step 4. Scoring tests each and the export lists each: merge them into one card.',
        shapeIds: ['shape:key-size', 'shape:finding-size'],
      },
    ])
  })

  it('flags a disqualifier that rules out a must-have entirely, or in part', () => {
    const all = warningsOf({
      disqualifiers: 0,
      extra: (board, page) =>
        board.disqualifier(
          { parent: page, x: 3000, y: 300 },
          { kind: 'industry', rule: 'Logistics companies' },
        ),
    })
    expect(only(all, 'disqualifierOverlapsMustHave')).toEqual([
      {
        code: 'disqualifierOverlapsMustHave',
        severity: 'error',
        message:
          'The disqualifier "Logistics companies" rules out every account the must-have "Industry" (Logistics) accepts, so the ICP matches nobody.',
        shapeIds: [expect.any(String), 'shape:attribute-2'],
      },
    ])
    const part = warningsOf({
      disqualifiers: 0,
      extra: (board, page) =>
        board.disqualifier({ parent: page, x: 3000, y: 300 }, { kind: 'region', rule: 'Canada' }),
    })
    expect(only(part, 'disqualifierOverlapsMustHave')).toMatchObject([
      {
        severity: 'warning',
        message:
          'The disqualifier "Canada" rules out part of what the must-have "Location" (US or Canada) accepts.',
      },
    ])
    const floor = warningsOf({
      disqualifiers: 0,
      extra: (board, page) =>
        board.disqualifier({ parent: page, x: 3000, y: 300 }, { kind: 'budget', rule: '< $100k' }),
    })
    expect(only(floor, 'disqualifierOverlapsMustHave')).toMatchObject([{ severity: 'info' }])
  })

  it('notes list items a vocabulary does not know, matched as text', () => {
    const [warning] = only(
      withCards([{ category: 'location', value: 'US or Cascadia', importance: 'nice' }]),
      'valueReadAsText',
    )
    expect(warning?.message).toBe(
      '"Location": "Cascadia" is not a known country or region, so it is matched as text.',
    )
  })
})
