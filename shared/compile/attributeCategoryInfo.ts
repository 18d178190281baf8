import type { AttributeCategory } from '../schema/attributeCard'

/**
 * Groups of attribute categories in a compiled ICP: firmographics are the "meat" of a B2B ICP,
 * technographics the tools in use, specialized data points the 1 to 3 custom facts, and
 * consumer traits the demographic, geographic, psychographic and behavioural B2C characteristics.
 */
export const attributeGroups = ['firmographic', 'technographic', 'specialized', 'consumer'] as const
export type AttributeGroup = (typeof attributeGroups)[number]

/** Display names of the attribute groups. */
export const attributeGroupLabels: Readonly<Record<AttributeGroup, string>> = {
  firmographic: 'Firmographics',
  technographic: 'Technographics',
  specialized: 'Specialized data points',
  consumer: 'Consumer traits (B2C)',
}

/** Display label and group of every attribute category (also what the card UI can show). */
export const attributeCategoryInfo: Readonly<
  Record<AttributeCategory, { label: string; group: AttributeGroup }>
> = {
  industry: { label: 'Industry', group: 'firmographic' },
  businessModel: { label: 'Business model', group: 'firmographic' },
  employees: { label: 'Number of employees', group: 'firmographic' },
  revenue: { label: 'Annual revenue', group: 'firmographic' },
  valuation: { label: 'Valuation', group: 'firmographic' },
  budget: { label: 'Budget', group: 'firmographic' },
  funding: { label: 'Funding', group: 'firmographic' },
  location: { label: 'Location', group: 'firmographic' },
  companyAge: { label: 'Company age', group: 'firmographic' },
  customerBase: { label: 'Customer base', group: 'firmographic' },
  goals: { label: 'Goals', group: 'firmographic' },
  network: { label: 'Network', group: 'firmographic' },
  technographic: { label: 'Technology', group: 'technographic' },
  specialized: { label: 'Specialized data point', group: 'specialized' },
  demographic: { label: 'Demographics', group: 'consumer' },
  geographic: { label: 'Geography', group: 'consumer' },
  psychographic: { label: 'Psychographics', group: 'consumer' },
  behavioural: { label: 'Behaviour', group: 'consumer' },
}
