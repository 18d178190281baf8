import { containsWords, paddedWords } from './normalizeText'
import { parseAmount } from './parseAmount'
import type {
  Bound,
  CurrencyCode,
  ParsedValue,
  RangeValue,
  SetValue,
  TermFamily,
  ValueTerm,
} from './parsedValue'
import { isTermFamily } from './parseValue'
import { readTerm } from './readTerm'

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
 * True when a lead's value fits a parsed criterion (the basis of evidence counts and scoring).
 * - `any` matches everything.
 * - `range`: a number, or a string read as an amount (`$2.5M`, `150 employees`), must lie within
 *   the bounds; a candidate range (`51-200`) must lie entirely within them, and an open-ended one
 *   (`10k+`) fits only a criterion open on the same side (`>= 1,000`). Amounts in another
 *   currency never match. Units are not compared.
 * - `set`: each candidate (a cell, or each item of a list cell) is read in the set's family, the
 *   same way the criterion was. Places: every country the candidate names is one the item covers
 *   (`United States` fits `North America`; `Europe` does not fit `Germany`). Funding and
 *   seniority: the candidate's lowest stage is one the item covers (`Series C+` fits `Series
 *   A–C`). Categories and tools: the candidate contains the item's name as whole words, after
 *   synonyms and filler words (`Government` fits `Government entities`, `B2B SaaS` fits
 *   `SaaS`). Items the vocabulary does not know, and `general` lists, are matched as text: the
 *   candidate contains them as whole words. `match: 'any'` needs one item to fit, `'all'` every
 *   item (each by some candidate item).
 * - `text`: the candidate (or any item of a list) contains the text as whole words. Case, accents
 *   and punctuation are ignored. Blank text matches nothing.
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
    case 'set':
      return createSetMatcher(parsed)
    case 'text': {
      const phrase = paddedWords(parsed.text)
      if (phrase.trim() === '') return () => false
      return createTextMatcher((text) => containsWords(paddedWords(text), phrase))
    }
  }
}

/** Applies `test` to texts (whole, or each item of a list), remembering results by text. */
function createTextMatcher(test: (text: string) => boolean): ValueMatcher {
  const wholes = new Map<string, boolean>()
  const items = new Map<string, boolean>()
  const cached = (cache: Map<string, boolean>, text: string) => {
    let result = cache.get(text)
    if (result === undefined) {
      if (cache.size >= maxCachedTexts) cache.clear()
      result = test(text)
      cache.set(text, result)
    }
    return result
  }
  return (candidate) => {
    if (typeof candidate === 'string') return cached(wholes, candidate)
    if (typeof candidate === 'number') return cached(wholes, String(candidate))
    if (isAmount(candidate)) return cached(wholes, amountText(candidate))
    return candidate.some((item) => cached(items, item))
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
      const parsed = parseAmount(text)
      read = parsed && (parsed.min || parsed.max) ? parsed : null
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

/** A candidate (a cell, or one item of a list cell) as a set criterion compares it. */
interface ReadCandidate {
  /** Its text, normalised and padded (see `paddedWords`). */
  padded: string
  /** Its term in the set's family; null for `general` sets. */
  term: ValueTerm | null
}

// A cell holding several values separates them like CRM exports do; `and` is not one of them.
const cellSeparator = /\s*[;|]\s*|\s*,(?!\d)\s*/

/** The items of a text candidate: the whole text when it reads as one known term, else its parts. */
function candidateParts(text: string, family: SetValue['family']): string[] {
  if (!cellSeparator.test(text)) return [text]
  // `Korea, Republic of` is one country.
  if (family === 'place' && readTerm('place', text).keys.length > 0) return [text]
  return text.split(cellSeparator).filter((part) => part.trim() !== '')
}

/** Whether one item of a set fits one candidate item, by the set's family. */
type ItemTest = (candidate: ReadCandidate) => boolean

function itemTest(family: SetValue['family'], item: string, term: ValueTerm): ItemTest {
  const asText = [paddedWords(item), paddedWords(term.label)].filter(
    (phrase) => phrase.trim() !== '',
  )
  const textFits: ItemTest = (candidate) =>
    asText.some((phrase) => containsWords(candidate.padded, phrase))
  if (!isTermFamily(family) || term.keys.length === 0) return textFits
  const keys = new Set(term.keys)
  switch (family) {
    case 'place':
      // Every country the candidate names must be one of the item's (a region fits only inside).
      return (candidate) =>
        candidate.term !== null && candidate.term.keys.length > 0
          ? candidate.term.keys.every((key) => keys.has(key))
          : textFits(candidate)
    case 'funding':
    case 'seniority':
      // A band in the data (`Series C+`) counts as the stage it names first.
      return (candidate) =>
        candidate.term !== null && candidate.term.keys.length > 0
          ? keys.has(candidate.term.keys[0]!)
          : textFits(candidate)
    case 'category':
    case 'tool': {
      const phrases = term.keys.map((key) => ` ${key} `)
      return (candidate) => {
        const read = candidate.term?.keys[0]
        return read !== undefined && phrases.some((phrase) => ` ${read} `.includes(phrase))
      }
    }
  }
}

function createSetMatcher(parsed: SetValue): ValueMatcher {
  const { family } = parsed
  const tests = parsed.items.map((item, i) =>
    itemTest(family, item, parsed.terms[i] ?? { label: item, keys: [] }),
  )
  if (tests.length === 0) return () => false
  const termFamily: TermFamily | null = isTermFamily(family) ? family : null
  const reads = new Map<string, ReadCandidate>()
  const readItem = (text: string): ReadCandidate => {
    let read = reads.get(text)
    if (!read) {
      if (reads.size >= maxCachedTexts) reads.clear()
      read = { padded: paddedWords(text), term: termFamily ? readTerm(termFamily, text) : null }
      reads.set(text, read)
    }
    return read
  }
  const fits = (candidates: readonly ReadCandidate[]) =>
    parsed.match === 'all'
      ? tests.every((test) => candidates.some(test))
      : candidates.some((candidate) => tests.some((test) => test(candidate)))
  const wholes = new Map<string, boolean>()
  const fitsText = (text: string) => {
    let result = wholes.get(text)
    if (result === undefined) {
      if (wholes.size >= maxCachedTexts) wholes.clear()
      result = fits(candidateParts(text, family).map(readItem))
      wholes.set(text, result)
    }
    return result
  }
  return (candidate) => {
    if (typeof candidate === 'string') return fitsText(candidate)
    if (typeof candidate === 'number') return fitsText(String(candidate))
    if (isAmount(candidate)) return fitsText(amountText(candidate))
    return fits(candidate.map(readItem))
  }
}
