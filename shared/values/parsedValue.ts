import { z } from 'zod'
import { listMatches } from '../schema/attributeCard'

/**
 * Currencies the value parser recognises, as ISO 4217 codes (`$` is read as USD, `€` as EUR, `£`
 * as GBP). Amounts in different currencies never match each other: there is no conversion.
 */
export const currencyCodes = ['USD', 'EUR', 'GBP'] as const
export type CurrencyCode = (typeof currencyCodes)[number]

/** The symbol each currency is written with; `currencyBySymbol` reads it back. */
export const currencySymbols: Readonly<Record<CurrencyCode, string>> = {
  USD: '$',
  EUR: '€',
  GBP: '£',
}

export const currencyBySymbol: Readonly<Record<string, CurrencyCode>> = Object.fromEntries(
  currencyCodes.map((code) => [currencySymbols[code], code]),
)

/** The symbol amounts in `currency` are written with (`$`), `''` for none. */
export function currencySymbol(currency: CurrencyCode | null): string {
  return currency ? currencySymbols[currency] : ''
}

/** One end of a range: `inclusive` tells `>=` from `>` (and `<=` from `<`). */
export const boundSchema = z.object({ value: z.number(), inclusive: z.boolean() })
export type Bound = z.infer<typeof boundSchema>

/**
 * A numeric range. A missing bound is open (`min: null` = no floor); an exact amount has
 * `min` equal to `max`, both inclusive. `unit` is the text after the number (`people`,
 * `employees`, `%`), kept for display only. `band` names a company-size band it was read from
 * (`mid-market`), when it was.
 */
export const rangeValueSchema = z.object({
  kind: z.literal('range'),
  min: boundSchema.nullable(),
  max: boundSchema.nullable(),
  currency: z.enum(currencyCodes).nullable(),
  unit: z.string().nullable(),
  band: z.string().optional(),
})
export type RangeValue = z.infer<typeof rangeValueSchema>

/**
 * How a value is read, by what it describes: `place` (countries and regions), `category`
 * (industries, business models: by meaning), `tool` (technologies), `funding` and `seniority`
 * (ordinal scales), `size` (employee counts and size bands), `amount` (money and other numbers),
 * `general` (anything else: amounts, lists at commas, free text). See `familyOfAttribute`.
 */
export const valueFamilies = [
  'place',
  'category',
  'tool',
  'funding',
  'seniority',
  'size',
  'amount',
  'general',
] as const
export type ValueFamily = (typeof valueFamilies)[number]

/** Families whose values are read as one term per list item (a set of known keys). */
export const termFamilies = ['place', 'category', 'tool', 'funding', 'seniority'] as const
export type TermFamily = (typeof termFamilies)[number]

/**
 * One list item as read: `label` says what it was read as (`United States`, `Series A to Series
 * C`, `Government`), `keys` are what it covers in its family's vocabulary (ISO country codes,
 * stage ids, normalised category or tool names). No keys: not a known term, matched as text.
 */
export const valueTermSchema = z.object({ label: z.string(), keys: z.array(z.string()) })
export type ValueTerm = z.infer<typeof valueTermSchema>

/**
 * A list (`US or Canada`, `SaaS; Fintech`, `Shopify + QuickBooks`): `match` says whether any item
 * (alternatives, the default) or all of them must fit. Items are as written, trimmed and unique;
 * `terms[i]` is how `items[i]` reads in `family`.
 */
export const setValueSchema = z.object({
  kind: z.literal('set'),
  items: z.array(z.string()),
  family: z.enum(valueFamilies),
  match: z.enum(listMatches),
  terms: z.array(valueTermSchema),
})
export type SetValue = z.infer<typeof setValueSchema>

/** Free text, matched as a phrase. Blank input parses to text `''`, which matches nothing. */
export const textValueSchema = z.object({ kind: z.literal('text'), text: z.string() })
export type TextValue = z.infer<typeof textValueSchema>

/** `any`, `all`, `worldwide`...: a value that constrains nothing and matches everything. */
export const anyValueSchema = z.object({ kind: z.literal('any') })
export type AnyValue = z.infer<typeof anyValueSchema>

/** What an attribute or disqualifier value means, as read by `parseValue`. */
export const parsedValueSchema = z.discriminatedUnion('kind', [
  rangeValueSchema,
  setValueSchema,
  textValueSchema,
  anyValueSchema,
])
export type ParsedValue = z.infer<typeof parsedValueSchema>

/** Kinds of `ParsedValue`. */
export type ParsedValueKind = ParsedValue['kind']

/** False for a value that constrains nothing: `any`, or blank text (`parseValue` trims). */
export function isConstraining(parsed: ParsedValue): boolean {
  return parsed.kind !== 'any' && !(parsed.kind === 'text' && parsed.text.trim() === '')
}
