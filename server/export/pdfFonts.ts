/**
 * The fonts of the PDF handout, embedded (as subsets) so that every reader prints the same glyphs
 * for every script the board holds:
 *
 * - IBM Plex Sans, which tldraw ships in `@tldraw/assets` and the board itself draws cards with:
 *   Latin (Kraków, Łódź, ő), Greek, Cyrillic, punctuation, arrows and comparison signs;
 * - Noto Sans SC (`@fontsource/noto-sans-sc`, its "chinese-simplified" file) as the fallback for
 *   what Plex lacks: Chinese (about 7,000 common hanzi) and Japanese kana.
 *
 * Not printed (each becomes `[?]`, and the PDF says so): emoji, Korean Hangul, rarer ideographs
 * and scripts neither font has (Arabic, Hebrew, Devanagari, Thai, ...).
 *
 * Both packages ship WOFF2. fontkit (pdfkit's font engine) reads WOFF2 but writes broken subsets
 * of its TrueType glyphs, so each file is decompressed to a plain font once (wawoff2) and kept.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import * as fontkit from 'fontkit'
import { decompress } from 'wawoff2'

/** The faces the handout is set in. */
export type PdfFont = 'regular' | 'bold' | 'italic'

/** Shown instead of a run of characters no embedded font can draw. */
export const unsupportedTextMarker = '[?]'

/** A stretch of text set in one embedded face (a name registered on the pdfkit document). */
export interface FontRun {
  face: string
  text: string
}

/** Text split into runs by face, and whether anything was dropped or became the marker. */
export interface PrintableText {
  runs: FontRun[]
  /** The text as printed (the runs joined). */
  text: string
  isLossy: boolean
}

interface Face {
  name: string
  bytes: Buffer
  font: fontkit.Font
}

const require = createRequire(import.meta.url)
const notoDir = path.dirname(require.resolve('@fontsource/noto-sans-sc'))

/** Font files of each face, first choice first. */
const faceFiles: Readonly<Record<PdfFont, readonly [string, string]>> = {
  regular: [
    require.resolve('@tldraw/assets/fonts/IBMPlexSans-Medium.woff2'),
    path.join(notoDir, 'files/noto-sans-sc-chinese-simplified-400-normal.woff2'),
  ],
  bold: [
    require.resolve('@tldraw/assets/fonts/IBMPlexSans-Bold.woff2'),
    path.join(notoDir, 'files/noto-sans-sc-chinese-simplified-700-normal.woff2'),
  ],
  italic: [
    require.resolve('@tldraw/assets/fonts/IBMPlexSans-MediumItalic.woff2'),
    // No italic CJK exists; upright is what typesetters use.
    path.join(notoDir, 'files/noto-sans-sc-chinese-simplified-400-normal.woff2'),
  ],
}

/** Invisible characters: zero-width spaces and joiners, word joiner, byte order mark. */
const invisible = /^[\u200B-\u200D\u2060\uFEFF]$/u
/** Spaces of other widths. */
const otherSpace = /^[\u2000-\u200A\u202F\u205F\u3000]$/u
/** Emoji and their modifiers: variation selectors, skin tones, keycaps, flags, tags. */
const emojiPart =
  /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|[\uFE0E\uFE0F\u20E3\u{1F1E6}-\u{1F1FF}\u{E0020}-\u{E007F}])$/u
/** An emoji proper (not a modifier or joiner): dropping one loses content. */
const pictograph = /^(?:\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}])$/u
const combiningMark = /\p{M}/gu

/** The embedded fonts (see the module comment); load once with `loadPdfFonts`. */
export class PdfFonts {
  private constructor(private readonly faces: Readonly<Record<PdfFont, readonly Face[]>>) {}

  /** Reads and decompresses the font files. */
  static async load(): Promise<PdfFonts> {
    const cache = new Map<string, Promise<Buffer>>()
    const bytesOf = (file: string) => {
      let bytes = cache.get(file)
      if (!bytes) {
        bytes = readFile(file).then(async (woff2) => Buffer.from(await decompress(woff2)))
        cache.set(file, bytes)
      }
      return bytes
    }
    const entries = await Promise.all(
      (Object.keys(faceFiles) as PdfFont[]).map(async (font) => {
        const faces = await Promise.all(
          faceFiles[font].map(async (file, index): Promise<Face> => {
            const bytes = await bytesOf(file)
            return { name: `${font}-${index}`, bytes, font: fontkit.create(bytes) as fontkit.Font }
          }),
        )
        return [font, faces] as const
      }),
    )
    return new PdfFonts(Object.fromEntries(entries) as Record<PdfFont, Face[]>)
  }

  /** The ascender of a face (1/1000 em), to put runs of different faces on one baseline. */
  ascender(faceName: string): number {
    for (const faces of Object.values(this.faces)) {
      const face = faces.find((candidate) => candidate.name === faceName)
      if (face) return (face.font.ascent * 1000) / face.font.unitsPerEm
    }
    throw new Error(`unknown PDF face ${faceName}`)
  }

  /** Registers every face on a pdfkit document, under the names `FontRun.face` uses. */
  register(doc: PDFKit.PDFDocument): void {
    for (const faces of Object.values(this.faces)) {
      for (const face of faces) doc.registerFont(face.name, face.bytes)
    }
  }

  /**
   * `text` cleaned up for print and split into runs of one face each. Line breaks are kept (CRLF
   * and CR become LF), tabs and other spaces become spaces, control and invisible characters are
   * removed, runs of spaces collapse and the ends are trimmed. Emoji are dropped; other
   * characters no face has become `[?]` (one per run). Both make the text lossy.
   */
  printable(text: string, font: PdfFont): PrintableText {
    const faces = this.faces[font]
    const runs: FontRun[] = []
    let isLossy = false
    let isInUnsupportedRun = false
    const push = (face: string, part: string) => {
      const last = runs.at(-1)
      if (last?.face === face) last.text += part
      else runs.push({ face, text: part })
    }
    const cleaned = text
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      .replace(/ {2,}/g, ' ')
      .replace(/ ?\n ?/g, '\n')
      .trim()
    for (const char of cleaned) {
      const code = char.codePointAt(0)!
      if (char !== '\n' && (code < 0x20 || (code >= 0x7f && code < 0xa0))) continue
      if (invisible.test(char)) continue
      // ©, ®, ™ and arrows count as pictographs too, but Plex draws them.
      if (emojiPart.test(char) && !faces[0]!.font.hasGlyphForCodePoint(code)) {
        if (pictograph.test(char)) isLossy = true
        continue
      }
      const printed = otherSpace.test(char) ? ' ' : char
      const current = faces.find((face) => face.name === runs.at(-1)?.face)
      // Spaces, digits and punctuation stay in the face of the text around them.
      const set =
        current && !/\p{L}/u.test(printed) && covers(current, printed)
          ? { face: current, text: printed }
          : setIn(faces, printed)
      if (set) {
        isInUnsupportedRun = false
        push(set.face.name, set.text)
        continue
      }
      isLossy = true
      if (!isInUnsupportedRun) push(faces[0]!.name, unsupportedTextMarker)
      isInUnsupportedRun = true
    }
    // Emoji dropped between spaces leave doubled or trailing spaces behind.
    const tidy = runs
      .map((run) => ({ ...run, text: run.text.replace(/ {2,}/g, ' ') }))
      .filter((run) => run.text !== '')
    if (tidy.length > 0) {
      tidy[0]!.text = tidy[0]!.text.trimStart()
      tidy[tidy.length - 1]!.text = tidy[tidy.length - 1]!.text.trimEnd()
    }
    const printedRuns = tidy.filter((run) => run.text !== '')
    return {
      runs: printedRuns,
      text: printedRuns.map((run) => run.text).join(''),
      isLossy,
    }
  }
}

/** True when `face` has a glyph for every character of `text` (line breaks need none). */
function covers(face: Face, text: string): boolean {
  return [...text].every(
    (char) => char === '\n' || face.font.hasGlyphForCodePoint(char.codePointAt(0)!),
  )
}

/**
 * The face `char` is set in and what is set, or null when no face has it: the first face that has
 * it, or else its compatibility decomposition (ligatures ﬁ, full-width Ａ, fractions ⅓).
 */
function setIn(faces: readonly Face[], char: string): { face: Face; text: string } | null {
  const decomposed = char.normalize('NFKD').replace(combiningMark, '')
  for (const face of faces) {
    if (covers(face, char)) return { face, text: char }
    if (decomposed && decomposed !== char && covers(face, decomposed)) {
      return { face, text: decomposed }
    }
  }
  return null
}

let loaded: Promise<PdfFonts> | null = null

/** The handout's fonts, loaded on first use and kept for the life of the process. */
export function loadPdfFonts(): Promise<PdfFonts> {
  loaded ??= PdfFonts.load().catch((error: unknown) => {
    loaded = null
    throw error
  })
  return loaded
}
