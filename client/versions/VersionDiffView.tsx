import { attributeCategoryInfo } from '../../shared/compile/attributeCategoryInfo'
import {
  decisionRoleLabels,
  disqualifierKindLabels,
  importanceLabels,
  seniorityLabels,
  severityLabels,
} from '../../shared/compile/cardLabels'
import type {
  AttributeSnapshot,
  CardChanges,
  DisqualifierSnapshot,
  IcpDiff,
  PainPointSnapshot,
  PersonaSnapshot,
  VersionDiff,
} from '../../shared/workshop/versionDiff'

type Labels = Readonly<Record<string, string>>

function label(labels: Labels, key: string | null): string {
  return key === null ? 'Not set' : (labels[key] ?? key)
}

/** How each card kind reads in the diff: a title line and its compared fields. */
interface CardFormat<T> {
  title: (card: T) => string
  fields: { name: string; read: (card: T) => string }[]
}

function categoryLabel(category: string): string {
  return attributeCategoryInfo[category as keyof typeof attributeCategoryInfo]?.label ?? category
}

const attributeFormat: CardFormat<AttributeSnapshot> = {
  title: (card) => `${card.label || categoryLabel(card.category)}: ${card.value || '—'}`,
  fields: [
    { name: 'Category', read: (card) => categoryLabel(card.category) },
    { name: 'Label', read: (card) => card.label },
    { name: 'Value', read: (card) => card.value },
    { name: 'Importance', read: (card) => label(importanceLabels, card.importance) },
  ],
}

const personaFormat: CardFormat<PersonaSnapshot> = {
  title: (card) => card.title || 'Untitled persona',
  fields: [
    { name: 'Title', read: (card) => card.title },
    { name: 'Role', read: (card) => label(decisionRoleLabels, card.role) },
    { name: 'Department', read: (card) => card.department },
    { name: 'Seniority', read: (card) => label(seniorityLabels, card.seniority) },
  ],
}

const painPointFormat: CardFormat<PainPointSnapshot> = {
  title: (card) => card.problem || 'Untitled pain point',
  fields: [
    { name: 'Problem', read: (card) => card.problem },
    { name: 'Severity', read: (card) => label(severityLabels, card.severity) },
    { name: 'How we solve it', read: (card) => card.solution },
  ],
}

const disqualifierFormat: CardFormat<DisqualifierSnapshot> = {
  title: (card) => `${label(disqualifierKindLabels, card.kind)}: ${card.rule || '—'}`,
  fields: [
    { name: 'Kind', read: (card) => label(disqualifierKindLabels, card.kind) },
    { name: 'Rule', read: (card) => card.rule },
    { name: 'Reason', read: (card) => card.reason },
  ],
}

function changeCount<T>(changes: CardChanges<T>): number {
  return changes.added.length + changes.removed.length + changes.changed.length
}

function CardChangeList<T>({
  heading,
  changes,
  format,
}: {
  heading: string
  changes: CardChanges<T>
  format: CardFormat<T>
}) {
  if (changeCount(changes) === 0) return null
  return (
    <div className="vx-diff__group">
      <h5>{heading}</h5>
      <ul className="vx-diff__changes">
        {changes.added.map((card, i) => (
          <li key={`a${i}`} className="vx-change vx-change--added">
            <span className="vx-change__mark" aria-label="Added">
              +
            </span>
            {format.title(card)}
          </li>
        ))}
        {changes.removed.map((card, i) => (
          <li key={`r${i}`} className="vx-change vx-change--removed">
            <span className="vx-change__mark" aria-label="Removed">
              −
            </span>
            {format.title(card)}
          </li>
        ))}
        {changes.changed.map(({ shapeId, before, after }) => (
          <li key={shapeId} className="vx-change vx-change--changed">
            <span className="vx-change__mark" aria-label="Changed">
              ~
            </span>
            <span>
              {format.title(after)}
              <span className="vx-change__fields">
                {format.fields
                  .filter((field) => field.read(before) !== field.read(after))
                  .map((field) => (
                    <span key={field.name} className="vx-field">
                      {field.name}: <del>{field.read(before) || '—'}</del> →{' '}
                      <ins>{field.read(after) || '—'}</ins>
                    </span>
                  ))}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}

function IcpDiffView({ diff }: { diff: IcpDiff }) {
  const statusLabel = { added: 'New profile', removed: 'Removed profile', changed: 'Changed' }
  return (
    <article className="vx-diff__icp" data-status={diff.status}>
      <header>
        <h4>{diff.name || 'Ideal Customer Profile'}</h4>
        <span className={`vx-badge vx-badge--${diff.status}`}>{statusLabel[diff.status]}</span>
      </header>
      {diff.nameChange && (
        <p className="vx-field">
          Name: <del>{diff.nameChange.before}</del> → <ins>{diff.nameChange.after}</ins>
        </p>
      )}
      {diff.statement && (
        <div className="vx-statement">
          <h5>Statement</h5>
          <p className="vx-statement__before">
            <del>{diff.statement.before || '(empty)'}</del>
          </p>
          <p className="vx-statement__after">
            <ins>{diff.statement.after || '(empty)'}</ins>
          </p>
        </div>
      )}
      <CardChangeList heading="Attributes" changes={diff.attributes} format={attributeFormat} />
      <CardChangeList heading="Buying committee" changes={diff.personas} format={personaFormat} />
      <CardChangeList heading="Pain points" changes={diff.painPoints} format={painPointFormat} />
      <CardChangeList
        heading="Disqualifiers"
        changes={diff.disqualifiers}
        format={disqualifierFormat}
      />
    </article>
  )
}

/** A version diff in words: per ICP, the statement and every card added, removed or changed. */
export function VersionDiffView({ diff }: { diff: VersionDiff }) {
  if (!diff.hasChanges) {
    return <p className="vx-empty">No differences: the profiles are the same.</p>
  }
  return (
    <div className="vx-diff">
      {diff.icps.map((icp) => (
        <IcpDiffView key={icp.id} diff={icp} />
      ))}
    </div>
  )
}
