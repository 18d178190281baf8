import type { AttributeCategory } from '../schema/attributeCard'
import type { DisqualifierKind } from '../schema/disqualifierCard'
import { normalizeText } from '../values/normalizeText'

/**
 * Categories that describe one field of a company whatever the card's label says: two cards of
 * one of these (`Employees` and `Number of employees`) are about the same thing. Other categories
 * are told apart by label (`Branding budget`, `IT budget`).
 */
const oneFieldCategories: ReadonlySet<AttributeCategory> = new Set([
  'industry',
  'businessModel',
  'employees',
  'revenue',
  'valuation',
  'funding',
  'location',
  'companyAge',
])

/** The field a disqualifier kind rules on, as an attribute category. */
const categoryByDisqualifierKind: Partial<Record<DisqualifierKind, AttributeCategory>> = {
  industry: 'industry',
  region: 'location',
  budget: 'budget',
  size: 'employees',
  technology: 'technographic',
}

/**
 * What an attribute card is about, as a key: cards with the same key describe the same field of
 * an account (scoring tests both against one column). Geography counts as location.
 */
export function dimensionOfAttribute(attribute: {
  category: AttributeCategory
  label: string
}): string {
  const category = attribute.category === 'geographic' ? 'location' : attribute.category
  return oneFieldCategories.has(category) ? category : `${category}:${labelKey(attribute.label)}`
}

// Labels repeat over a board and it is compiled on every edit: remember their normal form.
const labelKeys = new Map<string, string>()
const maxLabelKeys = 4096

function labelKey(label: string): string {
  let key = labelKeys.get(label)
  if (key === undefined) {
    if (labelKeys.size >= maxLabelKeys) labelKeys.clear()
    key = normalizeText(label)
    labelKeys.set(label, key)
  }
  return key
}

/**
 * Whether a disqualifier rules on the same field as an attribute card (a budget rule meets every
 * budget card, whatever its label). Legal, product and other rules meet none.
 */
export function isSameField(
  kind: DisqualifierKind,
  attribute: { category: AttributeCategory },
): boolean {
  const category = attribute.category === 'geographic' ? 'location' : attribute.category
  return categoryByDisqualifierKind[kind] === category
}
