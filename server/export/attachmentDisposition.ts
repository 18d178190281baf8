/** Longest slug of one name part in a file name (characters). */
const maxSlugLength = 60

/** `Café Growth – Q3` -> `café-growth-q3`: letters and digits of any script, dash-separated. */
function unicodeSlug(text: string): string {
  return [
    ...text
      .normalize('NFC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-'),
  ]
    .slice(0, maxSlugLength)
    .join('')
    .replace(/^-+|-+$/g, '')
}

/** `Café Growth – Q3` -> `cafe-growth-q3`: ASCII letters and digits only (accents dropped). */
function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, maxSlugLength)
    .replace(/^-+|-+$/g, '')
}

/** A download's file name: the Unicode form and an ASCII fallback. */
export interface ExportFileName {
  unicode: string
  ascii: string
}

/**
 * The file name of an export: the slugs of `parts` (board name, then the ICP's name for a one-ICP
 * export; blank parts are skipped) joined by `-`, then `-icp.<extension>`. `board` stands in when
 * nothing is left, e.g. `board-icp.pdf`; a name in another script keeps its letters in `unicode`
 * only (`客户-icp.pdf` and `board-icp.pdf`).
 */
export function exportFileName(parts: readonly string[], extension: string): ExportFileName {
  const join = (slug: (text: string) => string) =>
    parts.map(slug).filter(Boolean).join('-') || 'board'
  return {
    unicode: `${join(unicodeSlug)}-icp.${extension}`,
    ascii: `${join(asciiSlug)}-icp.${extension}`,
  }
}

/** RFC 8187 (formerly 5987) value-chars: everything but attr-char is percent-encoded. */
function encodeExtValue(text: string): string {
  return encodeURIComponent(text).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/**
 * `Content-Disposition: attachment` for a download named `name` (RFC 6266): `filename` holds the
 * ASCII fallback (quoted; it contains only [a-z0-9.-]), `filename*` the UTF-8 name.
 */
export function attachmentDisposition(name: ExportFileName): string {
  const ascii = name.ascii.replace(/[^\x20-\x7e]|["\\]/g, '-')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(name.unicode)}`
}
