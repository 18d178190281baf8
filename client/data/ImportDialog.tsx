import { useDeferredValue, useMemo, useState } from 'react'
import { buildDataset } from '../../shared/data/buildDataset'
import {
  customFieldTypes,
  fieldsForKind,
  type CustomFieldType,
  type DatasetKind,
  type FieldRole,
} from '../../shared/data/dataFields'
import type { ColumnMapping, ColumnTarget } from '../../shared/data/dataset'
import { readCsv, type CsvTable, type DataProblem } from '../../shared/data/readCsv'
import { suggestMapping } from '../../shared/data/suggestMapping'
import { problemsOf } from './dataApi'
import { formatCount } from './formatCount'
import { errorText } from '../lib/errorText'
import { Dialog } from '../ui/Dialog'

/** Client-side limits, the same as the server's (it checks again). */
export const maxImportBytes = 10 * 1024 * 1024
export const maxImportRows = 50_000

/** Problems shown at most in the dialog. */
const maxShownProblems = 8

const customTypeLabels: Readonly<Record<CustomFieldType, string>> = {
  category: 'category',
  list: 'list of items',
  number: 'number',
  money: 'amount of money',
  boolean: 'yes / no',
}

const roleGroupLabels: Readonly<Record<FieldRole, string>> = {
  identity: 'Company',
  attribute: 'Attributes (compared with the ICP)',
  value: 'Value (ranks customers)',
}

const kindTitles: Readonly<Record<DatasetKind, string>> = {
  customers: 'Import customers',
  accounts: 'Import accounts to score',
}

/** A `<select>` value for a column's target. */
function optionOf(target: ColumnTarget | undefined): string {
  if (!target) return 'ignore'
  return target.field === 'custom' ? `custom:${target.type}` : `field:${target.field}`
}

function targetOf(option: string, column: number, header: string): ColumnTarget | null {
  if (option.startsWith('custom:')) {
    const type = option.slice('custom:'.length) as CustomFieldType
    return { column, field: 'custom', type, label: header.slice(0, 80) }
  }
  if (option.startsWith('field:')) {
    return { column, field: option.slice('field:'.length) } as ColumnTarget
  }
  return null
}

/** The first few distinct non-blank cells of a column. */
function samplesOf(table: CsvTable, column: number, count = 3): string[] {
  const samples: string[] = []
  for (const row of table.rows) {
    const cell = row.cells[column] ?? ''
    if (cell !== '' && !samples.includes(cell)) samples.push(cell)
    if (samples.length >= count) break
  }
  return samples
}

export interface ImportDialogProps {
  kind: DatasetKind
  fileName: string
  /** The file's text. */
  text: string
  onCancel: () => void
  /** Sends the import; throws an ApiError (with the problems in its body) when refused. */
  onImport: (mapping: ColumnMapping) => Promise<void>
}

/**
 * The column mapping step of an import: every column of the file with sample values and the
 * field it becomes (suggested from its header), and a live check of the whole file with the
 * same code the server runs, so problems show with their row numbers before anything is sent.
 * Nothing is imported until every problem is fixed (all or nothing).
 */
export function ImportDialog({ kind, fileName, text, onCancel, onImport }: ImportDialogProps) {
  const bytes = useMemo(() => new Blob([text]).size, [text])
  const read = useMemo(() => readCsv(text, { maxRows: maxImportRows }), [text])
  const table = read.table
  const [mapping, setMapping] = useState<ColumnMapping>(() =>
    table ? suggestMapping(table, kind) : [],
  )
  const deferredMapping = useDeferredValue(mapping)
  const check = useMemo(
    () => (table && read.problems.length === 0 ? buildDataset(table, deferredMapping, kind) : null),
    [table, read.problems.length, deferredMapping, kind],
  )
  const [isSending, setIsSending] = useState(false)
  const [serverError, setServerError] = useState<{
    message: string
    problems: DataProblem[]
  } | null>(null)

  const fileProblem =
    bytes > maxImportBytes
      ? `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB.`
      : read.isOverRowLimit
        ? `The file has more than ${formatCount(maxImportRows)} rows; the limit is ${formatCount(maxImportRows)}.`
        : null
  const problems: DataProblem[] = fileProblem
    ? []
    : read.problems.length > 0
      ? read.problems
      : check && !check.ok
        ? check.problems
        : []
  const problemCount =
    read.problems.length > 0 ? read.problems.length : check && !check.ok ? check.problemCount : 0
  const isReady = !fileProblem && check?.ok === true && deferredMapping === mapping
  const rowCount = table?.rows.length ?? 0
  const mappedFields = new Set(mapping.map((target) => target.field))
  const fields = fieldsForKind(kind)
  const hints: string[] = []
  if (isReady && !mappedFields.has('name') && !mappedFields.has('domain')) {
    hints.push('No company name column: rows will show as "Row 17".')
  }
  if (
    isReady &&
    kind === 'customers' &&
    !fields.some((f) => f.role === 'value' && mappedFields.has(f.key))
  ) {
    hints.push(
      'No value column (lifetime value, sales cycle, retention, churn or NPS): customers will be ranked in file order.',
    )
  }

  const setColumn = (column: number, option: string) => {
    const header = table?.headers[column] ?? ''
    const target = targetOf(option, column, header)
    setServerError(null)
    setMapping((current) => {
      // A standard field goes to one column only: taking it here frees it elsewhere.
      const others = current.filter(
        (entry) =>
          entry.column !== column &&
          !(target && target.field !== 'custom' && entry.field === target.field),
      )
      return target ? [...others, target].sort((a, b) => a.column - b.column) : others
    })
  }

  const submit = async () => {
    setIsSending(true)
    setServerError(null)
    try {
      await onImport(mapping)
    } catch (error) {
      setServerError({
        message: errorText(error),
        problems: problemsOf(error),
      })
      setIsSending(false)
    }
  }

  const noun = kind === 'customers' ? 'customers' : 'accounts'
  return (
    <Dialog
      title={kindTitles[kind]}
      size="large"
      className="data-dialog"
      // While the import is sent, the dialog stays: Escape and the backdrop do nothing.
      onClose={isSending ? undefined : onCancel}
      description={
        <>
          <strong className="data-dialog__file">{fileName}</strong>
          {table && (
            <span>
              {' '}
              · {formatCount(rowCount)} rows · {table.headers.length} columns
            </span>
          )}
        </>
      }
    >
      <p className="data-dialog__intro">
        Check what each column is. Columns set to <em>Don’t import</em> are left out; anything else
        can be a custom attribute (a yes/no answer, a category, a number).
      </p>
      {table && !fileProblem && (
        <div className="data-mapping" role="table" aria-label="Column mapping">
          <div className="data-mapping__head" role="row">
            <span role="columnheader">Column in your file</span>
            <span role="columnheader">Sample values</span>
            <span role="columnheader">Import as</span>
          </div>
          <div className="data-mapping__rows">
            {table.headers.map((header, column) => {
              const target = mapping.find((entry) => entry.column === column)
              const samples = samplesOf(table, column)
              return (
                <div
                  key={column}
                  role="row"
                  className={`data-mapping__row${target ? '' : ' is-ignored'}`}
                >
                  <span role="cell" className="data-mapping__header" title={header}>
                    {header}
                  </span>
                  <span role="cell" className="data-mapping__samples" title={samples.join(' · ')}>
                    {samples.length > 0 ? samples.join(' · ') : <em>empty</em>}
                  </span>
                  <span role="cell">
                    <select
                      className="data-select"
                      aria-label={`Import ${header} as`}
                      value={optionOf(target)}
                      onChange={(event) => setColumn(column, event.currentTarget.value)}
                    >
                      <option value="ignore">Don’t import</option>
                      {(['identity', 'attribute', 'value'] as const).map((role) => {
                        const options = fields.filter((field) => field.role === role)
                        if (options.length === 0) return null
                        return (
                          <optgroup key={role} label={roleGroupLabels[role]}>
                            {options.map((field) => (
                              <option key={field.key} value={`field:${field.key}`}>
                                {field.label}
                              </option>
                            ))}
                          </optgroup>
                        )
                      })}
                      <optgroup label="Custom attribute">
                        {customFieldTypes.map((type) => (
                          <option key={type} value={`custom:${type}`}>
                            {`${header.slice(0, 30)} (${customTypeLabels[type]})`}
                          </option>
                        ))}
                      </optgroup>
                    </select>
                  </span>
                </div>
              )
            })}
          </div>
        </div>
      )}
      <div className="data-dialog__status" aria-live="polite">
        {fileProblem ? (
          <ProblemBox title={fileProblem} problems={[]} count={0} />
        ) : serverError ? (
          <ProblemBox
            title={serverError.message}
            problems={serverError.problems}
            count={serverError.problems.length}
          />
        ) : problems.length > 0 ? (
          <ProblemBox
            title={`${formatCount(problemCount)} ${problemCount === 1 ? 'problem' : 'problems'} to fix in the file or the mapping. Nothing is imported until the whole file reads cleanly.`}
            problems={problems}
            count={problemCount}
          />
        ) : isReady ? (
          <div className="data-ready">
            <span className="data-ready__icon" aria-hidden>
              ✓
            </span>
            <span>
              Ready: {formatCount(rowCount)} {noun}, {mapping.length}{' '}
              {mapping.length === 1 ? 'column' : 'columns'} mapped.
            </span>
          </div>
        ) : (
          <p className="muted">Checking the file…</p>
        )}
        {hints.map((hint) => (
          <p key={hint} className="data-hint">
            {hint}
          </p>
        ))}
      </div>
      <footer className="data-dialog__footer">
        <button type="button" className="button" onClick={onCancel} disabled={isSending}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={!isReady || isSending}
          onClick={submit}
        >
          {isSending ? 'Importing…' : `Import ${formatCount(rowCount)} ${noun}`}
        </button>
      </footer>
    </Dialog>
  )
}

function ProblemBox({
  title,
  problems,
  count,
}: {
  title: string
  problems: readonly DataProblem[]
  count: number
}) {
  const shown = problems.slice(0, maxShownProblems)
  return (
    <div className="data-problems" role="alert">
      <p className="data-problems__title">{title}</p>
      {shown.length > 0 && (
        <ul>
          {shown.map((problem, i) => (
            <li key={i}>{problem.message}</li>
          ))}
        </ul>
      )}
      {count > shown.length && shown.length > 0 && (
        <p className="data-problems__more">…and {formatCount(count - shown.length)} more.</p>
      )}
    </div>
  )
}
