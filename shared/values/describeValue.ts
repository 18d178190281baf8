import { formatValue } from './formatValue'
import type { ParsedValue, SetValue, ValueTerm } from './parsedValue'
import { countryName } from './places'
import { fundingScale, seniorityScale, stageLabel, stageOrder } from './stageScales'

/** How a value is read, for people: what the card and its panel show under the value. */
export interface ValueReading {
  /** `any of: United States, Canada`, `Series A to Series C`, `text: contains "acme"`. */
  text: string
  /** List items the family's vocabulary does not know: they are matched as text. */
  unknownItems: string[]
}

/** Regions show their countries up to this many (`Nordics (Denmark, Finland, Iceland, Norway, Sweden)`). */
const maxCountriesShown = 5

function termText(family: SetValue['family'], term: ValueTerm): string {
  if (family !== 'place' || term.keys.length <= 1) return term.label
  const names = term.keys.map(countryName)
  return names.length <= maxCountriesShown
    ? `${term.label} (${names.join(', ')})`
    : `${term.label} (${names.length} countries)`
}

/** Items read as known terms, and the ones matched as text, of a set. */
function splitTerms(value: SetValue): { known: ValueTerm[]; unknown: string[] } {
  const known: ValueTerm[] = []
  const unknown: string[] = []
  value.items.forEach((item, i) => {
    const term = value.terms[i]
    if (term && term.keys.length > 0 && value.family !== 'general') known.push(term)
    else unknown.push(item)
  })
  return { known, unknown }
}

/**
 * Says how a parsed value is read: `any of: United States, Canada` (a list of alternatives),
 * `all of: Shopify, QuickBooks`, `Series A to Series C`, `Mid-market: 100 to 999 employees`,
 * `amount: at least $10M`, `text: contains "acme"`, `any value: narrows nothing`. Items that
 * are not known terms are quoted and marked `(as text)`. Pure.
 */
export function describeValue(value: ParsedValue): ValueReading {
  switch (value.kind) {
    case 'any':
      return { text: 'any value: narrows nothing', unknownItems: [] }
    case 'text':
      return {
        text: value.text === '' ? 'no value' : `text: contains "${value.text}"`,
        unknownItems: [],
      }
    case 'range': {
      const amount = formatValue({ ...value, band: undefined })
      return {
        text: value.band ? `${value.band}: ${amount}` : `amount: ${amount}`,
        unknownItems: [],
      }
    }
    case 'set': {
      if (value.family === 'general') {
        const quoted = value.items.map((item) => `"${item}"`).join(', ')
        const lead = value.items.length > 1 ? `${value.match} of` : ''
        return { text: `text: contains ${lead ? `${lead} ` : ''}${quoted}`, unknownItems: [] }
      }
      const { known, unknown } = splitTerms(value)
      const parts = [
        ...new Set([
          ...known.map((term) => termText(value.family, term)),
          ...unknown.map((item) => `"${item}" (as text)`),
        ]),
      ]
      if (parts.length === 0) return { text: 'no value', unknownItems: unknown }
      const text = parts.length === 1 ? parts[0]! : `${value.match} of: ${parts.join(', ')}`
      return { text, unknownItems: unknown }
    }
  }
}

/**
 * The values a criterion accepts, spelled out for a CRM filter: the countries of places and
 * regions (`North America` -> United States, Canada, Mexico), the stages of a stage range, the
 * names of categories and tools, items matched as text as written; the text of a text value;
 * nothing for amounts and `any` (their bounds say it).
 */
export function acceptedValues(value: ParsedValue): string[] {
  switch (value.kind) {
    case 'any':
    case 'range':
      return []
    case 'text':
      return value.text === '' ? [] : [value.text]
    case 'set': {
      if (value.family === 'general') return [...value.items]
      const { known, unknown } = splitTerms(value)
      const keys = [...new Set(known.flatMap((term) => term.keys))]
      switch (value.family) {
        case 'place':
          return [...keys.map(countryName), ...unknown]
        case 'funding':
        case 'seniority': {
          const scale = value.family === 'funding' ? fundingScale : seniorityScale
          const ordered = keys.sort((a, b) => stageOrder(scale, a) - stageOrder(scale, b))
          return [...ordered.map((key) => stageLabel(scale, key)), ...unknown]
        }
        default:
          return [...new Set([...known.map((term) => term.label), ...unknown])]
      }
    }
  }
}
