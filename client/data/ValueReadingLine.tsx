import type { TLShapeId } from 'tldraw'
import { noMatchWarning } from '../../shared/data/checkValuesAgainstData'
import type { DatasetKind } from '../../shared/data/dataFields'
import type { AttributeEvidence } from '../../shared/data/measureAttribute'
import { useCardData } from './dataState'
import './data.css'

/** The first data set (customers, then accounts) in which a card's value fits no row. */
function firstNoMatch(
  evidence: Partial<Record<DatasetKind, AttributeEvidence | null>>,
): { kind: DatasetKind; evidence: Extract<AttributeEvidence, { status: 'measured' }> } | null {
  for (const kind of ['customers', 'accounts'] as const) {
    const measured = evidence[kind]
    if (measured?.status === 'measured' && measured.suggestions) {
      return { kind, evidence: measured }
    }
  }
  return null
}

/**
 * Under a card's value: how it is read (`→ any of: United States, Canada`), amber when some
 * items are only matched as text, and red when the loaded data has no row it fits, with the
 * data's own values (`⚠ fits no customer · data has United States, Canada…`).
 */
export function ValueReadingLine({
  shapeId,
  kind,
  label,
  display,
  reading,
  unknownItems,
}: {
  shapeId: TLShapeId
  kind: 'attribute' | 'disqualifier'
  label: string
  display: string
  reading: string
  unknownItems: readonly string[]
}) {
  const data = useCardData(shapeId)
  // A disqualifier that fits no customer is doing its job; only accounts can show a misreading.
  const noMatch = data
    ? firstNoMatch(
        kind === 'attribute'
          ? { customers: data.customers, accounts: data.accounts }
          : { accounts: data.accounts },
      )
    : null
  if (noMatch) {
    const card = { shapeId, label, display, reading, isDisqualifier: kind === 'disqualifier' }
    const warning = noMatchWarning(noMatch.kind, card, noMatch.evidence)
    const values = noMatch.evidence.suggestions ?? []
    const isNumber =
      noMatch.evidence.field.type === 'number' || noMatch.evidence.field.type === 'money'
    const has =
      values.length === 0
        ? ''
        : isNumber
          ? ` · data: ${values[0]!.value}`
          : ` · data has ${values.map((entry) => entry.value).join(', ')}`
    return (
      <div
        className="value-reading value-reading--no-match"
        title={warning?.message}
        data-testid="value-reading"
      >
        ⚠ fits no {noMatch.kind === 'customers' ? 'customer' : 'account'}
        {has}
      </div>
    )
  }
  // "SaaS" read as SaaS says nothing new; "Government entities" read as Government does.
  if (reading.trim().toLowerCase() === display.trim().toLowerCase()) return null
  return (
    <div
      className={`value-reading${unknownItems.length > 0 ? ' value-reading--text' : ''}`}
      title={`Read as ${reading}`}
      data-testid="value-reading"
    >
      → {reading}
    </div>
  )
}
