import type { ReactNode } from 'react'
import type { ReactionKind } from '../../shared/workshop/workshopLayout'

/** The thumb of 👍, drawn pointing up (👎 turns it over). */
const thumb = (
  <>
    <rect className="reaction-icon__skin" x="2" y="8.6" width="3.6" height="9" rx="1" />
    <path
      className="reaction-icon__skin"
      d="M6.4 9.2 9.7 3.1c.5-.9 2.3-.6 2.2 1L11.4 8h4.5c1.2 0 2 1 1.8 2.1l-1.3 6.1c-.2 1-1 1.6-2 1.6H6.4Z"
    />
  </>
)

const drawings: Record<ReactionKind, ReactNode> = {
  agree: thumb,
  disagree: <g transform="rotate(180 10 10)">{thumb}</g>,
  important: (
    <>
      <circle className="reaction-icon__red" cx="9.5" cy="10.5" r="7.5" />
      <circle className="reaction-icon__white" cx="9.5" cy="10.5" r="5" />
      <circle className="reaction-icon__red" cx="9.5" cy="10.5" r="2.5" />
      <path className="reaction-icon__dart" d="M9.8 10.2 17.6 2.4M15 2.2l.4 2.4 2.4.4" />
    </>
  ),
  question: (
    <>
      <path
        className="reaction-icon__mark"
        d="M6.6 6.8c0-2.3 1.6-3.8 3.6-3.8 2.1 0 3.7 1.3 3.7 3.3 0 1.8-1.3 2.6-2.4 3.3-.8.5-1.2 1-1.2 2v.7"
      />
      <circle className="reaction-icon__red" cx="10.3" cy="16.4" r="1.7" />
    </>
  ),
  evidence: (
    <>
      <ellipse className="reaction-icon__eye" cx="6.2" cy="10" rx="3.9" ry="6" />
      <ellipse className="reaction-icon__eye" cx="13.8" cy="10" rx="3.9" ry="6" />
      <circle className="reaction-icon__pupil" cx="7.6" cy="11.6" r="2.1" />
      <circle className="reaction-icon__pupil" cx="15.2" cy="11.6" r="2.1" />
    </>
  ),
}

/**
 * The picture of a reaction (👍 🎯 ❓ 👀 👎), drawn rather than typed: emoji fonts are missing on
 * many Linux machines, and drawn shapes take the theme's colours. Decorative: the button it sits
 * in names the reaction.
 */
export function ReactionIcon({ kind, size = 16 }: { kind: ReactionKind; size?: number }) {
  return (
    <svg
      className="reaction-icon"
      width={size}
      height={size}
      viewBox="0 0 20 20"
      aria-hidden="true"
      focusable="false"
    >
      {drawings[kind]}
    </svg>
  )
}
