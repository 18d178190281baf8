import { currencyBySymbol, type Bound, type CurrencyCode, type RangeValue } from './parsedValue'

/** An amount read from the start of a string, with how many characters it took. */
interface Quantity {
  value: number
  /** Power of ten of the scale suffix (`k` = 3, `M` = 6), 0 without one. */
  exponent: number
  currency: CurrencyCode | null
  length: number
}

const exponentBySuffix: Readonly<Record<string, number>> = {
  k: 3,
  thousand: 3,
  m: 6,
  mm: 6,
  mn: 6,
  million: 6,
  b: 9,
  bn: 9,
  billion: 9,
  trillion: 12,
}

// Letter suffixes must touch the number (`10k`, `$1.2M`) so `12 m` stays "12" with unit "m";
// words may follow a space (`$1 million`).
const quantityPattern =
  /^(?:(USD|EUR|GBP)\s*)?([$€£])?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:(mm|mn|bn|k|m|b)(?![\p{L}\d])|\s*(thousand|million|billion|trillion)(?![\p{L}\d]))?(?:\s*([$€£]))?/iu

function readQuantity(text: string): Quantity | null {
  const match = quantityPattern.exec(text)
  if (!match) return null
  const [whole, isoCode, prefixSymbol, digits = '', letterSuffix, wordSuffix, suffixSymbol] = match
  const suffix = (letterSuffix ?? wordSuffix)?.toLowerCase()
  const exponent = suffix === undefined ? 0 : (exponentBySuffix[suffix] ?? 0)
  const symbol = prefixSymbol ?? suffixSymbol
  const currency = isoCode
    ? (isoCode.toUpperCase() as CurrencyCode)
    : symbol
      ? (currencyBySymbol[symbol] ?? null)
      : null
  // Scaling through the exponent notation keeps 1.1M at 1100000 exactly.
  const value = Number(`${digits.replace(/,/g, '')}e${exponent}`)
  return { value, exponent, currency, length: whole.length }
}

type BoundSide = 'min' | 'max' | 'exact'

interface Operator {
  side: BoundSide
  inclusive: boolean
}

function alternatives(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|')
}

const atLeast: Operator = { side: 'min', inclusive: true }
const moreThan: Operator = { side: 'min', inclusive: false }
const upTo: Operator = { side: 'max', inclusive: true }
const lessThan: Operator = { side: 'max', inclusive: false }
const exactly: Operator = { side: 'exact', inclusive: true }

/** Operators written before an amount, by their lower-case, single-spaced spelling. */
const prefixOperators: ReadonlyMap<string, Operator> = new Map([
  ...[
    '>=',
    '≥',
    '=>',
    'at least',
    'no less than',
    'not less than',
    'minimum of',
    'minimum',
    'min.',
    'min',
    'upwards of',
    'from',
  ].map((word) => [word, atLeast] as const),
  ...['>', 'more than', 'greater than', 'over', 'above', 'exceeding', 'in excess of'].map(
    (word) => [word, moreThan] as const,
  ),
  ...[
    '<=',
    '≤',
    '=<',
    'at most',
    'no more than',
    'not more than',
    'maximum of',
    'maximum',
    'max.',
    'max',
    'up to',
  ].map((word) => [word, upTo] as const),
  ...['<', 'less than', 'fewer than', 'under', 'below'].map((word) => [word, lessThan] as const),
  ...[
    '=',
    '==',
    '~',
    '≈',
    'exactly',
    'about',
    'around',
    'approximately',
    'approx.',
    'roughly',
    'circa',
  ].map((word) => [word, exactly] as const),
])

/** Operators written after an amount (`10 or more`, `500 employees max`). */
const tailOperators: ReadonlyMap<string, Operator> = new Map([
  ...[
    'or more',
    'or greater',
    'or above',
    'or higher',
    'or over',
    'and up',
    'and above',
    'and over',
    'and more',
    'plus',
    'minimum',
    'min',
    'at least',
  ].map((word) => [word, atLeast] as const),
  ...[
    'or less',
    'or fewer',
    'or below',
    'or under',
    'or lower',
    'and under',
    'and below',
    'and less',
    'and fewer',
    'maximum',
    'max',
    'at most',
  ].map((word) => [word, upTo] as const),
])

function phrasesOf(operators: ReadonlyMap<string, Operator>, isWord: boolean): string[] {
  return [...operators.keys()].filter((phrase) => /^\p{L}/u.test(phrase) === isWord)
}

// One regex per position: symbols need no word boundary, words must not run into a letter.
const prefixOperatorPattern = new RegExp(
  `^(?:${alternatives(phrasesOf(prefixOperators, false))}|(?:${alternatives(phrasesOf(prefixOperators, true))})(?![\\p{L}]))\\s*`,
  'iu',
)
const leadingTailPattern = new RegExp(
  `^(?:${alternatives([...tailOperators.keys()])})(?![\\p{L}])\\s*`,
  'iu',
)
const trailingTailPattern = new RegExp(
  `(?:^|\\s+)(?:${alternatives([...tailOperators.keys()])})$`,
  'iu',
)

function operatorOf(operators: ReadonlyMap<string, Operator>, phrase: string): Operator | null {
  return operators.get(phrase.trim().toLowerCase().replace(/\s+/g, ' ')) ?? null
}

// A unit is words (or `%`) with no digits or list separators, so `24/7 support` or
// `100 employees, US` are not read as amounts.
const unitPattern = /^(?:%|\p{L})[\p{L}\s/.'&%-]*$/u
const isoUnitPattern = /^(?:USD|EUR|GBP)$/i

interface Tail {
  operator: Operator | null
  unit: string | null
  currency: CurrencyCode | null
}

/** Reads what follows the last amount: `+`, `or more`, a unit, a trailing ISO currency code. */
function readTail(rest: string): Tail | null {
  let text = rest
  let operator: Operator | null = null
  const plus = /^\s*\+/.exec(text)
  if (plus) {
    operator = { side: 'min', inclusive: true }
    text = text.slice(plus[0].length)
  }
  text = text.trim()
  if (!operator) {
    const match = leadingTailPattern.exec(text)
    if (match) {
      operator = operatorOf(tailOperators, match[0])
      text = text.slice(match[0].length)
    }
  }
  if (!operator) {
    const match = trailingTailPattern.exec(text)
    if (match) {
      operator = operatorOf(tailOperators, match[0])
      text = text.slice(0, match.index)
    }
  }
  const unit = text.trim().replace(/\.$/, '').trim()
  if (unit === '') return { operator, unit: null, currency: null }
  if (isoUnitPattern.test(unit)) {
    return { operator, unit: null, currency: unit.toUpperCase() as CurrencyCode }
  }
  if (!unitPattern.test(unit)) return null
  return { operator, unit: unit.replace(/\s+/g, ' '), currency: null }
}

function mergeCurrencies(...currencies: (CurrencyCode | null)[]): CurrencyCode | null | false {
  const known = currencies.filter((currency): currency is CurrencyCode => currency !== null)
  if (known.some((currency) => currency !== known[0])) return false
  return known[0] ?? null
}

const betweenPrefix = /^(?:between|from)\s+/i
const rangeSeparator =
  /^\s*(?:-|–|—|\.\.|to(?![\p{L}])|and(?![\p{L}])|through(?![\p{L}])|until(?![\p{L}]))\s*/iu

function parseBetween(text: string): RangeValue | null {
  const prefix = betweenPrefix.exec(text)
  const body = prefix ? text.slice(prefix[0].length) : text
  const low = readQuantity(body)
  if (!low) return null
  const afterLow = body.slice(low.length)
  const separator = rangeSeparator.exec(afterLow)
  if (!separator) return null
  if (/and/i.test(separator[0]) && !/^between/i.test(prefix?.[0] ?? '')) return null
  const afterSeparator = afterLow.slice(separator[0].length)
  const high = readQuantity(afterSeparator)
  if (!high) return null
  const tail = readTail(afterSeparator.slice(high.length))
  if (!tail || tail.operator) return null
  const currency = mergeCurrencies(low.currency, high.currency, tail.currency)
  if (currency === false) return null
  // `$1-10M` means one to ten million: the suffix of the upper amount carries over.
  let lowValue = low.value
  if (low.exponent === 0 && high.exponent > 0) {
    const scaled = Number(`${lowValue}e${high.exponent}`)
    if (scaled <= high.value) lowValue = scaled
  }
  const [min, max] = lowValue <= high.value ? [lowValue, high.value] : [high.value, lowValue]
  return {
    kind: 'range',
    min: { value: min, inclusive: true },
    max: { value: max, inclusive: true },
    currency,
    unit: tail.unit,
  }
}

function parseSingle(text: string): RangeValue | null {
  let body = text
  let operator: Operator | null = null
  const match = prefixOperatorPattern.exec(body)
  if (match) {
    operator = operatorOf(prefixOperators, match[0])
    body = body.slice(match[0].length)
  }
  const quantity = readQuantity(body)
  if (!quantity) return null
  const tail = readTail(body.slice(quantity.length))
  if (!tail) return null
  if (operator && tail.operator) return null
  const currency = mergeCurrencies(quantity.currency, tail.currency)
  if (currency === false) return null
  const effective = operator ?? tail.operator ?? { side: 'exact', inclusive: true }
  const bound: Bound = { value: quantity.value, inclusive: effective.inclusive }
  return {
    kind: 'range',
    min: effective.side === 'max' ? null : bound,
    max: effective.side === 'min' ? null : bound,
    currency,
    unit: tail.unit,
  }
}

/**
 * An amount or range read from the whole text (`>= 100,000`, `under $10,000`, `$1M-$10M`, `10k+`,
 * `between 50 and 500 employees`, `$1.2M`), or null when the text is not one. Pure.
 */
export function parseAmount(text: string): RangeValue | null {
  const trimmed = text.trim()
  // Every amount has a digit; most text values do not, and skip the grammar.
  if (!/\d/.test(trimmed)) return null
  return parseBetween(trimmed) ?? parseSingle(trimmed)
}
