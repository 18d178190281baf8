import {
  defaultEvidenceCardProps,
  evidenceCardMigrations,
  evidenceCardProps,
  evidenceCardType,
  type EvidenceCardProps,
  type EvidenceCardShape,
} from '../../shared/schema/evidenceCard'
import { BaseCardShapeUtil } from './BaseCardShapeUtil'
import { CardShell, CardTextField, useIsEditing } from './cardParts'
import { Glyph, type GlyphName } from './CardIcon'
import { formatFact, unknownFact } from './formatFacts'

type FactProp =
  'salesCycleDays' | 'retentionMonths' | 'referrals' | 'lifetimeValue' | 'nps' | 'csat'

/** The six facts of a best customer, in card order, with their short names and units. */
export const evidenceFacts: readonly {
  prop: FactProp
  label: string
  unit: Parameters<typeof formatFact>[1]
  glyph: GlyphName
}[] = [
  { prop: 'salesCycleDays', label: 'Cycle', unit: 'days', glyph: 'clock' },
  { prop: 'retentionMonths', label: 'Retention', unit: 'months', glyph: 'repeat' },
  { prop: 'referrals', label: 'Referrals', unit: 'count', glyph: 'users' },
  { prop: 'lifetimeValue', label: 'LTV', unit: 'money', glyph: 'coin' },
  { prop: 'nps', label: 'NPS', unit: 'score', glyph: 'heart' },
  { prop: 'csat', label: 'CSAT', unit: 'percent', glyph: 'smile' },
]

/** A best customer (evidence): who it is and the numbers that make it valuable; unknowns are —. */
export class EvidenceCardShapeUtil extends BaseCardShapeUtil<EvidenceCardShape> {
  static override type = evidenceCardType
  static override props = evidenceCardProps
  static override migrations = evidenceCardMigrations

  protected override minSize = { w: 220, h: 150 }

  override getDefaultProps(): EvidenceCardProps {
    return defaultEvidenceCardProps()
  }

  override component(shape: EvidenceCardShape) {
    return <EvidenceCard shape={shape} />
  }

  override getText(shape: EvidenceCardShape): string {
    const facts = evidenceFacts
      .filter((fact) => shape.props[fact.prop] !== null)
      .map(
        (fact) =>
          `${fact.label} ${formatFact(shape.props[fact.prop], fact.unit, shape.props.currency)}`,
      )
    const name = shape.props.customer.trim() || 'Unnamed best customer'
    return facts.length ? `${name}: ${facts.join(', ')}` : name
  }
}

function EvidenceCard({ shape }: { shape: EvidenceCardShape }) {
  const isEditing = useIsEditing(shape.id)
  const { h } = shape.props
  const known = evidenceFacts.filter((fact) => shape.props[fact.prop] !== null).length
  const hasNote = h >= 160 || isEditing

  return (
    <CardShell shape={shape} kind="evidence" isEditing={isEditing}>
      <div className="icp-card__header">
        <Glyph name="icp-evidence" size={15} strokeWidth={2.2} />
        <span className="icp-card__caption icp-ellipsis">Best customer</span>
        <span className="icp-evidence__known">
          {known} of {evidenceFacts.length} facts
        </span>
      </div>
      <div className="icp-card__body icp-evidence__body">
        <CardTextField
          shape={shape}
          prop="customer"
          isEditing={isEditing}
          label="Customer"
          lines={1}
          className="icp-evidence__customer"
          placeholder="Customer name"
          isAutoFocused
        />
        <div className="icp-evidence__facts">
          {evidenceFacts.map((fact) => {
            const text = formatFact(shape.props[fact.prop], fact.unit, shape.props.currency)
            return (
              <div
                key={fact.prop}
                className={`icp-evidence__fact icp-evidence__fact--${fact.prop}`}
              >
                <div className="icp-evidence__fact-label icp-ellipsis">
                  <Glyph name={fact.glyph} size={11} strokeWidth={2.4} />
                  {fact.label}
                </div>
                <div
                  className={`icp-evidence__fact-value icp-ellipsis${text === unknownFact ? ' is-unknown' : ''}`}
                >
                  {text}
                </div>
              </div>
            )
          })}
        </div>
      </div>
      {hasNote && (
        <div className="icp-card__footer icp-evidence__note">
          <CardTextField
            shape={shape}
            prop="note"
            isEditing={isEditing}
            label="Note"
            lines={1}
            className="icp-evidence__note-text"
            placeholder="What they have in common with other best customers"
          />
        </div>
      )}
    </CardShell>
  )
}
