import { useEditor, useValue } from 'tldraw'
import type { AttributeCardShape } from '../../shared/schema/attributeCard'
import { updateCardProps } from '../shapes/cardParts'
import { useUiStore } from '../state/uiStore'
import { evidenceStrength } from './BestCustomerBadge'
import { describeBestCustomers } from './dataState'
import { formatCount, formatShare } from './formatCount'
import { useAttributeEvidence, useDataState } from './useDataState'
import './data.css'

/**
 * In the card panel of an attribute card: what the customer data says about it (best customers
 * that fit, all customers that fit, the column tested), and a button that records those numbers
 * as the card's CRM evidence.
 */
export function AttributeEvidenceSection({ shape }: { shape: AttributeCardShape }) {
  const editor = useEditor()
  const evidence = useAttributeEvidence(shape.id)
  const data = useDataState()
  const selection = useValue(data.$bestSelection)
  const settings = useValue(data.$effectiveBestCustomers)
  const openDataPanel = useUiStore((state) => state.openDataPanel)
  if (!evidence || !selection || !settings) {
    return (
      <div className="icp-panel__section evidence-section">
        <h3 className="icp-panel__section-title">Customer data</h3>
        <p className="evidence-section__text">
          Import customers to see how many of the best ones fit this attribute.
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
  const bestLabel = describeBestCustomers(selection, settings)
  if (evidence.status !== 'measured') {
    return (
      <div className="icp-panel__section evidence-section">
        <h3 className="icp-panel__section-title">Customer data</h3>
        <p className="evidence-section__text">
          {evidence.status === 'noField'
            ? 'The customer data has no column for this attribute. Label the card like a column of the file (e.g. “Hiring SDRs”), or map that column when importing.'
            : 'This value fits every customer, so the data cannot back or contradict it.'}
        </p>
      </div>
    )
  }
  const { best, overall, field } = evidence
  const bestShare = best.total === 0 ? 0 : best.matched / best.total
  const overallShare = overall.total === 0 ? 0 : overall.matched / overall.total
  const note = `${formatShare(bestShare)} of ${bestLabel} vs ${formatShare(overallShare)} of all ${formatCount(overall.total)} customers (${field.column}).`
  return (
    <div className="icp-panel__section evidence-section" data-testid="attribute-evidence">
      <h3 className="icp-panel__section-title">Customer data</h3>
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
      {shape.props.evidenceNote !== note && !shape.isLocked && !editor.getIsReadonly() && (
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
