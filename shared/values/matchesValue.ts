import type { Bound, ParsedValue, RangeValue } from './parsedValue'
import { parseValue } from './parseValue'

/**
 * True when a lead's value fits a parsed criterion (the basis of account scoring).
 * - `any` matches everything.
 * - `range`: a number, or a string read as an amount (`$2.5M`, `150 employees`), must lie within
 *   the bounds; a candidate range (`51-200`) must lie entirely within them. Amounts in another
 *   currency never match. Units are not compared.
 * - `set`: the candidate (or any item of a candidate list) equals an item, or contains it as
 *   whole words (`B2B SaaS` fits `SaaS`). Case, accents, punctuation and a few country aliases
 *   (`USA`, `United States` = `US`; `United Kingdom`, `Great Britain` = `UK`) are ignored.
 * - `text`: the candidate contains the text as whole words, compared the same way. Blank text
 *   matches nothing.
 */
export function matchesValue(parsed: ParsedValue, candidate: string | number): boolean {
  switch (parsed.kind) {
    case 'any':
      return true
    case 'range':
      return matchesRange(parsed, candidate)
    case 'set': {
      const candidates = candidateItems(candidate)
      return parsed.items.some((item) => candidates.some((value) => containsPhrase(value, item)))
    }
    case 'text':
      return parsed.text.trim() !== '' && containsPhrase(String(candidate), parsed.text)
  }
}

function matchesRange(range: RangeValue, candidate: string | number): boolean {
  if (typeof candidate === 'number') {
    return Number.isFinite(candidate) && isWithin(range, candidate)
  }
  const read = parseValue(candidate, 'range')
  if (read.kind !== 'range') return false
  if (range.currency && read.currency && range.currency !== read.currency) return false
  // An open-ended candidate (`10k+`) can never be known to fit a bounded criterion.
  if (!read.min || !read.max) return false
  return (
    isWithin(range, read.min.value, read.min.inclusive) &&
    isWithin(range, read.max.value, read.max.inclusive)
  )
}

function isWithin(range: RangeValue, value: number, isValueInclusive = true): boolean {
  return fitsMin(range.min, value, isValueInclusive) && fitsMax(range.max, value, isValueInclusive)
}

function fitsMin(min: Bound | null, value: number, isValueInclusive: boolean): boolean {
  if (!min) return true
  if (value > min.value) return true
  return value === min.value && (min.inclusive || !isValueInclusive)
}

function fitsMax(max: Bound | null, value: number, isValueInclusive: boolean): boolean {
  if (!max) return true
  if (value < max.value) return true
  return value === max.value && (max.inclusive || !isValueInclusive)
}

function candidateItems(candidate: string | number): string[] {
  if (typeof candidate === 'number') return [String(candidate)]
  const read = parseValue(candidate, 'auto')
  return read.kind === 'set' ? read.items : [candidate]
}

// Longest first, so `united states of america` is replaced before `united states`.
const aliases: readonly (readonly [string, string])[] = (
  [
    ['usa', 'us'],
    ['u s', 'us'],
    ['u s a', 'us'],
    ['united states', 'us'],
    ['united states of america', 'us'],
    ['u k', 'uk'],
    ['united kingdom', 'uk'],
    ['great britain', 'uk'],
  ] as const
).toSorted((a, b) => b[0].length - a[0].length)

/** Lower case, no accents, words padded by single spaces, country aliases resolved. */
function normalize(text: string): string {
  let words = ` ${text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `
  for (const [alias, target] of aliases) words = words.replaceAll(` ${alias} `, ` ${target} `)
  return words
}

function containsPhrase(haystack: string, needle: string): boolean {
  const phrase = normalize(needle)
  if (phrase.trim() === '') return false
  return normalize(haystack).includes(phrase)
}
