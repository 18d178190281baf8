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

const winAnsi = new TextDecoder('windows-1252')

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
  return winAnsi.decode(Buffer.from(hex, 'hex'))
}

/** Unescapes a PDF literal string body: `(a\)b)` -> `a)b`. */
function decodeLiteral(body: string): string {
  const bytes = body.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_all, code: string) => {
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }
    if (simple[code]) return simple[code]
    if (/^[0-7]+$/.test(code)) return String.fromCharCode(parseInt(code, 8))
    return code
  })
  return winAnsi.decode(Buffer.from(bytes, 'latin1'))
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

function readRuns(content: string, fonts: Map<string, string>, pageHeight: number): PdfTextRun[] {
  const runs: PdfTextRun[] = []
  let font = ''
  let size = 0
  let x = 0
  let y = 0
  const operators =
    /\/(\S+) ([\d.]+) Tf|([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) Tm|\[((?:<[0-9a-fA-F]*>|\((?:\\.|[^\\)])*\)|[-\d.\s])*)\] TJ|<([0-9a-fA-F]*)> Tj/g
  for (const match of content.matchAll(operators)) {
    if (match[1] !== undefined) {
      font = fonts.get(match[1]) ?? match[1]
      size = Number(match[2])
    } else if (match[3] !== undefined) {
      x = Number(match[7])
      y = pageHeight - Number(match[8])
    } else {
      const parts =
        match[9] !== undefined
          ? [...match[9].matchAll(/<([0-9a-fA-F]*)>|\(((?:\\.|[^\\)])*)\)/g)].map((part) =>
              part[1] !== undefined ? decodeHex(part[1]) : decodeLiteral(part[2]!),
            )
          : [decodeHex(match[10]!)]
      runs.push({ text: parts.join(''), font, size, x, y })
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
