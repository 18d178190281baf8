import type { AttributeCategory } from '../schema/attributeCard'
import type { DisqualifierKind } from '../schema/disqualifierCard'
import { normalizeText } from './normalizeText'
import type { ValueFamily } from './parsedValue'

/** How the value of each attribute category is read. */
export const familyByCategory: Readonly<Record<AttributeCategory, ValueFamily>> = {
  industry: 'category',
  businessModel: 'category',
  employees: 'size',
  revenue: 'amount',
  valuation: 'amount',
  budget: 'amount',
  funding: 'funding',
  location: 'place',
  companyAge: 'general',
  customerBase: 'general',
  goals: 'general',
  network: 'general',
  technographic: 'tool',
  specialized: 'general',
  demographic: 'general',
  geographic: 'place',
  psychographic: 'general',
  behavioural: 'general',
}

/** How the rule of each disqualifier kind is read; legal, product and other rules are text. */
export const familyByDisqualifierKind: Readonly<Record<DisqualifierKind, ValueFamily>> = {
  industry: 'category',
  region: 'place',
  budget: 'amount',
  size: 'size',
  technology: 'tool',
  legal: 'general',
  product: 'general',
  other: 'general',
}

/** Labels of specialized data points that say what their value is (`Seniority`, `HQ country`). */
const familyByLabelWord: readonly [RegExp, ValueFamily][] = [
  [/\b(?:country|countries|region|location|hq|headquarters|geo|geography|territory)\b/, 'place'],
  [/\b(?:industry|industries|vertical|sector|business model)\b/, 'category'],
  [/\b(?:tech|technology|technologies|stack|tools?|software|crm|platform|integrations?)\b/, 'tool'],
  [/\b(?:funding|investors?|capital|round)\b/, 'funding'],
  [/\b(?:seniority|job level|title level|level)\b/, 'seniority'],
  [/\b(?:employees|headcount|company size|staff|fte)\b/, 'size'],
]

/**
 * The family an attribute's value is read in: by its category (location -> places, funding ->
 * funding stages, technology -> tools...), and for a specialized data point by the words of its
 * label (`HQ country` -> places, `Seniority` -> seniority), else `general`.
 */
export function familyOfAttribute(category: AttributeCategory, label = ''): ValueFamily {
  const family = familyByCategory[category]
  if (category !== 'specialized') return family
  let byLabel = familyByLabel.get(label)
  if (byLabel === undefined) {
    if (familyByLabel.size >= maxLabels) familyByLabel.clear()
    const words = normalizeText(label)
    byLabel = familyByLabelWord.find(([pattern]) => pattern.test(words))?.[1] ?? family
    familyByLabel.set(label, byLabel)
  }
  return byLabel
}

// Labels repeat over a board, read on every compile.
const familyByLabel = new Map<string, ValueFamily>()
const maxLabels = 4096

/** The family a disqualifier's rule is read in (see `familyByDisqualifierKind`). */
export function familyOfDisqualifier(kind: DisqualifierKind): ValueFamily {
  return familyByDisqualifierKind[kind]
}
