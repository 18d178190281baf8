import { reviewStatus } from '../../shared/compile/reviewStatus'
import {
  defaultStatementCardProps,
  statementCardMigrations,
  statementCardProps,
  statementCardType,
  type StatementCardProps,
  type StatementCardShape,
} from '../../shared/schema/statementCard'
import { useToday } from '../board/boardContext'
import { BaseCardShapeUtil } from './BaseCardShapeUtil'
import { CardShell, CardTextField, Clamped, linesThatFit, useIsEditing } from './cardParts'
import { Glyph } from './CardIcon'
import { useStatementView } from './statementText'

/**
 * Names one ICP and shows its compiled statement (fed by the board through `statementText.ts`),
 * when it was last reviewed and when it is due again.
 */
export class StatementCardShapeUtil extends BaseCardShapeUtil<StatementCardShape> {
  static override type = statementCardType
  static override props = statementCardProps
  static override migrations = statementCardMigrations

  protected override minSize = { w: 320, h: 160 }

  override getDefaultProps(): StatementCardProps {
    return defaultStatementCardProps()
  }

  override component(shape: StatementCardShape) {
    return <StatementCard shape={shape} />
  }

  override getText(shape: StatementCardShape): string {
    return `ICP statement: ${shape.props.name.trim() || 'Untitled ICP'}`
  }
}

/** `every month`, `every 3 months`, `every year`. */
export function cadenceText(months: number): string {
  if (months === 12) return 'every year'
  return months === 1 ? 'every month' : `every ${months} months`
}

// Layout constants mirrored by cards.css.
const headerHeight = 52
const footerHeight = 34
const bodyPadding = 12 + 12
const statementLineHeight = 25

function StatementCard({ shape }: { shape: StatementCardShape }) {
  const isEditing = useIsEditing(shape.id)
  const view = useStatementView(shape.id)
  const { reviewDate, reviewCadenceMonths, h } = shape.props
  const review = reviewStatus(reviewDate, reviewCadenceMonths, useToday())
  const problems = view?.warnings.filter((warning) => warning.severity !== 'info') ?? []

  return (
    <CardShell shape={shape} kind="statement" isEditing={isEditing}>
      <div className="icp-statement__header">
        <div className="icp-statement__mark" aria-hidden>
          <Glyph name="icp-statement" size={20} strokeWidth={2.2} />
        </div>
        <div className="icp-statement__titles">
          <div className="icp-statement__caption">Ideal Customer Profile</div>
          <CardTextField
            shape={shape}
            prop="name"
            isEditing={isEditing}
            label="ICP name"
            lines={1}
            className="icp-statement__name"
            placeholder="Name this ICP"
            isAutoFocused
          />
        </div>
        {review.isOverdue ? (
          <span className="icp-statement__pill icp-statement__pill--overdue">Review overdue</span>
        ) : review.date === null ? (
          <span className="icp-statement__pill icp-statement__pill--missing">No review date</span>
        ) : null}
      </div>
      <div className="icp-statement__body">
        {view ? (
          <Clamped
            text={view.statement}
            lines={linesThatFit(h - headerHeight - footerHeight - bodyPadding, statementLineHeight)}
            className="icp-statement__text"
          />
        ) : (
          <div className="icp-statement__placeholder">
            The ICP statement appears here, written from the key attributes of this ICP.
          </div>
        )}
      </div>
      <div className="icp-card__footer icp-statement__footer">
        <Glyph name="calendar" size={14} strokeWidth={2.2} />
        <span className="icp-ellipsis">
          {review.date
            ? `Reviewed ${review.date} · ${cadenceText(review.cadenceMonths ?? reviewCadenceMonths)} · next ${review.nextReviewDate}`
            : `Review ${cadenceText(review.cadenceMonths ?? reviewCadenceMonths)} · set the last review date`}
        </span>
        {view && (
          <span
            className={`icp-statement__health${problems.length ? ' has-problems' : ''}`}
            title={problems.map((problem) => problem.message).join('\n') || undefined}
          >
            <Glyph name={problems.length ? 'warning' : 'check'} size={13} strokeWidth={2.4} />
            {problems.length ? `${problems.length} to fix` : 'Healthy'}
          </span>
        )}
      </div>
    </CardShell>
  )
}
