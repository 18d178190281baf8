import type {
  IcpAttribute,
  IcpDisqualifier,
  IcpPainPoint,
  IcpPersona,
  IcpReview,
  IcpWarning,
  WarningCode,
} from './icpDocument'
import { coversValue, relateValues } from '../values/compareValues'
import { isConstraining } from '../values/parsedValue'
import { dimensionOfAttribute, isSameField } from './attributeDimension'
import { warningCodes } from './icpDocument'
import { isValidCadence } from './reviewStatus'

/** The strongest ICPs pick 5 to 7 key attributes (seeds). */
export const keyAttributeRange = { min: 5, max: 7 } as const

/** A good ICP has 1 to 3 specialized data points (seeds). */
export const maxSpecializedDataPoints = 3

/** Categories that bound company size; with industry, what keeps an ICP from being too broad. */
export const sizeCategories = ['employees', 'revenue', 'valuation', 'budget'] as const

/** What the health checks look at: one ICP's compiled parts and its statement card's raw props. */
export interface HealthInput {
  /** Null for an ICP without a statement card. */
  statementCard: { shapeId: string; reviewDate: string; reviewCadenceMonths: number } | null
  duplicateStatementIds: readonly string[]
  attributes: readonly IcpAttribute[]
  keyAttributes: readonly IcpAttribute[]
  /** True when the key attributes are the must-haves because the step 4 frame is empty. */
  isKeyFromMustHavesFallback: boolean
  /** Attribute cards set to `range` whose value could not be read as one. */
  unreadableRangeIds: readonly string[]
  personas: readonly IcpPersona[]
  painPoints: readonly IcpPainPoint[]
  disqualifiers: readonly IcpDisqualifier[]
  review: IcpReview
  blankCardIds: readonly string[]
}

const severityOrder = { error: 0, warning: 1, info: 2 } as const

/** What a term of each family is, for "not a known ..." notes. */
const familyNouns: Readonly<Record<IcpAttribute['family'], string>> = {
  place: 'country or region',
  category: 'category',
  tool: 'tool',
  funding: 'funding stage',
  seniority: 'seniority',
  size: 'company size',
  amount: 'amount',
  general: 'value',
}

type AddWarning = (
  code: WarningCode,
  severity: IcpWarning['severity'],
  message: string,
  shapeIds?: readonly string[],
) => void

/** `"Number of employees" (50 to 500)`. */
function cardName(attribute: IcpAttribute): string {
  return `${quote(attribute.label)} (${attribute.display})`
}

/**
 * Cards on one field: two must-haves that cannot both hold (the ICP matches nobody), a
 * nice-to-have a must-have rules out (it can never earn points), and a key attribute repeated by
 * another card (scoring tests both, the export lists both).
 */
function checkSameField(input: HealthInput, add: AddWarning): void {
  const byField = new Map<string, IcpAttribute[]>()
  for (const attribute of input.attributes) {
    if (!isConstraining(attribute.parsed)) continue
    const key = dimensionOfAttribute(attribute)
    const cards = byField.get(key)
    if (cards) cards.push(attribute)
    else byField.set(key, [attribute])
  }
  for (const [field, cards] of byField) {
    if (cards.length < 2) continue
    const isFlagged = checkDisjointPairs(cards, add)
    const keys = cards.filter((card) => card.isKey)
    if (isFlagged || keys.length === 0) continue
    const others = cards.filter((card) => !card.isKey)
    const where = input.isKeyFromMustHavesFallback ? '' : ' outside step 4'
    // Fields named by category (`Number of employees`) or, for the others, by the cards' label.
    const name = field.includes(':') ? cards[0]!.label : cards[0]!.categoryLabel
    const list = [...keys, ...others]
      .map((card) => `${quote(card.display)}${card.isKey ? ' (key attribute)' : where}`)
      .join(', ')
    add(
      'duplicateAttribute',
      'warning',
      `${quote(name)} is on ${cards.length} cards: ${list}. Scoring tests each and the export lists each: merge them into one card.`,
      cards.map((card) => card.shapeId),
    )
  }
}

/**
 * Flags card pairs of one field whose values cannot both hold. Values are compared once per
 * distinct reading (a board repeats its values), cards pair up afterwards. True when any pair
 * was flagged.
 */
function checkDisjointPairs(cards: readonly IcpAttribute[], add: AddWarning): boolean {
  const groups = groupByValue(cards)
  let isFlagged = false
  groups.forEach((left, i) => {
    for (const right of groups.slice(i + 1)) {
      if (relateValues(left[0]!.parsed, right[0]!.parsed) !== 'disjoint') continue
      for (const a of left) {
        for (const b of right) {
          if (a.importance === 'must' && b.importance === 'must') {
            isFlagged = true
            add(
              'contradictoryMustHaves',
              'error',
              `${cardName(a)} and ${cardName(b)} are both must-haves but no account can fit both, so the ICP matches nobody: keep one.`,
              [a.shapeId, b.shapeId],
            )
          } else if (a.importance !== b.importance) {
            isFlagged = true
            const [must, nice] = a.importance === 'must' ? [a, b] : [b, a]
            add(
              'niceNeverFits',
              'warning',
              `The nice-to-have ${cardName(nice)} can never earn points: every account it fits fails the must-have ${cardName(must)}.`,
              [nice.shapeId, must.shapeId],
            )
          }
        }
      }
    }
  })
  return isFlagged
}

/** Disqualifiers that rule out some (or every) account a must-have accepts. */
function checkDisqualifiersAgainstMustHaves(input: HealthInput, add: AddWarning): void {
  const musts = input.attributes.filter(
    (attribute) => attribute.importance === 'must' && isConstraining(attribute.parsed),
  )
  if (musts.length === 0 || input.disqualifiers.length === 0) return
  // A board repeats its values: must-haves are grouped by value, each disqualifier and value
  // pair is compared once.
  const groups = groupByValue(musts)
  for (const disqualifier of input.disqualifiers) {
    if (!isConstraining(disqualifier.parsed)) continue
    for (const group of groups) {
      const first = group[0]!
      if (!isSameField(disqualifier.kind, first)) continue
      if (relateValues(disqualifier.parsed, first.parsed) !== 'overlap') continue
      const isAll = coversValue(disqualifier.parsed, first.parsed) === true
      const rule = `The disqualifier ${quote(disqualifier.display)}`
      for (const attribute of group) {
        const ids = [disqualifier.shapeId, attribute.shapeId]
        if (isAll) {
          add(
            'disqualifierOverlapsMustHave',
            'error',
            `${rule} rules out every account the must-have ${cardName(attribute)} accepts, so the ICP matches nobody.`,
            ids,
          )
        } else {
          // Amounts often mean it: a budget floor under a must-have ceiling narrows a range.
          add(
            'disqualifierOverlapsMustHave',
            attribute.parsed.kind === 'range' ? 'info' : 'warning',
            `${rule} rules out part of what the must-have ${cardName(attribute)} accepts.`,
            ids,
          )
        }
      }
    }
  }
}

/**
 * Cards of one category whose values read the same (`reading` says everything the comparisons
 * look at), in groups, in order of their first card. Nested maps: no key strings per card.
 */
function groupByValue(cards: readonly IcpAttribute[]): IcpAttribute[][] {
  const byCategory = new Map<string, Map<string, IcpAttribute[]>>()
  const groups: IcpAttribute[][] = []
  for (const card of cards) {
    let byReading = byCategory.get(card.category)
    if (!byReading) byCategory.set(card.category, (byReading = new Map()))
    const group = byReading.get(card.reading)
    if (group) {
      group.push(card)
    } else {
      const created = [card]
      byReading.set(card.reading, created)
      groups.push(created)
    }
  }
  return groups
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

function quote(text: string): string {
  return `"${text}"`
}

/**
 * Runs the ICP health checks (the seeds' named mistakes and a few hints). Warnings come sorted by
 * severity, then in `warningCodes` order, then in card order. Pure.
 */
export function checkHealth(input: HealthInput): IcpWarning[] {
  const warnings: IcpWarning[] = []
  const add = (
    code: WarningCode,
    severity: IcpWarning['severity'],
    message: string,
    shapeIds?: readonly string[],
  ) => {
    warnings.push(
      shapeIds ? { code, severity, message, shapeIds: [...shapeIds] } : { code, severity, message },
    )
  }
  const { attributes, keyAttributes } = input

  if (!input.statementCard) {
    add(
      'noStatementCard',
      'warning',
      'This ICP has no statement card: add one to name the ICP and set its review date.',
    )
  }
  if (input.duplicateStatementIds.length > 0) {
    add(
      'duplicateStatementCard',
      'warning',
      `${plural(input.duplicateStatementIds.length, 'more statement card shares', 'more statement cards share')} this ICP's frame or page and ${input.duplicateStatementIds.length === 1 ? 'is' : 'are'} ignored: give each ICP its own frame.`,
      input.duplicateStatementIds,
    )
  }

  if (attributes.length === 0) {
    add(
      'emptyIcp',
      'error',
      'This ICP has no attributes yet: add attribute cards and pick 5 to 7 key attributes.',
    )
  } else if (keyAttributes.length === 0) {
    add(
      'keyAttributesTooFew',
      'warning',
      'No key attributes yet: mark 5 to 7 attributes as must-haves or place them in the step 4 frame.',
    )
  } else if (keyAttributes.length < keyAttributeRange.min) {
    add(
      'keyAttributesTooFew',
      'warning',
      `Only ${plural(keyAttributes.length, 'key attribute', 'key attributes')}: the strongest ICPs pick 5 to 7.`,
      keyAttributes.map((attribute) => attribute.shapeId),
    )
  } else if (keyAttributes.length > keyAttributeRange.max) {
    add(
      'keyAttributesTooMany',
      'warning',
      `${keyAttributes.length} key attributes: the strongest ICPs narrow them down to 5 to 7.`,
      keyAttributes.map((attribute) => attribute.shapeId),
    )
  }
  if (input.isKeyFromMustHavesFallback) {
    add(
      'keyAttributesFromMustHaves',
      'info',
      'The step 4 frame holds no attribute cards yet, so the must-have attributes are used as key attributes.',
    )
  }

  const constraining = attributes.filter((attribute) => attribute.parsed.kind !== 'any')
  const hasIndustry = constraining.some((attribute) => attribute.category === 'industry')
  const hasSize = constraining.some((attribute) =>
    (sizeCategories as readonly string[]).includes(attribute.category),
  )
  if (attributes.length > 0 && !hasIndustry && !hasSize) {
    add(
      'tooBroad',
      'warning',
      'This ICP could apply to almost any company: add an industry or a size constraint (employees, revenue, valuation or budget).',
    )
  }
  checkSameField(input, add)
  checkDisqualifiersAgainstMustHaves(input, add)

  for (const attribute of attributes) {
    if (attribute.parsed.kind === 'any') {
      add(
        'unconstrainedValue',
        'warning',
        `${quote(attribute.label)} accepts any value (${quote(attribute.value.trim())}), so it does not narrow the ICP.`,
        [attribute.shapeId],
      )
    }
  }
  for (const attribute of attributes) {
    const { parsed, family } = attribute
    if (parsed.kind !== 'set' || family === 'general') continue
    const unknown = parsed.items.filter((_, i) => parsed.terms[i]?.keys.length === 0)
    if (unknown.length === 0) continue
    const isOne = unknown.length === 1
    add(
      'valueReadAsText',
      'info',
      `${quote(attribute.label)}: ${unknown.map(quote).join(', ')} ${isOne ? 'is' : 'are'} not a known ${familyNouns[family]}, so ${isOne ? 'it is' : 'they are'} matched as text.`,
      [attribute.shapeId],
    )
  }
  for (const shapeId of input.unreadableRangeIds) {
    const attribute = attributes.find((candidate) => candidate.shapeId === shapeId)
    if (!attribute) continue
    add(
      'valueNotRange',
      'warning',
      `${quote(attribute.label)}: ${quote(attribute.value.trim())} could not be read as a range, so it is kept as text.`,
      [shapeId],
    )
  }

  for (const attribute of attributes) {
    if (attribute.evidence.source === 'assumption') {
      add(
        'assumptionOnly',
        'info',
        `${quote(attribute.label)} rests only on an assumption: back it with CRM data, a survey or interviews.`,
        [attribute.shapeId],
      )
    }
  }
  const assumedKeys = keyAttributes.filter(
    (attribute) => attribute.evidence.source === 'assumption',
  )
  if (keyAttributes.length > 0 && assumedKeys.length * 2 > keyAttributes.length) {
    add(
      'mostlyAssumptions',
      'warning',
      `${assumedKeys.length} of ${keyAttributes.length} key attributes rest only on assumptions: validate them with customer data and feedback.`,
      assumedKeys.map((attribute) => attribute.shapeId),
    )
  }

  if (input.personas.length === 0) {
    add(
      'noPersonas',
      'warning',
      'The buying committee is empty: add the people who decide, champion, influence and use (B2B panels average 5.7 people).',
    )
  } else if (!input.personas.some((persona) => persona.role === 'decisionMaker')) {
    add(
      'noDecisionMaker',
      'warning',
      'No decision maker in the buying committee: mark the persona who signs off.',
      input.personas.map((persona) => persona.shapeId),
    )
  }
  const unlinked = input.painPoints.filter((painPoint) => painPoint.personas.length === 0)
  if (unlinked.length > 0) {
    add(
      'painPointUnlinked',
      'info',
      `${plural(unlinked.length, 'pain point is', 'pain points are')} not linked to a persona: draw an arrow to who has ${unlinked.length === 1 ? 'it' : 'them'}.`,
      unlinked.map((painPoint) => painPoint.shapeId),
    )
  }

  if (input.disqualifiers.length === 0) {
    add(
      'noDisqualifiers',
      'warning',
      'No disqualifiers: add what rules a lead out (budget floor, excluded industries or regions, legal or product limits).',
    )
  }

  const card = input.statementCard
  if (card) {
    if (!isValidCadence(card.reviewCadenceMonths)) {
      add(
        'reviewCadenceInvalid',
        'warning',
        `The review cadence (${String(card.reviewCadenceMonths)}) is not a positive number of months: using every ${plural(input.review.cadenceMonths ?? 0, 'month', 'months')}.`,
        [card.shapeId],
      )
    }
    if (input.review.date === null) {
      const raw = card.reviewDate.trim()
      add(
        'reviewDateMissing',
        'warning',
        raw === ''
          ? 'No review date: set when the ICP was last reviewed so the team knows when to revisit it.'
          : `The review date ${quote(raw)} is not a date (YYYY-MM-DD): set when the ICP was last reviewed.`,
        [card.shapeId],
      )
    } else if (input.review.isOverdue) {
      add(
        'reviewOverdue',
        'warning',
        `The review is overdue: last reviewed ${input.review.date}, due ${input.review.nextReviewDate} (every ${plural(input.review.cadenceMonths ?? 0, 'month', 'months')}).`,
        [card.shapeId],
      )
    }
  }

  if (input.blankCardIds.length > 0) {
    add(
      'blankCardsIgnored',
      'info',
      `${plural(input.blankCardIds.length, 'blank card was', 'blank cards were')} ignored.`,
      input.blankCardIds,
    )
  }
  const specialized = attributes.filter((attribute) => attribute.category === 'specialized')
  if (specialized.length > maxSpecializedDataPoints) {
    add(
      'tooManySpecialized',
      'info',
      `${specialized.length} specialized data points: a good ICP usually has 1 to 3.`,
      specialized.map((attribute) => attribute.shapeId),
    )
  }

  return warnings
    .map((warning, position) => ({ warning, position }))
    .sort(
      (a, b) =>
        severityOrder[a.warning.severity] - severityOrder[b.warning.severity] ||
        warningCodes.indexOf(a.warning.code) - warningCodes.indexOf(b.warning.code) ||
        a.position - b.position,
    )
    .map(({ warning }) => warning)
}
