import type { TLShapeId } from 'tldraw'
import type { MatchCount } from '../../shared/data/measureAttribute'
import { useCardData, type CardData } from './dataState'
import { formatCount, formatShare } from './formatCount'
import './data.css'

/** How well the data backs a card: most best customers fit it, some do, few do. */
export function evidenceStrength(count: MatchCount): 'strong' | 'partial' | 'weak' {
  const share = count.total === 0 ? 0 : count.matched / count.total
  return share >= 0.7 ? 'strong' : share >= 0.4 ? 'partial' : 'weak'
}

/** `Rules out 24 of 200 accounts (12%) when scoring.` */
export function disqualifiedText(disqualified: NonNullable<CardData['disqualified']>): string {
  const { count, total, share } = disqualified
  return `Rules out ${formatCount(count)} of ${formatCount(total)} accounts (${formatShare(share)}) when scoring.`
}

/**
 * On an attribute or disqualifier card: how many best customers fit it (`14/20 best`; for a
 * disqualifier, how many it would rule out) and, with accounts loaded, the share of accounts it
 * disqualifies (`rules out 12%`, red past 90%). Live as the card, the data or the best customers
 * change; nothing without data.
 */
export function CardDataBadges({
  shapeId,
  kind,
}: {
  shapeId: TLShapeId
  kind: 'attribute' | 'disqualifier'
}) {
  const data = useCardData(shapeId)
  if (!data) return null
  return (
    <>
      <CustomersBadge evidence={data.customers} kind={kind} />
      {data.disqualified && data.disqualified.count > 0 && (
        <span
          className={`best-badge ${data.disqualified.isFlagged ? 'best-badge--flagged' : 'best-badge--out'}`}
          title={disqualifiedText(data.disqualified)}
          data-testid="accounts-out-badge"
        >
          {data.disqualified.isFlagged ? '⚠ ' : ''}rules out {formatShare(data.disqualified.share)}
        </span>
      )}
    </>
  )
}

function CustomersBadge({
  evidence,
  kind,
}: {
  evidence: CardData['customers']
  kind: 'attribute' | 'disqualifier'
}) {
  if (!evidence || evidence.status === 'noConstraint') return null
  if (evidence.status === 'noField') {
    // A legal or product rule has no column: people judge it, nothing to say on the card.
    if (kind === 'disqualifier') return null
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
  if (kind === 'disqualifier') {
    return (
      <span
        className={`best-badge ${best.matched > 0 ? 'best-badge--weak' : 'best-badge--none'}`}
        title={`Would rule out ${best.matched} of your ${best.total} best customers (${overall.matched} of all ${overall.total})`}
        data-testid="best-customer-badge"
      >
        {best.matched}/{best.total} best out
      </span>
    )
  }
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
