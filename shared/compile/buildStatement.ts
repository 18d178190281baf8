import { formatValue, joinList } from '../values/formatValue'
import { isConstraining, type ParsedValue } from '../values/parsedValue'
import type { IcpAttribute } from './icpDocument'

/** What the statement calls the ICP: "Our ideal customer is..." or "Our ideal client is...". */
export type StatementNoun = 'customer' | 'client'

/** Statement for an ICP without key attributes. */
export function placeholderStatement(noun: StatementNoun): string {
  return `Our ideal ${noun} is not defined yet: pick 5 to 7 key attributes on the board.`
}

/**
 * Writes the ICP statement from its key attributes, in the seeds' style: "Our ideal customer is a
 * B2C company in the video game industry, based in the US or Canada, that has ... and ...",
 * then one sentence per customer-base or consumer trait ("Their customer base values ...").
 * Each category has a phrase template (industry: "in the X industry", location: "based in X",
 * employees: "with X employees", revenue: "with annual revenue of X", technographic: "that uses
 * X", budget and other amounts: "has a <label> of X"). Attributes accepting any value add
 * nothing. Deterministic: phrases keep the key attributes' order within each slot.
 */
export function buildStatement(
  keyAttributes: readonly IcpAttribute[],
  noun: StatementNoun,
): string {
  const phrases = keyAttributes.flatMap(phrasesOf)
  if (phrases.length === 0) return placeholderStatement(noun)

  const adjectives = [...texts(phrases, 'sizeAdjective'), ...texts(phrases, 'adjective')]
  const heads = texts(phrases, 'head')
  const head = heads.length > 0 ? joinList(heads, 'or') : 'company'
  const nounPhrase = [...adjectives, head].join(' ')
  let sentence = `Our ideal ${noun} is ${withArticle(nounPhrase)}`

  const modifiers = phrases
    .filter((phrase): phrase is ModifierPhrase => phrase.slot === 'modifier')
    .map((phrase, position) => ({ ...phrase, position }))
    .sort((a, b) => a.order - b.order || a.position - b.position)
  for (const modifier of modifiers) {
    sentence += modifier.isParenthetical ? `, ${modifier.text},` : ` ${modifier.text}`
  }

  const clauses: string[] = []
  const hasItems = texts(phrases, 'has')
  let isHasPlaced = false
  for (const phrase of phrases) {
    if (phrase.slot === 'verb') clauses.push(phrase.text)
    if (phrase.slot === 'has' && !isHasPlaced) {
      clauses.push(`has ${joinList(hasItems, 'and')}`)
      isHasPlaced = true
    }
  }
  if (clauses.length > 0) sentence += ` that ${joinList(clauses, 'and')}`
  sentence = `${sentence.replace(/,$/, '')}.`

  const traits = texts(phrases, 'trait')
  return [sentence, ...traits].join(' ')
}

type Slot = 'sizeAdjective' | 'adjective' | 'head' | 'verb' | 'has' | 'trait'

interface SimplePhrase {
  slot: Slot
  text: string
}

interface ModifierPhrase {
  slot: 'modifier'
  text: string
  /** Position among modifiers: industry, location, employees, revenue, founding. */
  order: number
  /** Set off by commas (a location listing several places, as in the first seed). */
  isParenthetical: boolean
}

type Phrase = SimplePhrase | ModifierPhrase

function texts(phrases: readonly Phrase[], slot: Slot): string[] {
  return phrases.filter((phrase) => phrase.slot === slot).map((phrase) => phrase.text)
}

function phrasesOf(attribute: IcpAttribute): Phrase[] {
  const { parsed } = attribute
  if (!isConstraining(parsed)) return []
  const phrase = phraseOf(attribute, parsed)
  return phrase ? [phrase] : []
}

function phraseOf(attribute: IcpAttribute, parsed: ParsedValue): Phrase | null {
  const text = valueText(parsed)
  switch (attribute.category) {
    case 'businessModel':
      return parsed.kind === 'range' ? amountPhrase(attribute, parsed) : { slot: 'adjective', text }
    case 'industry': {
      if (parsed.kind === 'range') return amountPhrase(attribute, parsed)
      const items = itemsOf(parsed).map(softLower)
      const joined = joinList(items, 'or')
      const isNamed =
        /\b(industry|industries|sector|sectors|market|markets|space|vertical|verticals)$/i
      return modifier(`in the ${joined}${isNamed.test(joined) ? '' : ' industry'}`, 1)
    }
    case 'location': {
      if (parsed.kind === 'range') return amountPhrase(attribute, parsed)
      const items = itemsOf(parsed)
      return modifier(
        `based in ${joinList(items.map(placeWithArticle), 'or')}`,
        2,
        items.length > 1,
      )
    }
    case 'employees': {
      if (parsed.kind === 'range') {
        return modifier(`with ${formatProse(parsed)}${parsed.unit ? '' : ' employees'}`, 3)
      }
      if (!/\d/.test(text)) return { slot: 'sizeAdjective', text: softLower(text) }
      return modifier(
        `with ${text}${/employee|staff|people|fte/i.test(text) ? '' : ' employees'}`,
        3,
      )
    }
    case 'revenue': {
      const label = labelOf(attribute, 'annual revenue')
      if (parsed.kind === 'range')
        return modifier(`with ${label}${ofBefore(formatProse(parsed))}`, 4)
      return modifier(`with ${label} of ${text}`, 4)
    }
    case 'funding': {
      if (parsed.kind === 'range') return amountPhrase(attribute, parsed)
      if (/\b(backed|funded|bootstrapped|owned|listed|public|private)\b/i.test(text)) {
        return { slot: 'verb', text: `is ${text}` }
      }
      return {
        slot: 'has',
        text: /\b(funding|round|investment)s?\b/i.test(text) ? text : `${text} funding`,
      }
    }
    case 'companyAge': {
      if (parsed.kind === 'range') {
        return {
          slot: 'verb',
          text: `has been in business for ${formatProse(parsed)}${parsed.unit ? '' : ' years'}`,
        }
      }
      if (/^(founded|established|incorporated|started|operating)\b/i.test(text)) {
        return modifier(softLower(text), 5)
      }
      return { slot: 'head', text: joinList(itemsOf(parsed).map(softLower), 'or') }
    }
    case 'technographic': {
      if (parsed.kind === 'range') return amountPhrase(attribute, parsed)
      return startsWithVerb(text)
        ? { slot: 'verb', text: softLower(text) }
        : { slot: 'verb', text: `uses ${text}` }
    }
    case 'customerBase':
    case 'demographic':
    case 'geographic':
    case 'psychographic':
    case 'behavioural':
      if (parsed.kind === 'range' && attribute.category === 'customerBase') {
        return amountPhrase(attribute, parsed)
      }
      return traitPhrase(attribute, parsed)
    case 'valuation':
    case 'budget':
    case 'goals':
    case 'network':
    case 'specialized':
      if (parsed.kind === 'range') return amountPhrase(attribute, parsed)
      return textPhrase(text, attribute.category === 'goals')
  }
}

function modifier(text: string, order: number, isParenthetical = false): ModifierPhrase {
  return { slot: 'modifier', text, order, isParenthetical }
}

function valueText(parsed: ParsedValue): string {
  return formatProse(parsed)
    .replace(/[.!]+$/, '')
    .trim()
}

function formatProse(parsed: ParsedValue): string {
  return formatValue(parsed, { numbers: 'prose' })
}

function itemsOf(parsed: ParsedValue): string[] {
  if (parsed.kind === 'set') return parsed.items
  return [valueText(parsed)]
}

/** " of X" unless the amount reads "under X" ("a budget under $10,000", as in the seed). */
function ofBefore(amount: string): string {
  return amount.startsWith('under ') ? ` ${amount}` : ` of ${amount}`
}

function labelOf(attribute: IcpAttribute, fallback: string): string {
  const label = attribute.label.trim()
  return label === '' || label === attribute.categoryLabel ? fallback : softLower(label)
}

/** "a branding budget of at least $1 million", "more than 5 locations", "funding of $2M". */
function amountPhrase(attribute: IcpAttribute, parsed: ParsedValue & { kind: 'range' }): Phrase {
  const label = labelOf(attribute, softLower(attribute.categoryLabel))
  const amount = formatProse(parsed)
  const headWord = lastWord(label)
  if (isPlural(headWord) && parsed.unit === null) return { slot: 'has', text: `${amount} ${label}` }
  const labelled = isUncountable(headWord) ? label : withArticle(label)
  return { slot: 'has', text: `${labelled}${ofBefore(amount)}` }
}

/** A text value on a "has" line: a verb phrase as written, else a noun phrase with its article. */
function textPhrase(text: string, isGoal: boolean): Phrase {
  if (startsWithVerb(text)) return { slot: 'verb', text: softLower(text) }
  const lowered = softLower(text)
  if (/^to\s/i.test(lowered))
    return { slot: 'has', text: `${isGoal ? 'a goal' : 'the ability'} ${lowered}` }
  return { slot: 'has', text: nounPhraseWithArticle(lowered) }
}

/** "Their customer base values visually appealing design." */
function traitPhrase(attribute: IcpAttribute, parsed: ParsedValue): Phrase {
  const subject = labelOf(
    attribute,
    attribute.category === 'customerBase' ? 'customer base' : softLower(attribute.categoryLabel),
  )
  const text = valueText(parsed)
  if (parsed.kind !== 'range' && startsWithVerb(text)) {
    return { slot: 'trait', text: `Their ${subject} ${softLower(text)}.` }
  }
  const verb = isPlural(lastWord(subject)) ? 'are' : 'is'
  return { slot: 'trait', text: `Their ${subject} ${verb} ${text}.` }
}

const verbs = new Set([
  'is',
  'are',
  'has',
  'have',
  'uses',
  'use',
  'sells',
  'sell',
  'runs',
  'run',
  'operates',
  'serves',
  'targets',
  'values',
  'value',
  'wants',
  'want',
  'needs',
  'spends',
  'attends',
  'sponsors',
  'hires',
  'employs',
  'relies',
  'works',
  'invests',
  'plans',
  'prefers',
  'prefer',
  'buys',
  'buy',
  'ships',
  'offers',
  'builds',
  'maintains',
  'owns',
  'exports',
  'imports',
  'cares',
  'care',
  'struggles',
  'seeks',
  'looks',
  'expects',
  'includes',
  'include',
  'consists',
  'comprises',
  'skews',
  'spans',
  'loves',
  'love',
  'likes',
  'like',
  'shops',
  'shop',
  'follows',
  'follow',
  'engages',
  'engage',
  'lives',
  'live',
  'earns',
  'earn',
  'grows',
  'manages',
  'partners',
  'sees',
])

function startsWithVerb(text: string): boolean {
  const first = /^[\p{L}']+/u.exec(text)?.[0]?.toLowerCase()
  return first !== undefined && verbs.has(first)
}

const uncountables = new Set([
  'funding',
  'revenue',
  'traffic',
  'growth',
  'spend',
  'spending',
  'capital',
  'income',
  'turnover',
  'money',
  'usage',
  'churn',
  'demand',
  'interest',
  'software',
  'data',
  'feedback',
  'support',
  'equipment',
  'infrastructure',
  'staff',
  'engagement',
  'loyalty',
  'presence',
  'adoption',
  'retention',
  'visibility',
  'awareness',
  'momentum',
  'design',
  'headcount',
  'arr',
  'mrr',
  'gmv',
])

function isUncountable(word: string): boolean {
  return uncountables.has(word.toLowerCase()) || (/^[A-Z]{2,}$/.test(word) && word !== 'CRM')
}

function isPlural(word: string): boolean {
  const lower = word.toLowerCase()
  return /[^s]s$/.test(lower) && !/(us|is|ss|ics)$/.test(lower) && !/^[A-Z]+s$/.test(word)
}

function lastWord(text: string): string {
  return /[\p{L}\p{N}']+$/u.exec(text.trim())?.[0] ?? ''
}

const determiners = /^(a|an|the|their|its|some|many|several|multiple|no|more|few|lots|plenty|at)\b/i
const prepositions = /\s(of|for|in|with|to|on|at|from|by|about)\s/i

/** "a need for low-cost drinkware", "strong industry connections", "low churn". */
function nounPhraseWithArticle(text: string): string {
  if (determiners.test(text)) return text
  const beforePreposition = text.split(prepositions)[0] ?? text
  const head = lastWord(beforePreposition)
  if (isPlural(head) || isUncountable(head)) return text
  return withArticle(text)
}

// Lower-cased only when the first word looks like a common word: "Video game" -> "video game",
// but "SaaS", "CRM", "HubSpot" and a few brands stay as written.
const properNouns = new Set([
  'instagram',
  'facebook',
  'twitter',
  'google',
  'shopify',
  'salesforce',
  'amazon',
  'apple',
  'microsoft',
  'slack',
  'stripe',
  'zoom',
  'tiktok',
  'linkedin',
  'youtube',
  'european',
  'american',
  'british',
  'canadian',
  'english',
])

function softLower(text: string): string {
  const first = /^[\p{L}'-]+/u.exec(text)?.[0] ?? ''
  if (!/^\p{Lu}[\p{Ll}'-]*$/u.test(first) || first.length < 2) return text
  if (properNouns.has(first.toLowerCase())) return text
  return text.charAt(0).toLowerCase() + text.slice(1)
}

const theCountries = new Set([
  'us',
  'usa',
  'uk',
  'united states',
  'united kingdom',
  'netherlands',
  'philippines',
  'uae',
  'united arab emirates',
  'czech republic',
  'dominican republic',
  'bahamas',
  'eu',
  'european union',
  'nordics',
  'baltics',
  'balkans',
  'middle east',
  'bay area',
  'midwest',
  'gulf',
  'caribbean',
  'americas',
  'benelux',
  'dach region',
  'west coast',
  'east coast',
])

/** "US" -> "the US", "Canada" -> "Canada" (as in "based in the US or Canada"). */
function placeWithArticle(place: string): string {
  if (/^the\s/i.test(place)) return place
  return theCountries.has(place.toLowerCase()) ? `the ${place}` : place
}

// Letters whose name starts with a vowel sound, for acronyms: "an SMB", "an HR team", "a B2C".
const vowelSoundLetters = new Set('AEFHILMNORSX')

/** Prefixes "a" or "an" by how the first word sounds. */
export function withArticle(phrase: string): string {
  const word = /^[\p{L}\p{N}]+/u.exec(phrase)?.[0] ?? ''
  return `${articleFor(word)} ${phrase}`
}

function articleFor(word: string): 'a' | 'an' {
  if (word.length >= 2 && word === word.toUpperCase() && /^\p{Lu}/u.test(word)) {
    return vowelSoundLetters.has(word.charAt(0)) ? 'an' : 'a'
  }
  const lower = word.toLowerCase()
  if (/^\d/.test(lower)) return /^8|^1[18]$/.test(lower) ? 'an' : 'a'
  if (/^(hour|honest|honor|honour|heir)/.test(lower)) return 'an'
  if (/^(uni|use|usu|uti|ure|uro|eu|one|once|ubi)/.test(lower)) return 'a'
  return /^[aeiou]/.test(lower) ? 'an' : 'a'
}
