import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLShape,
} from '@tldraw/tlschema'
import { T } from '@tldraw/validate'

/** Shape type of an ICP attribute card. */
export const attributeCardType = 'icp-attribute'

/**
 * What an attribute describes. Firmographics come first (the "meat" of a B2B ICP), then the
 * technographic, specialized and B2C categories. See `attributeCategoryInfo` for labels and groups.
 */
export const attributeCategories = [
  'industry',
  'businessModel',
  'employees',
  'revenue',
  'valuation',
  'budget',
  'funding',
  'location',
  'companyAge',
  'customerBase',
  'goals',
  'network',
  'technographic',
  'specialized',
  'demographic',
  'geographic',
  'psychographic',
  'behavioural',
] as const
export type AttributeCategory = (typeof attributeCategories)[number]

/** Must-haves gate a lead; nice-to-haves add points. */
export const attributeImportances = ['must', 'nice'] as const
export type AttributeImportance = (typeof attributeImportances)[number]

/** Where the claim comes from. `assumption` means no data backs it yet (a named ICP mistake). */
export const evidenceSources = ['crm', 'survey', 'interview', 'analytics', 'assumption'] as const
export type EvidenceSource = (typeof evidenceSources)[number]

/**
 * How the value text is read: `auto` lets the parser decide (range, set or text); the others force
 * a reading when the parser guesses wrong (e.g. a text that contains a comma).
 */
export const valueKinds = ['auto', 'text', 'set', 'range'] as const
export type ValueKind = (typeof valueKinds)[number]

/** Props of an attribute card, declared once as validators; the TS type derives from them. */
export const attributeCardProps = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  category: T.literalEnum(...attributeCategories),
  label: T.string,
  value: T.string,
  valueKind: T.literalEnum(...valueKinds),
  importance: T.literalEnum(...attributeImportances),
  evidenceSource: T.literalEnum(...evidenceSources),
  evidenceNote: T.string,
}

export interface AttributeCardProps {
  w: number
  h: number
  category: AttributeCategory
  label: string
  value: string
  valueKind: ValueKind
  importance: AttributeImportance
  evidenceSource: EvidenceSource
  evidenceNote: string
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    [attributeCardType]: AttributeCardProps
  }
}

export type AttributeCardShape = TLShape<typeof attributeCardType>

// Compile-time check that the validators and the interface describe the same props.
attributeCardProps satisfies RecordProps<AttributeCardShape>

/** Named migration versions of the attribute card props. */
export const attributeCardVersions = createShapePropsMigrationIds(attributeCardType, {})

/** Migrations of the attribute card props, oldest first. */
export const attributeCardMigrations = createShapePropsMigrationSequence({ sequence: [] })

/** Props of a freshly created attribute card. */
export function defaultAttributeCardProps(): AttributeCardProps {
  return {
    w: 240,
    h: 150,
    category: 'industry',
    label: '',
    value: '',
    valueKind: 'auto',
    importance: 'must',
    evidenceSource: 'assumption',
    evidenceNote: '',
  }
}
