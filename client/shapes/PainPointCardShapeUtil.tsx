import { severityLabels } from '../../shared/compile/cardLabels'
import {
  defaultPainPointCardProps,
  painPointCardMigrations,
  painPointCardProps,
  painPointCardType,
  severities,
  type PainPointCardProps,
  type PainPointCardShape,
  type Severity,
} from '../../shared/schema/painPointCard'
import { BaseCardShapeUtil } from './BaseCardShapeUtil'
import { CardShell, CardTextField, linesThatFit, useIsEditing } from './cardParts'
import { Glyph } from './CardIcon'

/**
 * A customer pain point: the problem, how bad it is and how we solve it. Arrows bound from a pain
 * point to persona cards say who has it (plain tldraw arrows; every card can be bound to).
 */
export class PainPointCardShapeUtil extends BaseCardShapeUtil<PainPointCardShape> {
  static override type = painPointCardType
  static override props = painPointCardProps
  static override migrations = painPointCardMigrations

  override getDefaultProps(): PainPointCardProps {
    return defaultPainPointCardProps()
  }

  override component(shape: PainPointCardShape) {
    return <PainPointCard shape={shape} />
  }

  override getText(shape: PainPointCardShape): string {
    const { problem, severity, solution } = shape.props
    const name = problem.trim() || 'Untitled pain point'
    const text = severity ? `${name} (${severityLabels[severity]} severity)` : name
    return solution.trim() ? `${text}. Solution: ${solution.trim()}` : text
  }
}

// Layout constants mirrored by cards.css.
const headerHeight = 32
const solutionLineHeight = 17
const solutionChrome = 6 + 8 + 1
const problemLineHeight = 20
const bodyPadding = 8 + 6

function PainPointCard({ shape }: { shape: PainPointCardShape }) {
  const isEditing = useIsEditing(shape.id)
  const { severity, h } = shape.props
  const solutionLines = h >= 190 ? 3 : 2
  const problemSpace =
    h - headerHeight - bodyPadding - solutionChrome - solutionLines * solutionLineHeight

  return (
    <CardShell
      shape={shape}
      kind="pain"
      isEditing={isEditing}
      className={`icp-severity--${severity ?? 'unset'}`}
    >
      <div className="icp-card__header">
        <Glyph name="icp-pain" size={15} strokeWidth={2.3} />
        <span className="icp-card__caption icp-ellipsis">Pain point</span>
        <SeverityMeter severity={severity} />
      </div>
      <div className="icp-card__body">
        <CardTextField
          shape={shape}
          prop="problem"
          isEditing={isEditing}
          label="Problem"
          lines={linesThatFit(problemSpace, problemLineHeight)}
          className="icp-pain__problem"
          placeholder="What slows the customer down?"
          isMultiline
          isAutoFocused
        />
      </div>
      <div className="icp-pain__solution">
        <Glyph name="check" size={14} strokeWidth={2.6} />
        <CardTextField
          shape={shape}
          prop="solution"
          isEditing={isEditing}
          label="Solution"
          lines={solutionLines}
          className="icp-pain__solution-text"
          placeholder="How we solve it"
          isMultiline
        />
      </div>
    </CardShell>
  )
}

/** Four bars, filled up to the severity, and its name; empty bars and "Severity?" when unset. */
function SeverityMeter({ severity }: { severity: Severity | null }) {
  const level = severity ? severities.indexOf(severity) + 1 : 0
  return (
    <span
      className="icp-severity"
      title={severity ? `Severity: ${severityLabels[severity]}` : 'Severity not set yet'}
    >
      <span className="icp-severity__bars" aria-hidden>
        {severities.map((name, index) => (
          <span
            key={name}
            className={`icp-severity__bar${index < level ? ' is-on' : ''}`}
            style={{ height: 5 + index * 3 }}
          />
        ))}
      </span>
      {severity ? severityLabels[severity] : 'Severity?'}
    </span>
  )
}
