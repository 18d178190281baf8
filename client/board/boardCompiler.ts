import { atom, react, throttle, type Editor, type TLRecord } from 'tldraw'
import { compileBoard } from '../../shared/compile/compileBoard'
import type { BoardCompilation } from '../../shared/compile/icpDocument'
import { localToday } from '../lib/localToday'
import { setStatementViews, type StatementView } from '../shapes/statementText'

/** The board compiled into ICP documents; updated shortly after every document change. */
export const $compilation = atom<BoardCompilation>('board compilation', {
  icps: [],
  unassigned: [],
})

/**
 * Dot votes per card shape id that order the key attributes: the latest closed vote of each card
 * kind (set by client/facilitation/FacilitationEffects.tsx; empty when nobody has voted).
 */
export const $compileVotes = atom<ReadonlyMap<string, number>>('compile votes', new Map())

/** Recompiles at most this often while people type or drag. */
const compileIntervalMs = 150

/**
 * Keeps `$compilation` and the statement cards in step with the board: compiles now, then after
 * every document change (local or remote), throttled. Returns a function that stops it.
 */
export function startBoardCompiler(editor: Editor): () => void {
  const run = () => {
    const records = editor.store
      .allRecords()
      .filter((record: TLRecord) => editor.store.scopedTypes.document.has(record.typeName))
    const compilation = compileBoard(records, { today: localToday(), votes: $compileVotes.get() })
    $compilation.set(compilation)
    const views = new Map<string, StatementView>()
    for (const icp of compilation.icps) {
      if (icp.statementShapeId) views.set(icp.statementShapeId, icp)
    }
    setStatementViews(views)
  }
  const scheduled = throttle(run, compileIntervalMs, { leading: false, trailing: true })
  run()
  const stop = editor.store.listen(scheduled, { scope: 'document' })
  let isFirstRun = true
  const stopVotes = react('recompile on votes', () => {
    $compileVotes.get()
    if (!isFirstRun) scheduled()
    isFirstRun = false
  })
  return () => {
    stop()
    stopVotes()
    scheduled.cancel()
  }
}
