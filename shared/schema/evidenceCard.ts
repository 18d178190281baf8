import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLShape,
} from '@tldraw/tlschema'
import { T } from '@tldraw/validate'
import { currencyCodes, type CurrencyCode } from '../values/parsedValue'

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
  // Optional: cards stored before it existed stay valid as they are (their currency is unknown).
  currency: T.literalEnum(...currencyCodes).optional(),
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
  /** Customer lifetime value, in `currency`. */
  lifetimeValue: number | null
  /** The currency of `lifetimeValue`; absent on cards made before it was asked (unknown). */
  currency?: CurrencyCode
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
export const evidenceCardVersions = createShapePropsMigrationIds(evidenceCardType, {
  AddCurrency: 1,
})

/** Migrations of the evidence card props, oldest first. */
export const evidenceCardMigrations = createShapePropsMigrationSequence({
  sequence: [
    {
      id: evidenceCardVersions.AddCurrency,
      // The currency of an older card's value is unknown: it stays absent rather than guessed.
      up() {},
      down(props) {
        delete props.currency
      },
    },
  ],
})

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
    currency: 'USD',
    nps: null,
    csat: null,
    note: '',
  }
}
