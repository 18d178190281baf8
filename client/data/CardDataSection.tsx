import { useEditor, useValue } from 'tldraw'
import { noMatchWarning } from '../../shared/data/checkValuesAgainstData'
import type { DatasetKind } from '../../shared/data/dataFields'
import type { AttributeEvidence } from '../../shared/data/measureAttribute'
import type { AttributeCardShape } from '../../shared/schema/attributeCard'
import type { DisqualifierCardShape } from '../../shared/schema/disqualifierCard'
import { readAttributeValue, readDisqualifierRule } from '../../shared/compile/readCardValue'
import { attributeCategoryInfo } from '../../shared/compile/attributeCategoryInfo'
import { disqualifierKindLabels } from '../../shared/compile/cardLabels'
import { updateCardProps } from '../shapes/cardParts'
import { useUiStore } from '../state/uiStore'
import { disqualifiedText, evidenceStrength } from './CardDataBadges'
import {
  $bestSelection,
  $effectiveBestCustomers,
  describeBestCustomers,
  useCardData,
  type CardData,
} from './dataState'
import { formatCount, formatShare } from './formatCount'
import './data.css'

type DataCard = AttributeCardShape | DisqualifierCardShape

/**
 * In the card panel of an attribute or disqualifier card: what the loaded data says about it.
 * Attributes: how many best customers and customers fit (with a button recording those numbers
 * as the card's CRM evidence); disqualifiers: how many best customers they would rule out. With
 * accounts: how many accounts it rules out when scoring, flagged past 90%. A value that fits no
 * row says so, with the data's own values to pick from.
 */
export function CardDataSection({ shape }: { shape: DataCard }) {
  const data = useCardData(shape.id)
  const openDataPanel = useUiStore((state) => state.openDataPanel)
  const hasData = data && (data.customers || data.accounts)
  if (!hasData) {
    return (
      <div className="icp-panel__section evidence-section">
        <h3 className="icp-panel__section-title">Customer data</h3>
        <p className="evidence-section__text">
          {shape.type === 'icp-attribute'
            ? 'Import customers to see how many of the best ones fit this attribute.'
            : 'Import customers or accounts to see whom this rule rules out.'}
        </p>
        <button
          type="button"
          className="icp-panel__button"
          onClick={() => openDataPanel('customers')}
        >
          Open customer data
        </button>
      </div>
    )
  }
  return (
    <div className="icp-panel__section evidence-section">
      <h3 className="icp-panel__section-title">Customer data</h3>
      <NoMatch shape={shape} data={data} />
      {shape.type === 'icp-attribute' ? (
        <AttributeCustomers shape={shape} evidence={data.customers} />
      ) : (
        <DisqualifierCustomers evidence={data.customers} />
      )}
      <Accounts shape={shape} data={data} />
    </div>
  )
}

function AttributeCustomers({
  shape,
  evidence,
}: {
  shape: AttributeCardShape
  evidence: AttributeEvidence | null
}) {
  const editor = useEditor()
  const selection = useValue($bestSelection)
  const settings = useValue($effectiveBestCustomers)
  if (!evidence || !selection || !settings) return null
  if (evidence.status !== 'measured') {
    return (
      <p className="evidence-section__text">
        {evidence.status === 'noField'
          ? 'The customer data has no column for this attribute. Label the card like a column of the file (e.g. “Hiring SDRs”), or map that column when importing.'
          : 'This value fits every customer, so the data cannot back or contradict it.'}
      </p>
    )
  }
  const bestLabel = describeBestCustomers(selection, settings)
  const { best, overall, field } = evidence
  const bestShare = best.total === 0 ? 0 : best.matched / best.total
  const overallShare = overall.total === 0 ? 0 : overall.matched / overall.total
  const note = `${formatShare(bestShare)} of ${bestLabel} vs ${formatShare(overallShare)} of all ${formatCount(overall.total)} customers (${field.column}).`
  return (
    <div data-testid="attribute-evidence">
      <p className={`evidence-section__big evidence-section__big--${evidenceStrength(best)}`}>
        <strong>
          {best.matched} / {best.total}
        </strong>{' '}
        best customers fit
      </p>
      <div className="evidence-section__bars" aria-hidden>
        <span className="evidence-section__bar">
          <span style={{ width: `${bestShare * 100}%` }} />
        </span>
        <span className="evidence-section__bar evidence-section__bar--all">
          <span style={{ width: `${overallShare * 100}%` }} />
        </span>
      </div>
      <p className="evidence-section__text">
        {formatShare(bestShare)} of {bestLabel}, vs {formatShare(overallShare)} of all{' '}
        {formatCount(overall.total)} customers. Tested against the column “{field.column}”
        {best.unknown > 0 ? `; ${best.unknown} best customers have it blank` : ''}.
      </p>
      {shape.props.evidenceNote !== note && !shape.isLocked && best.matched > 0 && (
        <button
          type="button"
          className="icp-panel__button"
          onClick={() => {
            editor.markHistoryStoppingPoint('use customer data as evidence')
            updateCardProps(editor, shape, { evidenceSource: 'crm', evidenceNote: note })
          }}
        >
          {shape.props.evidenceSource === 'crm' && shape.props.evidenceNote.trim() !== ''
            ? 'Update the evidence note with these numbers'
            : 'Use as the card’s evidence'}
        </button>
      )}
    </div>
  )
}

function DisqualifierCustomers({ evidence }: { evidence: AttributeEvidence | null }) {
  if (!evidence) return null
  if (evidence.status === 'noField') {
    return (
      <p className="evidence-section__text">
        The data has no column for this kind of rule: check it by hand when qualifying a lead.
      </p>
    )
  }
  if (evidence.status !== 'measured') return null
  const { best, overall } = evidence
  return (
    <p className="evidence-section__text" data-testid="disqualifier-customers">
      Would rule out <strong>{best.matched}</strong> of the {best.total} best customers (
      {overall.matched} of all {formatCount(overall.total)}).
    </p>
  )
}

function Accounts({ shape, data }: { shape: DataCard; data: CardData }) {
  const evidence = data.accounts
  if (evidence?.status !== 'measured') return null
  const { overall } = evidence
  const known = overall.total - overall.unknown
  return (
    <div data-testid="card-accounts">
      {shape.type === 'icp-attribute' && (
        <p className="evidence-section__text">
          {formatCount(overall.matched)} of {formatCount(overall.total)} accounts fit (
          {formatShare(overall.total === 0 ? 0 : overall.matched / overall.total)})
          {overall.unknown > 0 ? `; ${overall.unknown} have it blank` : ''}.
        </p>
      )}
      {data.disqualified && (
        <p
          className={`evidence-section__text${data.disqualified.isFlagged ? ' evidence-section__flag' : ''}`}
        >
          {data.disqualified.isFlagged ? '⚠ ' : ''}
          {disqualifiedText(data.disqualified)}
          {data.disqualified.isFlagged && known > 0
            ? ' Nearly every lead is ruled out: check how the value reads.'
            : ''}
        </p>
      )}
    </div>
  )
}

/** A value that fits no row: the warning, and the data's own values to use instead. */
function NoMatch({ shape, data }: { shape: DataCard; data: CardData }) {
  const editor = useEditor()
  const isAttribute = shape.type === 'icp-attribute'
  const kinds: DatasetKind[] = isAttribute ? ['customers', 'accounts'] : ['accounts']
  const hit = kinds
    .map((kind) => ({ kind, evidence: data[kind] }))
    .find(({ evidence }) => evidence?.status === 'measured' && evidence.suggestions)
  if (!hit || hit.evidence?.status !== 'measured') return null
  const read = isAttribute ? readAttributeValue(shape.props) : readDisqualifierRule(shape.props)
  const label = isAttribute
    ? shape.props.label.trim() || attributeCategoryInfo[shape.props.category].label
    : disqualifierKindLabels[shape.props.kind]
  const warning = noMatchWarning(
    hit.kind,
    { shapeId: shape.id, label, isDisqualifier: !isAttribute, ...read },
    hit.evidence,
  )
  const field = hit.evidence.field
  const canPick = field.type !== 'number' && field.type !== 'money' && !shape.isLocked
  const prop = isAttribute ? 'value' : 'rule'
  return (
    <div className="evidence-section__no-match" role="alert" data-testid="value-no-match">
      <p>{warning?.message}</p>
      {canPick && (hit.evidence.suggestions ?? []).length > 0 && (
        <div className="evidence-section__suggestions">
          {(hit.evidence.suggestions ?? []).map((entry) => (
            <button
              key={entry.value}
              type="button"
              className="icp-panel__button"
              title={`Use “${entry.value}” as the ${isAttribute ? 'value' : 'rule'}`}
              onClick={() => {
                editor.markHistoryStoppingPoint('use a value from the data')
                updateCardProps(editor, shape, { [prop]: entry.value } as never)
              }}
            >
              {entry.value}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
