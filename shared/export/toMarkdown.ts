import { attributeGroupLabels, attributeGroups } from '../compile/attributeCategoryInfo'
import { importanceLabels } from '../compile/cardLabels'
import type {
  IcpAttribute,
  IcpDocument,
  IcpEvidence,
  IcpOpenThread,
  IcpPersona,
} from '../compile/icpDocument'
import { formatAmount } from '../values/formatValue'
import { escapeMarkdown } from './escapeMarkdown'

const none = '_None yet._'

function cell(text: string): string {
  return escapeMarkdown(text, { isTableCell: true })
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ]
}

function evidenceText(attribute: IcpAttribute): string {
  const { sourceLabel, note } = attribute.evidence
  return note ? `${sourceLabel} (${note})` : sourceLabel
}

function keyAttributesSection(doc: IcpDocument): string[] {
  if (doc.keyAttributes.length === 0) return [none]
  return table(
    ['#', 'Attribute', 'Value', 'Category', 'Importance', 'Votes', 'Evidence'],
    doc.keyAttributes.map((attribute, position) => [
      String(position + 1),
      attribute.label,
      attribute.display,
      attribute.categoryLabel,
      importanceLabels[attribute.importance],
      String(attribute.votes),
      evidenceText(attribute),
    ]),
  )
}

function attributeLine(attribute: IcpAttribute): string {
  const label = escapeMarkdown(attribute.label)
  const category =
    attribute.label === attribute.categoryLabel
      ? ''
      : ` (${escapeMarkdown(attribute.categoryLabel)})`
  const flags = [
    importanceLabels[attribute.importance],
    ...(attribute.isKey ? ['key attribute'] : []),
  ]
  return `- **${label}**${category}: ${escapeMarkdown(attribute.display)}. ${flags.join(', ')}. Evidence: ${escapeMarkdown(evidenceText(attribute))}.`
}

function attributesSection(doc: IcpDocument): string[] {
  const lines: string[] = []
  for (const group of attributeGroups) {
    const attributes = doc.attributes[group]
    if (attributes.length === 0) continue
    lines.push(`### ${attributeGroupLabels[group]}`, '', ...attributes.map(attributeLine), '')
  }
  return lines.length === 0 ? [none] : lines.slice(0, -1)
}

function listField(label: string, items: readonly string[]): string[] {
  if (items.length === 0) return []
  if (items.length === 1) return [`- ${label}: ${escapeMarkdown(items[0]!)}`]
  return [`- ${label}:`, ...items.map((item) => `  - ${escapeMarkdown(item)}`)]
}

function personaLines(persona: IcpPersona): string[] {
  const title = escapeMarkdown(persona.title) || '_Untitled persona_'
  return [
    `### ${title} (${persona.roleLabel})`,
    '',
    ...(persona.department ? [`- Department: ${escapeMarkdown(persona.department)}`] : []),
    // Unset stays unsaid: an export never invents a seniority.
    ...(persona.seniorityLabel ? [`- Seniority: ${persona.seniorityLabel}`] : []),
    ...listField('Goals', persona.goals),
    ...listField('Pains', persona.pains),
    ...listField('Objections', persona.objections),
    ...listField('Channels', persona.channels),
    ...listField(
      'Pain points',
      persona.painPoints.map((painPoint) => painPoint.title),
    ),
  ]
}

function committeeSection(doc: IcpDocument): string[] {
  if (doc.buyingCommittee.length === 0) return [none]
  return doc.buyingCommittee.flatMap((persona, position) => [
    ...(position > 0 ? [''] : []),
    ...personaLines(persona),
  ])
}

function painPointsSection(doc: IcpDocument): string[] {
  if (doc.painPoints.length === 0) return [none]
  return doc.painPoints.map((painPoint) => {
    const parts = [
      `- **${escapeMarkdown(painPoint.problem) || '_No problem stated_'}**${painPoint.severityLabel ? ` (${painPoint.severityLabel})` : ''}.`,
    ]
    if (painPoint.solution) parts.push(`How we solve it: ${escapeMarkdown(painPoint.solution)}.`)
    if (painPoint.personas.length > 0) {
      parts.push(
        `Who has it: ${painPoint.personas.map((persona) => escapeMarkdown(persona.title)).join(', ')}.`,
      )
    }
    return parts.join(' ')
  })
}

function disqualifiersSection(doc: IcpDocument): string[] {
  if (doc.disqualifiers.length === 0) return [none]
  return table(
    ['Kind', 'Rule', 'Reason'],
    doc.disqualifiers.map((disqualifier) => [
      disqualifier.kindLabel,
      disqualifier.display,
      disqualifier.reason,
    ]),
  )
}

function fact(value: number | null): string {
  return value === null ? '–' : formatAmount(value, null)
}

function evidenceSection(doc: IcpDocument): string[] {
  if (doc.evidence.length === 0) return [none]
  return table(
    [
      'Customer',
      'Sales cycle (days)',
      'Retention (months)',
      'Referrals',
      'Lifetime value',
      'NPS',
      'CSAT',
      'Note',
    ],
    doc.evidence.map((item: IcpEvidence) => [
      item.customer,
      fact(item.salesCycleDays),
      fact(item.retentionMonths),
      fact(item.referrals),
      fact(item.lifetimeValue),
      fact(item.nps),
      fact(item.csat),
      item.note,
    ]),
  )
}

function reviewSection(doc: IcpDocument): string[] {
  const { review } = doc
  if (review.cadenceMonths === null) return ['- No statement card, so no review schedule.']
  const next = review.nextReviewDate
    ? `- Next review: ${review.nextReviewDate}${review.isOverdue ? ' (**overdue**)' : ''}`
    : '- Next review: not scheduled'
  return [
    `- Last reviewed: ${review.date ?? 'never'}`,
    `- Cadence: every ${review.cadenceMonths} ${review.cadenceMonths === 1 ? 'month' : 'months'}`,
    next,
    ...(review.checkedOn ? [`- Checked on: ${review.checkedOn}`] : []),
  ]
}

const severityTitles = { error: 'Error', warning: 'Warning', info: 'Note' } as const

function warningsSection(doc: IcpDocument): string[] {
  if (doc.warnings.length === 0) return ['_No warnings._']
  return doc.warnings.map(
    (warning) => `- **${severityTitles[warning.severity]}:** ${escapeMarkdown(warning.message)}`,
  )
}

function openThreadsSection(threads: readonly IcpOpenThread[]): string[] {
  if (threads.length === 0) return ['_No open threads: every comment was resolved._']
  const lines = [
    `_${threads.length === 1 ? '1 thread was' : `${threads.length} threads were`} still open at export._`,
  ]
  for (const thread of threads) {
    lines.push('', `### ${escapeMarkdown(thread.anchorLabel)}`, '')
    for (const comment of thread.comments) {
      const when = comment.createdAt.slice(0, 16).replace('T', ' ')
      lines.push(
        `- **${escapeMarkdown(comment.author) || 'Someone'}** (${when} UTC): ${escapeMarkdown(comment.body)}`,
      )
    }
  }
  return lines
}

/** Options of `toMarkdown`. */
export interface ToMarkdownOptions {
  /** Open comment threads to list in an appendix (see `openThreadsForIcp`); none: no appendix. */
  openThreads?: readonly IcpOpenThread[]
}

/**
 * The ICP as a Markdown handout: title, statement as a blockquote, key attributes table,
 * attributes by group, buying committee, pain points (with personas), disqualifiers, evidence,
 * review and warnings, then the open comment threads when `options.openThreads` is given. All
 * user text is escaped. Ends with a newline.
 */
export function toMarkdown(doc: IcpDocument): string
export function toMarkdown(doc: IcpDocument, options: ToMarkdownOptions): string
export function toMarkdown(doc: IcpDocument, options?: ToMarkdownOptions): string {
  const sections: [string, string[]][] = [
    ['Key attributes', keyAttributesSection(doc)],
    ['Attributes', attributesSection(doc)],
    ['Buying committee', committeeSection(doc)],
    ['Pain points', painPointsSection(doc)],
    ['Disqualifiers', disqualifiersSection(doc)],
    ['Evidence: best customers', evidenceSection(doc)],
    ['Review', reviewSection(doc)],
    ['Warnings', warningsSection(doc)],
  ]
  const lines = [
    `# ${escapeMarkdown(doc.name) || 'Ideal Customer Profile'}`,
    '',
    `> ${escapeMarkdown(doc.statement)}`,
  ]
  // `docs.map(toMarkdown)` passes an index as `options`: only a real array adds the appendix.
  const openThreads = options?.openThreads
  if (Array.isArray(openThreads)) {
    sections.push(['Appendix: open comment threads', openThreadsSection(openThreads)])
  }
  for (const [title, body] of sections) lines.push('', `## ${title}`, '', ...body)
  return `${lines.join('\n')}\n`
}
