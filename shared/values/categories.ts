import { normalizeText } from './normalizeText'
import type { ValueTerm } from './parsedValue'

/**
 * Categories (industries, business models) are compared by meaning rather than as whole
 * phrases: case, punctuation, plurals and filler words are ignored, and synonyms read as one
 * name. Each entry: the name shown, then the phrases that mean it (normalised and singular).
 */
export const categorySynonyms: readonly { label: string; phrases: readonly string[] }[] = [
  {
    label: 'Government',
    phrases: ['government', 'public sector', 'govt', 'gov', 'public administration', 'government agency', 'public agency'],
  },
  { label: 'SaaS', phrases: ['saas', 'software as a service'] },
  { label: 'Fintech', phrases: ['fintech', 'fin tech', 'financial technology'] },
  {
    label: 'E-commerce',
    phrases: ['ecommerce', 'e commerce', 'online retail', 'online store', 'online shop', 'webshop', 'internet retail'],
  },
  { label: 'Healthcare', phrases: ['healthcare', 'health care', 'health'] },
  { label: 'Medtech', phrases: ['medtech', 'medical technology'] },
  { label: 'Edtech', phrases: ['edtech', 'education technology', 'educational technology'] },
  { label: 'Education', phrases: ['education', 'educational service'] },
  { label: 'Nonprofit', phrases: ['nonprofit', 'non profit', 'not for profit', 'charity', 'ngo'] },
  { label: 'Professional services', phrases: ['professional service', 'pro service'] },
  { label: 'Manufacturing', phrases: ['manufacturing', 'manufacturer', 'industrial manufacturing'] },
  {
    label: 'Gambling',
    phrases: ['gambling', 'betting', 'casino', 'igaming', 'sports betting', 'online gambling'],
  },
  { label: 'Video games', phrases: ['video game', 'videogame', 'game development', 'game studio'] },
  {
    label: 'Logistics',
    phrases: ['logistics', 'logistic', 'transportation and logistic', 'transport and logistic', 'freight', 'shipping', 'supply chain'],
  },
  { label: 'Telecommunications', phrases: ['telecommunication', 'telecom', 'telco'] },
  { label: 'Pharmaceuticals', phrases: ['pharmaceutical', 'pharma'] },
  { label: 'Real estate', phrases: ['real estate', 'realestate', 'property'] },
  { label: 'Insurance', phrases: ['insurance', 'insurer'] },
  { label: 'Banking', phrases: ['banking', 'bank'] },
  { label: 'Hospitality', phrases: ['hospitality', 'hotel', 'lodging'] },
  { label: 'Legal', phrases: ['legal', 'law firm', 'legal service'] },
  { label: 'Automotive', phrases: ['automotive', 'auto'] },
  { label: 'Oil and gas', phrases: ['oil and gas'] },
  { label: 'Food and beverage', phrases: ['food and beverage', 'f and b', 'food and drink'] },
  { label: 'Retail', phrases: ['retail', 'retailer'] },
  { label: 'B2B', phrases: ['b2b', 'business to business'] },
  { label: 'B2C', phrases: ['b2c', 'business to consumer', 'business to customer'] },
  { label: 'B2B2C', phrases: ['b2b2c'] },
  { label: 'D2C', phrases: ['d2c', 'dtc', 'direct to consumer'] },
  { label: 'B2G', phrases: ['b2g', 'business to government'] },
  { label: 'Marketplace', phrases: ['marketplace'] },
] // prettier-ignore

/** Words that say "this is a category" without narrowing it (`Government entities`). */
export const categoryFillerWords: ReadonlySet<string> = new Set([
  'entity',
  'sector',
  'industry',
  'company',
  'firm',
  'organisation',
  'organization',
  'org',
  'vertical',
  'space',
  'segment',
  'provider',
])

/** A word in the singular, by the usual English endings (`companies` -> `company`). */
export function singular(word: string): string {
  if (word.length <= 3 || /(?:ss|us|is|as)$/.test(word) || /\d/.test(word)) return word
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`
  if (/(?:sses|xes|ches|shes|zes)$/.test(word)) return word.slice(0, -2)
  if (word.endsWith('s')) return word.slice(0, -1)
  return word
}

function words(text: string): string[] {
  const normalized = normalizeText(text)
  return normalized === '' ? [] : normalized.split(' ').map(singular)
}

/** Synonym phrases (as singular words joined by spaces) -> the canonical key they read as. */
const canonicalByPhrase = new Map<string, string>()
const labelByKey = new Map<string, string>()
let longestPhrase = 1
for (const { label, phrases } of categorySynonyms) {
  const key = words(label).join(' ')
  labelByKey.set(key, label)
  for (const phrase of [label, ...phrases]) {
    const phraseWords = words(phrase)
    canonicalByPhrase.set(phraseWords.join(' '), key)
    longestPhrase = Math.max(longestPhrase, phraseWords.length)
  }
}

/**
 * The key a category reads as: singular words, synonyms replaced by their canonical name, filler
 * words dropped (`Government entities`, `public sector` -> `government`; `SaaS companies` ->
 * `saas`). A phrase of filler words only keeps them (`Industry` -> `industry`).
 */
export function categoryKey(text: string): string {
  const input = words(text)
  const output: string[] = []
  for (let i = 0; i < input.length;) {
    let matched = 0
    for (let length = Math.min(longestPhrase, input.length - i); length > 0; length--) {
      const canonical = canonicalByPhrase.get(input.slice(i, i + length).join(' '))
      if (canonical !== undefined) {
        output.push(canonical)
        matched = length
        break
      }
    }
    if (matched === 0) {
      output.push(input[i]!)
      matched = 1
    }
    i += matched
  }
  const meaningful = output.filter((word) => !categoryFillerWords.has(word))
  return (meaningful.length > 0 ? meaningful : output).join(' ')
}

/** The written text without filler words (`SaaS companies` -> `SaaS`), for labels. */
function withoutFiller(text: string): string {
  const kept = text
    .trim()
    .split(/\s+/)
    .filter((word) => !categoryFillerWords.has(singular(normalizeText(word))))
  return kept.length > 0 ? kept.join(' ') : text.trim()
}

/**
 * Reads a category: its key (see `categoryKey`) and a label, the synonym table's name when it
 * has one (`public sector` -> `Government`), else the text without filler words.
 */
export function readCategory(text: string): ValueTerm {
  const key = categoryKey(text)
  return { label: labelByKey.get(key) ?? withoutFiller(text), keys: key === '' ? [] : [key] }
}

/** True when `phrase` names one category though it contains `and` or `&` (`Oil & Gas`). */
export function isCompoundCategory(phrase: string): boolean {
  const key = words(phrase).join(' ')
  return key.includes(' and ') && canonicalByPhrase.has(key)
}
