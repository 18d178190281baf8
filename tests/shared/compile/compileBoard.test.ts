import type { TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { compile, compileBoard } from '../../../shared/compile/compileBoard'
import type { IcpDocument } from '../../../shared/compile/icpDocument'
import { createTemplateRecords } from '../../../shared/templates/boardTemplate'
import { BoardBuilder } from '../../helpers/boardBuilder'
import seedVideoGame from '../../fixtures/seed-video-game.board.json'

const videoGameBoard = seedVideoGame as unknown as TLRecord[]

function names(docs: readonly IcpDocument[]) {
  return docs.map((doc) => doc.name)
}

function attributeIds(doc: IcpDocument | undefined) {
  return doc ? Object.values(doc.attributes).flatMap((group) => group.map((a) => a.shapeId)) : []
}

describe('compileBoard: scopes', () => {
  it('makes one ICP per statement card, scoped to the top-level frame that holds it', () => {
    const board = new BoardBuilder()
    const page = board.page('Segments')
    const left = board.frame({ parent: page, id: 'left', x: 0, y: 0, w: 1000, h: 1000 })
    const right = board.frame({ parent: page, id: 'right', x: 2000, y: 0, w: 1000, h: 1000 })
    board.statement({ parent: left, id: 'left-statement', x: 10, y: 10 }, { name: 'Stationery' })
    board.statement({ parent: right, id: 'right-statement', x: 10, y: 10 }, { name: 'Clothing' })
    board.attribute({ parent: left, id: 'left-industry', x: 10, y: 400 }, { value: 'Retail' })
    board.attribute({ parent: right, id: 'right-industry', x: 10, y: 400 }, { value: 'Fashion' })

    const { icps, unassigned } = compileBoard(board.records())

    expect(icps.map((doc) => [doc.id, doc.name, doc.scope, attributeIds(doc)])).toEqual([
      [
        'shape:left-statement',
        'Stationery',
        { pageId: page, pageName: 'Segments', frameId: 'shape:left', frameName: '' },
        ['shape:left-industry'],
      ],
      [
        'shape:right-statement',
        'Clothing',
        { pageId: page, pageName: 'Segments', frameId: 'shape:right', frameName: '' },
        ['shape:right-industry'],
      ],
    ])
    expect(unassigned).toEqual([])
  })

  it('lists cards outside every ICP frame as unassigned instead of dropping them', () => {
    const board = new BoardBuilder()
    const page = board.page('Segments')
    const frame = board.frame({ parent: page, id: 'icp', w: 1000, h: 1000 })
    board.statement({ parent: frame, x: 10, y: 10 }, { name: 'Inside' })
    board.attribute({ parent: page, id: 'stray', x: 5000, y: 0 }, { value: 'Retail' })
    board.persona({ parent: page, id: 'stray-persona', x: 5000, y: 400 }, { title: 'CFO' })

    expect(compileBoard(board.records()).unassigned).toEqual([
      { pageId: page, pageName: 'Segments', shapeIds: ['shape:stray', 'shape:stray-persona'] },
    ])
  })

  it('gives cards outside the ICP frames to the page ICP when the page has its own statement card', () => {
    const board = new BoardBuilder()
    const page = board.page('Mixed')
    const frame = board.frame({ parent: page, id: 'icp', w: 1000, h: 1000 })
    const plain = board.frame({ parent: page, id: 'notes', x: 3000, w: 1000, h: 1000 })
    board.statement({ parent: frame, id: 'framed', x: 10, y: 10 }, { name: 'Framed' })
    board.statement({ parent: page, id: 'paged', x: 2000, y: 100 }, { name: 'Whole page' })
    board.attribute({ parent: plain, id: 'in-plain-frame', x: 10, y: 10 }, { value: 'Retail' })
    board.attribute({ parent: page, id: 'loose', x: 2000, y: 400 }, { value: 'Tea' })

    const { icps, unassigned } = compileBoard(board.records())

    expect(icps.map((doc) => [doc.name, doc.scope.frameId, attributeIds(doc)])).toEqual([
      ['Framed', 'shape:icp', []],
      ['Whole page', null, ['shape:in-plain-frame', 'shape:loose']],
    ])
    expect(unassigned).toEqual([])
  })

  it('makes a page with cards but no statement card one implicit ICP named after the page', () => {
    const board = new BoardBuilder()
    const page = board.page('Draft ideas')
    board.attribute({ parent: page, id: 'industry' }, { value: 'Tea' })

    const [doc] = compile(board.records())

    expect(doc).toMatchObject({
      id: page,
      name: 'Draft ideas',
      statementShapeId: null,
      scope: { pageId: page, frameId: null, frameName: null },
      review: { date: null, cadenceMonths: null, nextReviewDate: null, isOverdue: false },
    })
    expect(doc?.warnings.map((warning) => warning.code)).toContain('noStatementCard')
  })

  it('makes no ICP for a page without cards', () => {
    const board = new BoardBuilder()
    const page = board.page('Empty')
    board.frame({ parent: page, w: 100, h: 100 })
    expect(compileBoard(board.records())).toEqual({ icps: [], unassigned: [] })
  })

  it('orders ICPs by page order, then by the reading order of their statement cards', () => {
    const board = new BoardBuilder()
    const first = board.page('First')
    const second = board.page('Second')
    board.statement({ parent: second, x: 0, y: 0 }, { name: 'Second page' })
    const lower = board.frame({ parent: first, x: 0, y: 2000, w: 500, h: 500 })
    const upper = board.frame({ parent: first, x: 0, y: 0, w: 500, h: 500 })
    board.statement({ parent: lower, x: 10, y: 10 }, { name: 'Lower' })
    board.statement({ parent: upper, x: 10, y: 10 }, { name: 'Upper' })

    expect(names(compile(board.records()))).toEqual(['Upper', 'Lower', 'Second page'])
  })

  it('ignores a second statement card in the same scope and says so', () => {
    const board = new BoardBuilder()
    const page = board.page('Dup')
    board.statement({ parent: page, id: 'first', x: 0, y: 0 }, { name: 'First' })
    board.statement({ parent: page, id: 'second', x: 0, y: 500 }, { name: 'Second' })

    const docs = compile(board.records())

    expect(names(docs)).toEqual(['First'])
    expect(docs[0]?.warnings.find((warning) => warning.code === 'duplicateStatementCard')).toEqual({
      code: 'duplicateStatementCard',
      severity: 'warning',
      message:
        "1 more statement card shares this ICP's frame or page and is ignored: give each ICP its own frame.",
      shapeIds: ['shape:second'],
    })
  })

  it('places a card lying over a frame in it even when the card is parented to the page', () => {
    const board = new BoardBuilder()
    const page = board.page('Geometry')
    const frame = board.frame({ parent: page, id: 'icp', x: 1000, y: 1000, w: 1000, h: 1000 })
    board.statement({ parent: frame, x: 10, y: 10 }, { name: 'Framed' })
    board.attribute({ parent: page, id: 'over', x: 1200, y: 1500 }, { value: 'Tea' })

    const { icps, unassigned } = compileBoard(board.records())
    expect(attributeIds(icps[0])).toEqual(['shape:over'])
    expect(unassigned).toEqual([])
  })

  it('walks nested and rotated parents to page space', () => {
    const board = new BoardBuilder()
    const page = board.page('Rotated')
    // A frame rotated by 90 degrees: its local x axis points down the page.
    const frame = board.frame({
      parent: page,
      id: 'icp',
      x: 1000,
      y: 0,
      w: 400,
      h: 1000,
      rotation: Math.PI / 2,
    })
    board.statement(
      { parent: frame, x: 0, y: 0, id: 'statement' },
      { name: 'Turned', w: 100, h: 100 },
    )
    // Parented to the page at the rotated frame's area (x 0..1000, y 0..400 on the page).
    board.attribute(
      { parent: page, id: 'inside', x: 300, y: 100 },
      { value: 'Tea', w: 100, h: 100 },
    )
    board.attribute(
      { parent: page, id: 'outside', x: 300, y: 600 },
      { value: 'Coffee', w: 100, h: 100 },
    )

    const { icps, unassigned } = compileBoard(board.records())
    expect(attributeIds(icps[0])).toEqual(['shape:inside'])
    expect(unassigned).toEqual([{ pageId: page, pageName: 'Rotated', shapeIds: ['shape:outside'] }])
  })

  it('skips shapes whose parent is missing', () => {
    const board = new BoardBuilder()
    const page = board.page('Orphans')
    board.statement({ parent: page }, { name: 'Page' })
    board.attribute({ parent: 'shape:gone', id: 'orphan' }, { value: 'Tea' })
    expect(attributeIds(compile(board.records())[0])).toEqual([])
  })
})

describe('compileBoard: key attributes', () => {
  function stepBoard({ step4Attributes }: { step4Attributes: boolean }) {
    const board = new BoardBuilder()
    const page = board.page('Steps')
    const icp = board.frame({ parent: page, w: 4000, h: 4000 })
    board.statement({ parent: icp, x: 10, y: 10 }, { name: 'Steps' })
    const step2 = board.frame({ parent: icp, x: 0, y: 400, w: 1000, h: 1000, step: 2 })
    const step4 = board.frame({ parent: icp, x: 2000, y: 400, w: 1000, h: 1000, step: '4' })
    board.attribute(
      { parent: step2, id: 'must-outside', x: 0, y: 0 },
      { value: 'Tea', importance: 'must' },
    )
    if (step4Attributes) {
      board.attribute(
        { parent: step4, id: 'nice-inside', x: 0, y: 0 },
        { value: 'UK', importance: 'nice' },
      )
      board.attribute({ parent: step4, id: 'must-inside', x: 300, y: 0 }, { value: 'B2C' })
    }
    return board.records()
  }

  it('takes the key attributes from the step 4 frame when the ICP has one', () => {
    const [doc] = compile(stepBoard({ step4Attributes: true }))
    expect(doc?.keyAttributes.map((attribute) => attribute.shapeId)).toEqual([
      'shape:must-inside',
      'shape:nice-inside',
    ])
    expect(doc?.attributes.firmographic.map((a) => [a.shapeId, a.isKey])).toEqual([
      ['shape:must-outside', false],
      ['shape:nice-inside', true],
      ['shape:must-inside', true],
    ])
  })

  it('falls back to the must-haves when the step 4 frame holds no attribute, with a note', () => {
    const [doc] = compile(stepBoard({ step4Attributes: false }))
    expect(doc?.keyAttributes.map((attribute) => attribute.shapeId)).toEqual(['shape:must-outside'])
    expect(doc?.warnings.find((warning) => warning.code === 'keyAttributesFromMustHaves')).toEqual({
      code: 'keyAttributesFromMustHaves',
      severity: 'info',
      message:
        'The step 4 frame holds no attribute cards yet, so the must-have attributes are used as key attributes.',
    })
  })

  it('uses all must-have attributes when the ICP has no step 4 frame', () => {
    const board = new BoardBuilder()
    const page = board.page('No steps')
    board.statement({ parent: page }, { name: 'No steps' })
    board.attribute({ parent: page, id: 'must', y: 300 }, { value: 'Tea' })
    board.attribute({ parent: page, id: 'nice', y: 600 }, { value: 'UK', importance: 'nice' })
    const [doc] = compile(board.records())
    expect(doc?.keyAttributes.map((attribute) => attribute.shapeId)).toEqual(['shape:must'])
    expect(doc?.warnings.map((warning) => warning.code)).not.toContain('keyAttributesFromMustHaves')
  })

  it('orders key attributes by importance, then votes, then reading order', () => {
    const board = new BoardBuilder()
    const page = board.page('Votes')
    board.statement({ parent: page }, { name: 'Votes' })
    const step4 = board.frame({ parent: page, x: 0, y: 400, w: 2000, h: 2000, step: 4 })
    board.attribute({ parent: step4, id: 'a', x: 0, y: 0 }, { value: 'A', importance: 'nice' })
    board.attribute({ parent: step4, id: 'b', x: 500, y: 0 }, { value: 'B' })
    board.attribute({ parent: step4, id: 'c', x: 0, y: 500 }, { value: 'C' })
    board.attribute({ parent: step4, id: 'd', x: 500, y: 500 }, { value: 'D' })
    board.attribute({ parent: step4, id: 'e', x: 900, y: 0 }, { value: 'E', importance: 'nice' })
    const votes = new Map([
      ['shape:d', 3],
      ['shape:a', 9],
      ['shape:c', Number.NaN],
    ])

    const [doc] = compile(board.records(), { votes })

    expect(doc?.keyAttributes.map((attribute) => [attribute.shapeId, attribute.votes])).toEqual([
      ['shape:d', 3],
      ['shape:b', 0],
      ['shape:c', 0],
      ['shape:a', 9],
      ['shape:e', 0],
    ])
  })

  it('reads meta.icpStep defensively: only 1..5 as a number or numeric string', () => {
    const board = new BoardBuilder()
    const page = board.page('Meta')
    board.statement({ parent: page }, { name: 'Meta' })
    for (const [index, step] of [
      [1, 'four'],
      [2, 4.5],
      [3, null],
      [4, 9],
    ] as const) {
      const frame = board.frame({ parent: page, x: index * 1000, y: 400, w: 900, h: 900, step })
      board.attribute({ parent: frame, id: `in-${index}` }, { value: 'X', importance: 'nice' })
    }
    const [doc] = compile(board.records())
    expect(doc?.keyAttributes).toEqual([])
  })
})

describe('compileBoard: cards', () => {
  it('compiles the video game fixture into a complete document', () => {
    const [doc] = compile(videoGameBoard, {
      today: '2026-11-23',
      votes: new Map([['shape:vg-budget', 2]]),
    })
    expect(doc).toEqual({
      schemaVersion: 1,
      id: 'shape:vg-statement',
      name: 'Video game brands',
      statement:
        'Our ideal customer is a B2C company in the video game industry, based in the US or Canada, that has a branding budget of at least $1 million and a social media following of at least 100,000 people.',
      statementShapeId: 'shape:vg-statement',
      scope: {
        pageId: 'page:video-games',
        pageName: 'Video games',
        frameId: 'shape:vg-icp',
        frameName: 'ICP · Video game brands',
      },
      keyAttributes: [
        expectedAttribute(
          'vg-budget',
          'budget',
          'Budget',
          'Branding budget',
          '>= $1M',
          'at least $1M',
          'interview',
          {
            votes: 2,
            family: 'amount',
            reading: 'amount: at least $1M',
            parsed: {
              kind: 'range',
              min: { value: 1e6, inclusive: true },
              max: null,
              currency: 'USD',
              unit: null,
            },
          },
        ),
        expectedAttribute(
          'vg-business-model',
          'businessModel',
          'Business model',
          'Business model',
          'B2C',
          'B2C',
          'crm',
          {
            note: 'All top-10 accounts sell to gamers',
            family: 'category',
            reading: 'B2C',
            parsed: categorySet(['B2C'], [{ label: 'B2C', keys: ['b2c'] }]),
          },
        ),
        expectedAttribute(
          'vg-industry',
          'industry',
          'Industry',
          'Industry',
          'video game',
          'video game',
          'crm',
          {
            family: 'category',
            reading: 'Video games',
            parsed: categorySet(['video game'], [{ label: 'Video games', keys: ['video game'] }]),
          },
        ),
        expectedAttribute(
          'vg-location',
          'location',
          'Location',
          'Location',
          'US, Canada',
          'US or Canada',
          'crm',
          {
            family: 'place',
            reading: 'any of: United States, Canada',
            parsed: {
              kind: 'set',
              items: ['US', 'Canada'],
              family: 'place',
              match: 'any',
              terms: [
                { label: 'United States', keys: ['US'] },
                { label: 'Canada', keys: ['CA'] },
              ],
            },
          },
        ),
        expectedAttribute(
          'vg-following',
          'customerBase',
          'Customer base',
          'Social media following',
          '>= 100,000 people',
          'at least 100,000 people',
          'analytics',
          {
            note: 'Followers across Twitch, YouTube and X',
            family: 'general',
            reading: 'amount: at least 100,000 people',
            parsed: {
              kind: 'range',
              min: { value: 100000, inclusive: true },
              max: null,
              currency: null,
              unit: 'people',
            },
          },
        ),
      ],
      attributes: expect.any(Object),
      buyingCommittee: [
        {
          shapeId: 'shape:vg-cmo',
          title: 'Chief Marketing Officer',
          role: 'decisionMaker',
          roleLabel: 'Decision maker',
          department: 'Marketing',
          seniority: 'executive',
          seniorityLabel: 'Executive',
          goals: ['Grow the fan base', 'Launch titles on time'],
          pains: ['Agencies miss launch windows'],
          objections: ['We already have an agency'],
          channels: ['LinkedIn', 'Industry events'],
          painPoints: [
            { shapeId: 'shape:vg-pain-launch', title: 'Launch campaigns take too long to produce' },
          ],
        },
        {
          shapeId: 'shape:vg-brand-manager',
          title: 'Brand manager',
          role: 'champion',
          roleLabel: 'Champion',
          department: 'Marketing',
          seniority: 'manager',
          seniorityLabel: 'Manager',
          goals: ['Consistent brand across titles'],
          pains: [],
          objections: [],
          channels: ['Email'],
          painPoints: [
            { shapeId: 'shape:vg-pain-launch', title: 'Launch campaigns take too long to produce' },
          ],
        },
      ],
      painPoints: [
        {
          shapeId: 'shape:vg-pain-launch',
          problem: 'Launch campaigns take too long to produce',
          severity: 'high',
          severityLabel: 'High',
          solution: 'Reusable brand kits delivered in two weeks',
          personas: [
            { shapeId: 'shape:vg-cmo', title: 'Chief Marketing Officer' },
            { shapeId: 'shape:vg-brand-manager', title: 'Brand manager' },
          ],
        },
      ],
      disqualifiers: [
        {
          shapeId: 'shape:vg-dq-budget',
          kind: 'budget',
          kindLabel: 'Budget',
          rule: '< $250,000',
          family: 'amount',
          parsed: {
            kind: 'range',
            min: null,
            max: { value: 250000, inclusive: false },
            currency: 'USD',
            unit: null,
          },
          display: 'under $250,000',
          reading: 'amount: under $250,000',
          reason: 'Below our minimum engagement',
        },
        {
          shapeId: 'shape:vg-dq-region',
          kind: 'region',
          kindLabel: 'Region',
          rule: 'China, Russia',
          family: 'place',
          parsed: {
            kind: 'set',
            items: ['China', 'Russia'],
            family: 'place',
            match: 'any',
            terms: [
              { label: 'China', keys: ['CN'] },
              { label: 'Russia', keys: ['RU'] },
            ],
          },
          display: 'China or Russia',
          reading: 'any of: China, Russia',
          reason: 'We cannot serve these regions',
        },
      ],
      evidence: [
        {
          shapeId: 'shape:vg-evidence-pixel',
          customer: 'Pixel Forge Studios',
          salesCycleDays: 21,
          retentionMonths: 36,
          referrals: 4,
          lifetimeValue: 420000,
          nps: 9,
          csat: 95,
          note: 'Renewed twice, referred two studios',
        },
        {
          shapeId: 'shape:vg-evidence-nova',
          customer: 'Nova Arcade',
          salesCycleDays: 30,
          retentionMonths: 24,
          referrals: 2,
          lifetimeValue: null,
          nps: 8,
          csat: null,
          note: '',
        },
      ],
      review: {
        date: '2026-09-01',
        cadenceMonths: 6,
        nextReviewDate: '2027-03-01',
        isOverdue: false,
        checkedOn: '2026-11-23',
      },
      warnings: [],
      sourceShapeIds: [
        'shape:vg-statement',
        'shape:vg-evidence-pixel',
        'shape:vg-evidence-nova',
        'shape:vg-crm',
        'shape:vg-employees',
        'shape:vg-cmo',
        'shape:vg-brand-manager',
        'shape:vg-pain-launch',
        'shape:vg-business-model',
        'shape:vg-industry',
        'shape:vg-location',
        'shape:vg-dq-budget',
        'shape:vg-dq-region',
        'shape:vg-following',
        'shape:vg-budget',
      ],
      stats: {
        attributes: 7,
        keyAttributes: 5,
        personas: 2,
        painPoints: 1,
        disqualifiers: 2,
        evidence: 2,
        blankCards: 0,
      },
    })
  })

  it('groups attributes (firmographic, technographic, specialized, consumer) in category order', () => {
    const board = new BoardBuilder()
    const page = board.page('Groups')
    board.statement({ parent: page }, { name: 'Groups' })
    const values = [
      ['psychographic', 'values sustainability'],
      ['technographic', 'Shopify'],
      ['location', 'UK'],
      ['specialized', 'is hiring SDRs'],
      ['industry', 'Tea'],
    ] as const
    values.forEach(([category, value], index) =>
      board.attribute(
        { parent: page, id: category, x: 0, y: 300 + index * 300 },
        { category, value },
      ),
    )
    const [doc] = compile(board.records())
    expect(
      Object.fromEntries(
        Object.entries(doc!.attributes).map(([group, items]) => [
          group,
          items.map((a) => a.category),
        ]),
      ),
    ).toEqual({
      firmographic: ['industry', 'location'],
      technographic: ['technographic'],
      specialized: ['specialized'],
      consumer: ['psychographic'],
    })
  })

  it('links pain points and personas by arrows bound at both ends, in either direction', () => {
    const board = new BoardBuilder()
    const page = board.page('Links')
    board.statement({ parent: page }, { name: 'Links' })
    const cfo = board.persona({ parent: page, id: 'cfo', x: 0, y: 300 }, { title: 'CFO' })
    const itLead = board.persona({ parent: page, id: 'it', x: 300, y: 300 }, { title: 'IT lead' })
    const pain = board.painPoint(
      { parent: page, id: 'pain', x: 0, y: 600 },
      { problem: 'Manual invoicing' },
    )
    const other = board.painPoint(
      { parent: page, id: 'other', x: 300, y: 600 },
      { problem: 'Slow reports' },
    )
    board.arrow(itLead, pain, { parent: page })
    board.arrow(pain, cfo, { parent: page })
    board.arrow(pain, cfo, { parent: page })
    board.arrow(other, null, { parent: page })
    board.arrow(null, cfo, { parent: page })
    board.arrow(other, pain, { parent: page })

    const [doc] = compile(board.records())

    expect(
      doc?.painPoints.map((p) => [p.shapeId, p.personas.map((persona) => persona.title)]),
    ).toEqual([
      ['shape:pain', ['CFO', 'IT lead']],
      ['shape:other', []],
    ])
    expect(doc?.buyingCommittee.map((p) => [p.title, p.painPoints.map((x) => x.title)])).toEqual([
      ['CFO', ['Manual invoicing']],
      ['IT lead', ['Manual invoicing']],
    ])
  })

  it('orders the buying committee by role and pain points by severity', () => {
    const board = new BoardBuilder()
    const page = board.page('Order')
    board.statement({ parent: page }, { name: 'Order' })
    board.persona({ parent: page, x: 0, y: 300 }, { title: 'User', role: 'user' })
    board.persona({ parent: page, x: 300, y: 300 }, { title: 'Boss', role: 'decisionMaker' })
    board.painPoint({ parent: page, x: 0, y: 600 }, { problem: 'Low', severity: 'low' })
    board.painPoint({ parent: page, x: 300, y: 600 }, { problem: 'Critical', severity: 'critical' })
    const [doc] = compile(board.records())
    expect(doc?.buyingCommittee.map((p) => p.title)).toEqual(['Boss', 'User'])
    expect(doc?.painPoints.map((p) => p.problem)).toEqual(['Critical', 'Low'])
  })

  it('splits persona lists by line and strips bullets', () => {
    const board = new BoardBuilder()
    const page = board.page('Lines')
    board.statement({ parent: page }, { name: 'Lines' })
    board.persona(
      { parent: page, y: 300 },
      { title: 'CTO', goals: '- Ship faster\r\n\n* Hire well\n• Cut costs\n1. Sleep' },
    )
    expect(compile(board.records())[0]?.buyingCommittee[0]?.goals).toEqual([
      'Ship faster',
      'Hire well',
      'Cut costs',
      'Sleep',
    ])
  })

  it('reads card props defensively when a record does not match the current schema', () => {
    const board = new BoardBuilder()
    const page = board.page('Old')
    board.statement({ parent: page }, { name: 'Old' })
    const records = board.records()
    records.push({
      ...(records.at(-1) as TLRecord),
      id: 'shape:weird',
      type: 'icp-attribute',
      y: 400,
      props: { value: 'Tea', category: 'nonsense', importance: 42 },
    } as unknown as TLRecord)
    const attribute = compile(records)[0]?.attributes.specialized[0]
    expect(attribute).toMatchObject({
      shapeId: 'shape:weird',
      category: 'specialized',
      label: 'Specialized data point',
      value: 'Tea',
      valueKind: 'auto',
      importance: 'must',
      evidence: { source: 'assumption', sourceLabel: 'Assumption', note: '' },
    })
  })

  it('compiles the ICP workshop template into one ICP scoped to its container frame', () => {
    const docs = compile(createTemplateRecords('icp-workshop'))
    expect(docs.map((doc) => [doc.name, doc.scope.frameName, doc.stats.attributes])).toEqual([
      ['Ideal Customer Profile', 'ICP · Ideal Customer Profile', 0],
    ])
  })

  it('throws only for a programmer error: a today that is not a date', () => {
    expect(() => compile([], { today: '23/11/2026' })).toThrow(
      'compileBoard: options.today must be a YYYY-MM-DD date, got "23/11/2026"',
    )
    expect(() => compile([], { today: '2026-02-30' })).toThrow('got "2026-02-30"')
  })

  it('is deterministic: the same records in another order compile to the same documents', () => {
    const shuffled = [...videoGameBoard].reverse()
    expect(compileBoard(shuffled, { today: '2026-11-23' })).toEqual(
      compileBoard(videoGameBoard, { today: '2026-11-23' }),
    )
  })
})

function categorySet(items: string[], terms: { label: string; keys: string[] }[]) {
  return { kind: 'set', items, family: 'category', match: 'any', terms }
}

function expectedAttribute(
  id: string,
  category: string,
  categoryLabel: string,
  label: string,
  value: string,
  display: string,
  source: string,
  extra: { votes?: number; note?: string; parsed: object; family: string; reading: string },
) {
  const sourceLabels: Record<string, string> = {
    crm: 'CRM',
    interview: 'Interview',
    analytics: 'Analytics',
  }
  return {
    shapeId: `shape:${id}`,
    category,
    categoryLabel,
    group: 'firmographic',
    label,
    value,
    valueKind: 'auto',
    family: extra.family,
    listMatch: 'any',
    parsed: extra.parsed,
    display,
    reading: extra.reading,
    importance: 'must',
    weight: 1,
    votes: extra.votes ?? 0,
    isKey: true,
    evidence: { source, sourceLabel: sourceLabels[source], note: extra.note ?? '' },
  }
}
