import { allAttributes, type IcpDocument, type IcpWarning } from '../compile/icpDocument'
import type { DatasetKind } from './dataFields'
import type { Dataset } from './dataset'
import { measureAttribute, measureDisqualifier, type CriterionMeasure } from './measureAttribute'

/** The data sets a board holds right now (null when not imported or not loaded). */
export type LoadedData = Readonly<Record<DatasetKind, Dataset | null>>

/** What a no-match warning says about a card. */
export interface MeasuredCard {
  shapeId: string
  /** `Location`, or the disqualifier's kind label. */
  label: string
  display: string
  reading: string
  isDisqualifier: boolean
}

const rowNouns: Readonly<Record<DatasetKind, string>> = { customers: 'customer', accounts: 'account' }

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
 * or no account, disqualifiers that fit no account (each with the data's own values). In card
 * order, customers first. Pure.
 */
export function checkValuesAgainstData(icp: IcpDocument, data: LoadedData): IcpWarning[] {
  const warnings: IcpWarning[] = []
  const none: ReadonlySet<number> = new Set()
  for (const kind of ['customers', 'accounts'] as const) {
    const dataset = data[kind]
    if (!dataset) continue
    for (const attribute of allAttributes(icp)) {
      const evidence = measureAttribute(dataset, none, attribute)
      if (evidence.status !== 'measured') continue
      const warning = noMatchWarning(kind, { ...attribute, isDisqualifier: false }, evidence)
      if (warning) warnings.push(warning)
    }
    if (kind !== 'accounts') continue
    for (const disqualifier of icp.disqualifiers) {
      const measure = measureDisqualifier(dataset, none, disqualifier)
      if (!measure) continue
      const card = { ...disqualifier, label: disqualifier.kindLabel, isDisqualifier: true }
      const warning = noMatchWarning(kind, card, measure)
      if (warning) warnings.push(warning)
    }
  }
  return warnings
}
