import type { AttributeCategory } from '../schema/attributeCard'
import type { DisqualifierKind } from '../schema/disqualifierCard'
import type { ValueFamily } from '../values/parsedValue'

/**
 * The two data sets a board can hold: `customers` (a CRM export of existing customers, with value
 * fields, step 1) and `accounts` (leads or target accounts to score against the ICP, step 5).
 */
export const datasetKinds = ['customers', 'accounts'] as const
export type DatasetKind = (typeof datasetKinds)[number]

/**
 * How a column's cells are read: `text` as is, `category` as one value (an industry), `list` as
 * items split on `;`, `,` or `|` (a tech stack), `number` and `money` as amounts (`10k`, `$1.2M`,
 * `500-1,000`), `boolean` as yes/no.
 */
export const fieldTypes = ['text', 'category', 'list', 'number', 'money', 'boolean'] as const
export type FieldType = (typeof fieldTypes)[number]

/** Types a column mapped as a custom attribute can have. */
export const customFieldTypes = ['category', 'list', 'number', 'money', 'boolean'] as const
export type CustomFieldType = (typeof customFieldTypes)[number]

/**
 * What a field is for: `identity` names the row, `attribute` describes the company (compared
 * with the ICP's attribute cards), `value` says how valuable a customer is (ranks customers).
 */
export type FieldRole = 'identity' | 'attribute' | 'value'

/** Which end of a value field is better: more lifetime value, fewer days to close. */
export type BetterWhen = 'higher' | 'lower'

/** A field the tool knows. Columns are mapped to these (or to custom attributes). */
export interface StandardField {
  key: StandardFieldKey
  label: string
  type: FieldType
  role: FieldRole
  /** Lower-case header names (without punctuation) that suggest this field. */
  headerNames: readonly string[]
  /** The attribute card category a finding on this field becomes. */
  category?: AttributeCategory
  /** How values of this field are read (see `parseValue`); `general` when not given. */
  family?: ValueFamily
  /** Disqualifier kinds whose rule is tested against this field. */
  disqualifierKinds?: readonly DisqualifierKind[]
  /** For value fields: which end ranks first. */
  betterWhen?: BetterWhen
  /** Shown after numbers (`employees`, `days`). */
  unit?: string
  /** Inclusive bounds a number must respect, e.g. NPS 0 to 10. */
  min?: number
  max?: number
  /** For boolean value fields: which answer is the good one (not churned). */
  goodWhen?: boolean
  /** Words read as yes / no besides the usual ones (`churned`, `active`). Lower case. */
  booleanWords?: { yes: readonly string[]; no: readonly string[] }
}

export const standardFieldKeys = [
  'name',
  'domain',
  'industry',
  'businessModel',
  'employees',
  'revenue',
  'budget',
  'funding',
  'country',
  'techStack',
  'clv',
  'salesCycleDays',
  'retentionMonths',
  'churned',
  'nps',
] as const
export type StandardFieldKey = (typeof standardFieldKeys)[number]

/** Every standard field, in the order the mapping UI lists them. */
export const standardFields: Readonly<Record<StandardFieldKey, StandardField>> = {
  name: {
    key: 'name',
    label: 'Company name',
    type: 'text',
    role: 'identity',
    headerNames: [
      'company',
      'company name',
      'account',
      'account name',
      'organization',
      'organisation',
      'customer',
      'customer name',
      'name',
    ],
  },
  domain: {
    key: 'domain',
    label: 'Website / domain',
    type: 'text',
    role: 'identity',
    headerNames: ['domain', 'company domain', 'website', 'company domain name', 'url', 'web'],
  },
  industry: {
    key: 'industry',
    family: 'category',
    label: 'Industry',
    type: 'category',
    role: 'attribute',
    headerNames: ['industry', 'vertical', 'sector', 'industry vertical', 'primary industry'],
    category: 'industry',
    disqualifierKinds: ['industry'],
  },
  businessModel: {
    key: 'businessModel',
    family: 'category',
    label: 'Business model',
    type: 'category',
    role: 'attribute',
    headerNames: ['business model', 'model', 'b2b b2c', 'business type'],
    category: 'businessModel',
  },
  employees: {
    key: 'employees',
    family: 'size',
    label: 'Employees',
    type: 'number',
    role: 'attribute',
    headerNames: [
      'employees',
      'employee count',
      'number of employees',
      'no of employees',
      'headcount',
      'company size',
      'size',
      'staff',
      'fte',
    ],
    category: 'employees',
    disqualifierKinds: ['size'],
    unit: 'employees',
    min: 0,
  },
  revenue: {
    key: 'revenue',
    family: 'amount',
    label: 'Annual revenue',
    type: 'money',
    role: 'attribute',
    headerNames: ['annual revenue', 'revenue', 'company revenue', 'turnover', 'annual sales'],
    category: 'revenue',
    min: 0,
  },
  budget: {
    key: 'budget',
    family: 'amount',
    label: 'Budget',
    type: 'money',
    role: 'attribute',
    headerNames: ['budget', 'annual budget', 'software budget'],
    category: 'budget',
    disqualifierKinds: ['budget'],
    min: 0,
  },
  funding: {
    key: 'funding',
    family: 'funding',
    label: 'Funding',
    type: 'category',
    role: 'attribute',
    headerNames: ['funding', 'funding stage', 'funding round', 'last funding round', 'stage'],
    category: 'funding',
  },
  country: {
    key: 'country',
    family: 'place',
    label: 'Country',
    type: 'category',
    role: 'attribute',
    headerNames: [
      'country',
      'country region',
      'hq country',
      'billing country',
      'location',
      'region',
      'geography',
      'country code',
    ],
    category: 'location',
    disqualifierKinds: ['region'],
  },
  techStack: {
    key: 'techStack',
    family: 'tool',
    label: 'Tech stack',
    type: 'list',
    role: 'attribute',
    headerNames: [
      'tech stack',
      'technologies',
      'technology',
      'tools',
      'software',
      'stack',
      'integrations',
      'technographics',
    ],
    category: 'technographic',
    disqualifierKinds: ['technology'],
  },
  clv: {
    key: 'clv',
    label: 'Lifetime value (CLV)',
    type: 'money',
    role: 'value',
    headerNames: [
      'clv',
      'ltv',
      'cltv',
      'lifetime value',
      'customer lifetime value',
      'arr',
      'acv',
      'total revenue',
      'contract value',
      'deal value',
      'amount',
    ],
    betterWhen: 'higher',
    min: 0,
  },
  salesCycleDays: {
    key: 'salesCycleDays',
    label: 'Sales cycle (days)',
    type: 'number',
    role: 'value',
    headerNames: [
      'sales cycle',
      'sales cycle days',
      'days to close',
      'time to close',
      'cycle days',
      'sales cycle length',
    ],
    betterWhen: 'lower',
    unit: 'days',
    min: 0,
  },
  retentionMonths: {
    key: 'retentionMonths',
    label: 'Retention (months)',
    type: 'number',
    role: 'value',
    headerNames: [
      'retention',
      'retention months',
      'tenure',
      'tenure months',
      'months as customer',
      'customer months',
      'lifetime months',
    ],
    betterWhen: 'higher',
    unit: 'months',
    min: 0,
  },
  churned: {
    key: 'churned',
    label: 'Churned',
    type: 'boolean',
    role: 'value',
    headerNames: [
      'churned',
      'churn',
      'is churned',
      'has churned',
      'cancelled',
      'canceled',
      'status',
      'customer status',
    ],
    goodWhen: false,
    booleanWords: {
      yes: ['churned', 'cancelled', 'canceled', 'lost', 'inactive', 'former', 'closed lost'],
      no: ['active', 'retained', 'current', 'live', 'customer', 'renewed'],
    },
  },
  nps: {
    key: 'nps',
    label: 'NPS (0-10)',
    type: 'number',
    role: 'value',
    headerNames: ['nps', 'nps score', 'net promoter score', 'likelihood to recommend'],
    betterWhen: 'higher',
    min: 0,
    max: 10,
  },
}

/** True when `key` names a standard field. */
export function isStandardFieldKey(key: string): key is StandardFieldKey {
  return Object.hasOwn(standardFields, key)
}

/** The standard field a data set field is mapped to, or null for a custom one. */
export function standardOf(field: { key: string }): StandardField | null {
  return isStandardFieldKey(field.key) ? standardFields[field.key] : null
}

/** How values of a data set field are read: its standard field's family, else `general`. */
export function familyOfField(field: { key: string }): ValueFamily {
  return standardOf(field)?.family ?? 'general'
}

/** Standard fields offered for a kind of data set: accounts have no value fields. */
export function fieldsForKind(kind: DatasetKind): StandardField[] {
  return standardFieldKeys
    .map((key) => standardFields[key])
    .filter((field) => kind === 'customers' || field.role !== 'value')
}

/** Key of a custom attribute field made from a column header: `custom:<slug>`. */
export function customFieldKey(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return `custom:${slug || 'column'}`
}
