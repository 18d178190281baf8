/**
 * How a value is cut into list items: `full` at `and`, `or`, `/`, `&`, `,`, `;`, `+`, `|` (places,
 * categories, tools, stages); `basic` only at `,`, `;`, `|`, ` or ` and ` / ` (free-text values,
 * where "and" usually joins one idea: "active and outdoorsy").
 */
export type ListStyle = 'full' | 'basic'

// A comma before a digit is a thousands separator; a slash between digits is a ratio (24/7); a
// plus touching only one word is an open end (Series B+, 10k+), not a separator (Shopify + Xero).
const separators: Readonly<Record<ListStyle, RegExp>> = {
  full: new RegExp(
    [
      String.raw`\s*;\s*`,
      String.raw`\s*,(?!\d)\s*`,
      String.raw`\s*\|\s*`,
      String.raw`\s+and\s*\/\s*or\s+`,
      String.raw`\s+(?:and|or|nor|plus)\s+`,
      String.raw`\s+&\s+`,
      String.raw`\s*(?:(?<!\d)\/|\/(?!\d))\s*`,
      String.raw`\s+\+\s+`,
      String.raw`(?<=[\p{L}\p{N}])\+(?=[\p{L}\p{N}])`,
    ].join('|'),
    'iu',
  ),
  basic: /\s*;\s*|\s*,(?!\d)\s*|\s+or\s+|\s*\|\s*|\s+\/\s+/iu,
}

const leadingWords = /^(?:(?:and|or|nor|either|both|also|plus)\s+)+/i
const trailingWords = /(?:\s*,?\s+(?:only|etc\.?|and so on)|\s*,?\s*etc\.?)$/i

/**
 * Splits a value into its list items, trimmed, unique (case-insensitively), in writing order.
 * `isOneTerm` keeps together neighbours that name one thing (`Bosnia and Herzegovina`, `Oil &
 * Gas`): the longest run of items it accepts, joined as written, becomes one item. Pure.
 */
export function splitList(
  text: string,
  style: ListStyle,
  isOneTerm: (phrase: string) => boolean = () => false,
): string[] {
  const pieces = text
    .trim()
    .replace(trailingWords, '')
    .split(new RegExp(`(${separators[style].source})`, 'iu'))
  // split() with a capturing group alternates items and the separators between them.
  const parts: string[] = []
  const joints: string[] = []
  pieces.forEach((piece, index) => (index % 2 === 0 ? parts : joints).push(piece ?? ''))

  const items: string[] = []
  const seen = new Set<string>()
  const push = (raw: string) => {
    const item = raw.replace(leadingWords, '').replace(trailingWords, '').trim()
    const key = item.toLowerCase()
    if (item === '' || seen.has(key)) return
    seen.add(key)
    items.push(item)
  }
  for (let start = 0; start < parts.length;) {
    let end = start
    for (let candidate = parts.length - 1; candidate > start; candidate--) {
      const joined = parts
        .slice(start, candidate + 1)
        .map((part, i) => (i === 0 ? part : `${joints[start + i - 1]}${part}`))
        .join('')
      if (isOneTerm(joined.trim())) {
        end = candidate
        push(joined)
        break
      }
    }
    if (end === start) push(parts[start]!)
    start = end + 1
  }
  return items
}
