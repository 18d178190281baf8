/**
 * Emoji reactions on cards, computed from a board's `reactions` root. Each entry is one person's
 * reaction of one kind on one card (`reaction:<shapeId>:<participantId>:<reaction>`), so people
 * reacting at the same time never overwrite each other and counts are a pure function of the
 * entries the doc holds: every client shows the same chips.
 *
 * An entry counts when it passes its schema under its own key (client/reactions/boardReactions.ts
 * reads them); a reaction whose card is gone (deleted, or never there) counts nowhere: the server
 * removes those (server/rooms.ts) and clients skip them.
 */
import { reactionKinds, type Reaction, type ReactionKind } from './workshopLayout'

/** Reactions one board holds at most (about 150 bytes each: 3 MB). */
export const maxReactionsPerBoard = 20_000

/** Reactions one person has on one board at most (five kinds on a hundred cards). */
export const maxReactionsPerPerson = 500

/** One kind of reaction on one card. */
export interface ReactionCount {
  reaction: ReactionKind
  /** Who reacted, in the order they did. */
  participantIds: string[]
  /** True when the local person is among them. */
  isMine: boolean
}

/**
 * The reactions of every card `isCard` accepts, by shape id: the kinds someone used, in the fixed
 * order of `reactionKinds`, each with its people in the order they reacted (ties by id, so every
 * client lists them alike). `selfId` marks the local person's own.
 */
export function tallyReactions(
  reactions: readonly Reaction[],
  selfId: string,
  isCard: (shapeId: string) => boolean = () => true,
): Map<string, ReactionCount[]> {
  const byCard = new Map<string, Map<ReactionKind, Reaction[]>>()
  for (const reaction of reactions) {
    if (!isCard(reaction.shapeId)) continue
    let kinds = byCard.get(reaction.shapeId)
    if (!kinds) byCard.set(reaction.shapeId, (kinds = new Map()))
    const list = kinds.get(reaction.reaction)
    if (list) list.push(reaction)
    else kinds.set(reaction.reaction, [reaction])
  }
  const tally = new Map<string, ReactionCount[]>()
  for (const [shapeId, kinds] of byCard) {
    const counts: ReactionCount[] = []
    for (const kind of reactionKinds) {
      const list = kinds.get(kind)
      if (!list) continue
      const ordered = [...list].sort(
        (a, b) => a.createdAt - b.createdAt || a.participantId.localeCompare(b.participantId),
      )
      const participantIds = ordered.map((reaction) => reaction.participantId)
      counts.push({ reaction: kind, participantIds, isMine: participantIds.includes(selfId) })
    }
    tally.set(shapeId, counts)
  }
  return tally
}

/**
 * Why a board holding `reactions` breaks the caps for `participantId` (a sentence), or null. The
 * server checks the reactions an update leaves; the app checks before adding one, so it never
 * sends a reaction the server would refuse.
 */
export function reactionLimitProblem(
  reactions: Iterable<Pick<Reaction, 'participantId'>>,
  participantId: string,
): string | null {
  let onBoard = 0
  let byPerson = 0
  for (const reaction of reactions) {
    onBoard += 1
    if (reaction.participantId === participantId) byPerson += 1
  }
  if (byPerson > maxReactionsPerPerson) {
    return `one person may have at most ${maxReactionsPerPerson} reactions on a board: take some back first`
  }
  if (onBoard > maxReactionsPerBoard) {
    return `the board holds ${maxReactionsPerBoard.toLocaleString('en-US')} reactions, the most it may hold`
  }
  return null
}

/**
 * Keys of the entries of a `reactions` root (`values`) whose card `hasCard` does not know (deleted,
 * or never there), among those on `shapeIds` (all when omitted). Reads only each entry's `shapeId`,
 * so a large root is cheap to tidy after every deletion.
 */
export function orphanReactionKeys(
  values: ReadonlyMap<string, unknown>,
  hasCard: (shapeId: string) => boolean,
  shapeIds?: ReadonlySet<string>,
): string[] {
  const orphans: string[] = []
  for (const [key, value] of values) {
    const shapeId: unknown = (value as { shapeId?: unknown } | null)?.shapeId
    if (typeof shapeId !== 'string' || (shapeIds && !shapeIds.has(shapeId))) continue
    if (!hasCard(shapeId)) orphans.push(key)
  }
  return orphans
}
