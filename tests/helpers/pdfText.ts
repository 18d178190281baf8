/**
 * Reads the text back out of a PDF written by pdfkit (compressed or not): pages in order, and on
 * each page the text runs with their font, size and position. Enough for asserting on our own
 * exports; not a general PDF parser (no object streams, no xref streams, WinAnsi fonts only).
 */
import zlib from 'node:zlib'

/** One text-showing operation: a line of text as pdfkit draws it. */
export interface PdfTextRun {
  text: string
  /** Base font name, e.g. `Helvetica-Bold`. */
  font: string
  size: number
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

function decodeHex(hex: string): string {
  return decodeWinAnsi(Buffer.from(hex, 'hex'))
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

function fontNames(objects: Map<number, PdfObject>, pageDict: string): Map<string, string> {
  const fonts = new Map<string, string>()
  const resourcesId = ref(pageDict, 'Resources')
  const resources = resourcesId === null ? pageDict : (objects.get(resourcesId)?.dict ?? '')
  const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? ''
  for (const [, name, id] of fontDict.matchAll(/\/(\S+) (\d+) 0 R/g)) {
    const base = /\/BaseFont \/(\S+)/.exec(objects.get(Number(id))?.dict ?? '')?.[1]
    if (base) fonts.set(name!, base)
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

function readRuns(content: string, fonts: Map<string, string>, pageHeight: number): PdfTextRun[] {
  const runs: PdfTextRun[] = []
  const state = { font: '', size: 0, x: 0, y: 0, color: '#000000', characterSpacing: 0 }
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
      state.font = fonts.get(match[1]!) ?? match[1]!
      state.size = Number(match[2])
    } else if ((match = /^([-\d.]+) Tc$/.exec(line))) {
      state.characterSpacing = Number(match[1])
    } else if ((match = /^(?:[-\d.]+ ){4}([-\d.]+) ([-\d.]+) Tm$/.exec(line))) {
      state.x = Number(match[1])
      state.y = pageHeight - Number(match[2])
    } else if (/\] TJ$|> Tj$|\) Tj$/.test(line)) {
      const text = [...line.matchAll(/<([0-9a-fA-F]*)>|\(((?:\\.|[^\\)])*)\)/g)]
        .map((part) => (part[1] !== undefined ? decodeHex(part[1]) : decodeLiteral(part[2]!)))
        .join('')
      const { font, size, x, y, color, characterSpacing } = state
      runs.push({ text, font, size, x, y, color, characterSpacing })
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
    const runs = readRuns(content, fontNames(objects, dict), height)
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
