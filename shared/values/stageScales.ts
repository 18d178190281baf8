import { seniorities } from '../schema/personaCard'
import { normalizeText } from './normalizeText'
import type { ValueTerm } from './parsedValue'

/** One step of an ordinal scale, or a value beside it (`Bootstrapped` is no funding stage). */
export interface Stage {
  key: string
  label: string
  /** Ways to write it, normalised (see `normalizeText`). */
  phrases: readonly string[]
}

/** A named stretch of a scale (`VC-backed` = Seed to Series D+). */
interface StageGroup {
  label: string
  phrases: readonly string[]
  from: string
  to: string
}

/**
 * An ordinal scale: `stages` lowest first; `others` are values outside the order; `groups`
 * name stretches of it. `bareLetters` reads `A`..`H` as Series A..D+ (funding only).
 */
export interface StageScale {
  name: 'funding' | 'seniority'
  /** How an open upper end reads: `Series B or later`, `Director or above`. */
  openEnd: string
  stages: readonly Stage[]
  others: readonly Stage[]
  groups: readonly StageGroup[]
}

function seriesPhrases(letter: string): string[] {
  return [`series ${letter}`, `${letter} round`, `round ${letter}`, `series ${letter} round`]
}

/**
 * Funding stages, earliest first: pre-seed < seed < Series A < B < C < D and later < public.
 * Bootstrapped and private equity are funding kinds outside the order.
 */
export const fundingScale: StageScale = {
  name: 'funding',
  openEnd: 'or later',
  stages: [
    { key: 'preSeed', label: 'Pre-seed', phrases: ['pre seed', 'preseed', 'angel', 'angel backed', 'angel funded', 'friends and family'] },
    { key: 'seed', label: 'Seed', phrases: ['seed', 'seed round', 'seed stage', 'seed funded'] },
    { key: 'seriesA', label: 'Series A', phrases: seriesPhrases('a') },
    { key: 'seriesB', label: 'Series B', phrases: seriesPhrases('b') },
    { key: 'seriesC', label: 'Series C', phrases: seriesPhrases('c') },
    {
      key: 'seriesD',
      label: 'Series D+',
      phrases: ['d', 'e', 'f', 'g', 'h'].flatMap(seriesPhrases).concat(['late stage', 'pre ipo']),
    },
    {
      key: 'public',
      label: 'Public',
      phrases: ['public', 'ipo', 'post ipo', 'ipo d', 'publicly traded', 'publicly listed', 'listed', 'public company', 'stock exchange listed'],
    },
  ],
  others: [
    { key: 'bootstrapped', label: 'Bootstrapped', phrases: ['bootstrapped', 'self funded', 'unfunded', 'no funding', 'no outside funding', 'profitable bootstrapped'] },
    { key: 'privateEquity', label: 'Private equity', phrases: ['private equity', 'pe', 'pe backed', 'pe owned', 'private equity backed', 'private equity owned', 'buyout'] },
  ],
  groups: [
    { label: 'VC-backed', phrases: ['vc backed', 'venture backed', 'vc funded', 'venture funded', 'venture capital', 'venture capital backed'], from: 'seed', to: 'seriesD' },
    { label: 'Early stage', phrases: ['early stage', 'early'], from: 'preSeed', to: 'seriesA' },
    { label: 'Growth stage', phrases: ['growth stage', 'growth', 'expansion stage'], from: 'seriesB', to: 'seriesC' },
  ],
} // prettier-ignore

const seniorityStageInfo: Readonly<Record<(typeof seniorities)[number], Omit<Stage, 'key'>>> = {
  individual: {
    label: 'Individual contributor',
    phrases: ['individual contributor', 'individual', 'ic', 'specialist', 'analyst', 'associate', 'engineer', 'developer', 'representative', 'rep', 'coordinator', 'assistant', 'consultant', 'administrator', 'junior', 'entry level', 'staff'],
  },
  manager: {
    label: 'Manager',
    phrases: ['manager', 'mgr', 'management', 'team lead', 'team leader', 'tech lead', 'supervisor', 'senior manager'],
  },
  director: { label: 'Director', phrases: ['director', 'head of', 'head', 'senior director', 'principal'] },
  vp: { label: 'VP', phrases: ['vp', 'vice president', 'svp', 'evp', 'avp', 'senior vice president', 'executive vice president'] },
  executive: {
    label: 'Executive',
    phrases: ['executive', 'exec', 'c level', 'c suite', 'cxo', 'chief', 'ceo', 'cfo', 'cto', 'coo', 'cmo', 'cro', 'cio', 'ciso', 'cpo', 'chro', 'founder', 'co founder', 'cofounder', 'president', 'managing director', 'business owner', 'owner operator', 'board member'],
  },
} // prettier-ignore

/** Seniority, lowest first: individual contributor < manager < director < VP < executive. */
export const seniorityScale: StageScale = {
  name: 'seniority',
  openEnd: 'or above',
  // The persona card lists seniorities highest first.
  stages: [...seniorities].reverse().map((key) => ({ key, ...seniorityStageInfo[key] })),
  others: [],
  groups: [
    { label: 'Leadership', phrases: ['leadership', 'senior leadership', 'decision makers'], from: 'director', to: 'executive' },
  ],
} // prettier-ignore

interface ScaleIndex {
  scale: StageScale
  order: Map<string, number>
  byPhrase: Map<string, Stage>
  groupByPhrase: Map<string, StageGroup>
  /** Every phrase, longest first, for finding one inside a longer text (a job title). */
  phrasesLongestFirst: { padded: string; stage: Stage }[]
}

function indexScale(scale: StageScale): ScaleIndex {
  const byPhrase = new Map<string, Stage>()
  const phrases: { padded: string; stage: Stage }[] = []
  for (const stage of [...scale.stages, ...scale.others]) {
    for (const phrase of [stage.label, stage.key, ...stage.phrases]) {
      const key = normalizeText(phrase)
      if (!byPhrase.has(key)) byPhrase.set(key, stage)
      phrases.push({ padded: ` ${key} `, stage })
    }
  }
  const groupByPhrase = new Map<string, StageGroup>()
  for (const group of scale.groups) {
    for (const phrase of [group.label, ...group.phrases])
      groupByPhrase.set(normalizeText(phrase), group)
  }
  return {
    scale,
    order: new Map(scale.stages.map((stage, i) => [stage.key, i])),
    byPhrase,
    groupByPhrase,
    phrasesLongestFirst: phrases.sort((a, b) => b.padded.length - a.padded.length),
  }
}

const indexes = new Map<StageScale, ScaleIndex>([
  [fundingScale, indexScale(fundingScale)],
  [seniorityScale, indexScale(seniorityScale)],
])

/** Words around a stage that do not change it (`Series A round`, `Seed-stage funding`). */
const stageFiller =
  /\s+(?:funding|funded|round|rounds|stage|stages|level|company|companies|startups?)$/

function cleanStage(text: string): string {
  let key = normalizeText(text)
  for (let previous = ''; previous !== key;) {
    previous = key
    key = key.replace(stageFiller, '')
  }
  return key
}

/** One stage written alone (`Series B`, `b` after a series, `CFO`), or null. */
function stageOf(index: ScaleIndex, text: string, previous: Stage | null = null): Stage | null {
  const key = cleanStage(text)
  const stage = index.byPhrase.get(key)
  if (stage) return stage
  // `Series A to C`, `A-C`: a bare letter is a series (funding only).
  if (index.scale.name === 'funding' && /^[a-h]$/.test(key)) {
    if (previous === null || previous.key.startsWith('series') || previous.key === 'seed') {
      return index.byPhrase.get(`series ${key}`) ?? null
    }
  }
  return null
}

function rangeTerm(index: ScaleIndex, from: number, to: number): ValueTerm | null {
  const { stages } = index.scale
  if (from > to) [from, to] = [to, from]
  const low = stages[from]
  const high = stages[to]
  if (!low || !high) return null
  const keys = stages.slice(from, to + 1).map((stage) => stage.key)
  if (from === to) return { label: low.label, keys }
  if (to === stages.length - 1 && from > 0)
    return { label: `${low.label} ${index.scale.openEnd}`, keys }
  if (from === 0 && to < stages.length - 1) return { label: `up to ${high.label}`, keys }
  return { label: `${low.label} to ${high.label}`, keys }
}

const openHigh =
  /^(?:(?:at least|from|min(?:imum)?|no earlier than)\s+(.+)|(.+?)\s*(?:\+|\s(?:or|and)\s+(?:later|above|beyond|up|higher|more|over|after)|\s+onwards?|\s+and\s+beyond|\s+plus))$/
const afterStage = /^(?:post|after|beyond|past|later than)\s+(.+)$/
const openLow =
  /^(?:(?:up to|at most|max(?:imum)?|no later than|until|through)\s+(.+)|(.+?)\s+(?:or|and)\s+(?:earlier|below|lower|less|under|before))$/
const beforeStage = /^(?:pre|before|earlier than|below|under|prior to)\s+(.+)$/
const between = /^(?:between|from)\s+/

/**
 * Reads one value of a scale: a stage (`Series A`, `seed`, `IPO`, `CFO`), a range (`Series
 * A–C`, `Seed to Series B`, `between Manager and VP`), an open end (`Series B+`, `Director and
 * above`, `up to Series A`, `pre-Series A`, `post-seed`), a named stretch (`VC-backed`), or a value
 * beside the scale (`Bootstrapped`). Else, inside a longer text (a job title such as `VP of
 * Sales`), the longest stage phrase found. Null when nothing is recognised.
 */
export function readStage(scale: StageScale, text: string): ValueTerm | null {
  const index = indexes.get(scale) ?? indexScale(scale)
  const raw = text.trim().toLowerCase().replace(/[–—]/g, '-').replace(/\s+/g, ' ')
  const whole = cleanStage(raw)
  const group = index.groupByPhrase.get(whole)
  if (group) {
    const range = rangeTerm(index, index.order.get(group.from)!, index.order.get(group.to)!)
    return range && { label: `${group.label} (${range.label})`, keys: range.keys }
  }
  // `Series C+` normalises to `series c`: open ends are read below, not as the stage alone.
  const single = raw.includes('+') ? undefined : index.byPhrase.get(whole)
  if (single) return { label: single.label, keys: [single.key] }

  const positionOf = (part: string, previous: Stage | null = null) => {
    const stage = stageOf(index, part, previous)
    return stage ? (index.order.get(stage.key) ?? null) : null
  }
  const last = index.scale.stages.length - 1
  const bodyOf = (match: RegExpExecArray | null) => match && (match[1] ?? match[2] ?? '').trim()

  // Ranges: try each separator until both sides read as stages.
  const body = raw.replace(between, '')
  const separator = /\s*(?:-|\.\.|\bto\b|\bthrough\b|\bthru\b|\band\b|\buntil\b)\s*/g
  for (const match of body.matchAll(separator)) {
    const left = body.slice(0, match.index).trim()
    const right = body.slice(match.index + match[0].length).trim()
    if (left === '' || right === '') continue
    const low = positionOf(left)
    const high = low === null ? null : positionOf(right, index.scale.stages[low] ?? null)
    if (low !== null && high !== null) return rangeTerm(index, low, high)
  }

  const from = bodyOf(openHigh.exec(raw))
  if (from) {
    const position = positionOf(from)
    if (position !== null) return rangeTerm(index, position, last)
  }
  const after = bodyOf(afterStage.exec(raw.replace(/-/g, ' ')))
  if (after) {
    const position = positionOf(after)
    if (position !== null && position < last) return rangeTerm(index, position + 1, last)
  }
  const upTo = bodyOf(openLow.exec(raw))
  if (upTo) {
    const position = positionOf(upTo)
    if (position !== null) return rangeTerm(index, 0, position)
  }
  const before = bodyOf(beforeStage.exec(raw.replace(/-/g, ' ')))
  if (before) {
    const position = positionOf(before)
    if (position !== null && position > 0) return rangeTerm(index, 0, position - 1)
  }

  const alone = raw.includes('+') ? null : positionOf(raw)
  if (alone !== null) return rangeTerm(index, alone, alone)

  const padded = ` ${normalizeText(raw)} `
  const found = index.phrasesLongestFirst.find(({ padded: phrase }) => padded.includes(phrase))
  return found ? { label: found.stage.label, keys: [found.stage.key] } : null
}

/**
 * True when `text`, though it holds `and`, is one value of the scale rather than a list:
 * `between Seed and Series B`, `Director and above`, `friends and family`. (`Seed and Series B`
 * is a list of two stages.)
 */
export function isOneStage(scale: StageScale, text: string): boolean {
  const index = indexes.get(scale) ?? indexScale(scale)
  const key = cleanStage(text)
  if (index.byPhrase.has(key) || index.groupByPhrase.has(key)) return true
  const isCompound =
    between.test(text.trim().toLowerCase()) ||
    /\b(?:and|or)\s+(?:above|later|beyond|up|higher|over|more|after|below|earlier|lower|under|before)$/i.test(
      text.trim(),
    )
  return isCompound && readStage(scale, text) !== null
}

/** Where a key comes in its scale (lowest 0); values beside the scale come after every stage. */
export function stageOrder(scale: StageScale, key: string): number {
  const index = indexes.get(scale) ?? indexScale(scale)
  return index.order.get(key) ?? Number.POSITIVE_INFINITY
}

/** The label of a stage key (`seriesA` -> `Series A`), or the key itself. */
export function stageLabel(scale: StageScale, key: string): string {
  return [...scale.stages, ...scale.others].find((stage) => stage.key === key)?.label ?? key
}
