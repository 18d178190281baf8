import {
  atom,
  computed,
  react,
  throttle,
  type Atom,
  type Computed,
  type Editor,
  type TLRecord,
} from 'tldraw'
import { compileBoard } from '../../shared/compile/compileBoard'
import type { BoardCompilation } from '../../shared/compile/icpDocument'
import {
  boardAgenda,
  defaultAgenda,
  isSameAgenda,
  type AgendaStep,
} from '../../shared/workshop/agenda'
import { votesForCompile } from '../../shared/workshop/voteTally'
import { DataState } from '../data/dataState'
import type { BoardWorkshop } from '../facilitation/boardWorkshop'
import { getVotableCards } from '../facilitation/votingCards'
import { localToday } from '../lib/localToday'
import type { StatementView } from '../shapes/statementText'

/** Recompiles at most this often while people type or drag. */
const compileIntervalMs = 150

/** How often the model looks at the clock for a new day (cheap; survives sleep and time zones). */
const todayCheckMs = 60_000

const emptyCompilation: BoardCompilation = { icps: [], unassigned: [] }

/**
 * One open board's derived state, in one place: its records (the editor's store), its votes (the
 * workshop's sessions and ballots), today's date and the customer data, and what they produce:
 * the compilation into ICP documents and the statement each statement card shows. Signals, so a
 * card or panel re-renders only when what it reads changes. `attach` starts it once the editor
 * exists; what it returns stops it.
 */
export class BoardModel {
  /** Today as `YYYY-MM-DD` in the viewer's time zone; moves on at midnight. */
  readonly $today: Atom<string>
  /** The board compiled into ICP documents; updated shortly after every change. */
  readonly $compilation: Atom<BoardCompilation> = atom('board compilation', emptyCompilation)
  /**
   * Dot votes per card shape id that order the key attributes: the latest closed vote of each
   * card kind (empty when nobody has voted, or before the editor is attached).
   */
  readonly $votes: Computed<ReadonlyMap<string, number>>
  /** Compiled statements by statement card id. */
  readonly $statementViews: Computed<ReadonlyMap<string, StatementView>> = computed(
    'statement views',
    () => {
      const views = new Map<string, StatementView>()
      for (const icp of this.$compilation.get().icps) {
        if (icp.statementShapeId) views.set(icp.statementShapeId, icp)
      }
      return views
    },
  )
  /** The workshop's steps as the board lays them out (shared/workshop/agenda.ts). */
  readonly $agenda: Atom<readonly AgendaStep[]> = atom('agenda', defaultAgenda)
  /** The board's customer and account data. */
  readonly data: DataState

  private readonly $editor = atom<Editor | null>('board model editor', null)

  constructor(
    readonly workshop: BoardWorkshop,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.$today = atom('today', localToday(now()))
    this.data = new DataState(this.$compilation)
    this.$votes = computed(
      'compile votes',
      () => {
        const editor = this.$editor.get()
        if (!editor) return new Map<string, number>()
        return votesForCompile(
          workshop.$sessions.get(),
          workshop.$ballots.get(),
          workshop.$tallies.get(),
          getVotableCards(editor).get(),
        )
      },
      { isEqual: isSameVotes },
    )
  }

  /**
   * Compiles the editor's records now, then after every document change (local or remote), vote
   * and new day, throttled. Returns a function that stops it and forgets what was compiled.
   */
  attach(editor: Editor): () => void {
    this.$editor.set(editor)
    const { store } = editor
    const run = () => {
      const records = store
        .allRecords()
        .filter((record: TLRecord) => store.scopedTypes.document.has(record.typeName))
      this.$compilation.set(
        compileBoard(records, { today: this.$today.get(), votes: this.$votes.get() }),
      )
      const agenda = boardAgenda(records)
      if (!isSameAgenda(agenda, this.$agenda.get())) this.$agenda.set(agenda)
    }
    const scheduled = throttle(run, compileIntervalMs, { leading: false, trailing: true })
    run()
    const stopListening = store.listen(scheduled, { scope: 'document' })
    let isFirstRun = true
    const stopReacting = react('recompile on votes and date', () => {
      this.$votes.get()
      this.$today.get()
      if (!isFirstRun) scheduled()
      isFirstRun = false
    })
    const clock = setInterval(() => {
      const today = localToday(this.now())
      if (today !== this.$today.get()) this.$today.set(today)
    }, todayCheckMs)
    return () => {
      clearInterval(clock)
      stopListening()
      stopReacting()
      scheduled.cancel()
      this.$editor.set(null)
      this.$compilation.set(emptyCompilation)
    }
  }
}

function isSameVotes(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false
  for (const [id, count] of a) if (b.get(id) !== count) return false
  return true
}
