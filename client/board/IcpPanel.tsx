import { useState } from 'react'
import { useEditor, useValue, type Editor, type TLShapeId } from 'tldraw'
import type { IcpDocument, IcpWarning } from '../../shared/compile/icpDocument'
import { toCsv } from '../../shared/export/toCsv'
import { toJson } from '../../shared/export/toJson'
import { toMarkdown } from '../../shared/export/toMarkdown'
import { withToken } from '../access/shareLinks'
import { OpenThreadsNotice, useExportGate } from '../comments/OpenThreadsExport'
import { useDataWarnings } from '../data/dataState'
import { useUiStore } from '../state/uiStore'
import { $compilation } from './boardCompiler'
import { useBoard } from './boardContext'
import { IcpPicker, useSelectedIcp } from './IcpPicker'
import { downloadFile, slugify } from './download'
import { errorText } from '../lib/errorText'

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

/** Selects shapes and brings them into view (from a warning or the unassigned-cards notice). */
function revealShapes(editor: Editor, shapeIds: readonly string[]) {
  const ids = shapeIds.filter((id) => editor.getShape(id as TLShapeId)) as TLShapeId[]
  if (ids.length === 0) return
  const pageId = editor.getAncestorPageId(ids[0]!)
  if (pageId && pageId !== editor.getCurrentPageId()) editor.setCurrentPage(pageId)
  editor.select(...ids)
  editor.zoomToSelection({ animation: { duration: 250 } })
}

/**
 * The ICP document panel: a live preview of what the board compiles to, with its health
 * warnings, and every export (Markdown, JSON, CSV, PDF, PNG, SVG).
 */
export function IcpPanel() {
  const isOpen = useUiStore((state) => state.isIcpPanelOpen)
  // Closed, it subscribes to nothing: the compilation changes with every edit on the board.
  if (!isOpen) return null
  return <IcpPanelContent />
}

function IcpPanelContent() {
  const editor = useEditor()
  const { roomId } = useBoard()
  const setOpen = useUiStore((state) => state.setIcpPanelOpen)
  const compilation = useValue($compilation)
  const icp = useSelectedIcp()
  const boardName = useValue('board name', () => editor.getDocumentSettings().name, [editor])
  const unassignedIds = compilation.unassigned.flatMap((group) => group.shapeIds)

  return (
    <aside
      className="side-panel icp-doc-panel"
      aria-label="ICP document"
      onKeyDown={(event) => event.stopPropagation()}
    >
      <header className="icp-doc-panel__header">
        <h2>ICP document</h2>
        <button
          className="button button--quiet"
          aria-label="Close ICP document"
          onClick={() => setOpen(false)}
        >
          ×
        </button>
      </header>
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
    </aside>
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
      <section>
        <h4>
          Health{' '}
          <span className="count">
            {problems.length === 0 ? '✓ no problems' : `${problems.length} to fix`}
          </span>
        </h4>
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
      </section>
      <section>
        <h4>
          Key attributes <span className="count">{doc.keyAttributes.length}</span>
        </h4>
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
      </section>
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
  const [error, setError] = useState<string | null>(null)
  const gate = useExportGate(doc)
  const { openThreads, isBlocked } = gate
  // The appendix lists open threads; a profile with none exports as before.
  const appendix = openThreads.length > 0 ? { openThreads } : {}
  const token = useUiStore((state) => state.roomAccess[roomId]?.token ?? null)
  const base = slugify(`${boardName} ${doc.name}`)
  const exportImage = async (format: 'png' | 'svg') => {
    setError(null)
    try {
      const shapes = editor.getCurrentPageShapes()
      if (shapes.length === 0) throw new Error('This page is empty.')
      const { blob } = await editor.toImage(shapes, { format, background: true, pixelRatio: 2 })
      downloadFile(`${slugify(boardName, 'board')}.${format}`, blob)
    } catch (caught) {
      setError(`Image export failed: ${errorText(caught)}`)
    }
  }
  const pdfUrl = withToken(
    `/api/rooms/${encodeURIComponent(roomId)}/icp.pdf?icp=${encodeURIComponent(doc.id)}`,
    token,
  )
  return (
    <footer className="icp-doc-panel__exports">
      <h4>Export this profile</h4>
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
        {isBlocked ? (
          <button className="button button--small" disabled>
            PDF
          </button>
        ) : (
          <a className="button button--small" href={pdfUrl} download>
            PDF
          </a>
        )}
      </div>
      <h4>Export the board</h4>
      <div className="icp-doc-panel__buttons">
        <button className="button button--small" onClick={() => exportImage('png')}>
          PNG image
        </button>
        <button className="button button--small" onClick={() => exportImage('svg')}>
          SVG image
        </button>
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
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </footer>
  )
}
