import type { ParsedValue, RangeValue, SetValue } from './parsedValue'

/**
 * How two criteria on one field relate, for one account: `disjoint` (no value fits both),
 * `overlap` (some value fits both), or `unknown` (free text, or readings that cannot be compared).
 */
export type ValueRelation = 'disjoint' | 'overlap' | 'unknown'

/** Families of fields holding one value per account (a tech stack holds several). */
const singleValuedFamilies: ReadonlySet<SetValue['family']> = new Set([
  'place',
  'category',
  'funding',
  'seniority',
])

interface KeySets {
  keys: string[]
  /** Categories overlap by words: `saas` and `b2b saas` can both hold. */
  isByWords: boolean
}

/** The keys of a set when every item is a known term of a single-valued family, else null. */
function keysOf(value: SetValue): KeySets | null {
  if (!singleValuedFamilies.has(value.family) || value.match === 'all') return null
  if (value.terms.length === 0 || value.terms.some((term) => term.keys.length === 0)) return null
  return { keys: value.terms.flatMap((term) => term.keys), isByWords: value.family === 'category' }
}

function keysMeet(a: string, b: string, isByWords: boolean): boolean {
  if (a === b) return true
  return isByWords && (` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `))
}

function low(range: RangeValue): { value: number; isOpen: boolean } {
  return range.min
    ? { value: range.min.value, isOpen: !range.min.inclusive }
    : { value: -Infinity, isOpen: false }
}

function high(range: RangeValue): { value: number; isOpen: boolean } {
  return range.max
    ? { value: range.max.value, isOpen: !range.max.inclusive }
    : { value: Infinity, isOpen: false }
}

function rangesMeet(a: RangeValue, b: RangeValue): boolean {
  const start = low(a).value > low(b).value ? low(a) : low(b)
  const end = high(a).value < high(b).value ? high(a) : high(b)
  if (start.value < end.value) return true
  return start.value === end.value && !start.isOpen && !end.isOpen
}

function isComparableRange(a: RangeValue, b: RangeValue): boolean {
  return a.currency === null || b.currency === null || a.currency === b.currency
}

/**
 * Whether one account's value could fit both criteria (two attribute cards, or an attribute
 * and a disqualifier, on the same field). Amounts compare as intervals; places, categories,
 * funding and seniority lists by the keys they read as (categories also by words: `SaaS` meets
 * `B2B SaaS`); tools never conflict (a stack holds several); text is `unknown`. Pure.
 */
export function relateValues(a: ParsedValue, b: ParsedValue): ValueRelation {
  if (a.kind === 'any' || b.kind === 'any') return 'overlap'
  if (a.kind === 'range' && b.kind === 'range') {
    if (!isComparableRange(a, b)) return 'unknown'
    return rangesMeet(a, b) ? 'overlap' : 'disjoint'
  }
  if (a.kind === 'set' && b.kind === 'set' && a.family === b.family) {
    const left = keysOf(a)
    const right = keysOf(b)
    if (!left || !right) return 'unknown'
    const meets = left.keys.some((key) =>
      right.keys.some((other) => keysMeet(key, other, left.isByWords)),
    )
    return meets ? 'overlap' : 'disjoint'
  }
  return 'unknown'
}

/**
 * True when every value fitting `inner` also fits `outer` (a disqualifier covering a must-have
 * leaves the ICP nobody); false when some does not; null when that cannot be told.
 */
export function coversValue(outer: ParsedValue, inner: ParsedValue): boolean | null {
  if (outer.kind === 'any') return true
  if (inner.kind === 'any') return false
  if (outer.kind === 'range' && inner.kind === 'range') {
    if (!isComparableRange(outer, inner)) return null
    const isLowInside =
      low(outer).value < low(inner).value ||
      (low(outer).value === low(inner).value && (!low(outer).isOpen || low(inner).isOpen))
    const isHighInside =
      high(outer).value > high(inner).value ||
      (high(outer).value === high(inner).value && (!high(outer).isOpen || high(inner).isOpen))
    return isLowInside && isHighInside
  }
  if (outer.kind === 'set' && inner.kind === 'set' && outer.family === inner.family) {
    const outerKeys = keysOf(outer)
    const innerKeys = keysOf(inner)
    if (!outerKeys || !innerKeys) return null
    // A word match covers (`Government` covers `local government`), so `inner` must be made
    // of keys each containing one of `outer`'s.
    return innerKeys.keys.every((key) =>
      outerKeys.keys.some((other) =>
        outerKeys.isByWords ? ` ${key} `.includes(` ${other} `) : key === other,
      ),
    )
  }
  return null
}
