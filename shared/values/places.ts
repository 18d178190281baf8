import { countries, getCountryData, type TCountryCode } from 'countries-list'
import { normalizeText } from './normalizeText'
import type { ValueTerm } from './parsedValue'

/*
 * Countries (names, native names, aliases, ISO 3166-1 alpha-2 and alpha-3 codes, continents,
 * languages) come from the `countries-list` package; only what it does not hold is written here:
 * a few more ways people write a country, and the business regions sales teams use.
 */

/** Every ISO 3166-1 alpha-2 code the data knows, in the package's order. */
const allCodes = Object.keys(countries) as TCountryCode[]

function codesWhere(test: (code: TCountryCode) => boolean): string[] {
  return allCodes.filter(test)
}

function onContinent(code: TCountryCode, continent: string, isPrimaryOnly = false): boolean {
  const country = countries[code]
  if (country.continent === continent) return true
  const more = (country as { continents?: readonly string[] }).continents
  return !isPrimaryOnly && (more ?? []).includes(continent)
}

// prettier-ignore
const euMembers = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]
// prettier-ignore
const middleEast = [
  'AE', 'BH', 'CY', 'EG', 'IL', 'IQ', 'IR', 'JO', 'KW', 'LB', 'OM', 'PS', 'QA', 'SA', 'SY',
  'TR', 'YE',
]
const europe = codesWhere((code) => onContinent(code, 'EU'))
const africa = codesWhere((code) => onContinent(code, 'AF', true))
const transcontinentalEurope = new Set(codesWhere((code) => onContinent(code, 'EU')))
const latinAmerica = [
  ...codesWhere(
    (code) =>
      (onContinent(code, 'NA', true) || onContinent(code, 'SA', true)) &&
      countries[code].languages.some((language) => language === 'es' || language === 'pt'),
  ),
  'HT',
]

/** A business region: its names and the countries it stands for. */
interface Region {
  label: string
  names: readonly string[]
  countries: readonly string[]
}

/**
 * Regions and the countries they expand to. Continents come from the package's data (a country
 * on two continents is in both); the rest are the usual sales territories.
 */
// prettier-ignore
export const regions: readonly Region[] = [
  { label: 'North America', names: ['north america', 'namer', 'noram'], countries: ['US', 'CA', 'MX'] },
  {
    label: 'Americas',
    names: ['americas', 'the americas', 'amer'],
    countries: codesWhere((code) => onContinent(code, 'NA') || onContinent(code, 'SA')),
  },
  { label: 'South America', names: ['south america'], countries: codesWhere((code) => onContinent(code, 'SA')) },
  { label: 'Central America', names: ['central america'], countries: ['BZ', 'CR', 'SV', 'GT', 'HN', 'NI', 'PA'] },
  { label: 'Latin America', names: ['latin america', 'latam', 'lac'], countries: latinAmerica },
  { label: 'Europe', names: ['europe', 'european countries'], countries: europe },
  { label: 'EU', names: ['eu', 'european union', 'eu27', 'eu 27'], countries: euMembers },
  { label: 'EEA', names: ['eea', 'european economic area'], countries: [...euMembers, 'IS', 'LI', 'NO'] },
  { label: 'DACH', names: ['dach'], countries: ['DE', 'AT', 'CH'] },
  { label: 'Nordics', names: ['nordics', 'nordic', 'nordic countries', 'nordic region'], countries: ['DK', 'FI', 'IS', 'NO', 'SE'] },
  { label: 'Scandinavia', names: ['scandinavia', 'scandinavian countries'], countries: ['DK', 'NO', 'SE'] },
  { label: 'Benelux', names: ['benelux'], countries: ['BE', 'NL', 'LU'] },
  { label: 'Baltics', names: ['baltics', 'baltic states', 'baltic countries'], countries: ['EE', 'LV', 'LT'] },
  { label: 'Iberia', names: ['iberia', 'iberian peninsula'], countries: ['ES', 'PT'] },
  { label: 'UK and Ireland', names: ['uk and ireland', 'uk and i', 'uki', 'british isles'], countries: ['GB', 'IE'] },
  { label: 'Middle East', names: ['middle east', 'me region'], countries: middleEast },
  { label: 'MENA', names: ['mena', 'middle east and north africa'], countries: [...middleEast, 'DZ', 'LY', 'MA', 'TN'] },
  { label: 'GCC', names: ['gcc', 'gulf', 'gulf states', 'gulf countries', 'gulf region'], countries: ['AE', 'BH', 'KW', 'OM', 'QA', 'SA'] },
  { label: 'Africa', names: ['africa'], countries: africa },
  {
    label: 'EMEA',
    names: ['emea', 'europe middle east and africa'],
    countries: [...new Set([...europe, ...middleEast, ...africa])],
  },
  { label: 'Asia', names: ['asia'], countries: codesWhere((code) => onContinent(code, 'AS', true)) },
  {
    label: 'APAC',
    names: ['apac', 'asia pacific', 'apj', 'asia pacific and japan'],
    countries: codesWhere(
      (code) =>
        (onContinent(code, 'AS', true) || onContinent(code, 'OC', true)) &&
        !middleEast.includes(code) &&
        !transcontinentalEurope.has(code),
    ),
  },
  { label: 'Oceania', names: ['oceania'], countries: codesWhere((code) => onContinent(code, 'OC', true)) },
  { label: 'ANZ', names: ['anz', 'australia and new zealand', 'australasia'], countries: ['AU', 'NZ'] },
  {
    label: 'ASEAN',
    names: ['asean', 'southeast asia', 'south east asia'],
    countries: ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN'],
  },
]

/** More ways to write a country than the package lists (normalised, see `normalizeText`). */
export const extraCountryNames: Readonly<Record<string, readonly string[]>> = {
  GB: ['england', 'scotland', 'wales', 'northern ireland', 'great britain and northern ireland'],
  US: ['united states of america', 'the states', 'u s a'],
  KR: ['korea'],
  CZ: ['czech'],
  AE: ['dubai', 'abu dhabi'],
}

/** Words around a place that do not change which place it is (`based in the US`, `DACH region`). */
const leadingFiller =
  /^(?:(?:companies|businesses|customers|anywhere|only|based|located|headquartered|hq|operating|in|within|the)\s+)+/
const trailingFiller =
  /(?:\s+(?:only|based|region|regions|area|market|markets|countries|country|territory|headquartered|hq))+$/

const byName = new Map<string, ValueTerm>()
const byCode = new Map<string, ValueTerm>()

function addName(name: string, term: ValueTerm) {
  const key = normalizeText(name)
  if (key !== '' && !byName.has(key)) byName.set(key, term)
}

for (const code of allCodes) {
  const country = countries[code]
  const term: ValueTerm = { label: country.name, keys: [code] }
  addName(country.name, term)
  for (const alias of (country as { alias?: readonly string[] }).alias ?? []) addName(alias, term)
  for (const alias of extraCountryNames[code] ?? []) addName(alias, term)
  addName(country.native, term)
  byCode.set(code, term)
  const iso3 = getCountryData(code).iso3
  if (iso3) byCode.set(iso3, term)
}
for (const region of regions) {
  const term: ValueTerm = { label: region.label, keys: [...region.countries] }
  for (const name of region.names) byName.set(normalizeText(name), term)
}

/** The name people read for an ISO alpha-2 code (`US` -> `United States`), or the code itself. */
export function countryName(code: string): string {
  return byCode.get(code)?.label ?? code
}

/**
 * Reads a place: a country name or alias in any case (`United States`, `USA`, `U.S.`, `America`,
 * `UK`, `England`, `Holland`), an ISO 3166-1 alpha-2 or alpha-3 code in capitals (`DE`, `DEU`), or
 * a region (`North America`, `EU`, `EMEA`, `DACH`, `Nordics`, `Benelux`, `APAC`, `LATAM`...) as its
 * countries. Words like `based in`, `the`, `region`, `only` are ignored. Null when unknown.
 */
export function readPlace(text: string): ValueTerm | null {
  const trimmed = text.trim()
  const code = byCode.get(trimmed.replace(/\./g, ''))
  if (code && /^[A-Z.]{2,6}$/.test(trimmed)) return code
  const key = normalizeText(trimmed)
  const direct = byName.get(key)
  if (direct) return direct
  const bare = key.replace(leadingFiller, '').replace(trailingFiller, '')
  return (bare !== key && byName.get(bare)) || null
}
