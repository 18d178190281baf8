import { createShapeId, type TLShapeId, type TLShapePartial } from 'tldraw'
import type { StatementView } from '../statementText'

const at = (id: string) => createShapeId(id)

/** Workshop-like cards of every kind, plus one blank card per kind (placeholders). */
export function sampleCards(): TLShapePartial[] {
  const attributes: TLShapePartial[] = [
    {
      category: 'industry',
      value: 'Video games',
      importance: 'must',
      evidenceSource: 'crm',
      evidenceNote: '14 of our top 20 accounts',
    },
    {
      category: 'location',
      value: 'US and Canada',
      importance: 'must',
      weight: 3,
      evidenceSource: 'interview',
      evidenceNote: 'Sales team interviews',
    },
    {
      category: 'employees',
      value: 'mid-market',
      importance: 'nice',
      evidenceSource: 'assumption',
    },
    {
      category: 'technographic',
      label: 'Stack',
      value: 'Shopify + QuickBooks',
      listMatch: 'all',
      importance: 'nice',
      evidenceSource: 'analytics',
      evidenceNote: 'BuiltWith export',
    },
    {
      category: 'psychographic',
      label: 'Customer base',
      value: 'Their customers value visually appealing design and limited editions',
      importance: 'nice',
      evidenceSource: 'survey',
      evidenceNote: 'NPS survey Q2, 312 answers',
    },
    {
      category: 'funding',
      value: 'Series A–C',
      importance: 'must',
      evidenceSource: 'crm',
      evidenceNote: '29 of the top 50',
    },
  ].map((props, index) => ({
    id: at(`attribute-${index}`),
    type: 'icp-attribute',
    x: (index % 3) * 270,
    y: Math.floor(index / 3) * 180,
    props,
  })) as TLShapePartial[]

  const personas: TLShapePartial[] = [
    {
      title: 'Head of Brand Marketing',
      role: 'decisionMaker',
      seniority: 'director',
      department: 'Marketing',
      goals: 'Launch campaigns faster\nConsistent brand across titles',
      pains: 'Agencies are slow and expensive\nNo in-house design team',
      objections: 'Worried about quality at scale',
      channel: 'LinkedIn',
    },
    {
      title: 'Community Manager',
      role: 'champion',
      seniority: 'manager',
      department: 'Community',
      goals: 'Grow Discord engagement',
      pains: 'Needs merch drops every month',
      objections: '',
      channel: 'Discord, email',
    },
    {
      title: 'IT Security Lead',
      role: 'blocker',
      seniority: null,
      department: 'IT',
      objections: 'SSO required\nData must stay in the EU',
      channel: 'Email',
    },
  ].map((props, index) => ({
    id: at(`persona-${index}`),
    type: 'icp-persona',
    x: 840 + index * 260,
    y: 0,
    props,
  })) as TLShapePartial[]

  const pains: TLShapePartial[] = [
    {
      problem: 'Launch campaigns take 6+ weeks to design and print',
      severity: 'high',
      solution: 'Template library and print-on-demand cut it to days',
    },
    {
      problem: 'Merch quality is inconsistent between vendors',
      severity: null,
      solution: 'One vetted supplier network with proofs before print',
    },
    { problem: '', severity: 'low', solution: '' },
  ].map((props, index) => ({
    id: at(`pain-${index}`),
    type: 'icp-pain',
    x: 840 + index * 260,
    y: 250,
    props,
  })) as TLShapePartial[]

  const disqualifiers: TLShapePartial[] = [
    {
      kind: 'industry',
      rule: 'Government entities',
      reason: 'Procurement cycles over 12 months; brand-safety policy',
    },
    { kind: 'region', rule: 'Cascadia', reason: 'No sales team there' },
  ].map((props, index) => ({
    id: at(`disqualifier-${index}`),
    type: 'icp-disqualifier',
    x: index * 270,
    y: 400,
    props,
  })) as TLShapePartial[]

  const evidence: TLShapePartial[] = [
    {
      customer: 'Riot Forge Studios',
      salesCycleDays: 21,
      retentionMonths: 36,
      referrals: 4,
      lifetimeValue: 184000,
      nps: 9,
      csat: 96,
      note: 'Bought again within 3 months; referred two studios',
    },
    {
      customer: 'Pixel Pals',
      salesCycleDays: 45,
      retentionMonths: 18,
      referrals: null,
      lifetimeValue: 52500,
      nps: null,
      csat: null,
      note: '',
    },
  ].map((props, index) => ({
    id: at(`evidence-${index}`),
    type: 'icp-evidence',
    x: 560 + index * 290,
    y: 400,
    props,
  })) as TLShapePartial[]

  const statements: TLShapePartial[] = [
    {
      id: at('statement-0'),
      type: 'icp-statement',
      x: 0,
      y: 620,
      props: {
        name: 'Indie game studios (EU + NA)',
        reviewDate: '2026-09-01',
        reviewCadenceMonths: 3,
        w: 620,
        h: 220,
      },
    },
    {
      id: at('statement-1'),
      type: 'icp-statement',
      x: 660,
      y: 620,
      props: { name: 'Tea startups (UK)', reviewDate: '', reviewCadenceMonths: 6 },
    },
  ]

  const blanks: TLShapePartial[] = (
    ['icp-attribute', 'icp-persona', 'icp-pain', 'icp-disqualifier', 'icp-evidence'] as const
  ).map((type, index) => ({ id: at(`blank-${index}`), type, x: index * 280, y: 900 }))

  const arrow: TLShapePartial = {
    id: at('arrow-0'),
    type: 'arrow',
    x: 0,
    y: 0,
    props: { start: { x: 960, y: 250 }, end: { x: 960, y: 200 } },
  }

  return [
    ...attributes,
    ...personas,
    ...pains,
    ...disqualifiers,
    ...evidence,
    ...statements,
    ...blanks,
    arrow,
  ]
}

/** Arrow bindings from the first pain point to the first two personas' cards. */
export const sampleArrowEnds: readonly [TLShapeId, TLShapeId] = [at('pain-0'), at('persona-0')]

/** What the board would feed the statement cards after compiling. */
export const sampleStatementViews: ReadonlyMap<string, StatementView> = new Map([
  [
    at('statement-0'),
    {
      statement:
        'Our ideal customer is a B2C company in the video game industry with 50-200 employees, based in the US or Canada, that uses Shopify or BigCommerce and is hiring SDRs. Their customer base values visually appealing design and limited editions.',
      warnings: [
        { severity: 'warning', message: '2 key attributes rest on assumptions only.' },
        { severity: 'info', message: 'Consider adding a budget floor disqualifier.' },
      ],
    },
  ],
])
