import { atom, computed, uniqueId, type Atom, type Computed } from 'tldraw'
import type * as Y from 'yjs'
import { onePer } from '../lib/onePer'
import { ballotKey, workshopEntryKey } from '../../shared/workshop/entryKeys'
import type { PrivateModeState } from '../../shared/workshop/privateMode'
import {
  isSecretSession,
  readBallots,
  readPublishedTallies,
  readVoteSessions,
  sessionTally,
  type VoteTally,
} from '../../shared/workshop/voteTally'
import {
  ballotSchema,
  boardLockSchema,
  privateModeSchema,
  stepStateSchema,
  summonSchema,
  timerStateSchema,
  voteSessionSchema,
  votesArrayName,
  workshopArrayName,
  workshopEntrySchema,
  type Ballot,
  type ParticipantFunction,
  type PublishedTally,
  type VoteSession,
  type WorkshopEntry,
} from '../../shared/workshop/workshopLayout'
import { resetTimer, timerPhase, type TimerState } from '../../shared/workshop/workshopTimer'
import { getWorkshopArray, getWorkshopWriter, observeKeyValues } from '../sync/workshopRoots'

/** The `summon` entry. */
export type SummonState = Extract<WorkshopEntry, { kind: 'summon' }>

/** What the facilitator sets up when starting a vote. */
export interface VoteSetup {
  title: string
  cardType: string
  votesPerPerson: number
  isAnonymous: boolean
  isHiddenUntilEnd: boolean
}

/** Who places dots (the local person). */
export interface Voter {
  id: string
  name: string
  function: ParticipantFunction
}

/**
 * The facilitation state of one board, read from its Y.Doc `workshop` and `votes` roots (see
 * shared/workshop/workshopLayout.ts) as signals, and the writes that change it. Reads never write
 * (viewers must not); writes go through each root's one YKeyValue. The `workshop` root is the
 * facilitator's: call its writers only for a facilitator. Invalid entries are ignored.
 *
 * Ballots of a secret vote (anonymous, or hidden until the end) go to the person's private doc
 * (`attachPrivateDoc`), which only the server sees; everyone's results of such a vote are the
 * tally the server publishes in the board's `votes` root (`tallyOf`).
 */
export class BoardWorkshop {
  /** The current step (1..5), or null before the workshop starts. */
  readonly $step: Atom<number | null> = atom('workshop step', null)
  readonly $timer: Atom<TimerState | null> = atom('workshop timer', null)
  readonly $isBoardLocked: Atom<boolean> = atom('board lock', false)
  readonly $privateMode: Atom<PrivateModeState | null> = atom('private mode', null)
  readonly $summon: Atom<SummonState | null> = atom('summon', null)
  /** Every vote session, newest first. */
  readonly $sessions: Atom<VoteSession[]> = atom('vote sessions', [])
  /** Every valid ballot of every public session. */
  readonly $ballots: Atom<Ballot[]> = atom('ballots', [])
  /** The local person's ballots of secret sessions (from their private doc). */
  readonly $myPrivateBallots: Atom<Ballot[]> = atom('private ballots', [])
  /** The results of secret sessions the server published, by session id. */
  readonly $tallies: Atom<ReadonlyMap<string, PublishedTally>> = atom(
    'published tallies',
    new Map(),
  )
  /** The newest session that has not been closed, if any. */
  readonly $openSession: Computed<VoteSession | null> = computed(
    'open vote session',
    () => this.$sessions.get().find((session) => session.status === 'open') ?? null,
  )

  private readonly stops: (() => void)[] = []
  private ownSummonAt: number | null = null
  /** The local person's private doc, once attached (see `attachPrivateDoc`). */
  private readonly $privateDoc: Atom<Y.Doc | null> = atom('private doc', null)

  constructor(private readonly doc: Y.Doc) {
    this.stops.push(
      observeKeyValues(getWorkshopArray(doc, workshopArrayName), (values) => {
        const step = stepStateSchema.safeParse(values.get('step'))
        setIfChanged(this.$step, step.success ? step.data.current : null)
        const timer = timerStateSchema.safeParse(values.get('timer'))
        setIfChanged(this.$timer, timer.success ? timer.data : null)
        const lock = boardLockSchema.safeParse(values.get('boardLock'))
        setIfChanged(this.$isBoardLocked, lock.success && lock.data.isLocked)
        const privateMode = privateModeSchema.safeParse(values.get('privateMode'))
        setIfChanged(this.$privateMode, privateMode.success ? privateMode.data : null)
        const summon = summonSchema.safeParse(values.get('summon'))
        setIfChanged(this.$summon, summon.success ? summon.data : null)
        setIfChanged(this.$sessions, readVoteSessions(values))
      }),
    )
    this.stops.push(
      observeKeyValues(getWorkshopArray(doc, votesArrayName), (values) => {
        setIfChanged(this.$ballots, readBallots(values))
        setIfChanged(this.$tallies, readPublishedTallies(values))
      }),
    )
  }

  /**
   * Reads and writes the local person's secret ballots in their private doc (see the class
   * comment); until it is attached they cannot vote in a secret session. Returns a function that
   * detaches it.
   */
  attachPrivateDoc(privateDoc: Y.Doc): () => void {
    this.$privateDoc.set(privateDoc)
    const stop = observeKeyValues(getWorkshopArray(privateDoc, votesArrayName), (values) => {
      setIfChanged(this.$myPrivateBallots, readBallots(values))
    })
    return () => {
      stop()
      if (this.$privateDoc.get() === privateDoc) this.$privateDoc.set(null)
      this.$myPrivateBallots.set([])
    }
  }

  /**
   * Whether the local person's ballot in `session` has somewhere to go: a secret session needs
   * their private doc (a signal: reads in reactions follow it).
   */
  canVoteIn(session: VoteSession): boolean {
    return !isSecretSession(session) || this.$privateDoc.get() !== null
  }

  /**
   * The results of `session` over the live cards `cardTypes` as everyone may see them: counted
   * from the ballots of a public session, the server's published tally of a secret one.
   */
  tallyOf(session: VoteSession, cardTypes: ReadonlyMap<string, string>): VoteTally {
    return sessionTally(session, this.$ballots.get(), this.$tallies.get(), cardTypes)
  }

  /* ------------------------------ facilitator only ------------------------------ */

  setStep(current: number | null, now = Date.now()): void {
    this.putWorkshop({ kind: 'step', current, updatedAt: now })
  }

  setTimer(timer: TimerState): void {
    this.putWorkshop(timer)
  }

  setBoardLocked(isLocked: boolean, now = Date.now()): void {
    this.putWorkshop({ kind: 'boardLock', isLocked, updatedAt: now })
  }

  /** Starts a private round (a new `startedAt`), or reveals everything. */
  setPrivateMode(isOn: boolean, now = Date.now()): void {
    this.putWorkshop({ kind: 'privateMode', isOn, startedAt: isOn ? now : null })
  }

  /** Brings everyone to the viewport centred on `x`/`y` at zoom `z` of page `pageId`. */
  summon(place: Omit<SummonState, 'kind' | 'at'>, now = Date.now()): void {
    this.ownSummonAt = now
    this.putWorkshop({ kind: 'summon', ...place, by: place.by.slice(0, 200), at: now })
  }

  /** True for the summon this client wrote itself (its camera is already there). */
  isOwnSummon(summon: SummonState): boolean {
    return summon.at === this.ownSummonAt
  }

  /**
   * Opens a vote session (closing any open one first) and returns it. `endsAt` closes it by
   * itself at that time; a vote can also be closed by the timer (`closesVoteSessionId`).
   */
  startVote(setup: VoteSetup, now = Date.now(), endsAt: number | null = null): VoteSession {
    const session = voteSessionSchema.parse({
      kind: 'voteSession',
      id: uniqueId(),
      ...setup,
      title: setup.title.trim().slice(0, 200),
      status: 'open',
      startedAt: now,
      endsAt,
      closedAt: null,
    } satisfies VoteSession)
    this.doc.transact(() => {
      for (const open of this.$sessions.get())
        if (open.status === 'open') this.closeVote(open.id, now)
      this.putWorkshop(session)
    })
    return session
  }

  /**
   * Closes a session; its ballots stay and make the results. A countdown still running for it is
   * reset (ending early must not chime "time's up" later).
   */
  closeVote(sessionId: string, now = Date.now()): void {
    const session = this.$sessions.get().find((candidate) => candidate.id === sessionId)
    if (!session || session.status === 'closed') return
    const timer = this.$timer.get()
    this.doc.transact(() => {
      this.putWorkshop({ ...session, status: 'closed', closedAt: now })
      if (timer?.closesVoteSessionId === sessionId && timerPhase(timer, now) !== 'finished') {
        this.putWorkshop(resetTimer({ ...timer, closesVoteSessionId: null }))
      }
    })
  }

  /* ------------------------------- editor and up -------------------------------- */

  /** The local person's dots in `session` (empty when they have not voted). */
  getMyDots(session: VoteSession, voterId: string): string[] {
    const ballots = isSecretSession(session) ? this.$myPrivateBallots : this.$ballots
    return (
      ballots
        .get()
        .find((ballot) => ballot.sessionId === session.id && ballot.participantId === voterId)
        ?.shapeIds ?? []
    )
  }

  /**
   * Writes the local person's ballot for `session` (their own key only): to the board for a
   * public session, to their private doc for a secret one (nothing without it).
   */
  setMyDots(session: VoteSession, voter: Voter, shapeIds: string[], now = Date.now()): void {
    const ballot = ballotSchema.parse({
      kind: 'ballot',
      sessionId: session.id,
      participantId: voter.id,
      participantName: session.isAnonymous ? null : voter.name.slice(0, 200),
      function: voter.function,
      shapeIds: shapeIds.slice(0, 100),
      updatedAt: now,
    } satisfies Ballot)
    const target = isSecretSession(session) ? this.$privateDoc.get() : this.doc
    if (target) getWorkshopWriter<Ballot>(target, votesArrayName).set(ballotKey(ballot), ballot)
  }

  destroy(): void {
    for (const stop of this.stops.splice(0)) stop()
  }

  /** Writes an entry; an invalid one is a programmer error (the UI limits what is chosen). */
  private putWorkshop(entry: WorkshopEntry) {
    const valid = workshopEntrySchema.parse(entry) as WorkshopEntry
    getWorkshopWriter<WorkshopEntry>(this.doc, workshopArrayName).set(
      workshopEntryKey(valid),
      valid,
    )
  }
}

/** Sets an atom only when the value really changed (the roots change often: every ballot). */
function setIfChanged<T>(target: Atom<T>, value: T) {
  if (asJson(target.get()) !== asJson(value)) target.set(value)
}

/** JSON of a value, maps as their entries (JSON.stringify writes every Map as `{}`). */
function asJson(value: unknown): string {
  return JSON.stringify(value instanceof Map ? [...value] : value)
}

/** The facilitation state of the board whose doc this is (one model per doc). */
export const boardWorkshopOf = onePer((doc: Y.Doc) => new BoardWorkshop(doc))
