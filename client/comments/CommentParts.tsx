import { splitMentions } from './mentions'
import { formatFullTime, formatRelativeTime } from './relativeTime'

/**
 * First letters of up to two words of a name: `Dana Lee` -> `DL`. A team in brackets
 * (`Carol Diaz (CS)`) and words that start with no letter or digit (`-`) are not part of it.
 */
export function initialsOf(name: string): string {
  const words = name
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .split(/\s+/)
    .filter((word) => /^[\p{L}\p{N}]/u.test(word))
  const letters = words.slice(0, 2).map((word) => Array.from(word)[0] ?? '')
  return letters.join('').toUpperCase() || '?'
}

/** A person's round avatar: initials on their colour. */
export function Avatar({ name, color, size = 24 }: { name: string; color: string; size?: number }) {
  return (
    <span
      className="comment-avatar"
      style={{ background: color, width: size, height: size, fontSize: size * 0.42 }}
      aria-hidden="true"
    >
      {initialsOf(name)}
    </span>
  )
}

/** A comment body with its @mentions highlighted; line breaks are kept. */
export function CommentBody({ body, names }: { body: string; names: readonly string[] }) {
  return (
    <p className="comment-body">
      {splitMentions(body, names).map((part, index) =>
        part.isMention ? (
          <span key={index} className="comment-mention">
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </p>
  )
}

/** "5m" with the exact time as a tooltip. */
export function RelativeTime({ at, now }: { at: number; now: number }) {
  return (
    <time className="comment-time" dateTime={new Date(at).toISOString()} title={formatFullTime(at)}>
      {formatRelativeTime(at, now)}
    </time>
  )
}
