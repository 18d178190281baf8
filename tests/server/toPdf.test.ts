import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { loadPdfFonts } from '../../server/export/pdfFonts'
import { toPdf, type ToPdfOptions } from '../../server/export/toPdf'
import { compile } from '../../shared/compile/compileBoard'
import type { IcpDocument } from '../../shared/compile/icpDocument'
import { BoardBuilder } from '../helpers/boardBuilder'
import { readPdf, type PdfPage, type PdfTextRun } from '../helpers/pdfText'
import seedTea from '../fixtures/seed-tea.board.json'
import seedVideoGame from '../fixtures/seed-video-game.board.json'

const exportedAt = new Date('2026-11-23T10:00:00.000Z')
const a4 = { width: 595.28, height: 841.89 }
const margin = { side: 54, top: 54, bottom: 62 }

const teaDocs = compile(seedTea as unknown as TLRecord[], { today: '2026-11-23' })
const videoGameDocs = compile(seedVideoGame as unknown as TLRecord[], { today: '2026-11-23' })
const seedDocs = [...teaDocs, ...videoGameDocs]

/** Renders uncompressed; set ICP_PDF_DIR to keep the files (e.g. to look at them as PNGs). */
async function render(
  name: string,
  docs: readonly IcpDocument[],
  options: Partial<ToPdfOptions> = {},
) {
  const pdf = await toPdf(docs, {
    boardName: 'Acme growth workshop',
    exportedAt,
    compress: false,
    ...options,
  })
  if (process.env.ICP_PDF_DIR)
    fs.writeFileSync(path.join(process.env.ICP_PDF_DIR, `${name}.pdf`), pdf)
  return { pdf, pages: readPdf(pdf) }
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, '')
}

/** Runs drawn one after the other on the same baseline (a line set in two fonts) as one run. */
function joinAdjacent(runs: readonly PdfTextRun[]): PdfTextRun[] {
  const joined: PdfTextRun[] = []
  for (const run of runs) {
    const last = joined.at(-1)
    if (last && Math.abs(last.y - run.y) < 0.5 && Math.abs(last.x + last.width - run.x) < 1) {
      joined[joined.length - 1] = {
        ...last,
        text: last.text + run.text,
        width: last.width + run.width,
      }
    } else {
      joined.push(run)
    }
  }
  return joined
}

function allText(pages: readonly PdfPage[]): string {
  return pages.map((page) => page.text).join('\n')
}

const long = 'This note is deliberately long so that it has to wrap. '.repeat(60)
const unbrokenWord = 'Supercalifragilistic'.repeat(15)

/** One ICP with everything too long, too many and in the wrong script. */
function stressDocs(): IcpDocument[] {
  const board = new BoardBuilder()
  const page = board.page('Stress')
  const frame = board.frame({ parent: page, w: 5000, h: 5000, name: 'EMEA frame' })
  board.statement(
    { parent: frame, x: 10, y: 10 },
    { name: 'Café owners – EMEA ≥ €1M 🚀 咖啡', reviewDate: '2024-01-10', reviewCadenceMonths: 6 },
  )
  const categories = [
    'industry',
    'employees',
    'revenue',
    'budget',
    'location',
    'technographic',
  ] as const
  categories.forEach((category, index) =>
    board.attribute(
      { parent: frame, x: 200 * index, y: 300 },
      {
        category,
        label: index === 2 ? unbrokenWord : `${category} label`,
        value: index === 1 ? '≥ 50 employees' : index === 5 ? long : `value ${index}`,
        importance: 'must',
        evidenceSource: index === 4 ? 'assumption' : 'crm',
        evidenceNote: index === 0 ? long : '',
      },
    ),
  )
  const personas = [0, 1, 2].map((index) =>
    board.persona(
      { parent: frame, x: 300 * index, y: 900 },
      {
        title: index === 0 ? long.slice(0, 300) : `Persona ${index}`,
        role: index === 0 ? 'decisionMaker' : 'influencer',
        goals:
          index === 1
            ? Array.from(
                { length: 60 },
                (_, goal) => `Goal ${goal} with enough words to wrap`,
              ).join('\n')
            : 'Cut costs\nGrow revenue ≥ 20%',
        pains: 'Manual work',
        objections: index === 2 ? long : 'Price',
        channel: 'LinkedIn\nEmail',
      },
    ),
  )
  const pain = board.painPoint(
    { parent: frame, x: 0, y: 1400 },
    { problem: long.slice(0, 600), severity: 'critical', solution: 'We automate it' },
  )
  board.arrow(pain, personas[0]!, { parent: frame })
  board.disqualifier(
    { parent: frame, x: 0, y: 1800 },
    { kind: 'budget', rule: '< €10,000', reason: long.slice(0, 500) },
  )
  board.evidence(
    { parent: frame, x: 0, y: 2200 },
    {
      customer: unbrokenWord,
      salesCycleDays: 30,
      retentionMonths: 24,
      lifetimeValue: 1_250_000,
      note: long.slice(0, 800),
    },
  )
  const [doc] = compile(board.records(), { today: '2026-11-23' })
  // A pain point that more people have than a table row could list on one page.
  const crowd = Array.from({ length: 90 }, (_, index) => ({
    shapeId: `shape:crowd-${index}`,
    title: `Crowd persona ${index}`,
  }))
  return [{ ...doc!, painPoints: doc!.painPoints.map((pain) => ({ ...pain, personas: crowd })) }]
}

describe('toPdf', () => {
  it('typesets each ICP from a new A4 page, with the board, ICP and "Page n of N" in the footer', async () => {
    const { pdf, pages } = await render('seeds', seedDocs)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pages.map((page) => [page.width, page.height])).toEqual(
      Array.from({ length: 5 }, () => [a4.width, a4.height]),
    )
    expect(pages.map((page) => page.runs.find((run) => run.size === 22)?.text ?? null)).toEqual([
      'Tea startups',
      null,
      'Video game brands',
      null,
      null,
    ])
    expect(pages.map((page) => page.runs.slice(-2).map((run) => run.text))).toEqual([
      ['Acme growth workshop · Tea startups', 'Page 1 of 5'],
      ['Acme growth workshop · Tea startups', 'Page 2 of 5'],
      ['Acme growth workshop · Video game brands', 'Page 3 of 5'],
      ['Acme growth workshop · Video game brands', 'Page 4 of 5'],
      ['Acme growth workshop · Video game brands', 'Page 5 of 5'],
    ])
  })

  it('sets the title block, statement, tables, committee cards and health check of an ICP', async () => {
    const { pages } = await render('video-game', videoGameDocs)
    const runs = pages.flatMap((page) => page.runs)
    expect(
      runs
        .filter((run) => run.size === 12.5 && run.font === 'IBMPlexSans-Bold')
        .map((run) => run.text),
    ).toEqual([
      'Key attributes (5)',
      'All attributes by group (7)',
      'Buying committee (2)',
      'Pain points (1)',
      'Disqualifiers (2)',
      'Best customers (evidence) (2)',
      'Health check',
    ])
    const text = allText(pages)
    for (const line of [
      'IDEAL CUSTOMER PROFILE · ACME GROWTH WORKSHOP',
      'Exported 23 November 2026 · Board section: Video games / ICP · Video game brands',
      'Last reviewed 2026-09-01 · reviewed every 6 months · next review 2027-03-01',
      '5 key attributes · 2 personas · 1 pain point · 2 disqualifiers · 2 best customers',
      'Social media following',
      'at least 100,000 people',
      'Followers across Twitch, YouTube and X',
      'DECISION MAKER',
      'Chief Marketing Officer',
      'We already have an agency',
      'Reusable brand kits delivered in two',
      'under $250,000',
      'Pixel Forge Studios',
      '420,000',
      'No health warnings: this ICP avoids the common mistakes the workshop checks for.',
    ]) {
      expect(text).toContain(line)
    }
    expect(squeeze(text)).toContain(squeeze(videoGameDocs[0]!.statement))
    expect(runs.find((run) => run.text === 'ICP STATEMENT')).toMatchObject({ x: 71 })
  })

  it('colours health warnings by severity, worst first, and an overdue review in red', async () => {
    const [overdue] = compile(seedVideoGame as unknown as TLRecord[], { today: '2027-07-01' })
    const doc: IcpDocument = {
      ...overdue!,
      warnings: [
        { code: 'assumptionOnly', severity: 'info', message: 'Backed by an assumption only.' },
        { code: 'emptyIcp', severity: 'error', message: 'This ICP has no attributes yet.' },
        { code: 'reviewOverdue', severity: 'warning', message: 'The review is overdue.' },
      ],
    }
    const { pages } = await render('warnings', [doc])
    const runs = pages.flatMap((page) => page.runs)
    const severityRuns = runs.filter((run) => ['Error', 'Warning', 'Note'].includes(run.text))
    expect(severityRuns.map((run) => [run.text, run.color])).toEqual([
      ['Error', '#b42318'],
      ['Warning', '#a15c07'],
      ['Note', '#2a5fa8'],
    ])
    expect(runs.find((run) => run.text.startsWith('Review overdue since'))).toMatchObject({
      text: 'Review overdue since 2027-03-01 · last reviewed 2026-09-01, reviewed every 6 months',
      color: '#b42318',
      font: 'IBMPlexSans-Bold',
    })
  })

  it('keeps every line inside the margins, wrapping long text and cutting what is too long', async () => {
    const { pages } = await render('stress', stressDocs())
    const footerTop = a4.height - margin.bottom
    for (const [index, page] of pages.entries()) {
      for (const run of page.runs) {
        const { width } = run
        expect(width, `${run.text} has a width`).toBeGreaterThan(0)
        const where = `page ${index + 1}: "${run.text}"`
        expect(run.x, where).toBeGreaterThanOrEqual(margin.side - 0.01)
        expect(run.x + width, where).toBeLessThanOrEqual(a4.width - margin.side + 0.5)
        expect(run.y, where).toBeGreaterThan(margin.top)
      }
      // Below the content area there is only the footer: the board and ICP, and the page number.
      const footer = joinAdjacent(page.runs.filter((run) => run.y > footerTop))
      expect(footer.map((run) => run.text)).toEqual([
        'Acme growth workshop · Café owners – EMEA ≥ €1M 咖啡',
        `Page ${index + 1} of ${pages.length}`,
      ])
    }
    const text = allText(pages)
    expect(text).toContain('…')
    expect(text).toContain('Shortened: the full persona is on the board and in the Markdown')
    expect(text).toContain('Crowd persona 25')
    expect(text).not.toContain('Crowd persona 89')
    expect(text).not.toContain(unbrokenWord)
    expect(squeeze(text)).toContain(unbrokenWord.slice(0, 60))
    expect(pages.length).toBeGreaterThan(3)
    expect(pages.length).toBeLessThan(10)
  })

  it('prints Latin, Greek, Cyrillic and Chinese text as typed, read back by pdftotext', async () => {
    const board = new BoardBuilder()
    const page = board.page('Unicode')
    board.statement({ parent: page }, { name: 'Kraków ≥ 10 – “EU” € · Ελληνικά' })
    board.attribute(
      { parent: page, x: 300 },
      {
        category: 'industry',
        label: 'Отрасль → ниша',
        value: 'Кофейни в Łódź и 北京 咖啡店 日本のカフェ',
        importance: 'must',
        evidenceNote:
          'Ελληνικά και 中文 μαζί on one line, long enough to wrap inside the evidence column of the table at least once',
      },
    )
    const { pdf, pages } = await render('unicode', compile(board.records()), {
      boardName: 'Совет 中文 board',
    })
    // pdftotext (poppler) reads the text the way a reader's viewer or a search would.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icp-pdf-'))
    const file = path.join(dir, 'unicode.pdf')
    fs.writeFileSync(file, pdf)
    const extracted = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
    })
    fs.rmSync(dir, { recursive: true })
    const words = squeeze(extracted)
    for (const expected of [
      'Kraków ≥ 10 – “EU” € · Ελληνικά',
      'Отрасль → ниша',
      'Кофейни в Łódź и 北京 咖啡店',
      // The generated statement, in one paragraph.
      'in the кофейни в Łódź и 北京 咖啡店 日本のカフェ industry',
      'Ελληνικά και 中文 μαζί on one line',
      'IDEAL CUSTOMER PROFILE · СОВЕТ 中文 BOARD',
    ]) {
      expect(words).toContain(squeeze(expected))
    }
    // Our own reader agrees, and sees which embedded font set each script.
    const runs = pages.flatMap((page) => page.runs)
    expect(squeeze(allText(pages))).toContain(squeeze('Кофейни в Łódź и 北京 咖啡店'))
    const fontOf = (text: string) => runs.find((run) => run.text.includes(text))?.font
    expect(fontOf('Кофейни')).toBe('IBMPlexSans-Medm')
    expect(fontOf('咖啡店')).toMatch(/^NotoSansSC/)
    expect(allText(pages)).not.toContain('[?]')
    expect(allText(pages)).not.toContain('Some characters')
  })

  it('leaves out emoji and marks text no embedded font has, and says so', async () => {
    const board = new BoardBuilder()
    const page = board.page('Unicode')
    board.statement({ parent: page }, { name: 'Cafés 🎉 in 서울 and القاهرة' })
    const { pages } = await render('unicode-lossy', compile(board.records()), {
      boardName: 'Board 🚀',
    })
    const text = allText(pages)
    expect(text).toContain('Cafés in [?] and [?]')
    expect(text).toContain('IDEAL CUSTOMER PROFILE · BOARD')
    expect(squeeze(text)).toContain(
      squeeze('Some characters cannot be printed in this PDF’s fonts'.replace('’', "'")),
    )
    expect(squeeze(text)).toContain(squeeze('such as Korean, Arabic or Hebrew, shows as [?]'))
  })

  it('adds no character notice when all text can be set', async () => {
    const { pages } = await render('seeds-plain', teaDocs)
    expect(allText(pages)).not.toContain('Some characters')
  })

  it('renders a board without ICPs as one page that says so', async () => {
    const { pages } = await render('empty', [], { boardName: '' })
    expect(pages).toHaveLength(1)
    expect(squeeze(allText(pages))).toContain(squeeze('Untitled board'))
    expect(squeeze(allText(pages))).toContain(squeeze('This board has no ICP yet.'))
  })

  it('writes the same bytes for the same ICPs and export time, compressed by default', async () => {
    const first = await toPdf(seedDocs, { boardName: 'Acme', exportedAt })
    const second = await toPdf(seedDocs, { boardName: 'Acme', exportedAt })
    expect(second.equals(first)).toBe(true)
    expect(first.toString('latin1')).toContain('/FlateDecode')
    expect(readPdf(first)).toHaveLength(5)
  })
})

describe('PdfFonts.printable', () => {
  const fontsLoaded = loadPdfFonts()

  it.each([
    ['keeps Latin, Greek, Cyrillic and symbols in Plex', 'Łódź ≥ 10 → Ελλάδα Привет', 1],
    ['sets Chinese and kana in the fallback face', '北京 ひらがな カタカナ', 1],
    ['switches faces inside a line', 'Привет 中文 мир', 3],
  ])('%s', async (_name, input, runCount) => {
    const fonts = await fontsLoaded
    const printed = fonts.printable(input, 'regular')
    expect(printed).toMatchObject({ text: input, isLossy: false })
    expect(printed.runs).toHaveLength(runCount)
  })

  it('normalises spaces and line breaks and expands full-width letters and fractions', async () => {
    const fonts = await fontsLoaded
    expect(fonts.printable('a\u00a0b\u2009c\td\r\ne\u200bf ﬁne Ａ ⅓', 'regular').text).toBe(
      'a\u00a0b c d\nef ﬁne A ⅓',
    )
  })

  it('drops emoji with their modifiers and marks other unprintable runs, as lossy', async () => {
    const fonts = await fontsLoaded
    expect(fonts.printable('Launch 🚀 👍🏽 🇺🇸 1️⃣ done', 'bold')).toMatchObject({
      text: 'Launch 1 done',
      isLossy: true,
    })
    expect(fonts.printable('서울 café', 'italic')).toMatchObject({
      text: '[?] café',
      isLossy: true,
    })
    expect(fonts.printable('©️ ok', 'regular')).toMatchObject({ text: '© ok', isLossy: false })
  })
})
