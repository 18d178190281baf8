import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLShape,
} from '@tldraw/tlschema'
import { T } from '@tldraw/validate'

/** Shape type of a disqualifier (negative ICP) card: a lead failing one is disqualified. */
export const disqualifierCardType = 'icp-disqualifier'

/** What the rule is about (the seeds' list: budget floor, industry, region, legal, product/SLA). */
export const disqualifierKinds = [
  'industry',
  'region',
  'budget',
  'size',
  'legal',
  'product',
  'technology',
  'other',
] as const
export type DisqualifierKind = (typeof disqualifierKinds)[number]

/** `rule` is the value the lead must not match, e.g. `Government, Gambling` or `< $5,000`. */
export const disqualifierCardProps = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  kind: T.literalEnum(...disqualifierKinds),
  rule: T.string,
  reason: T.string,
}

export interface DisqualifierCardProps {
  w: number
  h: number
  kind: DisqualifierKind
  rule: string
  reason: string
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    [disqualifierCardType]: DisqualifierCardProps
  }
}

export type DisqualifierCardShape = TLShape<typeof disqualifierCardType>

disqualifierCardProps satisfies RecordProps<DisqualifierCardShape>

/** Named migration versions of the disqualifier card props. */
export const disqualifierCardVersions = createShapePropsMigrationIds(disqualifierCardType, {})

/** Migrations of the disqualifier card props, oldest first. */
export const disqualifierCardMigrations = createShapePropsMigrationSequence({ sequence: [] })

/** Props of a freshly created disqualifier card. */
export function defaultDisqualifierCardProps(): DisqualifierCardProps {
  return { w: 240, h: 140, kind: 'industry', rule: '', reason: '' }
}
