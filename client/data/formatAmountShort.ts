import { currencySymbol, type CurrencyCode } from '../../shared/values/parsedValue'
import { formatAmount } from '../../shared/values/formatValue'

/** A rough amount for tiles and tables: `$131k`, `$1.2M`, `450`, `51.5`. */
export function formatAmountShort(value: number, currency: CurrencyCode | null = null): string {
  const symbol = currencySymbol(currency)
  const abs = Math.abs(value)
  const sign = value < 0 ? '-' : ''
  if (abs >= 1e9) return `${sign}${symbol}${Number((abs / 1e9).toPrecision(2))}B`
  if (abs >= 1e6) return `${sign}${symbol}${Number((abs / 1e6).toPrecision(2))}M`
  if (abs >= 1e4) return `${sign}${symbol}${Math.round(abs / 1e3)}k`
  return formatAmount(Math.round(value * 10) / 10, currency)
}
