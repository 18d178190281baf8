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

/**
 * Whether a list value needs any of its items (alternatives: `US or Canada`, the default) or all
 * of them (a tech stack `Shopify + QuickBooks` where both must be in use).
 */
export const listMatches = ['any', 'all'] as const
export type ListMatch = (typeof listMatches)[number]

/** Scoring weight of an attribute: a fit earns its base points (must 2, nice 1) times this. */
export const attributeWeightRange = { min: 1, max: 5 } as const

/** Props of an attribute card, declared once as validators; the TS type derives from them. */
export const attributeCardProps = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  category: T.literalEnum(...attributeCategories),
  label: T.string,
  value: T.string,
  valueKind: T.literalEnum(...valueKinds),
  listMatch: T.literalEnum(...listMatches),
  importance: T.literalEnum(...attributeImportances),
  weight: T.integer.check('weight', (value) => {
    if (value < attributeWeightRange.min || value > attributeWeightRange.max) {
      throw new T.ValidationError(
        `Expected a weight from ${attributeWeightRange.min} to ${attributeWeightRange.max}, got ${value}`,
      )
    }
  }),
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
  listMatch: ListMatch
  importance: AttributeImportance
  /** 1 to 5: multiplies the points a fit earns (see `pointsOf`). */
  weight: number
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
export const attributeCardVersions = createShapePropsMigrationIds(attributeCardType, {
  AddListMatchAndWeight: 1,
})

/** Migrations of the attribute card props, oldest first. */
export const attributeCardMigrations = createShapePropsMigrationSequence({
  sequence: [
    {
      // Cards from before lists could require all items, and before weights: any of, weight 1
      // (what they meant then, so their scores do not change).
      id: attributeCardVersions.AddListMatchAndWeight,
      up(props) {
        props.listMatch = 'any'
        props.weight = 1
      },
      down(props) {
        delete props.listMatch
        delete props.weight
      },
    },
  ],
})

/**
 * Importance of a card someone adds: a must-have in the step 4 frame (where the 5 to 7 key
 * attributes are picked), a nice-to-have anywhere else (brainstorming, findings from the data),
 * so a card dropped on the board never gates every lead before the group has chosen it.
 */
export function importanceForNewCard(step: number | null): AttributeImportance {
  return step === 4 ? 'must' : 'nice'
}

/**
 * Props of an attribute card with every field filled: what the schema and imports fall back on.
 * A card added on the board gets its importance from `importanceForNewCard`.
 */
export function defaultAttributeCardProps(): AttributeCardProps {
  return {
    w: 240,
    h: 150,
    category: 'industry',
    label: '',
    value: '',
    valueKind: 'auto',
    listMatch: 'any',
    importance: 'must',
    weight: 1,
    evidenceSource: 'assumption',
    evidenceNote: '',
  }
}
