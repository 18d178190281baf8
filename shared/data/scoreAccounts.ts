import { createCellMatcher, type CellMatcher } from './createCellMatcher'
import type { DatasetField, DatasetRow } from './dataset'
import { formatCell } from './formatCell'
import { disqualifyingShareLimit, tierOf, type ScoringRules, type Tier } from './scoringRules'

/**
 * One account's fit. Rule lists hold indices into `ScoringRules.rules` (cheap for 100,000 rows;
 * `describeScore` turns them into words).
 */
export interface AccountScore {
  /** Spreadsheet row number of the account. */
  row: number
  /** 0 to 100; 0 when disqualified. */
  score: number
  tier: Tier
  /** 1 = best; equal scores share a rank (1, 2, 2, 4). */
  rank: number
  isDisqualified: boolean
  /** Disqualifiers the account fits and must-haves it does not. */
  disqualifiedBy: number[]
  /** Must-haves and nice-to-haves it fits. */
  matched: number[]
  /** Must-haves and nice-to-haves whose known value does not fit. */
  missed: number[]
  /** Rules whose cell is blank: no points, no disqualification. */
  unknown: number[]
  pointsEarned: number
}

/** What one rule did to the accounts (all zero for a rule that is not scored). */
export interface RuleStats {
  /** Accounts whose known value fits the rule. */
  matched: number
  /** Accounts whose known value does not fit it. */
  missed: number
  /** Accounts with a blank cell for it. */
  unknown: number
  /** Accounts it disqualifies: misses of a must-have, fits of a disqualifier. */
  disqualified: number
  /** `disqualified` of all accounts, 0 to 1. */
  disqualifiedShare: number
  /** True when it disqualifies more than `disqualifyingShareLimit` of the accounts. */
  isFlagged: boolean
}

/** Everything `scoreAccounts` returns. */
export interface ScoringResult {
  /** In input order. */
  scores: AccountScore[]
  /** Accounts per tier. */
  tierCounts: Record<Tier, number>
  /** Per rule, in `ScoringRules.rules` order: what it did to these accounts. */
  ruleStats: RuleStats[]
  /** Problems with the rules for this data, in words (nothing to score on, a rule that
   * disqualifies nearly everyone...). */
  warnings: string[]
}

interface CompiledRule {
  index: number
  effect: 'gate' | 'points' | 'disqualify'
  points: number
  matches: CellMatcher
}

/**
 * Scores accounts against scoring rules built for their columns (`buildScoringRules(icp,
 * fields)`): disqualifiers and must-haves gate, must-haves and nice-to-haves earn points, the
 * score is the share of points possible, and the tier follows `tierThresholds`. Rules that are
 * not scorable are skipped. With no points to earn every account scores 0 (tier D) and a warning
 * says why. Pure and deterministic; about a microsecond per account and rule.
 */
export function scoreAccounts(
  rules: ScoringRules,
  fields: readonly DatasetField[],
  rows: readonly DatasetRow[],
): ScoringResult {
  const fieldsByKey = new Map(fields.map((field) => [field.key, field]))
  const compiled: CompiledRule[] = []
  rules.rules.forEach((rule, index) => {
    const field = rule.field && fieldsByKey.get(rule.field.key)
    if (!rule.isScorable || !field) return
    compiled.push({
      index,
      effect: rule.effect,
      points: rule.points,
      matches: createCellMatcher(rule.criterion, field),
    })
  })
  const pointsPossible = compiled
    .filter((rule) => rule.effect !== 'disqualify')
    .reduce((sum, rule) => sum + rule.points, 0)

  const scores: AccountScore[] = rows.map((row) => {
    const disqualifiedBy: number[] = []
    const matched: number[] = []
    const missed: number[] = []
    const unknown: number[] = []
    let pointsEarned = 0
    for (const rule of compiled) {
      const result = rule.matches(row.values)
      if (result === null) {
        unknown.push(rule.index)
      } else if (rule.effect === 'disqualify') {
        if (result) disqualifiedBy.push(rule.index)
      } else if (result) {
        matched.push(rule.index)
        pointsEarned += rule.points
      } else {
        missed.push(rule.index)
        if (rule.effect === 'gate') disqualifiedBy.push(rule.index)
      }
    }
    const isDisqualified = disqualifiedBy.length > 0
    const score =
      isDisqualified || pointsPossible === 0 ? 0 : Math.round((100 * pointsEarned) / pointsPossible)
    return {
      row: row.row,
      score,
      tier: tierOf(score, isDisqualified),
      rank: 0,
      isDisqualified,
      disqualifiedBy,
      matched,
      missed,
      unknown,
      pointsEarned,
    }
  })

  // Competition ranking: sort a copy by score, equal scores share the rank of the first.
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]!.score - scores[a]!.score || a - b)
  order.forEach((index, position) => {
    const previous = position > 0 ? scores[order[position - 1]!]! : null
    const current = scores[index]!
    current.rank = previous && previous.score === current.score ? previous.rank : position + 1
  })

  const tierCounts: Record<Tier, number> = { A: 0, B: 0, C: 0, D: 0 }
  for (const score of scores) tierCounts[score.tier] += 1
  const ruleStats = statsOf(rules, new Set(compiled.map((rule) => rule.index)), scores)

  const warnings: string[] = []
  if (rules.rules.length === 0) {
    warnings.push('The ICP has no attribute or disqualifier cards yet: every account scores 0.')
  } else if (pointsPossible === 0) {
    warnings.push(
      'No attribute of the ICP can be tested against these columns: every account scores 0. Map more columns, or add attributes the data has.',
    )
  }
  rules.rules.forEach((rule, index) => {
    const stats = ruleStats[index]!
    if (!stats.isFlagged) return
    warnings.push(
      `${rule.label}: "${rule.display}" disqualifies ${stats.disqualified} of ${scores.length} accounts (${Math.round(stats.disqualifiedShare * 100)}%). Check how it reads (${rule.reading}) against the values in the file.`,
    )
  })
  if (scores.length > 0 && scores.every((score) => score.isDisqualified)) {
    warnings.push('Every account is disqualified: no account can reach tiers A to C.')
  }
  const skipped = rules.rules.filter((rule) => !rule.isScorable).length
  if (skipped > 0 && rules.rules.length > 0) {
    warnings.push(
      `${skipped} of ${rules.rules.length} rules ${skipped === 1 ? 'is' : 'are'} not scored (no column in the data, or a value that fits everything).`,
    )
  }
  return { scores, tierCounts, ruleStats, warnings }
}

/** Counts per rule from the scores' rule lists (one pass over the accounts). */
function statsOf(
  rules: ScoringRules,
  scored: ReadonlySet<number>,
  scores: readonly AccountScore[],
): RuleStats[] {
  const counts = rules.rules.map(() => ({ matched: 0, missed: 0, unknown: 0, disqualified: 0 }))
  for (const score of scores) {
    for (const index of score.matched) counts[index]!.matched += 1
    for (const index of score.missed) counts[index]!.missed += 1
    for (const index of score.unknown) counts[index]!.unknown += 1
    for (const index of score.disqualifiedBy) {
      counts[index]!.disqualified += 1
      // A disqualifier's fits are not listed in `matched`.
      if (rules.rules[index]!.effect === 'disqualify') counts[index]!.matched += 1
    }
  }
  return rules.rules.map((rule, index) => {
    const count = counts[index]!
    // A disqualifier that does not fit a known value is a miss.
    const missed =
      rule.effect === 'disqualify' && scored.has(index)
        ? scores.length - count.matched - count.unknown
        : count.missed
    const disqualifiedShare = scores.length === 0 ? 0 : count.disqualified / scores.length
    return {
      ...count,
      missed,
      disqualifiedShare,
      isFlagged: disqualifyingShareLimit < disqualifiedShare,
    }
  })
}

/** An account's result in words, for tables, CSV and the API. */
export interface ScoreDescription {
  matched: string[]
  missed: string[]
  unknown: string[]
  /** `Industry: must be SaaS or Fintech`, `Region: fits EU (GDPR hosting)`. */
  disqualifiedBy: string[]
}

/**
 * Turns an account's rule indices into `Label: value` phrases; with the account's row, misses and
 * reasons for disqualification quote its value (`Industry: Retail (must be SaaS or Fintech)`,
 * `Location: France (wants US or UK)`).
 */
export function describeScore(
  score: AccountScore,
  rules: ScoringRules,
  account?: { row: DatasetRow; fields: readonly DatasetField[] },
): ScoreDescription {
  const phrase = (index: number) => {
    const rule = rules.rules[index]!
    return `${rule.label}: ${rule.display}`
  }
  // Keyed once rather than searched per missed rule; the first field of a key wins, as with find.
  const fieldsByKey = new Map<string, DatasetField>()
  for (const field of account?.fields ?? []) {
    if (!fieldsByKey.has(field.key)) fieldsByKey.set(field.key, field)
  }
  const valueOf = (index: number) => {
    const key = rules.rules[index]!.field?.key
    const field = key ? fieldsByKey.get(key) : undefined
    return field && account ? formatCell(account.row.values[field.key], field) : ''
  }
  return {
    matched: score.matched.map(phrase),
    missed: score.missed.map((index) => {
      const value = valueOf(index)
      return value
        ? `${rules.rules[index]!.label}: ${value} (wants ${rules.rules[index]!.display})`
        : phrase(index)
    }),
    unknown: score.unknown.map(phrase),
    disqualifiedBy: score.disqualifiedBy.map((index) => {
      const rule = rules.rules[index]!
      const value = valueOf(index)
      const head = value ? `${rule.label}: ${value}` : rule.label
      return rule.effect === 'disqualify'
        ? `${head} (disqualifier: ${rule.display})`
        : `${head} (must be ${rule.display})`
    }),
  }
}
