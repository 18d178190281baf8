import { currencySymbol, type CurrencyCode } from '../../shared/values/parsedValue'

/** Shown for an unknown (null) fact. */
export const unknownFact = '—'

/** A whole-or-decimal number without trailing zeros, at most `digits` decimals (`12.5`, `3`). */
function trimmed(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)))
}

/** `950`, `4.5k`, `120k`, `1.2M`, `3B`: short enough for a card cell. */
export function formatCompactNumber(value: number): string {
  const sign = value < 0 ? '-' : ''
  const size = Math.abs(value)
  if (size >= 1e9) return `${sign}${trimmed(size / 1e9, 1)}B`
  if (size >= 1e6) return `${sign}${trimmed(size / 1e6, 1)}M`
  if (size >= 1e4) return `${sign}${trimmed(size / 1e3, 0)}k`
  if (size >= 1e3) return `${sign}${trimmed(size / 1e3, 1)}k`
  return `${sign}${trimmed(size, 1)}`
}

/**
 * One evidence fact for display: `45 days`, `24 mo`, `92%`, `$84k` (money in `currency`, bare
 * when it is unknown), or `—` when unknown.
 */
export function formatFact(
  value: number | null,
  unit: 'days' | 'months' | 'count' | 'money' | 'score' | 'percent',
  currency: CurrencyCode | null = null,
): string {
  if (value === null || !Number.isFinite(value)) return unknownFact
  switch (unit) {
    case 'days':
      return `${trimmed(value, 1)} ${value === 1 ? 'day' : 'days'}`
    case 'months':
      return `${trimmed(value, 1)} mo`
    case 'count':
    case 'score':
      return trimmed(value, 1)
    case 'money': {
      const compact = formatCompactNumber(value)
      const sign = compact.startsWith('-') ? '-' : ''
      return `${sign}${currencySymbol(currency)}${compact.slice(sign.length)}`
    }
    case 'percent':
      return `${trimmed(value, 1)}%`
  }
}
