import type { Bound, CurrencyCode, ParsedValue, RangeValue } from './parsedValue'
import { parseValue } from './parseValue'

/**
 * An amount already read from data (a CRM cell): `min` = `max` for an exact amount, `max: null`
 * for an open-ended band (`10,001+`). Both ends are inclusive.
 */
export interface AmountCandidate {
  min: number
  max: number | null
  currency: CurrencyCode | null
}

/**
 * What a lead's value can be: text (read as an amount or a list when the criterion needs it), a
 * number, a list of items (any of which may fit) or an amount read beforehand.
 */
export type ValueCandidate = string | number | readonly string[] | AmountCandidate

/**
 * True when a lead's value fits a parsed criterion (the basis of account scoring).
 * - `any` matches everything.
 * - `range`: a number, or a string read as an amount (`$2.5M`, `150 employees`), must lie within
 *   the bounds; a candidate range (`51-200`) must lie entirely within them, and an open-ended one
 *   (`10k+`) fits only a criterion open on the same side (`>= 1,000`). Amounts in another
 *   currency never match. Units are not compared.
 * - `set`: the candidate (or any item of a candidate list) equals an item, or contains it as
 *   whole words (`B2B SaaS` fits `SaaS`). Case, accents, punctuation and a few country aliases
 *   (`USA`, `United States` = `US`; `United Kingdom`, `Great Britain` = `UK`) are ignored.
 * - `text`: the candidate (or any item of a list) contains the text as whole words, compared the
 *   same way. Blank text matches nothing.
 */
export function matchesValue(parsed: ParsedValue, candidate: ValueCandidate): boolean {
  return createValueMatcher(parsed)(candidate)
}

/** A criterion compiled once and applied to many candidates (see `createValueMatcher`). */
export type ValueMatcher = (candidate: ValueCandidate) => boolean

/** Text results a matcher remembers; category columns repeat a handful of values. */
const maxCachedTexts = 4096

/**
 * `matchesValue` for one criterion, compiled for many candidates: the criterion is normalised
 * once and results for repeated texts (an industry column has a few dozen distinct values) are
 * remembered. Same answers as `matchesValue`; pure apart from that private cache.
 */
export function createValueMatcher(parsed: ParsedValue): ValueMatcher {
  switch (parsed.kind) {
    case 'any':
      return () => true
    case 'range':
      return createRangeMatcher(parsed)
    case 'set': {
      const phrases = parsed.items.map(normalize).filter((phrase) => phrase.trim() !== '')
      return createTextMatcher((text, isItem) => {
        const candidates = isItem ? [text] : candidateItems(text)
        return candidates.some((value) => {
          const haystack = normalize(value)
          return phrases.some((phrase) => haystack.includes(phrase))
        })
      })
    }
    case 'text': {
      const phrase = normalize(parsed.text)
      if (phrase.trim() === '') return () => false
      return createTextMatcher((text) => normalize(text).includes(phrase))
    }
  }
}

/** Applies `test` to texts (whole, or each item of a list), remembering results by text. */
function createTextMatcher(test: (text: string, isItem: boolean) => boolean): ValueMatcher {
  const wholes = new Map<string, boolean>()
  const items = new Map<string, boolean>()
  const cached = (cache: Map<string, boolean>, text: string, isItem: boolean) => {
    let result = cache.get(text)
    if (result === undefined) {
      if (cache.size >= maxCachedTexts) cache.clear()
      result = test(text, isItem)
      cache.set(text, result)
    }
    return result
  }
  return (candidate) => {
    if (typeof candidate === 'string') return cached(wholes, candidate, false)
    if (typeof candidate === 'number') return cached(wholes, String(candidate), false)
    if (isAmount(candidate)) return cached(wholes, amountText(candidate), false)
    return candidate.some((item) => cached(items, item, true))
  }
}

function isAmount(candidate: ValueCandidate): candidate is AmountCandidate {
  return typeof candidate === 'object' && !Array.isArray(candidate)
}

function amountText({ min, max }: AmountCandidate): string {
  if (max === null) return `${min}+`
  return min === max ? String(min) : `${min}-${max}`
}

/** A candidate amount with the inclusiveness of each end (`null` = open on that side). */
interface CandidateRange {
  min: Bound | null
  max: Bound | null
  currency: CurrencyCode | null
}

function createRangeMatcher(range: RangeValue): ValueMatcher {
  const texts = new Map<string, CandidateRange | null>()
  const fits = (candidate: CandidateRange | null): boolean => {
    if (!candidate) return false
    if (range.currency && candidate.currency && range.currency !== candidate.currency) return false
    // An end left open can only fit a criterion open on the same side.
    if (!candidate.min && range.min) return false
    if (!candidate.max && range.max) return false
    return (
      (!candidate.min || isWithin(range, candidate.min.value, candidate.min.inclusive)) &&
      (!candidate.max || isWithin(range, candidate.max.value, candidate.max.inclusive))
    )
  }
  const readText = (text: string): CandidateRange | null => {
    let read = texts.get(text)
    if (read === undefined) {
      if (texts.size >= maxCachedTexts) texts.clear()
      const parsed = parseValue(text, 'range')
      read = parsed.kind === 'range' && (parsed.min || parsed.max) ? parsed : null
      texts.set(text, read)
    }
    return read
  }
  const matchOne = (candidate: string | number | AmountCandidate): boolean => {
    if (typeof candidate === 'number') {
      return Number.isFinite(candidate) && isWithin(range, candidate)
    }
    if (typeof candidate === 'string') return fits(readText(candidate))
    return fits({
      min: { value: candidate.min, inclusive: true },
      max: candidate.max === null ? null : { value: candidate.max, inclusive: true },
      currency: candidate.currency,
    })
  }
  return (candidate) =>
    Array.isArray(candidate)
      ? candidate.some(matchOne)
      : matchOne(candidate as string | number | AmountCandidate)
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

function candidateItems(candidate: string): string[] {
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
