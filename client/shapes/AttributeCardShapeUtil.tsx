import { useEditor } from 'tldraw'
import { attributeCategoryInfo } from '../../shared/compile/attributeCategoryInfo'
import { evidenceSourceLabels, importanceLabels } from '../../shared/compile/cardLabels'
import {
  attributeCardMigrations,
  attributeCardProps,
  attributeCardType,
  defaultAttributeCardProps,
  importanceForNewCard,
  type AttributeCardProps,
  type AttributeCardShape,
} from '../../shared/schema/attributeCard'
import { readAttributeValue } from '../../shared/compile/readCardValue'
import { CardDataBadges } from '../data/CardDataBadges'
import { useValueReading, ValueReadingLine } from '../data/ValueReadingLine'
import { BaseCardShapeUtil } from './BaseCardShapeUtil'
import { attributeChipLabels, attributeGroupShortLabels, attributeValueExamples } from './cardCopy'
import { CardShell, CardTextField, linesThatFit, updateCardProps, useIsEditing } from './cardParts'
import { Glyph } from './CardIcon'

/** An ICP attribute: category chip, label, the value in large type, importance and evidence. */
export class AttributeCardShapeUtil extends BaseCardShapeUtil<AttributeCardShape> {
  static override type = attributeCardType
  static override props = attributeCardProps
  static override migrations = attributeCardMigrations

  override getDefaultProps(): AttributeCardProps {
    // A card is a nice-to-have until it lands in the step 4 frame (see `settleNewCard`).
    return { ...defaultAttributeCardProps(), importance: importanceForNewCard(null) }
  }

  override component(shape: AttributeCardShape) {
    return <AttributeCard shape={shape} />
  }

  override getText(shape: AttributeCardShape): string {
    const { category, label, value, importance } = shape.props
    const name = label.trim() || attributeCategoryInfo[category].label
    return `${name}: ${value.trim() || 'no value yet'} (${importanceLabels[importance]})`
  }
}

// Layout constants mirrored by cards.css; they decide how many value lines fit.
const headerHeight = 32
const footerHeight = 30
const bodyPadding = 8 + 8
const kickerHeight = 19
const inputHeight = 24
const readingHeight = 16

function AttributeCard({ shape }: { shape: AttributeCardShape }) {
  const editor = useEditor()
  const isEditing = useIsEditing(shape.id)
  const { category, label, value, importance, weight, listMatch, evidenceSource, evidenceNote } =
    shape.props
  const { w, h } = shape.props
  const info = attributeCategoryInfo[category]
  const isAssumption = evidenceSource === 'assumption'
  const hasValue = value.trim() !== ''
  const read = readAttributeValue(shape.props)
  const readingView = useValueReading(shape.id, 'attribute', label.trim() || info.label, read)
  const hasReading = hasValue && readingView !== null
  // The any/all switch matters only for several tools: a company has one country, one industry.
  const isList =
    read.parsed.kind === 'set' && read.parsed.family === 'tool' && read.parsed.items.length > 1

  // Short values get big type; longer ones a size that still fits two lines on a default card
  // (one line beside the reading: `Shopify + QuickBooks` then reads whole at the smaller size).
  const isShortValue = value.length <= (hasReading ? 14 : 22) && w >= 220
  const valueLineHeight = isShortValue ? 26 : 22
  const groupLabel = attributeGroupShortLabels[info.group]
  const valueSpace =
    h -
    headerHeight -
    footerHeight -
    bodyPadding -
    kickerHeight -
    (isEditing ? inputHeight : 0) -
    (hasReading ? readingHeight : 0)

  return (
    <CardShell
      shape={shape}
      kind="attribute"
      isEditing={isEditing}
      className={`icp-group--${info.group}`}
    >
      <div className="icp-card__header">
        <span className="icp-chip icp-chip--solid" title={`${info.label} (${groupLabel})`}>
          <span className="icp-ellipsis">{attributeChipLabels[category] ?? info.label}</span>
        </span>
        <span className="icp-card__spacer" />
        {isEditing && isList && (
          <button
            type="button"
            className="icp-badge icp-badge--nice icp-badge--button"
            title="Switch between any of the items (alternatives) and all of them"
            onPointerDown={(event) => event.stopPropagation()}
            onClick={() =>
              updateCardProps(editor, shape, { listMatch: listMatch === 'any' ? 'all' : 'any' })
            }
          >
            {listMatch === 'any' ? 'any of' : 'all of'}
          </button>
        )}
        {weight > 1 && (
          <span
            className="icp-badge icp-badge--weight"
            title={`Weight ${weight}: a fit counts ${weight} times`}
          >
            ×{weight}
          </span>
        )}
        <ImportanceBadge
          importance={importance}
          onToggle={
            isEditing
              ? () =>
                  updateCardProps(editor, shape, {
                    importance: importance === 'must' ? 'nice' : 'must',
                  })
              : undefined
          }
        />
      </div>
      <div className="icp-card__body">
        <div className="icp-attribute__kicker icp-ellipsis">
          <span className="icp-attribute__group">{groupLabel}</span>
          {!isEditing && label.trim() && <span className="icp-attribute__label"> · {label}</span>}
        </div>
        {isEditing && (
          <CardTextField
            shape={shape}
            prop="label"
            isEditing
            label="Label"
            lines={1}
            className="icp-attribute__label"
            placeholder={`Label (optional, default: ${info.label})`}
          />
        )}
        <CardTextField
          shape={shape}
          prop="value"
          isEditing={isEditing}
          label="Value"
          lines={linesThatFit(valueSpace, valueLineHeight)}
          className={`icp-attribute__value${isShortValue ? '' : ' icp-attribute__value--long'}`}
          placeholder={attributeValueExamples[category]}
          isAutoFocused
        />
        {hasReading && <ValueReadingLine view={readingView} />}
      </div>
      <div
        className={`icp-card__footer icp-evidence-line${isAssumption ? ' icp-evidence-line--assumption' : ''}`}
      >
        <Glyph name={isAssumption ? 'warning' : 'check'} size={14} strokeWidth={2.4} />
        <strong className="icp-evidence-line__source">
          {isAssumption ? 'Assumption' : evidenceSourceLabels[evidenceSource]}
        </strong>
        {isEditing ? (
          <CardTextField
            shape={shape}
            prop="evidenceNote"
            isEditing
            label="Evidence note"
            lines={1}
            className="icp-evidence-line__note"
            placeholder="Evidence note"
          />
        ) : (
          <span className="icp-evidence-line__note icp-ellipsis" title={evidenceNote || undefined}>
            {evidenceNote.trim() || (isAssumption ? 'not backed by data yet' : '')}
          </span>
        )}
        {!isEditing && <CardDataBadges shapeId={shape.id} kind="attribute" />}
      </div>
    </CardShell>
  )
}

function ImportanceBadge({
  importance,
  onToggle,
}: {
  importance: AttributeCardProps['importance']
  onToggle?: () => void
}) {
  const className = `icp-badge icp-badge--${importance}`
  const text = importance === 'must' ? `★ ${importanceLabels.must}` : importanceLabels.nice
  if (!onToggle) return <span className={className}>{text}</span>
  return (
    <button
      type="button"
      className={`${className} icp-badge--button`}
      title="Switch between must-have and nice-to-have"
      onPointerDown={(event) => event.stopPropagation()}
      onClick={onToggle}
    >
      {text}
    </button>
  )
}
