import type { ValueKind } from '../schema/attributeCard'
import { formatValue } from './formatValue'
import type { ParsedValue } from './parsedValue'
import { parseValue } from './parseValue'

/** A value text read as `parseValue` reads it, and written back as `formatValue` writes it. */
export interface ReadValue {
  parsed: ParsedValue
  display: string
}

/**
 * `parseValue` and `formatValue` results remembered by text and kind. A board repeats a few
 * dozen values over hundreds of cards and is compiled on every edit, so most reads are hits.
 * Every read returns a fresh copy of the parsed value: callers may keep or change it without
 * touching what later reads return. At most `maxEntries` texts per kind are remembered (all are
 * forgotten when that is reached), so memory stays bounded however many texts go through.
 */
export class ValueCache {
  private readonly byKind = new Map<ValueKind, Map<string, ReadValue>>()

  constructor(readonly maxEntries = 2048) {}

  /** `{ parsed: parseValue(text, kind), display: formatValue(parsed) }`, from memory if read before. */
  read(text: string, kind: ValueKind): ReadValue {
    let cache = this.byKind.get(kind)
    if (!cache) {
      cache = new Map()
      this.byKind.set(kind, cache)
    }
    let value = cache.get(text)
    if (!value) {
      if (cache.size >= this.maxEntries) cache.clear()
      const parsed = parseValue(text, kind)
      value = { parsed, display: formatValue(parsed) }
      cache.set(text, value)
    }
    return { parsed: copyParsedValue(value.parsed), display: value.display }
  }

  /** How many texts are remembered, over all kinds. */
  get size(): number {
    let size = 0
    for (const cache of this.byKind.values()) size += cache.size
    return size
  }
}

/** A deep copy, with keys in the order `parseValue` writes them (JSON output keeps that order). */
function copyParsedValue(value: ParsedValue): ParsedValue {
  switch (value.kind) {
    case 'range':
      return {
        kind: 'range',
        min: value.min && { value: value.min.value, inclusive: value.min.inclusive },
        max: value.max && { value: value.max.value, inclusive: value.max.inclusive },
        currency: value.currency,
        unit: value.unit,
      }
    case 'set':
      return { kind: 'set', items: [...value.items] }
    case 'text':
      return { kind: 'text', text: value.text }
    case 'any':
      return { kind: 'any' }
  }
}
