import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLShape,
} from '@tldraw/tlschema'
import { T } from '@tldraw/validate'

/** Shape type of an evidence card: one named best customer and the facts that make it valuable. */
export const evidenceCardType = 'icp-evidence'

/** Numeric facts are `null` when unknown, never 0, so averages and warnings stay honest. */
export const evidenceCardProps = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  customer: T.string,
  salesCycleDays: T.number.nullable(),
  retentionMonths: T.number.nullable(),
  referrals: T.number.nullable(),
  lifetimeValue: T.number.nullable(),
  nps: T.number.nullable(),
  csat: T.number.nullable(),
  note: T.string,
}

export interface EvidenceCardProps {
  w: number
  h: number
  customer: string
  salesCycleDays: number | null
  retentionMonths: number | null
  referrals: number | null
  /** Customer lifetime value, in the board's currency. */
  lifetimeValue: number | null
  /** Net promoter score, -100..100 for a segment or 0..10 for one answer. */
  nps: number | null
  /** Customer satisfaction, percent 0..100. */
  csat: number | null
  note: string
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    [evidenceCardType]: EvidenceCardProps
  }
}

export type EvidenceCardShape = TLShape<typeof evidenceCardType>

evidenceCardProps satisfies RecordProps<EvidenceCardShape>

/** Named migration versions of the evidence card props. */
export const evidenceCardVersions = createShapePropsMigrationIds(evidenceCardType, {})

/** Migrations of the evidence card props, oldest first. */
export const evidenceCardMigrations = createShapePropsMigrationSequence({ sequence: [] })

/** Props of a freshly created evidence card. */
export function defaultEvidenceCardProps(): EvidenceCardProps {
  return {
    w: 260,
    h: 170,
    customer: '',
    salesCycleDays: null,
    retentionMonths: null,
    referrals: null,
    lifetimeValue: null,
    nps: null,
    csat: null,
    note: '',
  }
}
