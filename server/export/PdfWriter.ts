/**
 * A small layout engine over pdfkit for handouts: a vertical cursor, headings kept with what
 * follows them, paragraphs, tables whose rows never split (the header repeats on a new page),
 * grids of cards, callouts, and page footers written once the page count is known.
 *
 * Every block is measured before it is drawn and every string is drawn into a box of known
 * height (`height` + `ellipsis`), so text can neither run past a cell nor make pdfkit insert a
 * page on its own. Overlong user text is cut with an ellipsis at a line limit. Text is set in
 * the embedded fonts of `pdfFonts.ts`; a line whose characters need two faces (Cyrillic beside
 * Chinese) is set as consecutive runs, measured on a scratch document exactly as it is drawn.
 */
import PDFDocument from 'pdfkit'
import type { FontRun, PdfFont, PdfFonts } from './pdfFonts'

/** How a piece of text is set. */
export interface TextStyle {
  font: PdfFont
  size: number
  color: string
  lineGap?: number
  characterSpacing?: number
  align?: 'left' | 'right' | 'center'
  isUppercase?: boolean
}

/** One paragraph inside a table cell or card: text, its style and how many lines it may take. */
export interface TextLine {
  text: string
  style: TextStyle
  /** Longer text is cut with an ellipsis; default `defaultMaxLines`. */
  maxLines?: number
  /** Drawn as a bullet item (indented, with a bullet). */
  isBullet?: boolean
  /** Space above this line (points); default 0 for the first line of a box, else `lineSpacing`. */
  gapBefore?: number
}

/** A table column: its header and its share of the width (weights, not points). */
export interface TableColumn {
  header: string
  weight: number
  align?: 'left' | 'right'
}

/** A card of a card grid: a coloured bar at the left and stacked lines. */
export interface Card {
  accent: string
  lines: TextLine[]
}

/** Page geometry and the palette the writer draws frames with. */
export interface PdfWriterOptions {
  margins: { top: number; bottom: number; left: number; right: number }
  colors: { rule: string; headerFill: string; headerText: string; cardFill: string }
  /** Uncompressed content streams (tests read the text back). */
  compress?: boolean
  info: PDFKit.DocumentInfo
  fonts: PdfFonts
}

/** A4 portrait in points. */
export const a4 = { width: 595.28, height: 841.89 } as const

const defaultMaxLines = 12
const lineSpacing = 2
const cellPadding = { x: 6, y: 5 }
const cardPadding = 9
const cardGap = 10
const bulletIndent = 9
/** No card or table row is taller than this share of a page's content height. */
const maxBlockShare = 0.8

/** Lays out a document top to bottom; see the module comment. */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument
  /** Left edge, width and bottom edge of the content area. */
  readonly left: number
  readonly width: number
  readonly bottom: number
  readonly top: number
  /** The cursor: where the next block starts. */
  y: number
  private pendingHeading: { lines: TextLine[]; spaceAbove: number; spaceBelow: number } | null =
    null
  private readonly colors: PdfWriterOptions['colors']
  private readonly fonts: PdfFonts
  /** Where lines of several runs are measured (pdfkit measures only one font at a time). */
  private scratch: PDFKit.PDFDocument | null = null
  /** Multi-run lines as fitted to a width and line limit, by a key of their text and style. */
  private readonly fittedRuns = new Map<string, { runs: FontRun[]; height: number }>()

  constructor(options: PdfWriterOptions) {
    const { margins } = options
    this.doc = new PDFDocument({
      size: [a4.width, a4.height],
      margins,
      bufferPages: true,
      autoFirstPage: false,
      compress: options.compress ?? true,
      info: options.info,
      displayTitle: true,
      lang: 'en',
    })
    this.colors = options.colors
    this.fonts = options.fonts
    this.fonts.register(this.doc)
    this.left = margins.left
    this.top = margins.top
    this.width = a4.width - margins.left - margins.right
    this.bottom = a4.height - margins.bottom
    this.y = this.top
  }

  /** Height of the content area of a page. */
  get pageContentHeight(): number {
    return this.bottom - this.top
  }

  /** True when nothing has been placed on the current page yet. */
  get isAtPageTop(): boolean {
    return this.y <= this.top
  }

  /** Starts a new page and puts the cursor at its top. */
  newPage(): void {
    this.doc.addPage()
    this.y = this.top
  }

  /** Moves the cursor down, except at the top of a page. */
  gap(points: number): void {
    if (!this.isAtPageTop) this.y += points
  }

  /**
   * A heading drawn right before the next block, on the same page: a heading is never left alone
   * at the bottom of a page.
   */
  heading(lines: TextLine[], { spaceAbove = 0, spaceBelow = 0 } = {}): void {
    this.pendingHeading = { lines, spaceAbove, spaceBelow }
  }

  /**
   * Reserves `height` points for a block (plus a pending heading, which it draws), starting a new
   * page when they do not fit. Returns the block's top; the cursor moves below it.
   */
  place(height: number): number {
    const heading = this.pendingHeading
    const headingHeight = heading ? this.measureStack(heading.lines, this.width) : 0
    const spaceAbove = heading && !this.isAtPageTop ? heading.spaceAbove : 0
    const total = spaceAbove + headingHeight + (heading?.spaceBelow ?? 0) + height
    if (this.y + total > this.bottom && !this.isAtPageTop) this.newPage()
    if (heading) {
      this.pendingHeading = null
      this.y += this.isAtPageTop ? 0 : heading.spaceAbove
      this.drawStack(heading.lines, this.left, this.y, this.width)
      this.y += headingHeight + heading.spaceBelow
    }
    const top = this.y
    this.y += height
    return top
  }

  /** Reserves and draws one run of lines across the content width. */
  lines(lines: TextLine[]): void {
    const height = this.measureStack(lines, this.width)
    this.drawStack(lines, this.left, this.place(height), this.width)
  }

  /** A tinted box with a coloured bar at the left holding `lines` (the statement, notices). */
  callout(
    lines: TextLine[],
    {
      fill,
      bar,
      padding = 12,
      label,
    }: {
      fill: string
      bar: string
      padding?: number
      /** A narrow first column (e.g. a severity), beside `lines`. */
      label?: { lines: TextLine[]; width: number }
    },
  ): void {
    const labelSpace = label ? label.width + 8 : 0
    const innerWidth = this.width - 2 * padding - 3 - labelSpace
    const height =
      Math.max(
        this.measureStack(lines, innerWidth),
        label ? this.measureStack(label.lines, label.width) : 0,
      ) +
      2 * padding
    const top = this.place(height)
    this.doc.save()
    this.doc.rect(this.left, top, this.width, height).fill(fill)
    this.doc.rect(this.left, top, 3, height).fill(bar)
    this.doc.restore()
    const x = this.left + 3 + padding
    if (label) this.drawStack(label.lines, x, top + padding, label.width)
    this.drawStack(lines, x + labelSpace, top + padding, innerWidth)
  }

  /**
   * A table: a shaded header row, then rows that never split across pages; the header is repeated
   * on every page the table continues on. A cell is a stack of lines.
   */
  table(columns: readonly TableColumn[], bodyRows: readonly (readonly TextLine[])[][]): void {
    const totalWeight = columns.reduce((sum, column) => sum + column.weight, 0)
    const widths = columns.map((column) => (column.weight / totalWeight) * this.width)
    const maxCellHeight = this.pageContentHeight * maxBlockShare * 0.75
    const rows = bodyRows.map((cells) =>
      cells.map((cell, index) =>
        this.fitStack(cell, widths[index]! - 2 * cellPadding.x, maxCellHeight, {
          text: '…',
          style: cell.at(-1)?.style ?? {
            font: 'regular',
            size: 8,
            color: this.colors.headerText,
          },
        }),
      ),
    )
    const headerStyle: TextStyle = {
      font: 'bold',
      size: 7,
      color: this.colors.headerText,
      characterSpacing: 0.4,
      isUppercase: true,
      lineGap: 1,
    }
    const headerCells = columns.map((column): TextLine[] => [
      { text: column.header, style: { ...headerStyle, align: column.align ?? 'left' } },
    ])
    const rowHeight = (cells: readonly (readonly TextLine[])[]) =>
      Math.max(
        ...cells.map((cell, index) => this.measureStack(cell, widths[index]! - 2 * cellPadding.x)),
      ) +
      2 * cellPadding.y
    const headerHeight = rowHeight(headerCells)
    const heights = rows.map(rowHeight)

    const drawRow = (cells: readonly (readonly TextLine[])[], top: number, height: number) => {
      let x = this.left
      cells.forEach((cell, index) => {
        const width = widths[index]!
        this.drawStack(cell, x + cellPadding.x, top + cellPadding.y, width - 2 * cellPadding.x)
        x += width
      })
      this.rule(top + height)
    }
    const drawHeader = (top: number) => {
      this.doc.save()
      this.doc.rect(this.left, top, this.width, headerHeight).fill(this.colors.headerFill)
      this.doc.restore()
      drawRow(headerCells, top, headerHeight)
    }

    let top = this.place(headerHeight + (heights[0] ?? 0))
    drawHeader(top)
    top += headerHeight
    rows.forEach((cells, index) => {
      const height = heights[index]!
      if (index > 0) {
        if (this.y + height > this.bottom) {
          this.newPage()
          drawHeader(this.place(headerHeight))
        }
        top = this.place(height)
      }
      drawRow(cells, top, height)
    })
  }

  /**
   * Cards in `columns` columns, row by row; a row never splits across pages. A card taller than
   * a page loses its last lines (and says so) rather than running off the page.
   */
  cards(cards: readonly Card[], columns: number, { tooLongNote }: { tooLongNote: TextLine }): void {
    const cardWidth = (this.width - cardGap * (columns - 1)) / columns
    const innerWidth = cardWidth - 2 * cardPadding - 3
    const maxHeight = this.pageContentHeight * maxBlockShare
    const fitted = cards.map((card) => {
      const lines = this.fitStack(card.lines, innerWidth, maxHeight - 2 * cardPadding, tooLongNote)
      return { ...card, lines, height: this.measureStack(lines, innerWidth) + 2 * cardPadding }
    })
    for (let start = 0; start < fitted.length; start += columns) {
      const row = fitted.slice(start, start + columns)
      const height = Math.max(...row.map((card) => card.height))
      const top = this.place(height)
      row.forEach((card, index) => {
        const x = this.left + index * (cardWidth + cardGap)
        this.doc.save()
        this.doc.roundedRect(x, top, cardWidth, height, 3).clip()
        this.doc.rect(x, top, cardWidth, height).fill(this.colors.cardFill)
        this.doc.rect(x, top, 3, height).fill(card.accent)
        this.doc.restore()
        this.doc.save()
        this.doc
          .roundedRect(x + 0.25, top + 0.25, cardWidth - 0.5, height - 0.5, 3)
          .lineWidth(0.5)
          .stroke(this.colors.rule)
        this.doc.restore()
        this.drawStack(card.lines, x + 3 + cardPadding, top + cardPadding, innerWidth)
      })
      if (start + columns < fitted.length) this.y += cardGap
    }
  }

  /** A hairline across the content width at `y`. */
  rule(y: number, color = this.colors.rule): void {
    this.doc.save()
    this.doc
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(0.5)
      .stroke(color)
    this.doc.restore()
  }

  /** Height of `lines` stacked in a box `width` wide. */
  measureStack(lines: readonly TextLine[], width: number): number {
    return lines.reduce(
      (sum, line, index) => sum + this.gapOf(line, index) + this.measureLine(line, width),
      0,
    )
  }

  /** Draws `lines` stacked from (x, y); returns the height used. */
  drawStack(lines: readonly TextLine[], x: number, y: number, width: number): number {
    let top = y
    lines.forEach((line, index) => {
      top += this.gapOf(line, index)
      top += this.drawLine(line, x, top, width)
    })
    return top - y
  }

  /** Writes the footer of every page, once all pages exist. */
  footers(footer: (pageIndex: number, pageCount: number) => { left: string; right: string }): void {
    const { start, count } = this.doc.bufferedPageRange()
    const style: TextStyle = { font: 'regular', size: 7.5, color: this.colors.headerText }
    for (let index = start; index < start + count; index++) {
      this.doc.switchToPage(index)
      const { left, right } = footer(index - start, count)
      const y = this.bottom + 22
      this.rule(y - 7)
      const rightWidth = 90
      this.drawLine({ text: left, style, maxLines: 1 }, this.left, y, this.width - rightWidth - 12)
      this.drawLine(
        { text: right, style: { ...style, align: 'right' }, maxLines: 1 },
        this.left + this.width - rightWidth,
        y,
        rightWidth,
      )
    }
  }

  /** Finishes the document and resolves with its bytes. */
  end(): Promise<Buffer<ArrayBuffer>> {
    const chunks: Buffer[] = []
    return new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk))
      this.doc.on('end', () => resolve(Buffer.concat(chunks)))
      this.doc.on('error', reject)
      this.doc.end()
    })
  }

  /**
   * `lines`, or as many of them as fit in `maxHeight` followed by `note` (which says that some
   * were left out).
   */
  private fitStack(
    lines: readonly TextLine[],
    width: number,
    maxHeight: number,
    note: TextLine,
  ): readonly TextLine[] {
    if (this.measureStack(lines, width) <= maxHeight) return lines
    let kept = lines.length - 1
    while (kept > 0 && this.measureStack([...lines.slice(0, kept), note], width) > maxHeight) {
      kept -= 1
    }
    return [...lines.slice(0, kept), note]
  }

  private gapOf(line: TextLine, index: number): number {
    return line.gapBefore ?? (index === 0 ? 0 : lineSpacing)
  }

  private textOptions(style: TextStyle, width: number): PDFKit.Mixins.TextOptions {
    return {
      lineGap: style.lineGap ?? 0,
      characterSpacing: style.characterSpacing ?? 0,
      align: style.align ?? 'left',
      width,
    }
  }

  /** The runs of `line` and the height they take in `width`, capped at its line limit. */
  private layout(line: TextLine, width: number): { runs: FontRun[]; height: number } {
    const { style } = line
    const { runs } = this.fonts.printable(
      style.isUppercase ? line.text.toUpperCase() : line.text,
      style.font,
    )
    if (runs.length === 0) return { runs, height: 0 }
    const maxLines = line.maxLines ?? defaultMaxLines
    const options = this.textOptions(style, width)
    if (runs.length === 1) {
      this.doc.font(runs[0]!.face).fontSize(style.size)
      const full = this.doc.heightOfString(runs[0]!.text, options)
      const step = this.doc.currentLineHeight(true) + (style.lineGap ?? 0)
      return { runs, height: Math.min(full, step * maxLines) }
    }
    const key = JSON.stringify([runs, style, width, maxLines])
    const cached = this.fittedRuns.get(key)
    if (cached) return cached
    const step = Math.max(
      ...runs.map((run) => {
        this.doc.font(run.face).fontSize(style.size)
        return this.doc.currentLineHeight(true) + (style.lineGap ?? 0)
      }),
    )
    const limit = step * maxLines + 0.01
    let fitted = { runs, height: this.measureRuns(runs, style, options) }
    if (fitted.height > limit) {
      // Keep the longest prefix (in characters) that fits, with an ellipsis.
      const chars = runs.flatMap((run) => [...run.text].map((char) => ({ face: run.face, char })))
      let low = 0
      let high = chars.length
      while (low < high) {
        const middle = Math.ceil((low + high) / 2)
        const candidate = ellipsised(chars.slice(0, middle))
        if (this.measureRuns(candidate, style, options) <= limit) low = middle
        else high = middle - 1
      }
      const kept = ellipsised(chars.slice(0, low))
      fitted = { runs: kept, height: this.measureRuns(kept, style, options) }
    }
    this.fittedRuns.set(key, fitted)
    return fitted
  }

  /** Height of `runs` set one after the other in one paragraph, as `drawRuns` sets them. */
  private measureRuns(
    runs: readonly FontRun[],
    style: TextStyle,
    options: PDFKit.Mixins.TextOptions,
  ): number {
    if (!this.scratch) {
      this.scratch = new PDFDocument({ size: [a4.width, 100_000], margin: 0, compress: false })
      this.fonts.register(this.scratch)
    }
    this.drawRuns(this.scratch, runs, 0, 0, style, options)
    return this.scratch.y
  }

  /** Sets `runs` as one paragraph from (x, y), every run on the same baseline. */
  private drawRuns(
    doc: PDFKit.PDFDocument,
    runs: readonly FontRun[],
    x: number,
    y: number,
    style: TextStyle,
    options: PDFKit.Mixins.TextOptions,
  ): void {
    const ascent = Math.max(...runs.map((run) => this.fonts.ascender(run.face)))
    const baseline = -(ascent / 1000) * style.size
    runs.forEach((run, index) => {
      doc.font(run.face).fontSize(style.size)
      const runOptions = { ...options, baseline, continued: index < runs.length - 1 }
      if (index === 0) doc.text(run.text, x, y, runOptions)
      else doc.text(run.text, runOptions)
    })
  }

  /** Height of one line item, capped at its line limit. */
  private measureLine(line: TextLine, width: number): number {
    return this.layout(line, line.isBullet ? width - bulletIndent : width).height
  }

  private drawLine(line: TextLine, x: number, y: number, width: number): number {
    const textWidth = line.isBullet ? width - bulletIndent : width
    const { runs, height } = this.layout(line, textWidth)
    if (height === 0) return 0
    this.doc.fillColor(line.style.color)
    let textX = x
    if (line.isBullet) {
      const dotY = y + line.style.size * 0.55
      this.doc.save()
      this.doc.circle(x + 2.5, dotY, 1.3).fill(line.style.color)
      this.doc.restore()
      textX += bulletIndent
    }
    const options = this.textOptions(line.style, textWidth)
    if (runs.length === 1) {
      this.doc.font(runs[0]!.face).fontSize(line.style.size)
      this.doc.text(runs[0]!.text, textX, y, { ...options, height: height + 0.01, ellipsis: true })
      return height
    }
    // The height keeps pdfkit from starting a page of its own (the footer sits below the margin).
    this.drawRuns(this.doc, runs, textX, y, line.style, { ...options, height: height + 0.01 })
    return height
  }
}

/** `chars` as runs, followed by an ellipsis in the face of the last one. */
function ellipsised(chars: readonly { face: string; char: string }[]): FontRun[] {
  const runs: FontRun[] = []
  for (const { face, char } of chars) {
    const last = runs.at(-1)
    if (last?.face === face) last.text += char
    else runs.push({ face, text: char })
  }
  const last = runs.at(-1)
  if (last) last.text = `${last.text.trimEnd()}…`
  return runs
}
