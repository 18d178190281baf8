import { formatAmount } from '../values/formatValue'
import { normalizeText } from '../values/normalizeText'
import type { ParsedValue } from '../values/parsedValue'
import { splitList } from '../values/splitList'
import { numericValue } from './bestCustomers'
import type { Dataset, DatasetField } from './dataset'

/** One value of a column and how many rows hold it. */
export interface ValueCount {
  value: string
  count: number
}

/** Suggestions are this many values at most. */
const maxSuggestions = 4

/** Edit distance between two short strings (Levenshtein, one row of memory). */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]!
}

/** 0 to 1: how alike two phrases look (shared words, shared start, few typos). */
function likeness(a: string, b: string): number {
  const left = normalizeText(a)
  const right = normalizeText(b)
  if (left === '' || right === '') return 0
  const leftWords = new Set(left.split(' '))
  const rightWords = right.split(' ')
  const shared = rightWords.filter((word) => leftWords.has(word)).length
  const wordScore = shared / Math.max(leftWords.size, rightWords.length)
  const typoScore = 1 - editDistance(left, right) / Math.max(left.length, right.length)
  const prefixScore = left.startsWith(right) || right.startsWith(left) ? 0.8 : 0
  return Math.max(wordScore, typoScore, prefixScore)
}

/** The phrases of a value a person typed (list items, their readings, the text). */
function phrasesOf(parsed: ParsedValue): string[] {
  switch (parsed.kind) {
    case 'set':
      return [...parsed.items, ...parsed.terms.map((term) => term.label)]
    case 'text':
      // `USA and Canada` forced to text still names two places to look for.
      return [parsed.text, ...splitList(parsed.text, 'full')]
    default:
      return []
  }
}

/** Below this likeness a value is not "near" what the card says; it is ranked by count only. */
const nearLikeness = 0.5

/**
 * The values a column actually holds, to show beside a card value that fits no row: category
 * and list values most alike to what the card says first (`USA and Canada` -> `United States`,
 * `Canada`), then the most common; for a number column its span (`5 to 18,000`). Pure.
 */
export function suggestValues(
  dataset: Dataset,
  field: DatasetField,
  parsed: ParsedValue,
): ValueCount[] {
  if (field.type === 'number' || field.type === 'money') {
    const values = dataset.rows
      .map((row) => numericValue(row.values[field.key]))
      .filter((value): value is number => value !== null)
    if (values.length === 0) return []
    const low = formatAmount(Math.min(...values), field.currency)
    const high = formatAmount(Math.max(...values), field.currency)
    return [{ value: `${low} to ${high}`, count: values.length }]
  }
  const counts = new Map<string, ValueCount>()
  for (const row of dataset.rows) {
    const cell = row.values[field.key]
    const items =
      typeof cell === 'string'
        ? [cell]
        : Array.isArray(cell)
          ? cell
          : typeof cell === 'boolean'
            ? [cell ? 'Yes' : 'No']
            : []
    for (const item of new Set(items.map((text) => text.trim()))) {
      if (item === '') continue
      const key = item.toLowerCase()
      const entry = counts.get(key) ?? { value: item, count: 0 }
      entry.count += 1
      counts.set(key, entry)
    }
  }
  const phrases = phrasesOf(parsed)
  const ranked = [...counts.values()].map((entry) => ({
    entry,
    near: Math.max(0, ...phrases.map((phrase) => likeness(phrase, entry.value))),
  }))
  ranked.sort(
    (a, b) =>
      Number(b.near >= nearLikeness) - Number(a.near >= nearLikeness) ||
      (b.near >= nearLikeness ? b.near - a.near : 0) ||
      b.entry.count - a.entry.count ||
      a.entry.value.localeCompare(b.entry.value),
  )
  return ranked.slice(0, maxSuggestions).map(({ entry }) => entry)
}
