import {
  currencySymbol,
  type Bound,
  type CurrencyCode,
  type ParsedValue,
  type RangeValue,
} from './parsedValue'

/**
 * How amounts are written: `compact` uses `M`/`B` suffixes (`$1M to $10M`), `prose` spells them
 * out for sentences (`$1 million to $10 million`). Amounts under a million get thousands
 * separators in both (`100,000`).
 */
export type NumberStyle = 'compact' | 'prose'

/** Options of `formatValue`. */
export interface FormatValueOptions {
  numbers?: NumberStyle
}

/**
 * Writes a parsed value back as English, with the items as written: `at least 100,000 people`,
 * `under $10,000`, `$1M to $10M`, `US or Canada` (any of a list), `Shopify and QuickBooks` (all
 * of it), the text itself, or `any`. Deterministic (no locale APIs). `describeValue` says how it
 * is read instead.
 */
export function formatValue(value: ParsedValue, options: FormatValueOptions = {}): string {
  switch (value.kind) {
    case 'range': {
      const text = formatRange(value, options.numbers ?? 'compact')
      return value.band ? `${value.band} (${text})` : text
    }
    case 'set':
      return joinList(value.items, value.match === 'all' ? 'and' : 'or')
    case 'text':
      return value.text
    case 'any':
      return 'any'
  }
}

/** Joins items the way the seed statements do: `A`, `A or B`, `A, B or C` (no Oxford comma). */
export function joinList(items: readonly string[], conjunction: string): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`
}

/** Writes an amount with its currency symbol: `$10,000`, `$1.2M`, `$1 million`, `12.5`. */
export function formatAmount(
  amount: number,
  currency: CurrencyCode | null,
  numbers: NumberStyle = 'compact',
): string {
  const symbol = currencySymbol(currency)
  const sign = amount < 0 ? '-' : ''
  return `${sign}${symbol}${formatMagnitude(Math.abs(amount), numbers)}`
}

const scales = [
  { exponent: 12, compact: 'T', prose: ' trillion' },
  { exponent: 9, compact: 'B', prose: ' billion' },
  { exponent: 6, compact: 'M', prose: ' million' },
] as const

function formatMagnitude(amount: number, numbers: NumberStyle): string {
  for (const scale of scales) {
    const scaled = amount / 10 ** scale.exponent
    if (scaled < 1) continue
    // Only round figures get a suffix: 1,234,567 stays exact rather than becoming "1.23M".
    const hundredths = Math.round(scaled * 100)
    if (Math.abs(scaled * 100 - hundredths) > 1e-6) continue
    return `${groupThousands(hundredths / 100)}${scale[numbers]}`
  }
  return groupThousands(amount)
}

function groupThousands(amount: number): string {
  const [whole = '0', fraction] = String(amount).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return fraction ? `${grouped}.${fraction}` : grouped
}

function withUnit(text: string, unit: string | null): string {
  if (!unit) return text
  return unit.startsWith('%') ? `${text}${unit}` : `${text} ${unit}`
}

// Bare years read better without a separator: "2015 to 2020", not "2,015 to 2,020".
function isYearLike(range: RangeValue, value: number): boolean {
  const isBare = range.currency === null && range.unit === null
  return isBare && Number.isInteger(value) && value >= 1900 && value <= 2100
}

function formatRange(range: RangeValue, numbers: NumberStyle): string {
  const amount = (bound: Bound) =>
    isYearLike(range, bound.value)
      ? String(bound.value)
      : formatAmount(bound.value, range.currency, numbers)
  const { min, max, unit } = range
  if (min && max) {
    if (min.value === max.value && min.inclusive && max.inclusive) {
      return withUnit(amount(min), unit)
    }
    if (min.inclusive && max.inclusive) {
      return withUnit(`${amount(min)} to ${amount(max)}`, unit)
    }
    return withUnit(
      `${lowerPhrase(min)} ${amount(min)} and ${upperPhrase(max)} ${amount(max)}`,
      unit,
    )
  }
  if (min) return withUnit(`${lowerPhrase(min)} ${amount(min)}`, unit)
  if (max) return withUnit(`${upperPhrase(max)} ${amount(max)}`, unit)
  return 'any'
}

function lowerPhrase(bound: Bound): string {
  return bound.inclusive ? 'at least' : 'more than'
}

function upperPhrase(bound: Bound): string {
  return bound.inclusive ? 'up to' : 'under'
}
