import { useState, type ReactNode } from 'react'
import { useEditor, useValue } from 'tldraw'
import type { IcpDocument, IcpWarning } from '../../shared/compile/icpDocument'
import { toCsv } from '../../shared/export/toCsv'
import { toJson } from '../../shared/export/toJson'
import { toMarkdown } from '../../shared/export/toMarkdown'
import { downloadFromServer } from '../access/downloadFromServer'
import { OpenThreadsNotice, useExportGate } from '../comments/OpenThreadsExport'
import { useDataWarnings } from '../data/useDataState'
import { useUiStore } from '../state/uiStore'
import { sidePanelDomId } from '../state/panelsSlice'
import { useBoard, useBoardModel } from './boardContext'
import { IcpPicker, useSelectedIcp } from './IcpPicker'
import { downloadFile, slugify } from './download'
import { errorText } from '../lib/errorText'
import { useIsSheetLayout } from '../ui/screenLayout'
import { SidePanel } from '../ui/SidePanel'
import { revealShapes } from './visibleArea'

/** Drawn, not emoji: emoji fonts are missing on many Linux machines. */
function SeverityIcon({ severity }: { severity: IcpWarning['severity'] }) {
  return (
    <svg
      className={`severity-icon severity-icon--${severity}`}
      viewBox="0 0 16 16"
      aria-label={severity}
      role="img"
    >
      <circle cx="8" cy="8" r="7" />
      {severity === 'info' ? <path d="M8 7v4M8 4.6v.1" /> : <path d="M8 4v5M8 11.4v.1" />}
    </svg>
  )
}

/**
 * The ICP document panel: a live preview of what the board compiles to, with its health
 * warnings, and every export (Markdown, JSON, CSV, PDF, PNG, SVG).
 */
export function IcpPanel() {
  const isOpen = useUiStore((state) => state.openPanel === 'icp')
  // Closed, it subscribes to nothing: the compilation changes with every edit on the board.
  if (!isOpen) return null
  return <IcpPanelContent />
}

function IcpPanelContent() {
  const editor = useEditor()
  const { roomId } = useBoard()
  const model = useBoardModel()
  const closePanel = useUiStore((state) => state.closePanel)
  const compilation = useValue(model.$compilation)
  const icp = useSelectedIcp()
  const boardName = useValue('board name', () => editor.getDocumentSettings().name, [editor])
  const unassignedIds = compilation.unassigned.flatMap((group) => group.shapeIds)

  return (
    <SidePanel
      id={sidePanelDomId('icp')}
      title="ICP document"
      className="icp-doc-panel"
      closeLabel="Close ICP document"
      onClose={() => closePanel('icp')}
    >
      <IcpPicker label="Profile" className="field icp-doc-panel__picker" />
      {unassignedIds.length > 0 && (
        <button
          className="icp-doc-panel__notice"
          onClick={() => revealShapes(editor, unassignedIds)}
        >
          {unassignedIds.length === 1 ? '1 card is' : `${unassignedIds.length} cards are`} outside
          every ICP and not compiled. Show {unassignedIds.length === 1 ? 'it' : 'them'}
        </button>
      )}
      {icp ? (
        <IcpPreview doc={icp} onReveal={(ids) => revealShapes(editor, ids)} />
      ) : (
        <p className="muted icp-doc-panel__empty">
          Add an ICP statement card or some attribute cards to start the profile.
        </p>
      )}
      {icp && (
        <ExportButtons doc={icp} docs={compilation.icps} boardName={boardName} roomId={roomId} />
      )}
    </SidePanel>
  )
}

/**
 * A part of the document under its heading. On a phone it folds (a `<details>` whose summary is
 * the heading, open or closed at first as `isOpenAtFirst` says), so the statement comes first
 * and the rest is a tap away; elsewhere it is a plain section.
 */
function DocSection({
  heading,
  count,
  isOpenAtFirst = true,
  className,
  children,
}: {
  heading: string
  count: ReactNode
  isOpenAtFirst?: boolean
  className?: string
  children: ReactNode
}) {
  const isFoldable = useIsSheetLayout()
  const title = (
    <h4>
      {heading} <span className="count">{count}</span>
    </h4>
  )
  if (!isFoldable) {
    return (
      <section className={className}>
        {title}
        {children}
      </section>
    )
  }
  return (
    <details
      className={`icp-doc-panel__fold${className ? ` ${className}` : ''}`}
      open={isOpenAtFirst}
    >
      <summary>{title}</summary>
      {children}
    </details>
  )
}

function IcpPreview({
  doc,
  onReveal,
}: {
  doc: IcpDocument
  onReveal: (shapeIds: readonly string[]) => void
}) {
  // What the loaded customer and account data adds (values that fit no row).
  const dataWarnings = useDataWarnings(doc.id)
  const warnings = [...doc.warnings, ...dataWarnings]
  const problems = warnings.filter((warning) => warning.severity !== 'info')
  const notes = warnings.filter((warning) => warning.severity === 'info')
  return (
    <div className="icp-doc-panel__body">
      <section>
        <h3>{doc.name}</h3>
        <blockquote className="icp-doc-panel__statement" data-testid="icp-statement">
          {doc.statement}
        </blockquote>
      </section>
      <DocSection
        heading="Health"
        count={problems.length === 0 ? '✓ no problems' : `${problems.length} to fix`}
        isOpenAtFirst={false}
      >
        <ul className="icp-doc-panel__warnings">
          {[...problems, ...notes].map((warning, i) => (
            <li key={`${warning.code}-${i}`} className={`warning warning--${warning.severity}`}>
              <SeverityIcon severity={warning.severity} />
              <span>{warning.message}</span>
              {warning.shapeIds && warning.shapeIds.length > 0 && (
                <button
                  className="button button--quiet button--small"
                  onClick={() => onReveal(warning.shapeIds!)}
                >
                  Show
                </button>
              )}
            </li>
          ))}
        </ul>
      </DocSection>
      <DocSection heading="Key attributes" count={doc.keyAttributes.length}>
        <ol className="icp-doc-panel__attributes">
          {doc.keyAttributes.map((attribute) => (
            <li key={attribute.shapeId}>
              <button className="link" onClick={() => onReveal([attribute.shapeId])}>
                <strong>{attribute.label || attribute.categoryLabel}</strong>: {attribute.display}
              </button>
              <span className={`pill pill--${attribute.importance}`}>
                {attribute.importance === 'must' ? 'Must-have' : 'Nice-to-have'}
              </span>
              <span
                className={`pill ${attribute.evidence.source === 'assumption' ? 'pill--assumption' : ''}`}
              >
                {attribute.evidence.sourceLabel}
              </span>
            </li>
          ))}
        </ol>
      </DocSection>
      <section className="icp-doc-panel__stats">
        <Stat label="Buying committee" value={doc.buyingCommittee.length} />
        <Stat label="Pain points" value={doc.painPoints.length} />
        <Stat label="Disqualifiers" value={doc.disqualifiers.length} />
        <Stat label="Best customers" value={doc.evidence.length} />
      </section>
    </div>
  )
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="stat">
      <span className="stat__value">{value}</span>
      <span className="stat__label">{label}</span>
    </div>
  )
}

function ExportButtons({
  doc,
  docs,
  boardName,
  roomId,
}: {
  doc: IcpDocument
  docs: readonly IcpDocument[]
  boardName: string
  roomId: string
}) {
  const editor = useEditor()
  const isFoldable = useIsSheetLayout()
  const [error, setError] = useState<string | null>(null)
  // An image of a large board takes seconds: say so, and take no second click meanwhile.
  const [exporting, setExporting] = useState<'png' | 'svg' | null>(null)
  const gate = useExportGate(doc)
  const { openThreads, isBlocked } = gate
  // The appendix lists open threads; a profile with none exports as before.
  const appendix = openThreads.length > 0 ? { openThreads } : {}
  const token = useUiStore((state) => state.roomAccess[roomId]?.token ?? null)
  const base = slugify(`${boardName} ${doc.name}`)
  const exportImage = async (format: 'png' | 'svg') => {
    if (exporting) return
    setError(null)
    setExporting(format)
    try {
      const shapes = editor.getCurrentPageShapes()
      if (shapes.length === 0) throw new Error('This page is empty.')
      const { blob } = await editor.toImage(shapes, { format, background: true, pixelRatio: 2 })
      downloadFile(`${slugify(boardName, 'board')}.${format}`, blob)
    } catch (caught) {
      setError(`Image export failed: ${errorText(caught)}`)
    } finally {
      setExporting(null)
    }
  }
  const downloadPdf = () => {
    setError(null)
    const path = `/api/rooms/${encodeURIComponent(roomId)}/icp.pdf?icp=${encodeURIComponent(doc.id)}`
    downloadFromServer(roomId, path, token).catch((caught: unknown) =>
      setError(`PDF export failed: ${errorText(caught)}`),
    )
  }
  const exports = (
    <>
      <OpenThreadsNotice gate={gate} />
      <div className="icp-doc-panel__buttons">
        <button
          className="button button--small"
          disabled={isBlocked}
          onClick={() =>
            downloadFile(`${base}.md`, toMarkdown(doc, appendix), 'text/markdown;charset=utf-8')
          }
        >
          Markdown
        </button>
        <button
          className="button button--small"
          disabled={isBlocked}
          onClick={() => downloadFile(`${base}.json`, toJson(doc, appendix), 'application/json')}
        >
          JSON
        </button>
        <button
          className="button button--small"
          disabled={isBlocked}
          onClick={() => downloadFile(`${base}.csv`, toCsv([doc]), 'text/csv;charset=utf-8')}
        >
          CSV for CRM
        </button>
        <button className="button button--small" disabled={isBlocked} onClick={downloadPdf}>
          PDF
        </button>
      </div>
      <h4>Export the board</h4>
      <div className="icp-doc-panel__buttons">
        {(['png', 'svg'] as const).map((format) => (
          <button
            key={format}
            className="button button--small"
            disabled={exporting !== null}
            aria-busy={exporting === format}
            onClick={() => exportImage(format)}
          >
            {exporting === format && <span className="spinner" aria-hidden="true" />}
            {exporting === format
              ? `Exporting ${format.toUpperCase()}…`
              : `${format.toUpperCase()} image`}
          </button>
        ))}
        {docs.length > 1 && (
          <button
            className="button button--small"
            onClick={() =>
              downloadFile(
                `${slugify(boardName, 'board')}-all-icps.csv`,
                toCsv(docs),
                'text/csv;charset=utf-8',
              )
            }
          >
            CSV, all profiles
          </button>
        )}
      </div>
      <p className="icp-doc-panel__progress muted" role="status">
        {exporting && `Exporting the board as ${exporting.toUpperCase()}…`}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  )
  return (
    <footer className="icp-doc-panel__exports">
      <DocSection
        heading="Export this profile"
        count={isFoldable ? 'Markdown, JSON, CSV, PDF' : null}
        isOpenAtFirst={false}
      >
        {exports}
      </DocSection>
    </footer>
  )
}
