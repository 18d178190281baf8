import { atom, type Atom } from 'tldraw'
import type { FieldConflict } from '../../shared/BoardRecords'
import { propFieldPrefix } from '../../shared/docLayout'

/** An edit of this browser that lost to someone else's concurrent edit of the same field. */
export interface ConflictNotice {
  /** Unique per notice. */
  id: string
  recordId: string
  /** `props.label`, ... */
  field: string
  /** The value this browser wrote, which lost. */
  mine: unknown
  /** The value that won and is on the board. */
  theirs: unknown
  /** The Yjs client id that wrote the winning value. */
  byClient: number
  /** Who wrote the winning value, when their presence was known at the time. */
  byName: string | null
  /** True when the losing edit was made while this browser was offline. */
  wasOffline: boolean
}

/**
 * Fields worth a notice: the content of a card (props), not where it sits or how big it is, which
 * concurrent drags change all the time and which anyone sees at a glance.
 */
export function isNoticeableField(field: string): boolean {
  if (!field.startsWith(propFieldPrefix)) return false
  const prop = field.slice(propFieldPrefix.length)
  return prop !== 'w' && prop !== 'h' && prop !== 'scale'
}

/** How many notices stay at most; older ones are dropped first. */
const maxNotices = 20

/**
 * The notices of one board: fed with the conflicts the bridge reports, it keeps those in which
 * one of this browser's edits lost (this browser's Yjs client ids, including those of earlier
 * sessions whose offline edits it replayed), newest last.
 */
export class ConflictNotices {
  readonly $notices: Atom<ConflictNotice[]> = atom('conflict notices', [])
  private nextId = 1

  constructor(
    private readonly isMine: (client: number) => boolean,
    private readonly nameOf: (client: number) => string | null,
    private readonly wereEditsOffline: () => boolean,
  ) {}

  /** Adds a notice for each conflict this browser lost. */
  add(conflicts: readonly FieldConflict[]): void {
    const added: ConflictNotice[] = []
    for (const conflict of conflicts) {
      if (!isNoticeableField(conflict.field)) continue
      if (!this.isMine(conflict.loser.client) || this.isMine(conflict.winner.client)) continue
      added.push({
        id: `conflict-${this.nextId++}`,
        recordId: conflict.recordId,
        field: conflict.field,
        mine: conflict.loser.value,
        theirs: conflict.winner.value,
        byClient: conflict.winner.client,
        byName: this.nameOf(conflict.winner.client),
        wasOffline: this.wereEditsOffline(),
      })
    }
    if (added.length === 0) return
    const kept = this.$notices
      .get()
      .filter((notice) => !added.some((it) => same(it, notice)))
      .concat(added)
    this.$notices.set(kept.slice(-maxNotices))
  }

  /** Fills in names that were not known yet (their presence often arrives just after their edit). */
  resolveNames(): void {
    const notices = this.$notices.get()
    if (notices.every((notice) => notice.byName !== null)) return
    const resolved = notices.map((notice) =>
      notice.byName === null ? { ...notice, byName: this.nameOf(notice.byClient) } : notice,
    )
    if (resolved.some((notice, i) => notice.byName !== notices[i]?.byName)) {
      this.$notices.set(resolved)
    }
  }

  dismiss(id: string): void {
    this.$notices.set(this.$notices.get().filter((notice) => notice.id !== id))
  }
}

function same(a: ConflictNotice, b: ConflictNotice): boolean {
  return a.recordId === b.recordId && a.field === b.field
}
