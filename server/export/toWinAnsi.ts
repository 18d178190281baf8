/**
 * PDF's standard fonts (Helvetica and friends) can only draw the WinAnsi (Windows-1252) character
 * set; pdfkit writes anything else as unrelated bytes, so `≥` would print as `"e` and an emoji as
 * `Ø=Þ`. User text therefore passes through `toWinAnsi` before it reaches the PDF: look-alikes
 * are transliterated (`≥` -> `>=`, `ő` -> `o`, `→` -> `->`), emoji are dropped, and text in other
 * scripts (Chinese, Cyrillic, ...) becomes a visible `[?]` so a reader knows something is missing.
 */

/** Shown instead of a run of characters the PDF font cannot draw. */
export const unsupportedTextMarker = '[?]'

/** Unicode code points of Windows-1252's 0x80-0x9F block that have a glyph. */
const cp1252Extras = new Set(
  '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'.split('').map((char) => char.codePointAt(0)!),
)

/** Characters outside WinAnsi with a faithful ASCII or WinAnsi stand-in. */
const replacements: Readonly<Record<string, string>> = {
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '–', // figure dash
  '\u2015': '—', // horizontal bar
  '\u2212': '-', // minus sign
  '\u2032': "'", // prime
  '\u2033': '"', // double prime
  '\u201B': "'",
  '\u201F': '"',
  '\u2044': '/', // fraction slash (from NFKD of ⅓)
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u223C': '~',
  '\u221E': 'infinity',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2194': '<->',
  '\u21D2': '=>',
  '\u27A1': '->',
  '\u2794': '->',
  '\u25CF': '•',
  '\u25AA': '•',
  '\u25E6': '•',
  '\u2043': '•',
  '\u2219': '•',
  '\u2713': '[x]',
  '\u2714': '[x]',
  '\u2611': '[x]',
  '\u2705': '[x]',
  '\u20B9': 'INR ',
  '\u20BD': 'RUB ',
  '\u20A9': 'KRW ',
  '\u20BA': 'TRY ',
  '\u20AA': 'ILS ',
  '\u20B1': 'PHP ',
  '\u20A6': 'NGN ',
  '\u20AB': 'VND ',
  '\u20B4': 'UAH ',
  '\u20BF': 'BTC ',
  // Latin letters without a Unicode decomposition.
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ŧ: 't',
  Ŧ: 'T',
  ŋ: 'ng',
  Ŋ: 'NG',
  ĸ: 'k',
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

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!
  return (
    char === '\n' ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xff) ||
    cp1252Extras.has(code)
  )
}

/** The WinAnsi text for one character: itself, a stand-in, '' (dropped) or null (unsupported). */
function convertChar(char: string): string | null {
  if (isWinAnsi(char)) return char
  const replacement = replacements[char]
  if (replacement !== undefined) return replacement
  if (invisible.test(char)) return ''
  if (otherSpace.test(char)) return ' '
  if (emojiPart.test(char)) return ''
  // Accented letters (ő, ș, ñ̃), ligatures (ﬁ), full-width forms (Ａ), fractions (⅓).
  const decomposed = char.normalize('NFKD').replace(combiningMark, '')
  if (decomposed !== char && decomposed !== '') {
    let text = ''
    for (const part of decomposed) {
      const converted = isWinAnsi(part) ? part : replacements[part]
      if (converted === undefined) return null
      text += converted
    }
    return text
  }
  return null
}

/** `text` made drawable by a standard PDF font, and whether anything was dropped or replaced. */
export interface WinAnsiText {
  text: string
  /** True when an emoji was dropped or a character became `[?]`. */
  isLossy: boolean
}

/**
 * Converts user text to what the standard PDF fonts can draw (see module comment). Line breaks
 * are kept (CRLF and CR become LF), tabs become spaces, other control characters are removed, runs of spaces are
 * collapsed and the ends trimmed.
 */
export function toWinAnsi(text: string): WinAnsiText {
  let result = ''
  let isLossy = false
  let isInUnsupportedRun = false
  for (const char of text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
    const code = char.codePointAt(0)!
    if (char !== '\n' && (code < 0x20 || (code >= 0x7f && code < 0xa0))) continue
    const converted = convertChar(char)
    if (converted === null) {
      isLossy = true
      if (!isInUnsupportedRun) result += unsupportedTextMarker
      isInUnsupportedRun = true
      continue
    }
    if (converted === '' && pictograph.test(char)) isLossy = true
    isInUnsupportedRun = false
    result += converted
  }
  return {
    text: result
      .replace(/ {2,}/g, ' ')
      .replace(/ ?\n ?/g, '\n')
      .trim(),
    isLossy,
  }
}
