/**
 * The ICP handout as a typeset PDF (server-only: pdfkit). Each ICP starts on a new page: title
 * block (board, name, export date, review schedule), statement, key attributes, attributes by
 * group, buying committee, pain points, disqualifiers, best-customer evidence and health check.
 * A4, set in embedded Unicode fonts (server/export/pdfFonts.ts), page numbers in the footer.
 */
import { attributeGroupLabels, attributeGroups } from '../../shared/compile/attributeCategoryInfo'
import { importanceLabels } from '../../shared/compile/cardLabels'
import type {
  IcpAttribute,
  IcpDocument,
  IcpPersona,
  WarningSeverity,
} from '../../shared/compile/icpDocument'
import type { Severity } from '../../shared/schema/painPointCard'
import type { DecisionRole } from '../../shared/schema/personaCard'
import { formatAmount } from '../../shared/values/formatValue'
import { loadPdfFonts, unsupportedTextMarker, type PdfFonts } from './pdfFonts'
import { PdfWriter, type TextLine, type TextStyle } from './PdfWriter'

/** Options of `toPdf`. */
export interface ToPdfOptions {
  /** Shown in the title block and footer; empty for an unnamed board. */
  boardName: string
  /** When the export was made: printed as the date, and the PDF's creation date. */
  exportedAt: Date
  /** Uncompressed content streams, so tests can read the text back. Default true. */
  compress?: boolean
}

const color = {
  ink: '#1d2733',
  body: '#323f4b',
  muted: '#66788a',
  faint: '#9aa5b1',
  rule: '#d5dbe1',
  accent: '#2353a1',
  accentTint: '#edf2fa',
  headerFill: '#f1f4f7',
  cardFill: '#fbfcfd',
  good: '#1f7a4d',
  goodTint: '#edf7f1',
} as const

const severityColors: Readonly<Record<WarningSeverity, { text: string; tint: string }>> = {
  error: { text: '#b42318', tint: '#fdf0ef' },
  warning: { text: '#a15c07', tint: '#fdf6e7' },
  info: { text: '#2a5fa8', tint: '#eef4fb' },
}
const severityTitles: Readonly<Record<WarningSeverity, string>> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Note',
}

const painSeverityColors: Readonly<Record<Severity, string>> = {
  low: color.muted,
  medium: '#a15c07',
  high: '#c4320a',
  critical: '#b42318',
}

const roleColors: Readonly<Record<DecisionRole, string>> = {
  decisionMaker: '#2353a1',
  champion: '#1f7a4d',
  influencer: '#6941c6',
  user: '#5f6b7a',
  blocker: '#b42318',
}

const style = {
  eyebrow: {
    font: 'bold',
    size: 7.5,
    color: color.accent,
    characterSpacing: 1.2,
    isUppercase: true,
  },
  title: { font: 'bold', size: 22, color: color.ink, lineGap: 1 },
  meta: { font: 'regular', size: 9, color: color.muted, lineGap: 1.5 },
  statementLabel: {
    font: 'bold',
    size: 7,
    color: color.accent,
    characterSpacing: 0.8,
    isUppercase: true,
  },
  statement: { font: 'regular', size: 12.5, color: color.ink, lineGap: 3.5 },
  section: { font: 'bold', size: 12.5, color: color.ink },
  group: { font: 'bold', size: 9, color: color.accent },
  cell: { font: 'regular', size: 8.5, color: color.body, lineGap: 1.2 },
  cellStrong: { font: 'bold', size: 8.5, color: color.ink, lineGap: 1.2 },
  cellSmall: { font: 'regular', size: 7.5, color: color.muted, lineGap: 1 },
  label: {
    font: 'bold',
    size: 6.5,
    color: color.muted,
    characterSpacing: 0.6,
    isUppercase: true,
  },
  body: { font: 'regular', size: 9, color: color.body, lineGap: 1.5 },
  empty: { font: 'italic', size: 8.5, color: color.faint },
} satisfies Record<string, TextStyle>

const sectionGap = { spaceAbove: 18, spaceBelow: 7 }

/** `2026-11-23T…` -> `23 November 2026` (UTC). */
function formatLongDate(date: Date): string {
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ]
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`
}

/** True when some user text of `value` loses characters in the PDF's fonts. */
function hasUnsupportedText(value: unknown, fonts: PdfFonts): boolean {
  if (typeof value === 'string') return fonts.printable(value, 'regular').isLossy
  if (Array.isArray(value)) return value.some((item) => hasUnsupportedText(item, fonts))
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).some((item) => hasUnsupportedText(item, fonts))
  }
  return false
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

function sectionHeading(writer: PdfWriter, title: string, count?: number): void {
  const text = count ? `${title} (${count})` : title
  writer.heading([{ text, style: style.section }], sectionGap)
}

function emptyNote(writer: PdfWriter, text: string): void {
  writer.lines([{ text, style: style.empty }])
}

function evidenceLines(attribute: IcpAttribute): TextLine[] {
  const isAssumption = attribute.evidence.source === 'assumption'
  return [
    {
      text: attribute.evidence.sourceLabel,
      style: isAssumption
        ? { ...style.cellStrong, color: severityColors.warning.text }
        : style.cellStrong,
    },
    ...(attribute.evidence.note
      ? [{ text: attribute.evidence.note, style: style.cellSmall, maxLines: 8 }]
      : []),
  ]
}

function attributeNameLines(attribute: IcpAttribute): TextLine[] {
  return [
    { text: attribute.label || attribute.categoryLabel, style: style.cellStrong, maxLines: 4 },
    ...(attribute.label && attribute.label !== attribute.categoryLabel
      ? [{ text: attribute.categoryLabel, style: style.cellSmall, maxLines: 2 }]
      : []),
  ]
}

function importanceLines(attribute: IcpAttribute, { showKey }: { showKey: boolean }): TextLine[] {
  const isMust = attribute.importance === 'must'
  return [
    {
      text: importanceLabels[attribute.importance],
      style: isMust ? { ...style.cellStrong, color: color.accent } : style.cell,
    },
    ...(showKey && attribute.isKey ? [{ text: 'Key attribute', style: style.cellSmall }] : []),
    ...(attribute.votes > 0
      ? [{ text: plural(attribute.votes, 'vote'), style: style.cellSmall }]
      : []),
  ]
}

/** One line on the review schedule for the title block, red when the review is overdue. */
function reviewLine(doc: IcpDocument): TextLine {
  const { review } = doc
  const meta: TextStyle = style.meta
  if (review.cadenceMonths === null) {
    return { text: 'No review schedule: the ICP has no statement card.', style: meta }
  }
  const cadence = `reviewed every ${plural(review.cadenceMonths, 'month')}`
  if (review.date === null || review.nextReviewDate === null) {
    return {
      text: `Never reviewed (to be ${cadence}): set the last review date on the statement card.`,
      style: { ...meta, color: severityColors.warning.text },
    }
  }
  if (review.isOverdue) {
    return {
      text: `Review overdue since ${review.nextReviewDate} · last reviewed ${review.date}, ${cadence}`,
      style: { ...meta, font: 'bold', color: severityColors.error.text },
    }
  }
  return {
    text: `Last reviewed ${review.date} · ${cadence} · next review ${review.nextReviewDate}`,
    style: meta,
  }
}

function titleBlock(
  writer: PdfWriter,
  doc: IcpDocument,
  options: ToPdfOptions,
  fonts: PdfFonts,
): void {
  const boardName = options.boardName.trim()
  const where = doc.scope.frameName
    ? `${doc.scope.pageName} / ${doc.scope.frameName}`
    : doc.scope.pageName
  const stats = [
    plural(doc.stats.keyAttributes, 'key attribute'),
    plural(doc.stats.personas, 'persona'),
    plural(doc.stats.painPoints, 'pain point'),
    plural(doc.stats.disqualifiers, 'disqualifier'),
    plural(doc.stats.evidence, 'best customer'),
  ].join(' · ')
  writer.lines([
    {
      text: boardName ? `Ideal customer profile · ${boardName}` : 'Ideal customer profile',
      style: style.eyebrow,
      maxLines: 2,
    },
    { text: doc.name || 'Untitled ICP', style: style.title, maxLines: 3, gapBefore: 6 },
    {
      text: `Exported ${formatLongDate(options.exportedAt)} · Board section: ${where || 'unnamed page'}`,
      style: style.meta,
      maxLines: 2,
      gapBefore: 6,
    },
    { ...reviewLine(doc), gapBefore: 1, maxLines: 2 },
    { text: stats, style: style.meta, gapBefore: 1 },
  ])
  if (hasUnsupportedText([doc, boardName], fonts)) {
    writer.gap(6)
    writer.lines([
      {
        text: `Some characters cannot be printed in this PDF's fonts (Latin, Greek, Cyrillic, Chinese and Japanese kana are): emoji are left out, and other text, such as Korean, Arabic or Hebrew, shows as ${unsupportedTextMarker}. The Markdown and JSON exports keep the full text.`,
        style: { ...style.cellSmall, font: 'italic' },
        maxLines: 3,
      },
    ])
  }
  writer.gap(14)
  writer.callout(
    [
      {
        text: doc.statementShapeId ? 'ICP statement' : 'ICP statement (drafted: no statement card)',
        style: style.statementLabel,
      },
      { text: doc.statement, style: style.statement, gapBefore: 6, maxLines: 20 },
    ],
    { fill: color.accentTint, bar: color.accent, padding: 14 },
  )
}

function keyAttributesSection(writer: PdfWriter, doc: IcpDocument): void {
  sectionHeading(writer, 'Key attributes', doc.keyAttributes.length)
  if (doc.keyAttributes.length === 0) {
    emptyNote(
      writer,
      'No key attributes yet: put 5 to 7 attributes in the step 4 frame, or mark them must-have.',
    )
    return
  }
  writer.table(
    [
      { header: '#', weight: 4 },
      { header: 'Attribute', weight: 22 },
      { header: 'Value', weight: 28 },
      { header: 'Importance', weight: 15 },
      { header: 'Evidence', weight: 31 },
    ],
    doc.keyAttributes.map((attribute, index) => [
      [{ text: String(index + 1), style: { ...style.cell, color: color.muted } }],
      attributeNameLines(attribute),
      [{ text: attribute.display, style: style.cell }],
      importanceLines(attribute, { showKey: false }),
      evidenceLines(attribute),
    ]),
  )
}

function attributeGroupsSection(writer: PdfWriter, doc: IcpDocument): void {
  const total = attributeGroups.reduce((sum, group) => sum + doc.attributes[group].length, 0)
  sectionHeading(writer, 'All attributes by group', total)
  if (total === 0) {
    emptyNote(writer, 'No attribute cards yet.')
    return
  }
  let isFirst = true
  for (const group of attributeGroups) {
    const attributes = doc.attributes[group]
    if (attributes.length === 0) continue
    if (isFirst) {
      // The group title goes with the section heading, which is still pending.
      writer.lines([{ text: attributeGroupLabels[group], style: style.group }])
      writer.gap(4)
    } else {
      writer.heading([{ text: attributeGroupLabels[group], style: style.group }], {
        spaceAbove: 10,
        spaceBelow: 4,
      })
    }
    isFirst = false
    writer.table(
      [
        { header: 'Attribute', weight: 24 },
        { header: 'Value', weight: 30 },
        { header: 'Importance', weight: 16 },
        { header: 'Evidence', weight: 30 },
      ],
      attributes.map((attribute) => [
        attributeNameLines(attribute),
        [{ text: attribute.display, style: style.cell }],
        importanceLines(attribute, { showKey: true }),
        evidenceLines(attribute),
      ]),
    )
  }
}

function personaCardLines(persona: IcpPersona): TextLine[] {
  const meta = [persona.department, persona.seniorityLabel].filter(Boolean).join(' · ')
  const lines: TextLine[] = [
    {
      text: persona.roleLabel,
      style: { ...style.label, color: roleColors[persona.role], size: 7 },
    },
    {
      text: persona.title || 'Untitled persona',
      style: { ...style.cellStrong, size: 10.5 },
      maxLines: 3,
      gapBefore: 3,
    },
    { text: meta, style: style.cellSmall, maxLines: 2, gapBefore: 2 },
  ]
  const list = (label: string, items: readonly string[]) => {
    if (items.length === 0) return
    lines.push({ text: label, style: style.label, gapBefore: 7 })
    for (const item of items) {
      lines.push({ text: item, style: style.cell, isBullet: true, maxLines: 5, gapBefore: 2 })
    }
  }
  list('Goals', persona.goals)
  list('Pains', persona.pains)
  list('Objections', persona.objections)
  if (persona.channels.length > 0) {
    lines.push(
      { text: 'Reach them via', style: style.label, gapBefore: 7 },
      { text: persona.channels.join(', '), style: style.cell, maxLines: 4, gapBefore: 2 },
    )
  }
  if (persona.painPoints.length > 0) {
    lines.push({ text: 'Linked pain points', style: style.label, gapBefore: 7 })
    for (const painPoint of persona.painPoints) {
      lines.push({
        text: painPoint.title,
        style: style.cell,
        isBullet: true,
        maxLines: 3,
        gapBefore: 2,
      })
    }
  }
  return lines
}

function committeeSection(writer: PdfWriter, doc: IcpDocument): void {
  sectionHeading(writer, 'Buying committee', doc.buyingCommittee.length)
  if (doc.buyingCommittee.length === 0) {
    emptyNote(
      writer,
      'No personas yet: who decides, champions, influences, uses or blocks the purchase?',
    )
    return
  }
  writer.cards(
    doc.buyingCommittee.map((persona) => ({
      accent: roleColors[persona.role],
      lines: personaCardLines(persona),
    })),
    2,
    {
      tooLongNote: {
        text: 'Shortened: the full persona is on the board and in the Markdown export.',
        style: { ...style.cellSmall, font: 'italic' },
        gapBefore: 6,
        maxLines: 2,
      },
    },
  )
}

function painPointsSection(writer: PdfWriter, doc: IcpDocument): void {
  sectionHeading(writer, 'Pain points', doc.painPoints.length)
  if (doc.painPoints.length === 0) {
    emptyNote(writer, 'No pain points yet.')
    return
  }
  writer.table(
    [
      { header: 'Problem', weight: 32 },
      { header: 'Severity', weight: 11 },
      { header: 'How we solve it', weight: 32 },
      { header: 'Who has it', weight: 25 },
    ],
    doc.painPoints.map((painPoint) => [
      [{ text: painPoint.problem || 'No problem stated', style: style.cellStrong }],
      [
        painPoint.severity && painPoint.severityLabel
          ? {
              text: painPoint.severityLabel,
              style: { ...style.cellStrong, color: painSeverityColors[painPoint.severity] },
            }
          : { text: 'Not set', style: style.empty },
      ],
      [
        painPoint.solution
          ? { text: painPoint.solution, style: style.cell }
          : { text: 'Not stated', style: style.empty },
      ],
      painPoint.personas.length > 0
        ? painPoint.personas.map((persona) => ({
            text: persona.title || 'Untitled persona',
            style: style.cell,
            isBullet: true,
            maxLines: 3,
          }))
        : [{ text: 'No persona linked', style: style.empty }],
    ]),
  )
}

function disqualifiersSection(writer: PdfWriter, doc: IcpDocument): void {
  sectionHeading(writer, 'Disqualifiers', doc.disqualifiers.length)
  if (doc.disqualifiers.length === 0) {
    emptyNote(writer, 'No disqualifiers yet: which leads should sales drop straight away?')
    return
  }
  writer.table(
    [
      { header: 'Kind', weight: 20 },
      { header: 'A lead is out when', weight: 35 },
      { header: 'Why', weight: 45 },
    ],
    doc.disqualifiers.map((disqualifier) => [
      [{ text: disqualifier.kindLabel, style: style.cellStrong }],
      [{ text: disqualifier.display || disqualifier.rule, style: style.cell }],
      [
        disqualifier.reason
          ? { text: disqualifier.reason, style: style.cell }
          : { text: 'No reason given', style: style.empty },
      ],
    ]),
  )
}

function factText(value: number | null, unit = ''): TextLine {
  if (value === null) {
    return { text: '–', style: { ...style.cell, color: color.faint, align: 'right' } }
  }
  return { text: `${formatAmount(value, null)}${unit}`, style: { ...style.cell, align: 'right' } }
}

function evidenceSection(writer: PdfWriter, doc: IcpDocument): void {
  sectionHeading(writer, 'Best customers (evidence)', doc.evidence.length)
  if (doc.evidence.length === 0) {
    emptyNote(writer, 'No best-customer cards yet: which existing customers is this ICP based on?')
    return
  }
  writer.table(
    [
      { header: 'Customer', weight: 30 },
      { header: 'Sales cycle', weight: 12, align: 'right' },
      { header: 'Retention', weight: 13, align: 'right' },
      { header: 'Referrals', weight: 13, align: 'right' },
      { header: 'Lifetime value', weight: 13, align: 'right' },
      { header: 'NPS', weight: 8, align: 'right' },
      { header: 'CSAT', weight: 8, align: 'right' },
    ],
    doc.evidence.map((item) => [
      [
        { text: item.customer || 'Unnamed customer', style: style.cellStrong, maxLines: 3 },
        ...(item.note ? [{ text: item.note, style: style.cellSmall, maxLines: 8 }] : []),
      ],
      [factText(item.salesCycleDays, ' days')],
      [factText(item.retentionMonths, ' mo')],
      [factText(item.referrals)],
      [factText(item.lifetimeValue)],
      [factText(item.nps)],
      [factText(item.csat)],
    ]),
  )
}

function healthSection(writer: PdfWriter, doc: IcpDocument): void {
  const order: Record<WarningSeverity, number> = { error: 0, warning: 1, info: 2 }
  const warnings = [...doc.warnings].sort((a, b) => order[a.severity] - order[b.severity])
  sectionHeading(writer, 'Health check', warnings.length)
  if (warnings.length === 0) {
    writer.callout(
      [
        {
          text: 'No health warnings: this ICP avoids the common mistakes the workshop checks for.',
          style: { ...style.cell, color: color.good },
        },
      ],
      { fill: color.goodTint, bar: color.good, padding: 8 },
    )
    return
  }
  warnings.forEach((warning, index) => {
    if (index > 0) writer.gap(3)
    const { text, tint } = severityColors[warning.severity]
    const title = severityTitles[warning.severity]
    writer.callout([{ text: warning.message, style: style.cell, maxLines: 6 }], {
      fill: tint,
      bar: text,
      padding: 6,
      label: { lines: [{ text: title, style: { ...style.cellStrong, color: text } }], width: 46 },
    })
  })
}

function renderIcp(
  writer: PdfWriter,
  doc: IcpDocument,
  options: ToPdfOptions,
  fonts: PdfFonts,
): void {
  titleBlock(writer, doc, options, fonts)
  keyAttributesSection(writer, doc)
  attributeGroupsSection(writer, doc)
  committeeSection(writer, doc)
  painPointsSection(writer, doc)
  disqualifiersSection(writer, doc)
  evidenceSection(writer, doc)
  healthSection(writer, doc)
}

function renderEmptyBoard(writer: PdfWriter, options: ToPdfOptions): void {
  writer.lines([
    { text: 'Ideal customer profile', style: style.eyebrow },
    {
      text: options.boardName.trim() || 'Untitled board',
      style: style.title,
      maxLines: 3,
      gapBefore: 6,
    },
    { text: `Exported ${formatLongDate(options.exportedAt)}`, style: style.meta, gapBefore: 6 },
  ])
  writer.gap(14)
  writer.callout(
    [
      {
        text: 'This board has no ICP yet. Add a statement card (or any card) to a page, then export again.',
        style: style.body,
      },
    ],
    { fill: color.accentTint, bar: color.accent },
  )
}

/**
 * Typesets `docs` as an A4 handout, each ICP from a new page (a board without ICPs gets one page
 * saying so). Deterministic for the same input: `exportedAt` is also the PDF's creation date.
 */
export async function toPdf(
  docs: readonly IcpDocument[],
  options: ToPdfOptions,
): Promise<Buffer<ArrayBuffer>> {
  const boardName = options.boardName.trim()
  const title =
    docs.length === 1
      ? `${docs[0]!.name || 'Untitled ICP'}: ideal customer profile`
      : `${boardName || 'Untitled board'}: ideal customer profiles`
  const fonts = await loadPdfFonts()
  const writer = new PdfWriter({
    fonts,
    margins: { top: 54, bottom: 62, left: 54, right: 54 },
    colors: {
      rule: color.rule,
      headerFill: color.headerFill,
      headerText: color.muted,
      cardFill: color.cardFill,
    },
    compress: options.compress,
    info: {
      Title: title,
      ...(boardName ? { Subject: boardName } : {}),
      Creator: 'ICP Workshop',
      Producer: 'ICP Workshop (PDFKit)',
      CreationDate: options.exportedAt,
    },
  })
  const pageIcpNames: string[] = []
  if (docs.length === 0) {
    writer.newPage()
    renderEmptyBoard(writer, options)
  }
  for (const doc of docs) {
    writer.newPage()
    const firstPage = writer.doc.bufferedPageRange().count - 1
    writer.doc.outline.addItem(doc.name || 'Untitled ICP')
    renderIcp(writer, doc, options, fonts)
    const pageCount = writer.doc.bufferedPageRange().count
    for (let page = firstPage; page < pageCount; page++) {
      pageIcpNames[page] = doc.name || 'Untitled ICP'
    }
  }
  writer.footers((pageIndex, pageCount) => ({
    left:
      [boardName, pageIcpNames[pageIndex]].filter(Boolean).join(' · ') || 'Ideal customer profile',
    right: `Page ${pageIndex + 1} of ${pageCount}`,
  }))
  return writer.end()
}
