import type { ListMatch, ValueKind } from '../schema/attributeCard'
import { parseAmount } from './parseAmount'
import {
  termFamilies,
  type ParsedValue,
  type RangeValue,
  type SetValue,
  type TermFamily,
  type ValueFamily,
} from './parsedValue'
import { isOneTerm, readTerm } from './readTerm'
import { readSizeBand } from './sizeBands'
import { splitList } from './splitList'

/** How a value text is read: the card's forced kind, what it describes, any or all of a list. */
export interface ParseValueOptions {
  /** `auto` (default) decides; `text`, `set` and `range` force a reading. */
  kind?: ValueKind
  /** What the value describes (see `familyOfAttribute`); `general` by default. */
  family?: ValueFamily
  /** For lists: any item fits (default) or all must. */
  listMatch?: ListMatch
}

/**
 * Reads an attribute or disqualifier value, the one reading every part of the app uses (the ICP
 * document, card badges, commonalities, scoring, the rules JSON and CSV). `auto` tries, in order:
 * - an amount or range (`>= 100,000`, `under $10,000`, `$1M-$10M`, `10k+`); for `size` also a
 *   size band (`SMB`, `mid-market`, `enterprise`) or a list of adjacent bands;
 * - "anything" (`any`, `all industries`, `worldwide`);
 * - a list: for places, categories, tools, funding and seniority one term per item, split at
 *   `and`, `or`, `/`, `&`, `,`, `;`, `+` (a single item is a list of one); for the rest, split at
 *   `,`, `;`, ` or `, `|` and ` / ` only, and only when there are several items;
 * - plain text.
 * Forced kinds: `text` keeps the whole value as one phrase; `set` always reads a list; `range` an
 * amount, falling back to text. Blank input is text `''` whatever the kind. Pure and deterministic.
 */
export function parseValue(text: string, options: ParseValueOptions = {}): ParsedValue {
  const kind = options.kind ?? 'auto'
  const family = options.family ?? 'general'
  const match = options.listMatch ?? 'any'
  const trimmed = text.trim()
  if (trimmed === '') return { kind: 'text', text: '' }
  switch (kind) {
    case 'text':
      return { kind: 'text', text: trimmed }
    case 'range':
      return readAmount(trimmed, family) ?? { kind: 'text', text: trimmed }
    case 'set':
      return readList(trimmed, family, match)
    case 'auto': {
      const amount = readAmount(trimmed, family)
      if (amount) return amount
      if (isAnyValue(trimmed)) return { kind: 'any' }
      // Employee counts are numbers: separate bands (`SMB or enterprise`) stay text, said so.
      if (family === 'size') return { kind: 'text', text: trimmed }
      const list = readList(trimmed, family, match)
      if (isTermFamily(family) || list.items.length > 1) return list
      return { kind: 'text', text: trimmed }
    }
  }
}

/** True for the families whose list items are read as terms of a vocabulary. */
export function isTermFamily(family: ValueFamily): family is TermFamily {
  return (termFamilies as readonly string[]).includes(family)
}

function readAmount(text: string, family: ValueFamily): RangeValue | null {
  const amount = parseAmount(text)
  if (amount || family !== 'size') return amount
  return readSizeBand(text) ?? readBandList(text)
}

/** `SMB and mid-market`: adjacent or overlapping bands read as one range; else null. */
function readBandList(text: string): RangeValue | null {
  const items = splitList(text, 'full', (phrase) => readSizeBand(phrase) !== null)
  if (items.length < 2) return null
  const bands = items.map((item) => {
    const band = readSizeBand(item) ?? parseAmount(item)
    return band && { ...band, band: band.band ?? item }
  })
  if (bands.some((band) => band === null)) return null
  const sorted = (bands as RangeValue[]).sort(
    (a, b) => (a.min?.value ?? -Infinity) - (b.min?.value ?? -Infinity),
  )
  let merged = sorted[0]!
  for (const next of sorted.slice(1)) {
    const reach = merged.max?.value ?? Infinity
    // Adjacent whole numbers (99 and 100) join; a gap means the bands are separate alternatives.
    if ((next.min?.value ?? -Infinity) > reach + 1) return null
    const nextReach = next.max?.value ?? Infinity
    merged = { ...merged, max: nextReach > reach ? next.max : merged.max }
  }
  const names = sorted.map((band) => band.band!)
  return { ...merged, unit: 'employees', band: names.join(' or ') }
}

function readList(text: string, family: ValueFamily, match: ListMatch): SetValue {
  if (!isTermFamily(family)) {
    const items = splitList(text, 'basic')
    return {
      kind: 'set',
      items,
      family,
      match,
      terms: items.map((item) => ({ label: item, keys: [] })),
    }
  }
  const items = splitList(text, 'full', (phrase) => isOneTerm(family, phrase))
  return { kind: 'set', items, family, match, terms: items.map((item) => readTerm(family, item)) }
}

const anyPattern =
  /^(?:\*|any|all|anything|anyone|anybody|everyone|everybody|anywhere|everywhere|worldwide|global(?:ly)?|no preference|no restrictions?|unrestricted|(?:any|all)\s+\p{L}+)$/iu

function isAnyValue(text: string): boolean {
  return anyPattern.test(text.replace(/[.!]+$/, '').trim())
}
