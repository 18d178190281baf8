import { useRef, useState, type ReactNode, type RefObject } from 'react'
import type { DatasetKind } from '../../shared/data/dataFields'
import type { DatasetMeta } from '../../shared/data/dataset'
import { formatCount } from './formatCount'
import { maxImportBytes } from './ImportDialog'

/** A file someone picked or dropped, or a sample, waiting for the mapping step. */
export interface PendingImport {
  kind: DatasetKind
  fileName: string
  text: string
}

/** Starts imports: reads a picked or dropped file, or loads a demo file shipped with the app. */
export interface ImportStarter {
  fromFile: (kind: DatasetKind, file: File) => void
  fromSample: (kind: DatasetKind) => void
}

/** Reads a file for import, refusing ones over the size limit before reading them. */
export async function readImportFile(file: File): Promise<string> {
  if (file.size > maxImportBytes) {
    throw new Error(
      `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; files up to 10 MB can be imported.`,
    )
  }
  return file.text()
}

/** The demo files in samples/, loaded on demand (they are not in the main bundle). */
export async function loadSample(kind: DatasetKind): Promise<PendingImport> {
  const text =
    kind === 'customers'
      ? (await import('../../samples/customers.csv?raw')).default
      : (await import('../../samples/accounts.csv?raw')).default
  return {
    kind,
    fileName: kind === 'customers' ? 'sample-customers.csv' : 'sample-leads.csv',
    text,
  }
}

/** A hidden CSV file picker (opened by a button); the same file can be picked twice in a row. */
function CsvFileInput({
  inputRef,
  label,
  onFile,
}: {
  inputRef: RefObject<HTMLInputElement | null>
  label: string
  onFile: (file: File) => void
}) {
  return (
    <input
      ref={inputRef}
      type="file"
      accept=".csv,text/csv"
      hidden
      aria-label={label}
      onChange={(event) => {
        const file = event.currentTarget.files?.[0]
        event.currentTarget.value = ''
        if (file) onFile(file)
      }}
    />
  )
}

/** A drop target with a file button: the empty state of a data set. */
export function DropZone({
  kind,
  title,
  detail,
  sampleLabel,
  canEdit,
  starter,
  children,
}: {
  kind: DatasetKind
  title: string
  detail: string
  sampleLabel: string
  canEdit: boolean
  starter: ImportStarter
  children?: ReactNode
}) {
  const inputRef = useRef<HTMLInputElement>(null)
  const [isOver, setIsOver] = useState(false)
  return (
    <div
      className={`data-dropzone${isOver ? ' is-over' : ''}`}
      onDragOver={(event) => {
        if (!canEdit) return
        event.preventDefault()
        setIsOver(true)
      }}
      onDragLeave={() => setIsOver(false)}
      onDrop={(event) => {
        event.preventDefault()
        event.stopPropagation()
        setIsOver(false)
        const file = event.dataTransfer.files[0]
        if (file && canEdit) starter.fromFile(kind, file)
      }}
    >
      <DataGlyph />
      <h3>{title}</h3>
      <p>{detail}</p>
      {canEdit ? (
        <>
          <div className="data-dropzone__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => inputRef.current?.click()}
            >
              Choose a CSV file
            </button>
            <span className="muted">or drop it here</span>
          </div>
          <button type="button" className="data-link" onClick={() => starter.fromSample(kind)}>
            {sampleLabel}
          </button>
          <CsvFileInput
            inputRef={inputRef}
            label={`CSV file of ${kind}`}
            onFile={(file) => starter.fromFile(kind, file)}
          />
        </>
      ) : (
        <p className="muted">An editor of this board can import the data.</p>
      )}
      {children}
    </div>
  )
}

/** A small table-and-arrow glyph for empty states (drawn, not an emoji). */
function DataGlyph() {
  return (
    <svg className="data-glyph" viewBox="0 0 48 48" aria-hidden>
      <rect x="6" y="8" width="30" height="32" rx="5" />
      <path d="M6 18h30M6 28h30M17 8v32" />
      <path d="M32 30l8 8M40 30v8h-8" className="data-glyph__arrow" />
    </svg>
  )
}

function importedWhen(meta: DatasetMeta): string {
  const date = new Date(meta.importedAt)
  return date.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** One line about a stored data set, with Replace and Remove for editors. */
export function DatasetSummary({
  meta,
  noun,
  canEdit,
  onReplace,
  onRemove,
}: {
  meta: DatasetMeta
  noun: string
  canEdit: boolean
  onReplace: (file: File) => void
  onRemove: () => void
}) {
  const inputRef = useRef<HTMLInputElement>(null)
  const [isConfirming, setIsConfirming] = useState(false)
  return (
    <div className="data-summary">
      <div className="data-summary__text">
        <strong>
          {formatCount(meta.rowCount)} {noun}
        </strong>
        <span className="muted" title={meta.fileName}>
          {meta.fileName} · {meta.importedBy ? `${meta.importedBy}, ` : ''}
          {importedWhen(meta)}
        </span>
      </div>
      {canEdit &&
        (isConfirming ? (
          <div className="data-summary__actions">
            <button
              type="button"
              className="button button--small button--danger"
              onClick={onRemove}
            >
              Remove
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => setIsConfirming(false)}
            >
              Keep
            </button>
          </div>
        ) : (
          <div className="data-summary__actions">
            <button
              type="button"
              className="button button--small"
              onClick={() => inputRef.current?.click()}
            >
              Replace
            </button>
            <button
              type="button"
              className="data-icon-button"
              aria-label={`Remove the ${noun}`}
              title={`Remove the ${noun}`}
              onClick={() => setIsConfirming(true)}
            >
              <svg viewBox="0 0 16 16" aria-hidden>
                <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5" />
              </svg>
            </button>
            <CsvFileInput inputRef={inputRef} label={`Replace the ${noun}`} onFile={onReplace} />
          </div>
        ))}
    </div>
  )
}

/** "Show N more" under a long list that shows `shown` of its `total` rows; nothing once all show. */
export function ShowMoreButton({
  total,
  shown,
  pageSize,
  onShowMore,
}: {
  total: number
  shown: number
  pageSize: number
  onShowMore: (shown: number) => void
}) {
  if (total <= shown) return null
  return (
    <button
      type="button"
      className="button button--small ranked__more"
      onClick={() => onShowMore(shown + pageSize)}
    >
      Show {formatCount(Math.min(pageSize, total - shown))} more
    </button>
  )
}
