/**
 * Dot-voting results, computed from the ballots in a board's `votes` root. Each participant
 * writes only their own entry (`ballot:<sessionId>:<participantId>`), so concurrent voters never
 * overwrite each other; the counts are a pure function of whatever ballots the doc holds, and
 * every client computes the same tallies from the same doc.
 *
 * Secret sessions (anonymous, or hidden until the end) are the exception: their ballots never
 * reach other people. The server tallies them (`publishTally`) and publishes the result as a
 * `tally:<sessionId>` entry of the `votes` root; clients read it back with `tallyFromPublished`.
 * `sessionTally` picks whichever applies.
 *
 * A ballot counts when its key matches its content and it belongs to the session. Its dots count
 * in ballot order, after dropping dots on cards that no longer exist or are not of the session's
 * card kind, up to `votesPerPerson` (a ballot with more dots, written by a buggy or hostile client,
 * loses the extra ones).
 */
import { ballotKey, tallyKey, validEntries, workshopEntryKey } from './entryKeys'
import {
  ballotSchema,
  participantFunctions,
  voteSessionSchema,
  voteTallySchema,
  type Ballot,
  type ParticipantFunction,
  type PublishedTally,
  type VoteSession,
} from './workshopLayout'

/** What a tally needs of a session. */
export type TalliedSession = Pick<VoteSession, 'id' | 'cardType' | 'votesPerPerson'>

/** Counts per participant function. */
export type FunctionCounts = Record<ParticipantFunction, number>

/** The votes one card received. */
export interface CardTally {
  shapeId: string
  total: number
  byFunction: FunctionCounts
  /** How many participants put at least one dot on the card. */
  voters: number
}

/** The results of one session. */
export interface VoteTally {
  sessionId: string
  /** Every live card of the session's kind, most votes first (ties keep the given card order). */
  cards: CardTally[]
  /** Participants with at least one counted dot. */
  voters: number
  /** Counted dots in all. */
  dots: number
  votersByFunction: FunctionCounts
  dotsByFunction: FunctionCounts
}

/** True for a session whose ballots stay secret: anonymous, or hidden until the end. */
export function isSecretSession(
  session: Pick<VoteSession, 'isAnonymous' | 'isHiddenUntilEnd'>,
): boolean {
  return session.isAnonymous || session.isHiddenUntilEnd
}

/** Zero for every function. */
export function emptyFunctionCounts(): FunctionCounts {
  return Object.fromEntries(participantFunctions.map((fn) => [fn, 0])) as FunctionCounts
}

/**
 * The valid ballots of a `votes` root (its key-value entries), optionally of one session only.
 * Entries that fail the schema or sit under another key than their content dictates are ignored.
 */
export function readBallots(values: ReadonlyMap<string, unknown>, sessionId?: string): Ballot[] {
  const ballots = validEntries(values, ballotSchema, ballotKey)
  return sessionId === undefined
    ? ballots
    : ballots.filter((ballot) => ballot.sessionId === sessionId)
}

/** The valid published tallies of a `votes` root (its key-value entries), by session id. */
export function readPublishedTallies(
  values: ReadonlyMap<string, unknown>,
): Map<string, PublishedTally> {
  const tallies = validEntries(values, voteTallySchema, tallyKey)
  return new Map(tallies.map((tally) => [tally.sessionId, tally]))
}

/** The valid vote sessions among a `workshop` root's entries, newest first. */
export function readVoteSessions(values: ReadonlyMap<string, unknown>): VoteSession[] {
  const sessions = validEntries(values, voteSessionSchema, workshopEntryKey)
  return sessions.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? -1 : 1))
}

/**
 * The dots of `shapeIds` that count for `session`: on live cards (`cardTypes`: shape id ->
 * shape type) of the session's kind, in order, at most `votesPerPerson`.
 */
export function countedDots(
  shapeIds: readonly string[],
  session: TalliedSession,
  cardTypes: ReadonlyMap<string, string>,
): string[] {
  const counted: string[] = []
  for (const shapeId of shapeIds) {
    if (counted.length >= session.votesPerPerson) break
    if (cardTypes.get(shapeId) === session.cardType) counted.push(shapeId)
  }
  return counted
}

/**
 * The tally of `session` from `ballots` (ballots of other sessions are skipped; one ballot per
 * participant: if a participant appears twice, the later `updatedAt` wins). `cardTypes` lists the
 * live cards (shape id -> shape type) in the order ties should keep, e.g. reading order.
 */
export function tallyVotes(
  session: TalliedSession,
  ballots: Iterable<Ballot>,
  cardTypes: ReadonlyMap<string, string>,
): VoteTally {
  const byParticipant = new Map<string, Ballot>()
  for (const ballot of ballots) {
    if (ballot.sessionId !== session.id) continue
    const previous = byParticipant.get(ballot.participantId)
    if (!previous || previous.updatedAt <= ballot.updatedAt) {
      byParticipant.set(ballot.participantId, ballot)
    }
  }

  const cards = new Map<string, CardTally>()
  const order = new Map<string, number>()
  for (const [shapeId, type] of cardTypes) {
    if (type !== session.cardType) continue
    order.set(shapeId, order.size)
    cards.set(shapeId, { shapeId, total: 0, byFunction: emptyFunctionCounts(), voters: 0 })
  }

  const tally: VoteTally = {
    sessionId: session.id,
    cards: [],
    voters: 0,
    dots: 0,
    votersByFunction: emptyFunctionCounts(),
    dotsByFunction: emptyFunctionCounts(),
  }
  for (const ballot of byParticipant.values()) {
    const dots = countedDots(ballot.shapeIds, session, cardTypes)
    if (dots.length === 0) continue
    tally.voters += 1
    tally.dots += dots.length
    tally.votersByFunction[ballot.function] += 1
    tally.dotsByFunction[ballot.function] += dots.length
    for (const shapeId of dots) {
      const card = cards.get(shapeId)!
      card.total += 1
      card.byFunction[ballot.function] += 1
    }
    for (const shapeId of new Set(dots)) cards.get(shapeId)!.voters += 1
  }
  tally.cards = [...cards.values()].sort(
    (a, b) => b.total - a.total || order.get(a.shapeId)! - order.get(b.shapeId)!,
  )
  return tally
}

/**
 * What the server publishes of a secret `session` (see the module comment): every card's dots by
 * function once the session is closed, or all along when it is not hidden until the end; while a
 * hidden session is open, only how many people voted and how many dots they placed. Never who.
 */
export function publishTally(
  session: VoteSession,
  ballots: Iterable<Ballot>,
  cardTypes: ReadonlyMap<string, string>,
): PublishedTally {
  const tally = tallyVotes(session, ballots, cardTypes)
  const isFinal = session.status === 'closed'
  const hasResults = isFinal || !session.isHiddenUntilEnd
  return {
    kind: 'tally',
    sessionId: session.id,
    isFinal,
    hasResults,
    voters: tally.voters,
    dots: tally.dots,
    votersByFunction: hasResults ? tally.votersByFunction : emptyFunctionCounts(),
    // In card id order: every node publishes the same entry for the same ballots.
    cards: hasResults
      ? tally.cards
          .filter((card) => card.total > 0)
          .sort((a, b) => (a.shapeId < b.shapeId ? -1 : a.shapeId > b.shapeId ? 1 : 0))
          .map(({ shapeId, byFunction, voters }) => ({ shapeId, byFunction, voters }))
      : [],
  }
}

/**
 * The tally of a secret `session` from what the server published (`published`; none yet: nobody
 * voted), over the live cards of `cardTypes` in their order: dots on cards deleted since drop out.
 * While a hidden session is open it holds how many voted and their dots, and no card results.
 */
export function tallyFromPublished(
  session: TalliedSession,
  published: PublishedTally | undefined,
  cardTypes: ReadonlyMap<string, string>,
): VoteTally {
  const counted = new Map(published?.cards.map((card) => [card.shapeId, card]))
  const cards: CardTally[] = []
  const dotsByFunction = emptyFunctionCounts()
  let dots = 0
  for (const [shapeId, type] of cardTypes) {
    if (type !== session.cardType) continue
    const card = counted.get(shapeId)
    const byFunction = { ...(card?.byFunction ?? emptyFunctionCounts()) }
    let total = 0
    for (const fn of participantFunctions) {
      total += byFunction[fn]
      dotsByFunction[fn] += byFunction[fn]
    }
    dots += total
    cards.push({ shapeId, total, byFunction, voters: card?.voters ?? 0 })
  }
  const order = new Map(cards.map((card, index) => [card.shapeId, index]))
  cards.sort((a, b) => b.total - a.total || order.get(a.shapeId)! - order.get(b.shapeId)!)
  const hasResults = published?.hasResults ?? true
  return {
    sessionId: session.id,
    cards,
    voters: published?.voters ?? 0,
    dots: hasResults ? dots : (published?.dots ?? 0),
    votersByFunction: { ...(published?.votersByFunction ?? emptyFunctionCounts()) },
    dotsByFunction,
  }
}

/**
 * The tally of `session` as everyone may see it: counted from the ballots of a public session,
 * read from the published tally (`tallies`, by session id) of a secret one.
 */
export function sessionTally(
  session: VoteSession,
  ballots: Iterable<Ballot>,
  tallies: ReadonlyMap<string, PublishedTally>,
  cardTypes: ReadonlyMap<string, string>,
): VoteTally {
  return isSecretSession(session)
    ? tallyFromPublished(session, tallies.get(session.id), cardTypes)
    : tallyVotes(session, ballots, cardTypes)
}

/** How differently the functions voted on one card. */
export interface Disagreement {
  shapeId: string
  /** Highest minus lowest share (0..1) among the functions that voted in the session. */
  spread: number
  /**
   * For each function that cast dots in the session, the share of that function's dots that went
   * to this card, highest first (ties in `participantFunctions` order).
   */
  shares: { function: ParticipantFunction; share: number; dots: number }[]
}

/** Options of `findDisagreements`. */
export interface DisagreementOptions {
  /** Smallest spread reported; default 0.2 (20 percentage points). */
  minSpread?: number
  /** At most this many cards; default 5. */
  limit?: number
}

/**
 * The cards the functions disagree on most: a function's share for a card is the part of its
 * dots that went there, so a small team weighs as much as a big one. Needs dots from at least two
 * functions; cards whose spread is below `minSpread` are left out. Biggest spread first, then
 * most votes, then tally order.
 */
export function findDisagreements(
  tally: VoteTally,
  { minSpread = 0.2, limit = 5 }: DisagreementOptions = {},
): Disagreement[] {
  const voting = participantFunctions.filter((fn) => tally.dotsByFunction[fn] > 0)
  if (voting.length < 2) return []
  const found: (Disagreement & { total: number; rank: number })[] = []
  tally.cards.forEach((card, rank) => {
    if (card.total === 0) return
    const shares = voting
      .map((fn) => ({
        function: fn,
        share: card.byFunction[fn] / tally.dotsByFunction[fn],
        dots: card.byFunction[fn],
      }))
      .sort((a, b) => b.share - a.share)
    const spread = shares[0]!.share - shares[shares.length - 1]!.share
    if (spread + 1e-9 < minSpread) return
    found.push({ shapeId: card.shapeId, spread, shares, total: card.total, rank })
  })
  return found
    .sort((a, b) => b.spread - a.spread || b.total - a.total || a.rank - b.rank)
    .slice(0, limit)
    .map(({ shapeId, spread, shares }) => ({ shapeId, spread, shares }))
}

/**
 * The latest closed session of each card kind (sessions newest first, as `readVoteSessions`
 * returns them).
 */
export function latestClosedSessions(sessions: readonly VoteSession[]): VoteSession[] {
  const byKind = new Map<string, VoteSession>()
  for (const session of sessions) {
    if (session.status !== 'closed') continue
    const known = byKind.get(session.cardType)
    if (!known || (known.closedAt ?? known.startedAt) < (session.closedAt ?? session.startedAt)) {
      byKind.set(session.cardType, session)
    }
  }
  return [...byKind.values()]
}

/**
 * Votes per card for `compileBoard`'s `votes` option: the tallies of the latest closed session of
 * each card kind (so a new vote on pain points leaves the key attributes' order alone); a secret
 * session counts with its published tally.
 */
export function votesForCompile(
  sessions: readonly VoteSession[],
  ballots: readonly Ballot[],
  tallies: ReadonlyMap<string, PublishedTally>,
  cardTypes: ReadonlyMap<string, string>,
): Map<string, number> {
  const votes = new Map<string, number>()
  for (const session of latestClosedSessions(sessions)) {
    for (const card of sessionTally(session, ballots, tallies, cardTypes).cards) {
      if (card.total > 0) votes.set(card.shapeId, card.total)
    }
  }
  return votes
}

/**
 * `shapeIds` with one more dot on `shapeId`, after dropping dots that no longer count (deleted
 * cards, other kinds); unchanged when the participant has no votes left or the card is not
 * votable in the session.
 */
export function addDot(
  shapeIds: readonly string[],
  shapeId: string,
  session: TalliedSession,
  cardTypes: ReadonlyMap<string, string>,
): string[] {
  const counted = countedDots(shapeIds, session, cardTypes)
  if (cardTypes.get(shapeId) !== session.cardType) return counted
  if (counted.length >= session.votesPerPerson) return counted
  return [...counted, shapeId]
}

/** `shapeIds` with one dot fewer on `shapeId` (the last one placed there). */
export function removeDot(shapeIds: readonly string[], shapeId: string): string[] {
  const index = shapeIds.lastIndexOf(shapeId)
  if (index === -1) return [...shapeIds]
  return [...shapeIds.slice(0, index), ...shapeIds.slice(index + 1)]
}
