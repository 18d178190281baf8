import { atom, type Atom } from 'tldraw'
import type * as Y from 'yjs'
import { reactionKey } from '../../shared/workshop/entryKeys'
import { reactionLimitProblem } from '../../shared/workshop/reactionTally'
import {
  reactionSchema,
  reactionsArrayName,
  type Reaction,
  type ReactionKind,
} from '../../shared/workshop/workshopLayout'
import { onePer } from '../lib/onePer'
import { getWorkshopArray, getWorkshopWriter, observeKeyValues } from '../sync/workshopRoots'

/**
 * The emoji reactions on one board's cards, read from its Y.Doc `reactions` root (see
 * shared/workshop/workshopLayout.ts) as a signal, and the one write: adding or taking back the
 * local person's own. Reads never write (viewers must not). Invalid entries are ignored; each
 * entry is validated once, not again on every change of the root.
 */
export class BoardReactions {
  /** Every valid reaction on the board, cards that are gone included (the tally skips those). */
  readonly $reactions: Atom<Reaction[]> = atom('reactions', [])

  /** What each key held when last read, and what it was read as (null: invalid). */
  private parsed = new Map<string, { raw: unknown; reaction: Reaction | null }>()
  private readonly stop: () => void

  constructor(private readonly doc: Y.Doc) {
    this.stop = observeKeyValues(getWorkshopArray(doc, reactionsArrayName), (values) => {
      const next = new Map<string, { raw: unknown; reaction: Reaction | null }>()
      for (const [key, raw] of values) {
        const known = this.parsed.get(key)
        if (known !== undefined && known.raw === raw) {
          next.set(key, known)
          continue
        }
        const result = reactionSchema.safeParse(raw)
        const isValid = result.success && reactionKey(result.data) === key
        next.set(key, { raw, reaction: isValid ? result.data : null })
      }
      this.parsed = next
      this.$reactions.set([...next.values()].flatMap(({ reaction }) => reaction ?? []))
    })
  }

  /** True when `participantId` has a reaction of `kind` on the card. */
  has(shapeId: string, kind: ReactionKind, participantId: string): boolean {
    return (
      this.parsed.get(reactionKey({ shapeId, participantId, reaction: kind }))?.reaction != null
    )
  }

  /**
   * Adds `participantId`'s reaction of `kind` to the card, or takes it back when they have it
   * (only their own: the server refuses anything else). Returns why it could not be added (the
   * board's caps, checked here so the server never has to refuse it), or null.
   */
  toggle(
    shapeId: string,
    kind: ReactionKind,
    participantId: string,
    now = Date.now(),
  ): string | null {
    const writer = getWorkshopWriter<Reaction>(this.doc, reactionsArrayName)
    const reaction = reactionSchema.parse({
      kind: 'reaction',
      shapeId,
      participantId,
      reaction: kind,
      createdAt: now,
    } satisfies Reaction)
    const key = reactionKey(reaction)
    if (this.has(shapeId, kind, participantId)) {
      writer.delete(key)
      return null
    }
    const problem = reactionLimitProblem([...this.$reactions.get(), reaction], participantId)
    if (problem !== null) return problem
    writer.set(key, reaction)
    return null
  }

  destroy(): void {
    this.stop()
  }
}

/** The reactions of the board whose doc this is (one model per doc). */
export const boardReactionsOf = onePer((doc: Y.Doc) => new BoardReactions(doc))
