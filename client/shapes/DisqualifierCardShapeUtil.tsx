import { disqualifierKindLabels } from '../../shared/compile/cardLabels'
import {
  defaultDisqualifierCardProps,
  disqualifierCardMigrations,
  disqualifierCardProps,
  disqualifierCardType,
  type DisqualifierCardProps,
  type DisqualifierCardShape,
} from '../../shared/schema/disqualifierCard'
import { readDisqualifierRule } from '../../shared/compile/readCardValue'
import { CardDataBadges } from '../data/CardDataBadges'
import { useValueReading, ValueReadingLine } from '../data/ValueReadingLine'
import { BaseCardShapeUtil } from './BaseCardShapeUtil'
import { CardShell, CardTextField, linesThatFit, useIsEditing } from './cardParts'
import { Glyph } from './CardIcon'

/** A negative-ICP rule: a lead matching it is ruled out. Red, with a no-entry mark. */
export class DisqualifierCardShapeUtil extends BaseCardShapeUtil<DisqualifierCardShape> {
  static override type = disqualifierCardType
  static override props = disqualifierCardProps
  static override migrations = disqualifierCardMigrations

  override getDefaultProps(): DisqualifierCardProps {
    return defaultDisqualifierCardProps()
  }

  override component(shape: DisqualifierCardShape) {
    return <DisqualifierCard shape={shape} />
  }

  override getText(shape: DisqualifierCardShape): string {
    const { kind, rule, reason } = shape.props
    const text = `Disqualifier (${disqualifierKindLabels[kind]}): ${rule.trim() || 'no rule yet'}`
    return reason.trim() ? `${text}. Why: ${reason.trim()}` : text
  }
}

// Layout constants mirrored by cards.css.
const headerHeight = 32
const footerLineHeight = 16
const footerChrome = 6 + 7 + 1
const ruleLineHeight = 20
const bodyChrome = 10 + 8 + 16
const readingHeight = 16

function DisqualifierCard({ shape }: { shape: DisqualifierCardShape }) {
  const isEditing = useIsEditing(shape.id)
  const { kind, rule, h } = shape.props
  const hasRule = rule.trim() !== ''
  const read = readDisqualifierRule(shape.props)
  const readingView = useValueReading(shape.id, 'disqualifier', disqualifierKindLabels[kind], read)
  const hasReading = hasRule && readingView !== null
  const reasonLines = h >= 180 ? 2 : 1
  const ruleSpace =
    h -
    headerHeight -
    bodyChrome -
    footerChrome -
    reasonLines * footerLineHeight -
    (hasReading ? readingHeight : 0)

  return (
    <CardShell shape={shape} kind="disqualifier" isEditing={isEditing}>
      <div className="icp-card__header">
        <Glyph name="icp-disqualifier" size={15} strokeWidth={2.3} />
        <span className="icp-card__caption icp-ellipsis">Disqualifier</span>
        <span className="icp-chip icp-chip--solid">{disqualifierKindLabels[kind]}</span>
      </div>
      <div className="icp-card__body icp-disqualifier__body">
        <div className="icp-disqualifier__mark" aria-hidden>
          <span />
        </div>
        <div className="icp-disqualifier__rule-column">
          <div className="icp-disqualifier__lead">Rule out if</div>
          <CardTextField
            shape={shape}
            prop="rule"
            isEditing={isEditing}
            label="Rule"
            lines={linesThatFit(ruleSpace, ruleLineHeight)}
            className="icp-disqualifier__rule"
            placeholder="e.g. Government, Gambling"
            isAutoFocused
          />
          {hasReading && <ValueReadingLine view={readingView} />}
        </div>
      </div>
      <div className="icp-disqualifier__reason">
        <span className="icp-disqualifier__why">Why</span>
        <CardTextField
          shape={shape}
          prop="reason"
          isEditing={isEditing}
          label="Reason"
          lines={reasonLines}
          className="icp-disqualifier__reason-text"
          placeholder="Why this rules a lead out"
          isMultiline={reasonLines > 1}
        />
        {!isEditing && <CardDataBadges shapeId={shape.id} kind="disqualifier" />}
      </div>
    </CardShell>
  )
}
