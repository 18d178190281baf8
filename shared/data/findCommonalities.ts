import type { AttributeCategory } from '../schema/attributeCard'
import { formatAmount, formatValue, joinList } from '../values/formatValue'
import { createValueMatcher } from '../values/matchesValue'
import type { RangeValue, ValueFamily } from '../values/parsedValue'
import { isTermFamily, parseValue } from '../values/parseValue'
import { readTerm } from '../values/readTerm'
import { numericValue } from './bestCustomers'
import { cellCandidate } from './createCellMatcher'
import { familyOfField, standardOf } from './dataFields'
import type { CellValue, Dataset, DatasetField } from './dataset'
import { percentile } from './stats'

/** One value of a category or list field: how common it is among the best and overall. */
export interface ShareBar {
  value: string
  bestCount: number
  /** Of all best customers (blank cells count as not having it). */
  bestShare: number
  overallCount: number
  overallShare: number
  /** bestShare / overallShare (how much more common it is among the best). */
  lift: number
}

/** Spread of a numeric field: quartiles of the known values (bands count as their middle). */
export interface NumberStats {
  known: number
  min: number
  p10: number
  p25: number
  median: number
  p75: number
  p90: number
  max: number
}

/** A commonality turned into a card: one click puts it on the board. */
export interface Finding {
  /** Stable across recomputations: `<field key>:<value>`. */
  id: string
  fieldKey: string
  /** `72% of the top 20 by CLV are SaaS, vs 31% of all 500.` */
  headline: string
  category: AttributeCategory
  /** Card label: empty for a standard field (the category says it), the column for a custom one. */
  label: string
  /** Card value, readable by `parseValue` (`SaaS or Fintech`, `200 to 1,000 employees`). */
  value: string
  /** Card evidence note, with the numbers. */
  evidenceNote: string
  bestShare: number
  overallShare: number
  lift: number
}

/** What the best customers share on one field. */
export type FieldCommonality =
  | {
      kind: 'shares'
      field: DatasetField
      /** The most telling values, most common among the best first (at most 6). */
      bars: ShareBar[]
      findings: Finding[]
    }
  | {
      kind: 'distribution'
      field: DatasetField
      best: NumberStats | null
      overall: NumberStats | null
      /** The band most best customers fall in, with the shares inside it. */
      band: {
        min: number | null
        max: number | null
        bestShare: number
        overallShare: number
      } | null
      findings: Finding[]
    }

/** How a value field differs between the best customers and everyone. */
export interface ValueSummary {
  field: DatasetField
  /** Medians (numbers) or the share of yes (yes/no fields), null when unknown. */
  best: number | null
  overall: number | null
  isShare: boolean
}

/** Everything `findCommonalities` found. */
export interface Commonalities {
  bestCount: number
  overallCount: number
  /** Attribute fields, the most telling first. */
  fields: FieldCommonality[]
  values: ValueSummary[]
}

/** A value must be this much more common among the best to be a finding... */
const minLift = 1.2
/** ...and held by at least this share of them. */
const minFindingShare = 0.4
/** Values of a category finding at most (`SaaS, Fintech or E-commerce`). */
const maxFindingValues = 3
/** Bars shown per field. */
const maxBars = 6
/**
 * How far a share among the best must stand from the overall share, in standard errors, to count:
 * a one-sided test that keeps a top 5 from "finding" what chance put there.
 */
const minZ = 2
/** A value joins a combined finding (`SaaS or Fintech`) from this many standard errors. */
const minValueZ = 1.64

/** Standard errors between a group's share and the population's (binomial approximation). */
function zScore(share: number, overallShare: number, groupSize: number): number {
  if (overallShare <= 0 || overallShare >= 1 || groupSize === 0)
    return share > overallShare ? Infinity : 0
  return (share - overallShare) / Math.sqrt((overallShare * (1 - overallShare)) / groupSize)
}

/**
 * Compares the best customers with all customers, field by field: for categories and lists the
 * share of each value (`72% of the top 20 are SaaS vs 31% overall`), for numbers the quartiles and
 * the band most best customers fall in, for value fields the medians. Each clear difference
 * becomes a `Finding` a card can be made from. `bestLabel` names the selection in sentences
 * (`the top 20 by CLV`). Pure and deterministic.
 */
export function findCommonalities(
  dataset: Dataset,
  best: ReadonlySet<number>,
  bestLabel: string,
): Commonalities {
  const rows = dataset.rows
  const bestRows = rows.filter((row) => best.has(row.row))
  const context: Context = { bestLabel, bestTotal: bestRows.length, overallTotal: rows.length }
  const fields: FieldCommonality[] = []
  const values: ValueSummary[] = []
  if (bestRows.length === 0) return { bestCount: 0, overallCount: rows.length, fields, values }
  for (const field of dataset.meta.fields) {
    const column = (group: typeof rows) => group.map((row) => row.values[field.key])
    if (field.role === 'value') {
      const isShare = field.type === 'boolean'
      const summarize = isShare
        ? shareOfYes
        : (cells: (CellValue | undefined)[]) => statsOf(cells)?.median ?? null
      values.push({
        field,
        best: summarize(column(bestRows)),
        overall: summarize(column(rows)),
        isShare,
      })
      continue
    }
    if (field.role !== 'attribute') continue
    const commonality =
      field.type === 'number' || field.type === 'money'
        ? compareNumbers(field, column(bestRows), column(rows), context)
        : compareShares(field, column(bestRows), column(rows), context)
    fields.push(commonality)
  }
  const strength = (commonality: FieldCommonality) =>
    Math.max(0, ...commonality.findings.map((finding) => finding.bestShare * finding.lift))
  fields.sort((a, b) => strength(b) - strength(a))
  return { bestCount: bestRows.length, overallCount: rows.length, fields, values }
}

interface Context {
  bestLabel: string
  bestTotal: number
  overallTotal: number
}

function categoryOf(field: DatasetField): AttributeCategory {
  return standardOf(field)?.category ?? 'specialized'
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`
}

/** Values of a cell as category items: a list's items, yes/no as words, text as is. */
function itemsOf(cell: CellValue | undefined): string[] {
  if (cell === undefined) return []
  if (typeof cell === 'boolean') return [cell ? 'Yes' : 'No']
  if (typeof cell === 'string') return [cell]
  if (Array.isArray(cell)) return cell
  return []
}

interface Tally {
  /** Display form: the first spelling seen. */
  value: string
  count: number
}

/** What a value counts as in a tally: its meaning in the field's family (`USA` = `United States`). */
function tallyKey(item: string, family: ValueFamily): string {
  if (isTermFamily(family)) {
    const { keys } = readTerm(family, item)
    if (keys.length > 0) return keys.join('|')
  }
  return item.trim().toLowerCase()
}

function tally(cells: readonly (CellValue | undefined)[], family: ValueFamily): Map<string, Tally> {
  const counts = new Map<string, Tally>()
  for (const cell of cells) {
    const seen = new Set<string>()
    for (const item of itemsOf(cell)) {
      if (item.trim() === '') continue
      const key = tallyKey(item, family)
      if (key === '' || seen.has(key)) continue
      seen.add(key)
      const entry = counts.get(key)
      if (entry) entry.count += 1
      else counts.set(key, { value: item.trim(), count: 1 })
    }
  }
  return counts
}

/** How a sentence says a row has a value of this field. */
function phraseFor(field: DatasetField, value: string): string {
  switch (field.key) {
    case 'industry':
    case 'businessModel':
      return `are ${value}`
    case 'country':
      return `are in ${value}`
    case 'techStack':
      return `use ${value}`
    case 'funding':
      return `are funded: ${value}`
    default:
      return field.type === 'boolean'
        ? `have ${field.label}: ${value}`
        : `have ${field.label} ${value}`
  }
}

function compareShares(
  field: DatasetField,
  bestCells: readonly (CellValue | undefined)[],
  allCells: readonly (CellValue | undefined)[],
  context: Context,
): FieldCommonality {
  const family = familyOfField(field)
  const bestTally = tally(bestCells, family)
  const allTally = tally(allCells, family)
  const bars: ShareBar[] = [...bestTally.entries()].map(([key, entry]) => {
    const overallCount = allTally.get(key)?.count ?? entry.count
    const bestShare = entry.count / context.bestTotal
    const overallShare = overallCount / context.overallTotal
    return {
      value: allTally.get(key)?.value ?? entry.value,
      bestCount: entry.count,
      bestShare,
      overallCount,
      overallShare,
      lift: overallShare > 0 ? bestShare / overallShare : 0,
    }
  })
  bars.sort(
    (a, b) => b.bestShare - a.bestShare || b.lift - a.lift || a.value.localeCompare(b.value),
  )
  const telling = bars.filter(
    (bar) =>
      bar.lift >= minLift &&
      bar.bestShare >= 0.1 &&
      zScore(bar.bestShare, bar.overallShare, context.bestTotal) >= minValueZ,
  )
  const findings: Finding[] = []
  const finding = (values: ShareBar[]): Finding | null => {
    const items = values.map((bar) => bar.value)
    const value = joinList(items, 'or')
    // Counted the way the card made from it will be read and counted (its badge, its score).
    const matches = createValueMatcher(parseValue(value, { family }))
    const countRows = (cells: readonly (CellValue | undefined)[]) =>
      cells.filter((cell) => cell !== undefined && matches(cellCandidate(cell, field))).length
    const bestShare = countRows(bestCells) / context.bestTotal
    const overallShare = countRows(allCells) / context.overallTotal
    const lift = overallShare > 0 ? bestShare / overallShare : 0
    const isClear = zScore(bestShare, overallShare, context.bestTotal) >= minZ
    if (bestShare < minFindingShare || lift < minLift || !isClear) return null
    const headline = `${percent(bestShare)} of ${context.bestLabel} ${phraseFor(field, value)}, vs ${percent(overallShare)} of all ${context.overallTotal}.`
    return {
      id: `${field.key}:${items.join('|').toLowerCase()}`,
      fieldKey: field.key,
      headline,
      category: categoryOf(field),
      label: standardOf(field) ? '' : field.label,
      value,
      evidenceNote: `${percent(bestShare)} of ${context.bestLabel} vs ${percent(overallShare)} of all ${context.overallTotal} customers (${field.column}).`,
      bestShare,
      overallShare,
      lift,
    }
  }
  if (field.type === 'list') {
    // Tools stand alone: each common one is its own finding.
    for (const bar of telling.slice(0, 3)) {
      const single = finding([bar])
      if (single) findings.push(single)
    }
  } else {
    const chosen: ShareBar[] = []
    let covered = 0
    for (const bar of telling) {
      if (chosen.length >= maxFindingValues || covered >= 0.8) break
      chosen.push(bar)
      covered += bar.bestShare
    }
    const combined = chosen.length > 0 ? finding(chosen) : null
    if (combined) findings.push(combined)
  }
  return { kind: 'shares', field, bars: bars.slice(0, maxBars), findings }
}

/** Quartiles of the known values of a numeric column, or null when none is known. */
export function statsOf(cells: readonly (CellValue | undefined)[]): NumberStats | null {
  return statsOfSorted(sortedValues(cells))
}

/** `statsOf` for the known values already sorted ascending. */
function statsOfSorted(sorted: readonly number[]): NumberStats | null {
  if (sorted.length === 0) return null
  return {
    known: sorted.length,
    min: sorted[0]!,
    p10: percentile(sorted, 10),
    p25: percentile(sorted, 25),
    median: percentile(sorted, 50),
    p75: percentile(sorted, 75),
    p90: percentile(sorted, 90),
    max: sorted[sorted.length - 1]!,
  }
}

function shareOfYes(cells: readonly (CellValue | undefined)[]): number | null {
  const known = cells.filter((cell): cell is boolean => typeof cell === 'boolean')
  if (known.length === 0) return null
  return known.filter(Boolean).length / known.length
}

/** Whole numbers under 1,000, two significant figures above (`$67,414,786` -> `$67M`). */
function roughly(value: number): number {
  if (Math.abs(value) < 1000) return Math.round(value)
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(value))) - 1)
  return Math.round(value / scale) * scale
}

/** Round bounds a band may use: 1, 2 and 5 times a power of ten, between `min` and `max`. */
function roundBounds(min: number, max: number): number[] {
  const bounds: number[] = []
  const start = Math.floor(Math.log10(Math.max(1, min)))
  for (let exponent = start; 10 ** exponent <= max * 10; exponent++) {
    for (const step of [1, 2, 5]) {
      const bound = step * 10 ** exponent
      if (bound > min && bound < max) bounds.push(bound)
    }
  }
  return bounds
}

/** How many of the ascending `sorted` values lie in [low, high] (null = open). */
function countBetween(sorted: readonly number[], low: number | null, high: number | null): number {
  const firstAtLeast = (value: number) => {
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (sorted[mid]! < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const firstAbove = (value: number) => {
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (sorted[mid]! <= value) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const from = low === null ? 0 : firstAtLeast(low)
  const to = high === null ? sorted.length : firstAbove(high)
  return Math.max(0, to - from)
}

function sortedValues(cells: readonly (CellValue | undefined)[]): number[] {
  return cells
    .map((cell) => numericValue(cell))
    .filter((value): value is number => value !== null)
    .sort((a, b) => a - b)
}

/**
 * The band with round bounds (`200 to 1,000`, `at least $10M`) that best separates the best
 * customers from everyone: the largest gap between the share of best customers inside it and
 * the share of all customers inside it, holding at least half of the best.
 */
function bestBand(
  best: readonly number[],
  all: readonly number[],
  context: Context,
): { min: number | null; max: number | null; bestShare: number; overallShare: number } | null {
  const dataMin = Math.max(1, all[0]!)
  const dataMax = Math.max(dataMin, all[all.length - 1]!)
  const bounds = roundBounds(all[0]!, all[all.length - 1]!)
  const lows: (number | null)[] = [null, ...bounds]
  const highs: (number | null)[] = [...bounds, null]
  let chosen: ReturnType<typeof bestBand> = null
  let chosenGap = 0
  let chosenWidth = Infinity
  for (const low of lows) {
    for (const high of highs) {
      if (low !== null && high !== null && high <= low) continue
      if (low === null && high === null) continue
      const bestShare = countBetween(best, low, high) / context.bestTotal
      if (bestShare < 0.5) continue
      const overallShare = countBetween(all, low, high) / context.overallTotal
      const gap = bestShare - overallShare
      const width = Math.log((high ?? dataMax) / Math.max(1, low ?? dataMin))
      // Equal gaps: the narrower band says more (`200 to 1,000` rather than `50 to 1,000`).
      if (
        gap > chosenGap + 1e-9 ||
        (chosen && Math.abs(gap - chosenGap) <= 1e-9 && width < chosenWidth)
      ) {
        chosen = { min: low, max: high, bestShare, overallShare }
        chosenGap = gap
        chosenWidth = width
      }
    }
  }
  return chosen
}

function compareNumbers(
  field: DatasetField,
  bestCells: readonly (CellValue | undefined)[],
  allCells: readonly (CellValue | undefined)[],
  context: Context,
): FieldCommonality {
  const bestValues = sortedValues(bestCells)
  const allValues = sortedValues(allCells)
  const best = statsOfSorted(bestValues)
  const overall = statsOfSorted(allValues)
  const findings: Finding[] = []
  if (!best || !overall || best.known < 3) {
    return { kind: 'distribution', field, best, overall, band: null, findings }
  }
  const band = bestBand(bestValues, allValues, context)
  if (!band) return { kind: 'distribution', field, best, overall, band, findings }
  const { min, max, bestShare, overallShare } = band
  const lift = overallShare > 0 ? bestShare / overallShare : 0
  const isClear = zScore(bestShare, overallShare, context.bestTotal) >= minZ
  if (bestShare >= minFindingShare && lift >= minLift && isClear) {
    const standard = standardOf(field)
    const range: RangeValue = {
      kind: 'range',
      min: min === null ? null : { value: min, inclusive: true },
      max: max === null ? null : { value: max, inclusive: true },
      currency: field.currency,
      unit: standard?.unit ?? null,
    }
    const value = formatValue(range)
    const amount = (n: number) => formatAmount(roughly(n), field.currency)
    const medians = `median ${amount(best.median)} vs ${amount(overall.median)}`
    findings.push({
      id: `${field.key}:${value.toLowerCase()}`,
      fieldKey: field.key,
      headline: `${percent(bestShare)} of ${context.bestLabel} have ${standard?.unit ? value : `${standard ? field.label.toLowerCase() : field.label} of ${value}`}, vs ${percent(overallShare)} of all ${context.overallTotal} (${medians}).`,
      category: categoryOf(field),
      label: standard ? '' : field.label,
      value,
      evidenceNote: `${percent(bestShare)} of ${context.bestLabel} vs ${percent(overallShare)} of all ${context.overallTotal} customers; ${medians}.`,
      bestShare,
      overallShare,
      lift,
    })
  }
  return { kind: 'distribution', field, best, overall, band, findings }
}
