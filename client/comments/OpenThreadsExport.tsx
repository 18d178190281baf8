import { useMemo } from 'react'
import { useEditor, useValue, type TLShapeId } from 'tldraw'
import type { IcpDocument, IcpOpenThread } from '../../shared/compile/icpDocument'
import { describeShape, openThreadsForIcp } from '../../shared/workshop/commentThreads'
import { useUiStore } from '../state/uiStore'
import { useBoardComments, useCommentPermissions } from './useComments'

/** What the export buttons need to know about an ICP's open comment threads. */
export interface ExportGate {
  /** Open threads on the ICP's cards and area, for the exports' appendix. */
  openThreads: IcpOpenThread[]
  /** The facilitator requires resolved threads for the final export, and some are open. */
  isBlocked: boolean
  requiresResolvedThreads: boolean
}

/** The open threads of `doc` and whether they hold its exports back. */
export function useExportGate(doc: IcpDocument): ExportGate {
  const editor = useEditor()
  const comments = useBoardComments()
  const requiresResolvedThreads = useValue(comments.$requiresResolvedThreads)
  const openThreads = useValue(
    'open threads of the ICP',
    () =>
      openThreadsForIcp(doc, comments.$threads.get(), {
        shapeLabel: (shapeId) => describeShape(editor.getShape(shapeId as TLShapeId)),
        isPointInIcp: (anchor) => {
          if (anchor.pageId !== doc.scope.pageId) return false
          if (doc.scope.frameId === null) return true
          const frame = editor.getShapePageBounds(doc.scope.frameId as TLShapeId)
          return frame?.containsPoint(anchor) ?? false
        },
      }),
    [editor, comments, doc],
  )
  return useMemo(
    () => ({
      openThreads,
      requiresResolvedThreads,
      isBlocked: requiresResolvedThreads && openThreads.length > 0,
    }),
    [openThreads, requiresResolvedThreads],
  )
}

/**
 * In the ICP document panel, above the exports: how many threads are still open on this profile
 * (a link to the comments list), the facilitator's "final export requires resolved threads"
 * switch, and why the exports are disabled while it holds them back.
 */
export function OpenThreadsNotice({ gate }: { gate: ExportGate }) {
  const comments = useBoardComments()
  const { isFacilitator } = useCommentPermissions()
  const openList = () => {
    const store = useUiStore.getState()
    store.setCommentFilter('open')
    store.showPanel('comments')
  }
  const count = gate.openThreads.length
  return (
    <div className="open-threads">
      <div className="open-threads__summary">
        {count === 0 ? (
          <span className="muted">No open comment threads on this profile.</span>
        ) : (
          <button type="button" className="link" onClick={openList} data-testid="open-threads">
            {count === 1 ? '1 open thread' : `${count} open threads`}
          </button>
        )}
        {count > 0 && <span className="muted">appended to Markdown and JSON exports</span>}
      </div>
      {isFacilitator && (
        <label className="open-threads__toggle">
          <input
            type="checkbox"
            checked={gate.requiresResolvedThreads}
            onChange={(event) => comments.setRequiresResolvedThreads(event.target.checked)}
          />
          Final export: require every thread resolved
        </label>
      )}
      {gate.isBlocked && (
        <p className="open-threads__blocked" role="status">
          Exports are off until{' '}
          {count === 1 ? 'the open thread is' : `all ${count} open threads are`} resolved: the
          facilitator asked for a final export with no open questions.
        </p>
      )}
    </div>
  )
}
