import { describeValue } from './describeValue'
import { formatValue } from './formatValue'
import type { ParsedValue } from './parsedValue'
import { parseValue, type ParseValueOptions } from './parseValue'

/** A value text read once: parsed, written back, and how it is read in words. */
export interface ReadValue {
  parsed: ParsedValue
  /** `formatValue(parsed)`: the value as written, lists with their conjunction. */
  display: string
  /** `describeValue(parsed).text`: how the value is read. */
  reading: string
  /** List items its family's vocabulary does not know (matched as text). */
  unknownItems: string[]
}

/**
 * `parseValue`, `formatValue` and `describeValue` results remembered by text and options. A
 * board repeats a few dozen values over hundreds of cards and is compiled on every edit, so most
 * reads are hits. Every read returns a fresh copy of the parsed value: callers may keep or change
 * it without touching what later reads return. At most `maxEntries` readings are remembered (all
 * are forgotten when that is reached), so memory stays bounded however many texts go through.
 */
export class ValueCache {
  /** Readings by kind, family and list match (a few dozen combinations), then by text. */
  private readonly byOptions = new Map<string, Map<string, ReadValue>>()
  private count = 0

  constructor(readonly maxEntries = 4096) {}

  /** The value read with `options` (see `parseValue`), from memory if read before. */
  read(text: string, options: ParseValueOptions = {}): ReadValue {
    const entries = this.entriesFor(options)
    let value = entries.get(text)
    if (!value) {
      if (this.count >= this.maxEntries) {
        for (const cache of this.byOptions.values()) cache.clear()
        this.count = 0
      }
      const parsed = parseValue(text, options)
      const { text: reading, unknownItems } = describeValue(parsed)
      value = { parsed, display: formatValue(parsed), reading, unknownItems }
      entries.set(text, value)
      this.count += 1
    }
    return {
      parsed: copyParsedValue(value.parsed),
      display: value.display,
      reading: value.reading,
      unknownItems: [...value.unknownItems],
    }
  }

  // Nested by option so that no key string is built per read (a compile reads every card).
  private readonly optionKeys = new Map<string, Map<string, Map<string, string>>>()

  private entriesFor(options: ParseValueOptions): Map<string, ReadValue> {
    const kind = options.kind ?? 'auto'
    const family = options.family ?? 'general'
    const match = options.listMatch ?? 'any'
    let byFamily = this.optionKeys.get(kind)
    if (!byFamily) this.optionKeys.set(kind, (byFamily = new Map()))
    let byMatch = byFamily.get(family)
    if (!byMatch) byFamily.set(family, (byMatch = new Map()))
    let key = byMatch.get(match)
    if (key === undefined) byMatch.set(match, (key = `${kind} ${family} ${match}`))
    let entries = this.byOptions.get(key)
    if (!entries) this.byOptions.set(key, (entries = new Map()))
    return entries
  }

  /** How many readings are remembered. */
  get size(): number {
    return this.count
  }
}

/** A deep copy, with keys in the order `parseValue` writes them (JSON output keeps that order). */
function copyParsedValue(value: ParsedValue): ParsedValue {
  switch (value.kind) {
    case 'range': {
      const copy: ParsedValue = {
        kind: 'range',
        min: value.min && { value: value.min.value, inclusive: value.min.inclusive },
        max: value.max && { value: value.max.value, inclusive: value.max.inclusive },
        currency: value.currency,
        unit: value.unit,
      }
      if (value.band !== undefined) copy.band = value.band
      return copy
    }
    case 'set':
      return {
        kind: 'set',
        items: [...value.items],
        family: value.family,
        match: value.match,
        terms: value.terms.map((term) => ({ label: term.label, keys: [...term.keys] })),
      }
    case 'text':
      return { kind: 'text', text: value.text }
    case 'any':
      return { kind: 'any' }
  }
}
