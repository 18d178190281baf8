import { useState } from 'react'
import { useValue } from 'tldraw'
import type { BestCustomerSelection } from '../../shared/data/bestCustomers'
import type { BestCustomersEntry } from '../../shared/data/dataEntries'
import type { Dataset, DatasetField, DatasetRow } from '../../shared/data/dataset'
import type { ValueSummary } from '../../shared/data/findCommonalities'
import { isStandardFieldKey, standardFields } from '../../shared/data/dataFields'
import { formatCell } from '../../shared/data/formatCell'
import { accountName } from '../../shared/data/scoresToCsv'
import { changeBestCustomers } from './changeBestCustomers'
import { deleteDataset } from './dataApi'
import { DatasetSummary, DropZone, ShowMoreButton, type ImportStarter } from './dataPanelParts'
import { describeBestCustomers, shortFieldLabel } from './dataState'
import { formatAmountShort } from './formatAmountShort'
import { formatCount, formatShare } from './formatCount'
import type { DataAccess } from './useDataAccess'
import { useDataState } from './useDataState'
import { errorText } from '../lib/errorText'

/** Rows of the ranked list shown before "Show more". */
const pageSize = 100

/** Fields shown under a customer's name, when the data has them. */
const detailKeys = ['industry', 'employees', 'country'] as const

/**
 * Step 1: the imported customers ranked by a value field, how the best ones are chosen (top N or
 * a rule, plus ticks by hand), and how the best compare with everyone on the value fields.
 */
export function CustomersView({
  access,
  starter,
  customers,
}: {
  access: DataAccess
  starter: ImportStarter
  customers: Dataset | null
}) {
  const data = useDataState()
  const entry = useValue('customers entry', () => data.$datasetEntries.get().get('customers'), [
    data,
  ])
  const error = useValue('customers error', () => data.$datasetErrors.get().customers, [data])
  const settings = useValue(data.$effectiveBestCustomers)
  const selection = useValue(data.$bestSelection)
  const [actionError, setActionError] = useState<string | null>(null)

  if (!entry) {
    return (
      <DropZone
        kind="customers"
        title="Start from your best customers"
        detail="Import a CSV export of your customers from the CRM (HubSpot, Salesforce, Pipedrive…), with what they are worth: lifetime value, sales cycle, retention, churn or NPS. Everyone on the board sees it; it stays on this board's server."
        sampleLabel="Try it with 500 sample customers"
        canEdit={access.canEdit}
        starter={starter}
      />
    )
  }
  if (!customers || !settings || !selection) {
    return (
      <p className="data-loading" role="status">
        {error ? `Could not load the customer data: ${error}` : 'Loading customer data…'}
      </p>
    )
  }

  const run = (promise: Promise<string | null>) => {
    setActionError(null)
    void promise.then(setActionError)
  }

  return (
    <div className="data-view">
      <DatasetSummary
        meta={customers.meta}
        noun="customers"
        canEdit={access.canEdit}
        onReplace={(file) => starter.fromFile('customers', file)}
        onRemove={() =>
          run(
            deleteDataset(access.roomId, 'customers', access.token).then(
              () => null,
              (caught: unknown) => errorText(caught),
            ),
          )
        }
      />
      <SelectionControls
        access={access}
        customers={customers}
        settings={settings}
        onChange={(change) => run(changeBestCustomers(data, access, change))}
      />
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      <ValueTiles />
      <RankedList
        access={access}
        customers={customers}
        settings={settings}
        selection={selection}
        onTick={(row, isBest) =>
          run(changeBestCustomers(data, access, { ticks: [{ row, isBest }] }))
        }
        onClearTicks={() => run(changeBestCustomers(data, access, { clearTicks: true }))}
      />
    </div>
  )
}

function SelectionControls({
  access,
  customers,
  settings,
  onChange,
}: {
  access: DataAccess
  customers: Dataset
  settings: BestCustomersEntry
  onChange: (change: Parameters<typeof changeBestCustomers>[2]) => void
}) {
  const valueFields = customers.meta.fields.filter((field) => field.role === 'value')
  const [topDraft, setTopDraft] = useState<string | null>(null)
  const disabled = !access.canEdit
  const commitTop = () => {
    if (topDraft === null) return
    const topN = Math.round(Number(topDraft))
    setTopDraft(null)
    if (Number.isFinite(topN) && topN >= 1 && topN !== settings.topN) {
      onChange({ topN: Math.min(topN, customers.meta.rowCount) })
    }
  }
  return (
    <section className="data-card" aria-labelledby="best-customers-title">
      <h3 id="best-customers-title" className="data-card__title">
        Who are the best customers?
      </h3>
      <div className="data-controls">
        <label className="data-field">
          <span>Rank by</span>
          <select
            className="data-select"
            value={settings.valueField ?? ''}
            disabled={disabled}
            onChange={(event) => onChange({ valueField: event.currentTarget.value || null })}
          >
            {valueFields.map((field) => (
              <option key={field.key} value={field.key}>
                {field.label}
              </option>
            ))}
            <option value="">File order</option>
          </select>
        </label>
        <div className="data-field">
          <span>Best are</span>
          <div
            className="data-segmented"
            role="radiogroup"
            aria-label="How best customers are chosen"
          >
            {(['top', 'rule'] as const).map((mode) => (
              <button
                key={mode}
                type="button"
                role="radio"
                aria-checked={settings.mode === mode}
                disabled={disabled}
                onClick={() => onChange({ mode })}
              >
                {mode === 'top' ? 'The top' : 'A rule'}
              </button>
            ))}
          </div>
        </div>
        {settings.mode === 'top' && (
          <label className="data-field data-field--narrow">
            <span>How many</span>
            <input
              className="data-input"
              type="number"
              min={1}
              max={customers.meta.rowCount}
              value={topDraft ?? String(settings.topN)}
              disabled={disabled}
              aria-label="Number of best customers"
              onChange={(event) => setTopDraft(event.currentTarget.value)}
              onBlur={commitTop}
              onKeyUp={(event) => {
                if (event.key === 'Enter') commitTop()
              }}
            />
          </label>
        )}
      </div>
      {settings.mode === 'rule' && (
        <RuleEditor
          customers={customers}
          settings={settings}
          disabled={disabled}
          onChange={(conditions) => onChange({ conditions })}
        />
      )}
    </section>
  )
}

function RuleEditor({
  customers,
  settings,
  disabled,
  onChange,
}: {
  customers: Dataset
  settings: BestCustomersEntry
  disabled: boolean
  onChange: (conditions: BestCustomersEntry['conditions']) => void
}) {
  const fields = customers.meta.fields.filter((field) => field.role !== 'identity')
  const [drafts, setDrafts] = useState<Record<number, string>>({})
  const conditions = settings.conditions
  const fieldOptions = fields.map((field) => (
    <option key={field.key} value={field.key}>
      {field.label}
    </option>
  ))
  const examples: Record<string, string> = { money: '>= $50,000', number: '>= 12', boolean: 'no' }
  return (
    <div className="data-rule">
      <p className="muted data-rule__hint">
        Every condition must hold. Write values as on a card: <code>&gt;= $50,000</code>,{' '}
        <code>SaaS or Fintech</code>, <code>no</code>.
      </p>
      {conditions.map((condition, i) => {
        const field = fields.find((candidate) => candidate.key === condition.field)
        return (
          <div key={i} className="data-rule__row">
            <select
              className="data-select"
              aria-label={`Condition ${i + 1} field`}
              value={condition.field}
              disabled={disabled}
              onChange={(event) =>
                onChange(
                  conditions.map((c, j) =>
                    j === i ? { ...c, field: event.currentTarget.value } : c,
                  ),
                )
              }
            >
              {fieldOptions}
            </select>
            <input
              className="data-input"
              aria-label={`Condition ${i + 1} value`}
              value={drafts[i] ?? condition.value}
              placeholder={examples[field?.type ?? ''] ?? 'SaaS'}
              disabled={disabled}
              onChange={(event) => setDrafts({ ...drafts, [i]: event.currentTarget.value })}
              onBlur={() => {
                const value = drafts[i]?.trim()
                setDrafts({})
                if (value && value !== condition.value) {
                  onChange(conditions.map((c, j) => (j === i ? { ...c, value } : c)))
                }
              }}
            />
            <button
              type="button"
              className="data-icon-button"
              aria-label={`Remove condition ${i + 1}`}
              disabled={disabled}
              onClick={() => onChange(conditions.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
        )
      })}
      {conditions.length < 8 && fields.length > 0 && (
        <button
          type="button"
          className="button button--small"
          disabled={disabled}
          onClick={() => {
            const field = fields.find((f) => f.role === 'value') ?? fields[0]!
            onChange([...conditions, { field: field.key, value: examples[field.type] ?? 'yes' }])
          }}
        >
          + Add a condition
        </button>
      )}
    </div>
  )
}

function tileLabel(summary: ValueSummary): string {
  if (summary.field.key === 'churned') return 'Churn rate'
  if (summary.isShare) return summary.field.label
  const short = shortFieldLabel(summary.field.label)
  return short.charAt(0).toUpperCase() + short.slice(1)
}

function summaryValue(summary: ValueSummary, value: number | null): string {
  if (value === null) return '–'
  if (summary.isShare) return formatShare(value)
  if (summary.field.type === 'money') return formatAmountShort(value, summary.field.currency)
  const unit = isStandardFieldKey(summary.field.key)
    ? standardFields[summary.field.key].unit
    : undefined
  return `${formatAmountShort(value)}${unit ? ` ${unit}` : ''}`
}

/** Best vs all on each value field: what makes the best customers the best. */
function ValueTiles() {
  const commonalities = useValue(useDataState().$commonalities)
  if (!commonalities || commonalities.values.length === 0) return null
  return (
    <section aria-labelledby="value-tiles-title">
      <h3 id="value-tiles-title" className="data-section-title">
        Best customers vs everyone <span className="muted">(medians)</span>
      </h3>
      <div className="value-tiles">
        {commonalities.values.map((summary) => (
          <div key={summary.field.key} className="value-tile">
            <span className="value-tile__label">{tileLabel(summary)}</span>
            <span className="value-tile__best">{summaryValue(summary, summary.best)}</span>
            <span className="value-tile__all">
              vs {summaryValue(summary, summary.overall)} for all
            </span>
          </div>
        ))}
      </div>
    </section>
  )
}

function detailsOf(row: DatasetRow, fields: readonly DatasetField[]): string {
  return detailKeys
    .map((key) => {
      const field = fields.find((candidate) => candidate.key === key)
      if (!field) return ''
      const text = formatCell(row.values[key], field)
      return text && key === 'employees' ? `${text} employees` : text
    })
    .filter(Boolean)
    .join(' · ')
}

function RankedList({
  access,
  customers,
  settings,
  selection,
  onTick,
  onClearTicks,
}: {
  access: DataAccess
  customers: Dataset
  settings: BestCustomersEntry
  selection: BestCustomerSelection
  onTick: (row: number, isBest: boolean) => void
  onClearTicks: () => void
}) {
  const [shown, setShown] = useState(pageSize)
  const { ranked, best, valueField } = selection
  const ticks = settings.included.length + settings.excluded.length
  const fields = customers.meta.fields
  return (
    <section className="data-card data-card--list" aria-labelledby="ranked-title">
      <header className="ranked__header">
        <h3 id="ranked-title" className="data-card__title">
          {formatCount(best.size)} best of {formatCount(customers.meta.rowCount)}
        </h3>
        <span className="muted">{describeBestCustomers(selection, settings)}</span>
        {ticks > 0 && (
          <span className="ranked__ticks">
            {ticks} set by hand
            {access.canEdit && (
              <button type="button" className="data-link" onClick={onClearTicks}>
                Reset
              </button>
            )}
          </span>
        )}
      </header>
      <ol className="ranked" aria-label="Customers, best first">
        {ranked.slice(0, shown).map((row, index) => {
          const isBest = best.has(row.row)
          const name = accountName(row)
          return (
            <li key={row.row} className={`ranked__row${isBest ? ' is-best' : ''}`}>
              <input
                type="checkbox"
                checked={isBest}
                disabled={!access.canEdit}
                aria-label={`${name} is a best customer`}
                onChange={(event) => onTick(row.row, event.currentTarget.checked)}
              />
              <span className="ranked__rank">{index + 1}</span>
              <span className="ranked__name">
                <strong title={name}>{name}</strong>
                <span className="muted">{detailsOf(row, fields)}</span>
              </span>
              {valueField && (
                <span className="ranked__value">
                  {formatCell(row.values[valueField.key], valueField) || '–'}
                </span>
              )}
            </li>
          )
        })}
      </ol>
      <ShowMoreButton
        total={ranked.length}
        shown={shown}
        pageSize={pageSize}
        onShowMore={setShown}
      />
    </section>
  )
}
