import type { TLShapeId } from 'tldraw'
import type { CardValue } from '../../shared/compile/readCardValue'
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

/** What the line under a card's value says: its text, tone and the full sentence on hover. */
export interface ValueReadingView {
  text: string
  tone: 'reading' | 'text' | 'noMatch'
  title: string
}

/**
 * The line under a card's value, or null when it would say nothing new ("SaaS" read as SaaS):
 * how the value is read (`→ any of: United States, Canada`), amber when some items are only
 * matched as text, red when the loaded data has no row it fits, with the data's own values
 * (`⚠ fits no customer · data has United States, Canada…`). A disqualifier fitting no customer
 * is doing its job: only accounts can show its misreading.
 */
export function useValueReading(
  shapeId: TLShapeId,
  kind: 'attribute' | 'disqualifier',
  label: string,
  read: CardValue,
): ValueReadingView | null {
  const data = useCardData(shapeId)
  const noMatch = data
    ? firstNoMatch(
        kind === 'attribute'
          ? { customers: data.customers, accounts: data.accounts }
          : { accounts: data.accounts },
      )
    : null
  if (noMatch) {
    const card = { shapeId, label, ...read, isDisqualifier: kind === 'disqualifier' }
    const warning = noMatchWarning(noMatch.kind, card, noMatch.evidence)
    const values = noMatch.evidence.suggestions ?? []
    const { type } = noMatch.evidence.field
    const has =
      values.length === 0
        ? ''
        : type === 'number' || type === 'money'
          ? ` · data: ${values[0]!.value}`
          : ` · data has ${values.map((entry) => entry.value).join(', ')}`
    const noun = noMatch.kind === 'customers' ? 'customer' : 'account'
    return { text: `⚠ fits no ${noun}${has}`, tone: 'noMatch', title: warning?.message ?? '' }
  }
  if (read.reading.trim().toLowerCase() === read.display.trim().toLowerCase()) return null
  return {
    text: `→ ${read.reading}`,
    tone: read.unknownItems.length > 0 ? 'text' : 'reading',
    title: `Read as ${read.reading}`,
  }
}

/** Renders a `ValueReadingView` under a card's value. */
export function ValueReadingLine({ view }: { view: ValueReadingView }) {
  const tone =
    view.tone === 'reading' ? '' : ` value-reading--${view.tone === 'text' ? 'text' : 'no-match'}`
  return (
    <div className={`value-reading${tone}`} title={view.title} data-testid="value-reading">
      {view.text}
    </div>
  )
}
