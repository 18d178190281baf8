import {
  attributeCategoryInfo,
  attributeGroupLabels,
  attributeGroups,
} from '../../shared/compile/attributeCategoryInfo'
import {
  decisionRoleLabels,
  disqualifierKindLabels,
  evidenceSourceLabels,
  importanceLabels,
  seniorityLabels,
  severityLabels,
} from '../../shared/compile/cardLabels'
import { readAttributeValue } from '../../shared/compile/readCardValue'
import {
  attributeCategories,
  attributeImportances,
  attributeWeightRange,
  evidenceSources,
  listMatches,
  valueKinds,
  type ListMatch,
  type ValueKind,
} from '../../shared/schema/attributeCard'
import { disqualifierKinds } from '../../shared/schema/disqualifierCard'
import { severities } from '../../shared/schema/painPointCard'
import { decisionRoles, seniorities } from '../../shared/schema/personaCard'
import type { CardShape, CardShapeType } from '../shapes/cardKinds'
import { attributeValueExamples } from '../shapes/cardCopy'
import type { NumberRule } from './parseNumberInput'

/** One option of a select; `group` makes an `<optgroup>`. */
export interface FieldOption {
  value: string
  label: string
  group?: string
}

/** How the panel edits one prop. Never raw JSON: each prop gets the input its type deserves. */
export type FieldSpec =
  | { kind: 'text'; prop: string; label: string; placeholder?: string }
  | { kind: 'list'; prop: string; label: string; placeholder?: string }
  | { kind: 'textarea'; prop: string; label: string; placeholder?: string }
  | {
      kind: 'select'
      prop: string
      label: string
      options: readonly FieldOption[]
      /** Offer "not set" (stored as null) first, with this label. */
      unsetLabel?: string
      /** Store the option as a whole number (the `<select>` gives text). */
      isInteger?: boolean
      /** Shown only when this holds for the card (e.g. a list value for the any/all switch). */
      isShownFor?: (shape: CardShape) => boolean
      hint?: string
    }
  | {
      kind: 'number'
      prop: string
      label: string
      rule: NumberRule
      unit?: string
      placeholder?: string
    }
  | { kind: 'date'; prop: string; label: string }

/** A titled group of fields; `isCompact` lays short fields out two per row. */
export interface FieldSection {
  title?: string
  isCompact?: boolean
  fields: readonly FieldSpec[]
}

const optionsOf = <V extends string>(values: readonly V[], labels: Readonly<Record<V, string>>) =>
  values.map((value) => ({ value, label: labels[value] }))

/** How the value text is read, in words a workshop participant understands. */
export const valueKindLabels: Readonly<Record<ValueKind, string>> = {
  auto: 'Detect automatically',
  text: 'Plain text',
  set: 'List (any of these)',
  range: 'Number or range',
}

/** Whether a list needs any or all of its items, in words. */
export const listMatchLabels: Readonly<Record<ListMatch, string>> = {
  any: 'Any of them (alternatives)',
  all: 'All of them',
}

const weightOptions: FieldOption[] = Array.from(
  { length: attributeWeightRange.max - attributeWeightRange.min + 1 },
  (_, i) => {
    const weight = attributeWeightRange.min + i
    return { value: String(weight), label: weight === 1 ? '×1 (normal)' : `×${weight}` }
  },
)

/**
 * True when an attribute card holds a list of several tools: a stack holds several, so "all of
 * them" can hold. (A company is in one country and one industry: there a list is alternatives.)
 */
function isToolList(shape: CardShape): boolean {
  if (shape.type !== 'icp-attribute') return false
  const { parsed } = readAttributeValue(shape.props)
  return parsed.kind === 'set' && parsed.family === 'tool' && parsed.items.length > 1
}

const categoryOptions: FieldOption[] = attributeGroups.flatMap((group) =>
  attributeCategories
    .filter((category) => attributeCategoryInfo[category].group === group)
    .map((category) => ({
      value: category,
      label: attributeCategoryInfo[category].label,
      group: attributeGroupLabels[group],
    })),
)

const sectionsByType: Readonly<Record<CardShapeType, readonly FieldSection[]>> = {
  'icp-attribute': [
    {
      fields: [
        { kind: 'select', prop: 'category', label: 'Category', options: categoryOptions },
        {
          kind: 'text',
          prop: 'label',
          label: 'Label',
          placeholder: 'Optional, e.g. Social following',
        },
        { kind: 'text', prop: 'value', label: 'Value', placeholder: 'e.g. >= 100,000 followers' },
        {
          kind: 'select',
          prop: 'valueKind',
          label: 'Read the value as',
          options: optionsOf(valueKinds, valueKindLabels),
        },
        {
          kind: 'select',
          prop: 'listMatch',
          label: 'A lead needs',
          options: optionsOf(listMatches, listMatchLabels),
          isShownFor: isToolList,
          hint: 'Any: one of these tools is enough. All: the stack must have every one.',
        },
        {
          kind: 'select',
          prop: 'importance',
          label: 'Importance',
          options: optionsOf(attributeImportances, importanceLabels),
        },
        {
          kind: 'select',
          prop: 'weight',
          label: 'Weight in the fit score',
          options: weightOptions,
          isInteger: true,
          hint: 'A fit earns 2 points for a must-have, 1 for a nice-to-have, times this.',
        },
      ],
    },
    {
      title: 'Evidence',
      fields: [
        {
          kind: 'select',
          prop: 'evidenceSource',
          label: 'Source',
          options: optionsOf(evidenceSources, evidenceSourceLabels),
        },
        {
          kind: 'textarea',
          prop: 'evidenceNote',
          label: 'Evidence note',
          placeholder: 'e.g. 14 of our top 20 accounts (CRM)',
        },
      ],
    },
  ],
  'icp-persona': [
    {
      fields: [
        { kind: 'text', prop: 'title', label: 'Title', placeholder: 'e.g. Head of Marketing' },
        {
          kind: 'select',
          prop: 'role',
          label: 'Role in the decision',
          options: optionsOf(decisionRoles, decisionRoleLabels),
        },
        { kind: 'text', prop: 'department', label: 'Department', placeholder: 'e.g. Marketing' },
        {
          kind: 'select',
          prop: 'seniority',
          label: 'Seniority',
          options: optionsOf(seniorities, seniorityLabels),
          unsetLabel: 'Not set',
        },
        { kind: 'text', prop: 'channel', label: 'Preferred channel', placeholder: 'e.g. LinkedIn' },
      ],
    },
    {
      title: 'One per line',
      fields: [
        { kind: 'list', prop: 'goals', label: 'Goals' },
        { kind: 'list', prop: 'pains', label: 'Pains' },
        { kind: 'list', prop: 'objections', label: 'Objections' },
      ],
    },
  ],
  'icp-pain': [
    {
      fields: [
        {
          kind: 'textarea',
          prop: 'problem',
          label: 'Problem',
          placeholder: 'What slows the customer down?',
        },
        {
          kind: 'select',
          prop: 'severity',
          label: 'Severity',
          options: optionsOf(severities, severityLabels),
          unsetLabel: 'Not set',
        },
        { kind: 'textarea', prop: 'solution', label: 'How we solve it' },
      ],
    },
  ],
  'icp-disqualifier': [
    {
      fields: [
        {
          kind: 'select',
          prop: 'kind',
          label: 'About',
          options: optionsOf(disqualifierKinds, disqualifierKindLabels),
        },
        {
          kind: 'text',
          prop: 'rule',
          label: 'Rule out leads matching',
          placeholder: 'e.g. Government, Gambling',
        },
        { kind: 'textarea', prop: 'reason', label: 'Why' },
      ],
    },
  ],
  'icp-evidence': [
    {
      fields: [{ kind: 'text', prop: 'customer', label: 'Customer', placeholder: 'Company name' }],
    },
    {
      title: 'Facts (blank = unknown)',
      isCompact: true,
      fields: [
        {
          kind: 'number',
          prop: 'salesCycleDays',
          label: 'Sales cycle',
          unit: 'days',
          rule: { isNullable: true, min: 0 },
        },
        {
          kind: 'number',
          prop: 'retentionMonths',
          label: 'Retention',
          unit: 'mo',
          rule: { isNullable: true, min: 0 },
        },
        {
          kind: 'number',
          prop: 'referrals',
          label: 'Referrals',
          rule: { isNullable: true, min: 0, isInteger: true },
        },
        {
          kind: 'number',
          prop: 'lifetimeValue',
          label: 'Lifetime value',
          placeholder: 'e.g. 120k',
          rule: { isNullable: true, min: 0 },
        },
        {
          kind: 'number',
          prop: 'nps',
          label: 'NPS',
          placeholder: 'e.g. 9 or 45',
          rule: { isNullable: true, min: -100, max: 100 },
        },
        {
          kind: 'number',
          prop: 'csat',
          label: 'CSAT',
          unit: '%',
          rule: { isNullable: true, min: 0, max: 100 },
        },
      ],
    },
    {
      fields: [
        {
          kind: 'textarea',
          prop: 'note',
          label: 'Note',
          placeholder: 'What they share with other best customers',
        },
      ],
    },
  ],
  'icp-statement': [
    {
      fields: [
        { kind: 'text', prop: 'name', label: 'ICP name', placeholder: 'e.g. Indie game studios' },
        { kind: 'date', prop: 'reviewDate', label: 'Last reviewed' },
        {
          kind: 'number',
          prop: 'reviewCadenceMonths',
          label: 'Review every',
          unit: 'months',
          rule: { isNullable: false, isInteger: true, min: 1, max: 24 },
        },
      ],
    },
  ],
}

/** The panel's sections for a card. */
export function fieldSectionsFor(shape: CardShape): readonly FieldSection[] {
  return sectionsByType[shape.type]
}

/** Placeholder of a value field that suits the card's category. */
export function valuePlaceholderFor(shape: CardShape): string | undefined {
  return shape.type === 'icp-attribute' ? attributeValueExamples[shape.props.category] : undefined
}
