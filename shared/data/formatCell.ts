import { formatAmount } from '../values/formatValue'
import type { CellValue, DatasetField } from './dataset'

/** A cell as people read it: `SaaS`, `HubSpot, Slack`, `Yes`, `1,200`, `$1.2M`, `201 to 500`, `10,001+`. */
export function formatCell(value: CellValue | undefined, field: DatasetField): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (Array.isArray(value)) return value.join(', ')
  const amount = (n: number) => formatAmount(n, field.type === 'money' ? field.currency : null)
  if (typeof value === 'number') return amount(value)
  return value.max === null
    ? `${amount(value.min)}+`
    : `${amount(value.min)} to ${amount(value.max)}`
}
