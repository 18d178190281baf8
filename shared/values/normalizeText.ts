/**
 * Text as values are compared: lower case, accents dropped, dots inside abbreviations removed
 * (`U.S.` -> `us`), `&` read as `and`, every other run of punctuation one space, trimmed.
 * `normalizeText('U.S. & Canada')` is `'us and canada'`.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/(?<=\p{L})\.(?=\p{L}|\s|$)/gu, '')
    .replace(/['’]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/** `normalizeText` padded with one space each side, for whole-word `includes` checks. */
export function paddedWords(text: string): string {
  return ` ${normalizeText(text)} `
}

/** True when every word of `phrase` appears, in order and adjacent, in `text` (both padded). */
export function containsWords(paddedText: string, paddedPhrase: string): boolean {
  return paddedPhrase.trim() !== '' && paddedText.includes(paddedPhrase)
}
