/**
 * @mentions in comment bodies. A body is plain text; a mention is `@` followed by a person's name
 * as it was when they were picked, and the comment also stores the mentioned people's ids.
 */

/** Someone who can be mentioned: anyone who has been on the board. */
export interface MentionCandidate {
  id: string
  name: string
  color: string
}

/** An @ being typed: where the `@` is and what follows it up to the caret. */
export interface MentionQuery {
  start: number
  query: string
}

/** Longest text after `@` still treated as a name being typed. */
const maxQueryLength = 40

/**
 * The mention being typed at `caret`, or null: an `@` at the start or after whitespace, followed
 * by up to 40 characters on the same line (names have spaces, so spaces are allowed).
 */
export function findMentionQuery(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret)
  const at = before.lastIndexOf('@')
  if (at < 0) return null
  if (at > 0 && !/\s/.test(before[at - 1]!)) return null
  const query = before.slice(at + 1)
  if (query.length > maxQueryLength || /[\n@]/.test(query) || /^\s/.test(query)) return null
  return { start: at, query }
}

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
}

/**
 * People matching `query`, best first: names starting with it, then names with a word starting
 * with it, then names containing it; alphabetical within each. Never the person typing.
 */
export function suggestMentions(
  people: readonly MentionCandidate[],
  query: string,
  { selfId, limit = 6 }: { selfId: string; limit?: number },
): MentionCandidate[] {
  const wanted = fold(query.trim())
  const ranked: { person: MentionCandidate; rank: number }[] = []
  for (const person of people) {
    if (person.id === selfId || !person.name.trim()) continue
    const name = fold(person.name)
    const rank = name.startsWith(wanted)
      ? 0
      : name.split(/\s+/).some((word) => word.startsWith(wanted))
        ? 1
        : name.includes(wanted)
          ? 2
          : -1
    if (rank >= 0) ranked.push({ person, rank })
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.person.name.localeCompare(b.person.name))
    .slice(0, limit)
    .map(({ person }) => person)
}

/** Replaces the query being typed with `@Name ` and returns the new text and caret. */
export function insertMention(
  text: string,
  mention: MentionQuery,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `
  const after = text.slice(caret).replace(/^ /, '')
  return {
    text: text.slice(0, mention.start) + inserted + after,
    caret: mention.start + inserted.length,
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A regex matching `@Name` for any of `names`, longest first, not followed by a letter or digit. */
function mentionPattern(names: readonly string[]): RegExp | null {
  const unique = [...new Set(names.map((name) => name.trim()).filter(Boolean))]
  if (unique.length === 0) return null
  unique.sort((a, b) => b.length - a.length)
  return new RegExp(
    `(^|[^\\p{L}\\p{N}_])@(${unique.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`,
    'gu',
  )
}

/** The ids of the people `body` mentions by name (each once, in `people` order). */
export function mentionedIds(body: string, people: readonly MentionCandidate[]): string[] {
  const pattern = mentionPattern(people.map((person) => person.name))
  if (!pattern) return []
  const names = new Set(Array.from(body.matchAll(pattern), (match) => match[2]!))
  const ids: string[] = []
  for (const person of people) {
    if (names.has(person.name.trim()) && !ids.includes(person.id)) ids.push(person.id)
  }
  return ids
}

/** A body cut into plain text and mentions of `names`, for rendering. */
export function splitMentions(
  body: string,
  names: readonly string[],
): { text: string; isMention: boolean }[] {
  const pattern = mentionPattern(names)
  if (!pattern) return [{ text: body, isMention: false }]
  const parts: { text: string; isMention: boolean }[] = []
  let last = 0
  for (const match of body.matchAll(pattern)) {
    const start = match.index + match[1]!.length
    if (start > last) parts.push({ text: body.slice(last, start), isMention: false })
    const end = start + 1 + match[2]!.length
    parts.push({ text: body.slice(start, end), isMention: true })
    last = end
  }
  if (last < body.length) parts.push({ text: body.slice(last), isMention: false })
  return parts
}
