import {
  allAttributes,
  type IcpAttribute,
  type IcpDisqualifier,
  type IcpDocument,
  type IcpWarning,
} from '../compile/icpDocument'
import { datasetKinds, type DatasetKind } from './dataFields'
import type { Dataset } from './dataset'
import {
  measureAttribute,
  measureDisqualifier,
  type AttributeEvidence,
  type CriterionMeasure,
} from './measureAttribute'

/** The data sets a board holds right now (null when not imported or not loaded). */
export type LoadedData = Readonly<Record<DatasetKind, Dataset | null>>

/** A card of an ICP: an attribute or a disqualifier. */
export type IcpCard =
  ({ type: 'attribute' } & IcpAttribute) | ({ type: 'disqualifier' } & IcpDisqualifier)

/** What a data set says about a card (null when that data set is not loaded). */
export type CardMeasurer = (kind: DatasetKind, card: IcpCard) => AttributeEvidence | null

const noRows: ReadonlySet<number> = new Set()

/** A `CardMeasurer` that tests every card against the loaded data sets, all rows alike. */
export function measureWith(data: LoadedData): CardMeasurer {
  return (kind, card) => {
    const dataset = data[kind]
    if (!dataset) return null
    return card.type === 'attribute'
      ? measureAttribute(dataset, noRows, card)
      : measureDisqualifier(dataset, noRows, card)
  }
}

/** What a no-match warning says about a card. */
export interface MeasuredCard {
  shapeId: string
  /** `Location`, or the disqualifier's kind label. */
  label: string
  display: string
  reading: string
  isDisqualifier: boolean
}

const rowNouns: Readonly<Record<DatasetKind, string>> = {
  customers: 'customer',
  accounts: 'account',
}

/**
 * The `valueMatchesNoRow` warning for a card whose value fits no row of a data set that has a
 * value for it, with the column's own values (nearest first) as suggestions: "No customer's
 * Country fits "USA and Canada" (…); the data has United States (312), Canada (41)…". Null when
 * some row fits. Disqualifiers only get a note: a batch without gambling leads is no mistake.
 */
export function noMatchWarning(
  kind: DatasetKind,
  card: MeasuredCard,
  measure: CriterionMeasure,
): IcpWarning | null {
  if (!measure.suggestions) return null
  const { field, suggestions } = measure
  const isNumber = field.type === 'number' || field.type === 'money'
  const has =
    suggestions.length === 0
      ? ''
      : isNumber
        ? `; its values run from ${suggestions[0]!.value}`
        : `; the data has ${suggestions.map((entry) => `${entry.value} (${entry.count})`).join(', ')}`
  const what = card.isDisqualifier ? `the disqualifier "${card.display}"` : `"${card.display}"`
  return {
    code: 'valueMatchesNoRow',
    severity: card.isDisqualifier ? 'info' : 'warning',
    message: `No ${rowNouns[kind]}'s ${field.column} fits ${what} (read as ${card.reading})${has}.`,
    shapeIds: [card.shapeId],
  }
}

/**
 * Health warnings only the loaded data can give: attribute cards whose value fits no customer
 * or no account, disqualifiers that fit no account (each with the data's own values). Customers
 * first, then accounts, in card order. Pure (given a pure `measure`).
 */
export function checkValuesAgainstData(icp: IcpDocument, measure: CardMeasurer): IcpWarning[] {
  const warnings: IcpWarning[] = []
  const cards: IcpCard[] = [
    ...allAttributes(icp).map((attribute) => ({ type: 'attribute' as const, ...attribute })),
    ...icp.disqualifiers.map((disqualifier) => ({
      type: 'disqualifier' as const,
      ...disqualifier,
    })),
  ]
  for (const kind of datasetKinds) {
    for (const card of cards) {
      // A disqualifier fitting no customer is what it should do.
      if (card.type === 'disqualifier' && kind !== 'accounts') continue
      const evidence = measure(kind, card)
      if (evidence?.status !== 'measured') continue
      const named: MeasuredCard =
        card.type === 'attribute'
          ? { ...card, isDisqualifier: false }
          : { ...card, label: card.kindLabel, isDisqualifier: true }
      const warning = noMatchWarning(kind, named, evidence)
      if (warning) warnings.push(warning)
    }
  }
  return warnings
}
