import { normalizeText } from './normalizeText'
import type { RangeValue } from './parsedValue'

/**
 * Company-size bands as employee ranges (Gartner's small / midsize / large split; SME is the EU
 * definition). `max: null` is open-ended.
 */
export const sizeBands: readonly {
  label: string
  names: readonly string[]
  min: number
  max: number | null
}[] = [
  { label: 'Micro', names: ['micro', 'micro business', 'microbusiness', 'very small'], min: 1, max: 9 },
  { label: 'SMB', names: ['smb', 'smbs', 'small business', 'small businesses', 'small', 'small company', 'small companies', 'small sized', 'small size'], min: 1, max: 99 },
  { label: 'SME', names: ['sme', 'smes', 'small and medium enterprise', 'small and medium enterprises', 'small and medium sized enterprise', 'small and medium sized enterprises', 'small and medium sized business', 'small and medium sized businesses'], min: 1, max: 249 },
  { label: 'Mid-market', names: ['mid market', 'midmarket', 'mid size', 'midsize', 'mid sized', 'midsized', 'medium', 'medium sized', 'medium size', 'mid', 'mm'], min: 100, max: 999 },
  { label: 'Enterprise', names: ['enterprise', 'enterprises', 'large', 'large enterprise', 'large enterprises', 'large company', 'large companies', 'big'], min: 1000, max: null },
] // prettier-ignore

const bandByName = new Map(
  sizeBands.flatMap((band) => band.names.map((name) => [normalizeText(name), band] as const)),
)

/** Words after a band that do not change it (`mid-market companies`, `SMB segment`). */
const bandFiller =
  /(?:\s+(?:companies|company|businesses|business|segment|accounts|customers|orgs|organisations|organizations))+$/

/**
 * Reads a company-size band (`SMB`, `mid-market`, `Enterprise`, `small and medium-sized
 * businesses`) as its employee range, or null. The range keeps the band's name in `band`.
 */
export function readSizeBand(text: string): RangeValue | null {
  const key = normalizeText(text)
  const band = bandByName.get(key) ?? bandByName.get(key.replace(bandFiller, ''))
  if (!band) return null
  return {
    kind: 'range',
    min: { value: band.min, inclusive: true },
    max: band.max === null ? null : { value: band.max, inclusive: true },
    currency: null,
    unit: 'employees',
    band: band.label,
  }
}
