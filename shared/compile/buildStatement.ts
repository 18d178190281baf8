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

  const clauses = clausesOf(phrases)
  const segments = segmentsOf(phrases)
  // A segment set off by commas (a location listing several places, as in the first seed) keeps
  // everything after it set off too; a "with" phrase followed by a clause is set off as well, so
  // "employees" is never read as the subject of "that uses".
  let isSetOff = false
  segments.forEach((segment, i) => {
    if (i === segments.length - 1 && clauses.length === 0) {
      sentence += ` ${segment.text}`
      return
    }
    const setsOff = isSetOff || segment.isParenthetical || (segment.isWith && clauses.length > 0)
    if (setsOff) sentence += isSetOff ? ` ${segment.text},` : `, ${segment.text},`
    else sentence += ` ${segment.text}`
    isSetOff = setsOff
  })
  if (clauses.length > 0) sentence += ` that ${joinList(clauses, 'and')}`
  sentence = `${sentence}.`

  const traits = texts(phrases, 'trait')
  return [sentence, ...traits].join(' ')
}

/** One part of the sentence after the noun: industry, location, "with ...", founding. */
interface Segment {
  text: string
  isParenthetical: boolean
  isWith: boolean
}

/**
 * The modifiers in sentence order: industry, location, then every "with" phrase as one ("with 50
 * to 500 employees and annual revenue of ..."), then founding. Modifiers of one kind join with
 * "and".
 */
function segmentsOf(phrases: readonly Phrase[]): Segment[] {
  const modifiers = phrases.filter((phrase): phrase is ModifierPhrase => phrase.slot === 'modifier')
  const byOrder = new Map<number, ModifierPhrase[]>()
  for (const modifier of modifiers) {
    byOrder.set(modifier.order, [...(byOrder.get(modifier.order) ?? []), modifier])
  }
  const segments: Segment[] = []
  const withParts: string[] = []
  for (const order of [...byOrder.keys()].sort((a, b) => a - b)) {
    const group = byOrder.get(order)!
    if (group.every((modifier) => modifier.text.startsWith('with '))) {
      withParts.push(...group.map((modifier) => modifier.text.slice('with '.length)))
      continue
    }
    if (withParts.length > 0 && order > withOrder) {
      segments.push({
        text: `with ${joinList(withParts.splice(0), 'and')}`,
        isParenthetical: false,
        isWith: true,
      })
    }
    segments.push({
      text: group.map((modifier) => modifier.text).join(' and '),
      isParenthetical: group.some((modifier) => modifier.isParenthetical),
      isWith: false,
    })
  }
  if (withParts.length > 0) {
    segments.push({
      text: `with ${joinList(withParts, 'and')}`,
      isParenthetical: false,
      isWith: true,
    })
  }
  return segments
}

/** Where "with" phrases go among the modifiers: after industry and location. */
const withOrder = 3

/**
 * The "that ..." clauses in key-attribute order: verbs as they come, and one "has" clause with
 * every "has" item; when that clause lists several items beside other clauses it goes last, so
 * its "and" does not run into theirs.
 */
function clausesOf(phrases: readonly Phrase[]): string[] {
  const verbs: string[] = []
  const hasItems = texts(phrases, 'has')
  const hasClause = hasItems.length > 0 ? `has ${joinList(hasItems, 'and')}` : null
  let hasPosition = -1
  for (const phrase of phrases) {
    if (phrase.slot === 'verb') verbs.push(phrase.text)
    if (phrase.slot === 'has' && hasPosition < 0) hasPosition = verbs.length
  }
  if (!hasClause) return verbs
  if (hasItems.length > 1 && verbs.length > 0) return [...verbs, hasClause]
  return [...verbs.slice(0, hasPosition), hasClause, ...verbs.slice(hasPosition)]
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
      // A size band reads as written: "a mid-market B2B company".
      if (parsed.kind === 'range' && parsed.band) {
        return { slot: 'sizeAdjective', text: softLower(attribute.value.trim()) }
      }
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
