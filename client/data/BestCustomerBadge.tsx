import type { TLShapeId } from 'tldraw'
import type { MatchCount } from '../../shared/data/measureAttribute'
import { useAttributeEvidence } from './useDataState'
import './data.css'

/** How well the data backs a card: most best customers fit it, some do, few do. */
export function evidenceStrength(count: MatchCount): 'strong' | 'partial' | 'weak' {
  const share = count.total === 0 ? 0 : count.matched / count.total
  return share >= 0.7 ? 'strong' : share >= 0.4 ? 'partial' : 'weak'
}

/**
 * On an attribute card: how many best customers fit it (`14/20 best`), live as the card, the data
 * or the choice of best customers changes. Nothing without customer data; `no data` when the data
 * has no column for the card.
 */
export function BestCustomerBadge({ shapeId }: { shapeId: TLShapeId }) {
  const evidence = useAttributeEvidence(shapeId)
  if (!evidence || evidence.status === 'noConstraint') return null
  if (evidence.status === 'noField') {
    return (
      <span
        className="best-badge best-badge--none"
        title="The customer data has no column for this attribute"
      >
        no data
      </span>
    )
  }
  const { best, overall } = evidence
  return (
    <span
      className={`best-badge best-badge--${evidenceStrength(best)}`}
      title={`${best.matched} of ${best.total} best customers fit this (${overall.matched} of ${overall.total} of all customers)`}
      data-testid="best-customer-badge"
    >
      {best.matched}/{best.total} best
    </span>
  )
}
