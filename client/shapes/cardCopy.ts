import type { AttributeGroup } from '../../shared/compile/attributeCategoryInfo'
import type { AttributeCategory } from '../../shared/schema/attributeCard'

// UI-only wording. Display names of enums live in shared/compile (cardLabels.ts and
// attributeCategoryInfo.ts) so the compiled document and the cards always agree.

/** Group names short enough for a card's header chip. */
export const attributeGroupShortLabels: Readonly<Record<AttributeGroup, string>> = {
  firmographic: 'Firmographic',
  technographic: 'Technographic',
  specialized: 'Specialized',
  consumer: 'B2C',
}

/** Shorter category names for the header chip, where the full name would not fit a card. */
export const attributeChipLabels: Partial<Readonly<Record<AttributeCategory, string>>> = {
  employees: 'Employees',
  specialized: 'Data point',
}

/** Example values, shown as placeholders so a blank card says what belongs on it. */
export const attributeValueExamples: Readonly<Record<AttributeCategory, string>> = {
  industry: 'e.g. Video games',
  businessModel: 'e.g. B2C e-commerce',
  employees: 'e.g. 50-200',
  revenue: 'e.g. $10M-$50M',
  valuation: 'e.g. >= $20M',
  budget: 'e.g. >= $1M',
  funding: 'e.g. Series A or B',
  location: 'e.g. US or Canada',
  companyAge: 'e.g. 2-10 years',
  customerBase: 'e.g. Values visual design',
  goals: 'e.g. Expand into Europe',
  network: 'e.g. Active in founder communities',
  technographic: 'e.g. Uses HubSpot or Salesforce',
  specialized: 'e.g. Is hiring SDRs',
  demographic: 'e.g. 25-40 years old',
  geographic: 'e.g. Urban UK',
  psychographic: 'e.g. Values sustainability',
  behavioural: 'e.g. Buys online monthly',
}

/** Splits a one-item-per-line prop into its non-blank items. */
export function listItems(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}
