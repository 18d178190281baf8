/**
 * Reads the text back out of a PDF written by pdfkit (compressed or not): pages in order, and on
 * each page the text runs with their font, size, position and width. Enough for asserting on our
 * own exports; not a general PDF parser (no object streams, no xref streams). Standard fonts are
 * read as WinAnsi, embedded (Type0) fonts through their ToUnicode map and glyph widths.
 */
import zlib from 'node:zlib'

/** One text-showing operation: a line of text as pdfkit draws it. */
export interface PdfTextRun {
  text: string
  /** Base font name without a subset prefix, e.g. `IBMPlexSans-Bold`. */
  font: string
  size: number
  /** Advance width of the run in points (embedded fonts; 0 for standard fonts). */
  width: number
  /** Start of the baseline, in points from the left and from the top of the page. */
  x: number
  y: number
  /** Fill colour as `#rrggbb`. */
  color: string
  /** Extra space after each character (points), from `Tc`. */
  characterSpacing: number
}

/** A page's text runs in drawing order, and its text (runs joined by newlines). */
export interface PdfPage {
  width: number
  height: number
  runs: PdfTextRun[]
  text: string
}

interface PdfObject {
  dict: string
  stream: Buffer | null
}

// Node's TextDecoder('windows-1252') decodes 0x80-0x9F as Latin-1 control characters, so that
// block is mapped here (0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned).
const cp1252High = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'

function decodeWinAnsi(bytes: Uint8Array): string {
  let text = ''
  for (const byte of bytes) {
    text += byte >= 0x80 && byte <= 0x9f ? cp1252High[byte - 0x80] : String.fromCharCode(byte)
  }
  return text
}

function parseObjects(pdf: Buffer): Map<number, PdfObject> {
  const source = pdf.toString('latin1')
  const objects = new Map<number, PdfObject>()
  const header = /(\d+) 0 obj\s*/g
  for (let match = header.exec(source); match; match = header.exec(source)) {
    const start = match.index + match[0].length
    const end = source.indexOf('endobj', start)
    const streamAt = source.indexOf('stream', start)
    if (streamAt !== -1 && streamAt < end && source.slice(start, streamAt).includes('/Length')) {
      const dict = source.slice(start, streamAt)
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1])
      const dataStart = streamAt + 'stream'.length + (source[streamAt + 6] === '\r' ? 2 : 1)
      let data = pdf.subarray(dataStart, dataStart + length)
      if (dict.includes('/FlateDecode')) data = zlib.inflateSync(data)
      objects.set(Number(match[1]), { dict, stream: data })
    } else {
      objects.set(Number(match[1]), { dict: source.slice(start, end), stream: null })
    }
    header.lastIndex = end
  }
  return objects
}

function ref(dict: string, key: string): number | null {
  const match = new RegExp(`/${key} (\\d+) 0 R`).exec(dict)
  return match ? Number(match[1]) : null
}

/** An embedded font: glyph id to text (ToUnicode) and glyph widths (1/1000 em). */
interface EmbeddedFont {
  toUnicode: Map<number, string>
  widths: number[]
}

interface PageFont {
  base: string
  embedded: EmbeddedFont | null
}

function readToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>()
  const hexText = (hex: string) => {
    const units = hex.replace(/\s+/g, '').match(/.{4}/g) ?? []
    return String.fromCharCode(...units.map((unit) => parseInt(unit, 16)))
  }
  for (const [, body] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, start, , list] of body!.matchAll(
      /<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi,
    )) {
      ;[...list!.matchAll(/<([0-9a-f\s]*)>/gi)].forEach((entry, index) => {
        map.set(parseInt(start!, 16) + index, hexText(entry[1]!))
      })
    }
  }
  for (const [, body] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of body!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f\s]*)>/gi)) {
      map.set(parseInt(code!, 16), hexText(text!))
    }
  }
  return map
}

function readEmbeddedFont(objects: Map<number, PdfObject>, dict: string): EmbeddedFont | null {
  if (!/\/Subtype \/Type0/.test(dict)) return null
  const cmapId = ref(dict, 'ToUnicode')
  const cmap = cmapId === null ? '' : (objects.get(cmapId)?.stream?.toString('latin1') ?? '')
  const descendantId = /\/DescendantFonts \[(\d+) 0 R\]/.exec(dict)?.[1]
  const descendant = objects.get(Number(descendantId))?.dict ?? ''
  const widths = (/\/W \[0 \[([^\]]*)\]\]/.exec(descendant)?.[1] ?? '')
    .trim()
    .split(/\s+/)
    .map(Number)
  return { toUnicode: readToUnicode(cmap), widths }
}

/** Unescapes a PDF literal string body: `(a\)b)` -> `a)b`. */
function decodeLiteral(body: string): string {
  const bytes = body.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_all, code: string) => {
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }
    if (simple[code]) return simple[code]
    if (/^[0-7]+$/.test(code)) return String.fromCharCode(parseInt(code, 8))
    return code
  })
  return decodeWinAnsi(Buffer.from(bytes, 'latin1'))
}

function pageFonts(objects: Map<number, PdfObject>, pageDict: string): Map<string, PageFont> {
  const fonts = new Map<string, PageFont>()
  const resourcesId = ref(pageDict, 'Resources')
  const resources = resourcesId === null ? pageDict : (objects.get(resourcesId)?.dict ?? '')
  const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? ''
  for (const [, name, id] of fontDict.matchAll(/\/(\S+) (\d+) 0 R/g)) {
    const dict = objects.get(Number(id))?.dict ?? ''
    const base = /\/BaseFont \/(\S+)/.exec(dict)?.[1]?.replace(/^[A-Z]{6}\+/, '')
    if (base) fonts.set(name!, { base, embedded: readEmbeddedFont(objects, dict) })
  }
  return fonts
}

function hexColor(components: readonly string[]): string {
  return `#${components
    .map((component) =>
      Math.round(Number(component) * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`
}

/** The text and width (points) of a TJ/Tj operand in `font`. */
function showText(line: string, font: PageFont | undefined, size: number, spacing: number) {
  let text = ''
  let width = 0
  for (const part of line.matchAll(
    /<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)|(-?[\d.]+)(?= |\])/g,
  )) {
    if (part[3] !== undefined) {
      width -= (Number(part[3]) / 1000) * size
    } else if (part[1] !== undefined && font?.embedded) {
      for (const unit of part[1].replace(/\s+/g, '').match(/.{4}/g) ?? []) {
        const glyph = parseInt(unit, 16)
        text += font.embedded.toUnicode.get(glyph) ?? '\uFFFD'
        width += ((font.embedded.widths[glyph] ?? 0) / 1000) * size + spacing
      }
    } else {
      text += part[1] !== undefined ? decodeHex(part[1]) : decodeLiteral(part[2]!)
    }
  }
  return { text, width: font?.embedded ? width : 0 }
}

function decodeHex(hex: string): string {
  return decodeWinAnsi(Buffer.from(hex, 'hex'))
}

function readRuns(content: string, fonts: Map<string, PageFont>, pageHeight: number): PdfTextRun[] {
  const runs: PdfTextRun[] = []
  const state = { font: '', size: 0, x: 0, y: 0, color: '#000000', characterSpacing: 0 }
  let font: PageFont | undefined
  const saved: string[] = []
  // pdfkit writes one operator per line.
  for (const line of content.split('\n')) {
    let match: RegExpExecArray | null
    if (line === 'q') saved.push(state.color)
    else if (line === 'Q') state.color = saved.pop() ?? state.color
    else if (line === 'BT') state.characterSpacing = 0
    else if ((match = /^([\d.]+) ([\d.]+) ([\d.]+) (?:rg|scn)$/.exec(line))) {
      state.color = hexColor(match.slice(1))
    } else if ((match = /^\/(\S+) ([\d.]+) Tf$/.exec(line))) {
      font = fonts.get(match[1]!)
      state.font = font?.base ?? match[1]!
      state.size = Number(match[2])
    } else if ((match = /^([-\d.]+) Tc$/.exec(line))) {
      state.characterSpacing = Number(match[1])
    } else if ((match = /^(?:[-\d.]+ ){4}([-\d.]+) ([-\d.]+) Tm$/.exec(line))) {
      state.x = Number(match[1])
      state.y = pageHeight - Number(match[2])
    } else if (/\] TJ$|> Tj$|\) Tj$/.test(line)) {
      const { text, width } = showText(line, font, state.size, state.characterSpacing)
      const { size, x, y, color, characterSpacing } = state
      runs.push({ text, font: state.font, size, width, x, y, color, characterSpacing })
    }
  }
  return runs
}

/** The pages of a pdfkit PDF with their text. Throws when the structure is not understood. */
export function readPdf(pdf: Buffer): PdfPage[] {
  const objects = parseObjects(pdf)
  const catalog = [...objects.values()].find((object) => /\/Type \/Catalog/.test(object.dict))
  const pagesId = catalog ? ref(catalog.dict, 'Pages') : null
  const pagesDict = pagesId === null ? undefined : objects.get(pagesId)?.dict
  if (!pagesDict) throw new Error('readPdf: no page tree')
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(pagesDict)![1]!.matchAll(/(\d+) 0 R/g)].map(
    ([, id]) => Number(id),
  )
  return kids.map((id) => {
    const dict = objects.get(id)?.dict ?? ''
    const [width = 0, height = 0] = (/\/MediaBox \[([^\]]*)\]/.exec(dict)?.[1] ?? '')
      .trim()
      .split(/\s+/)
      .map(Number)
      .slice(2)
    const contentId = ref(dict, 'Contents')
    const content =
      contentId === null ? '' : (objects.get(contentId)?.stream?.toString('latin1') ?? '')
    const runs = readRuns(content, pageFonts(objects, dict), height)
    return { width, height, runs, text: runs.map((run) => run.text).join('\n') }
  })
}

/** All text of the PDF with whitespace collapsed, so wrapped sentences can be searched for. */
export function pdfPlainText(pdf: Buffer): string {
  return readPdf(pdf)
    .map((page) => page.text)
    .join('\n')
    .replace(/\s+/g, ' ')
}
