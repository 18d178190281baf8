import { attributeCategoryInfo } from '../compile/attributeCategoryInfo'
import type { AttributeCategory } from '../schema/attributeCard'
import type { DisqualifierKind } from '../schema/disqualifierCard'
import { isStandardFieldKey, standardFields, type StandardFieldKey } from './dataFields'
import type { DatasetField } from './dataset'

/** The standard field an attribute category is tested against (the others have none). */
const fieldByCategory: Partial<Record<AttributeCategory, StandardFieldKey>> = {
  industry: 'industry',
  businessModel: 'businessModel',
  employees: 'employees',
  revenue: 'revenue',
  budget: 'budget',
  funding: 'funding',
  location: 'country',
  geographic: 'country',
  technographic: 'techStack',
}

function comparable(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/** Fields that describe a company (attributes), in column order. */
function attributeFields(fields: readonly DatasetField[]): DatasetField[] {
  return fields.filter((field) => field.role === 'attribute')
}

/**
 * The column an attribute card is tested against, or null when the data has none:
 * 1. a column whose name or label is the card's label (`CRM`, `Hiring SDRs`),
 * 2. the standard field of its category (industry, employees, location -> country, technology ->
 *    tech stack...),
 * 3. a column named like its category (`Valuation`, `Company age`).
 */
export function fieldForAttribute(
  fields: readonly DatasetField[],
  attribute: { category: AttributeCategory; label: string },
): DatasetField | null {
  const candidates = attributeFields(fields)
  const label = comparable(attribute.label)
  if (label !== '') {
    const named = candidates.find(
      (field) => comparable(field.label) === label || comparable(field.column) === label,
    )
    if (named) return named
  }
  const standardKey = fieldByCategory[attribute.category]
  const standard = standardKey && candidates.find((field) => field.key === standardKey)
  if (standard) return standard
  const categoryLabel = comparable(attributeCategoryInfo[attribute.category].label)
  return (
    candidates.find(
      (field) =>
        !isStandardFieldKey(field.key) &&
        (comparable(field.label) === categoryLabel || comparable(field.column) === categoryLabel),
    ) ?? null
  )
}

/**
 * The column a disqualifier is tested against: industry, region (country), size (employees),
 * budget, technology (tech stack). Legal, product and other rules have none: people judge them.
 */
export function fieldForDisqualifier(
  fields: readonly DatasetField[],
  kind: DisqualifierKind,
): DatasetField | null {
  return (
    attributeFields(fields).find(
      (field) =>
        isStandardFieldKey(field.key) &&
        (standardFields[field.key].disqualifierKinds ?? []).includes(kind),
    ) ?? null
  )
}
