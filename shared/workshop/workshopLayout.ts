/**
 * Workshop data in a board's Y.Doc, next to the tldraw records (see shared/docLayout.ts). Each
 * root is a Y.Array managed by y-utility's YKeyValue (`{ key, val }` entries, JSON values only),
 * so every entry is written whole and concurrent writers of different keys never lose each
 * other's work. Entries are validated by the zod schemas below, on the server (refused when
 * invalid) and in clients (ignored when invalid).
 *
 * | root        | keys                                            | who may write     |
 * |-------------|-------------------------------------------------|-------------------|
 * | `comments`  | `thread:<id>`, `comment:<id>`                   | commenter and up  |
 * | `reactions` | `reaction:<shapeId>:<participantId>:<reaction>` | commenter and up  |
 * | `votes`     | `ballot:<sessionId>:<participantId>`            | editor and up     |
 * |             | `tally:<sessionId>`                             | the server only   |
 * | `workshop`  | `step`, `timer`, `boardLock`, `privateMode`,    | facilitator only  |
 * |             | `summon`, `voteSession:<id>`, `exportPolicy`    |                   |
 * | `people`    | `person:<participantId>`                        | the server only   |
 * | `data`      | `dataset:<kind>`, `bestCustomers`               | the server only   |
 *
 * `people` is the roster of everyone who has been on the board (for @mentions and vote results
 * by function); the server writes it from what clients announce in awareness. `data` announces
 * the customer and account data stored on the server (shared/data/dataEntries.ts); editors change
 * `bestCustomers` through the API, which the server merges into the entry.
 */
import { z } from 'zod'
import { dataArrayName, dataEntrySchema } from '../data/dataEntries'
import { legacyRecordsArrayName, recordsArrayName } from '../docLayout'
import { roles, type Role } from './roles'
import { maxTimerMs, minTimerMs } from './workshopTimer'

export const commentsArrayName = 'comments'
export const votesArrayName = 'votes'
export const workshopArrayName = 'workshop'
export const peopleArrayName = 'people'
export const reactionsArrayName = 'reactions'

/**
 * Root types each role may change. `meta`, `people` and `data` are written by the server only.
 * Whoever may change the board may also bring layout 1 records (an old client's offline edits,
 * which the server converts: server/upgradeRoom.ts).
 */
export const boardRoots: ReadonlySet<string> = new Set([recordsArrayName, legacyRecordsArrayName])
export const writableRootsByRole: Record<Role, ReadonlySet<string>> = {
  facilitator: new Set([
    ...boardRoots,
    commentsArrayName,
    reactionsArrayName,
    votesArrayName,
    workshopArrayName,
  ]),
  editor: new Set([...boardRoots, commentsArrayName, reactionsArrayName, votesArrayName]),
  commenter: new Set([commentsArrayName, reactionsArrayName]),
  viewer: new Set(),
}

/** The functions workshop participants come from; vote results can be shown by function. */
export const participantFunctions = [
  'sales',
  'marketing',
  'product',
  'customerSuccess',
  'other',
] as const
export type ParticipantFunction = (typeof participantFunctions)[number]

export const participantFunctionLabels: Record<ParticipantFunction, string> = {
  sales: 'Sales',
  marketing: 'Marketing',
  product: 'Product',
  customerSuccess: 'Customer success',
  other: 'Other',
}

const id = z.string().min(1).max(100)
const timestamp = z.number().int().nonnegative()
const shortText = z.string().max(200)

/* ---------------------------------- comments ---------------------------------- */

/** Where a thread is pinned: to a card (follows it) or to a point on a page. */
export const commentAnchorSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('shape'), shapeId: id, pageId: id }),
  z.strictObject({
    type: z.literal('point'),
    pageId: id,
    x: z.number().finite(),
    y: z.number().finite(),
  }),
])
export type CommentAnchor = z.infer<typeof commentAnchorSchema>

/** A thread: its anchor and whether it is resolved. Key `thread:<id>`. */
export const commentThreadSchema = z.strictObject({
  kind: z.literal('thread'),
  id,
  anchor: commentAnchorSchema,
  authorId: id,
  createdAt: timestamp,
  status: z.enum(['open', 'resolved']),
  statusBy: shortText.nullable(),
  statusAt: timestamp.nullable(),
})
export type CommentThread = z.infer<typeof commentThreadSchema>

/** One message in a thread (the first is the thread's opening comment). Key `comment:<id>`. */
export const commentSchema = z.strictObject({
  kind: z.literal('comment'),
  id,
  threadId: id,
  authorId: id,
  authorName: shortText,
  authorColor: z.string().regex(/^#[0-9a-f]{6}$/i),
  body: z.string().min(1).max(4000),
  /** Participant ids mentioned with @. */
  mentions: z.array(id).max(50),
  createdAt: timestamp,
  editedAt: timestamp.nullable(),
})
export type Comment = z.infer<typeof commentSchema>

export const commentEntrySchema = z.discriminatedUnion('kind', [commentThreadSchema, commentSchema])
export type CommentEntry = z.infer<typeof commentEntrySchema>

/* ---------------------------------- reactions --------------------------------- */

/**
 * The emoji stamps anyone who may comment puts on a card, in the order cards show them: how an
 * async team says "+1", "this matters", "I have a question", "where is the data?" or "I disagree"
 * without a thread.
 */
export const reactionKinds = ['agree', 'important', 'question', 'evidence', 'disagree'] as const
export type ReactionKind = (typeof reactionKinds)[number]

/** What each reaction means (its name on screen; the app draws 👍 🎯 ❓ 👀 👎 for them). */
export const reactionLabels: Record<ReactionKind, string> = {
  agree: 'Agree',
  important: 'Key point',
  question: 'Question',
  evidence: 'Needs evidence',
  disagree: 'Disagree',
}

/**
 * One person's reaction of one kind on one card; it stands while the entry exists (taking it back
 * deletes it). Key `reaction:<shapeId>:<participantId>:<reaction>`, so concurrent reactions of
 * different people or kinds never collide and one person has at most one of each kind per card.
 * The participant id has no `:` (the app's are UUIDs), so the key reads one way only.
 */
export const reactionSchema = z.strictObject({
  kind: z.literal('reaction'),
  shapeId: z.string().regex(/^shape:\S{1,100}$/),
  participantId: z.string().regex(/^[^\s:]{1,100}$/),
  reaction: z.enum(reactionKinds),
  createdAt: timestamp,
})
export type Reaction = z.infer<typeof reactionSchema>

/* ------------------------------------ votes ----------------------------------- */

/**
 * One participant's dots in one voting session. Key `ballot:<sessionId>:<participantId>`. A card
 * id may appear several times (several dots on one card). Anonymous sessions store no name.
 * Ballots of a secret session (anonymous, or hidden until the end: `isSecretSession`) are never in
 * the board's `votes` root: they live in the voter's private doc and on the server, which
 * publishes only their `tally` (server/privateDocs.ts).
 */
export const ballotSchema = z.strictObject({
  kind: z.literal('ballot'),
  sessionId: id,
  participantId: id,
  participantName: shortText.nullable(),
  function: z.enum(participantFunctions),
  shapeIds: z.array(id).max(100),
  updatedAt: timestamp,
})
export type Ballot = z.infer<typeof ballotSchema>

const count = z.number().int().nonnegative()

/** A count per participant function. */
export const functionCountsSchema = z.strictObject(
  Object.fromEntries(participantFunctions.map((fn) => [fn, count])) as Record<
    ParticipantFunction,
    typeof count
  >,
)

/**
 * The results of a secret session as the server publishes them (key `tally:<sessionId>`): who
 * voted is never in it, only how many people of each function and the dots per card. While a
 * vote hidden until the end is open, only how many voted (`hasResults` false, no cards); once it
 * is closed, `isFinal`.
 */
export const voteTallySchema = z.strictObject({
  kind: z.literal('tally'),
  sessionId: id,
  isFinal: z.boolean(),
  hasResults: z.boolean(),
  voters: count,
  dots: count,
  votersByFunction: functionCountsSchema,
  cards: z
    .array(z.strictObject({ shapeId: id, byFunction: functionCountsSchema, voters: count }))
    .max(5000),
})
export type PublishedTally = z.infer<typeof voteTallySchema>

/** An entry of the `votes` root: a ballot (clients) or a published tally (the server). */
export const votesEntrySchema = z.discriminatedUnion('kind', [ballotSchema, voteTallySchema])

/* ---------------------------------- workshop ---------------------------------- */

/** A dot-voting session. Key `voteSession:<id>`. */
export const voteSessionSchema = z.strictObject({
  kind: z.literal('voteSession'),
  id,
  title: shortText,
  /** Which card kind is voted on (a shape type, e.g. `icp-attribute`). */
  cardType: id,
  votesPerPerson: z.number().int().min(1).max(20),
  isAnonymous: z.boolean(),
  /** Results stay hidden from participants until the session closes. */
  isHiddenUntilEnd: z.boolean(),
  status: z.enum(['open', 'closed']),
  startedAt: timestamp,
  /** When the session closes by itself (timer), or null. */
  endsAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
})
export type VoteSession = z.infer<typeof voteSessionSchema>

/** The workshop step everyone sees. Key `step`. */
export const stepStateSchema = z.strictObject({
  kind: z.literal('step'),
  current: z.number().int().min(1).max(5).nullable(),
  updatedAt: timestamp,
})

/** A countdown visible to all. Key `timer`. Running when `startedAt` is set. */
export const timerStateSchema = z.strictObject({
  kind: z.literal('timer'),
  label: shortText,
  durationMs: z.number().int().min(minTimerMs).max(maxTimerMs),
  startedAt: timestamp.nullable(),
  /** Remaining time while paused, or null when running or reset. */
  pausedRemainingMs: z.number().int().nonnegative().nullable(),
  /** The vote session that closes when this countdown runs out (optional; absent = none). */
  closesVoteSessionId: id.nullable().optional(),
})

/** Whole-board lock: while on, the server refuses everyone's board edits but the facilitator's. */
export const boardLockSchema = z.strictObject({
  kind: z.literal('boardLock'),
  isLocked: z.boolean(),
  updatedAt: timestamp,
})

/** Private brainstorm: cards others create after `startedAt` stay hidden until revealed. */
export const privateModeSchema = z.strictObject({
  kind: z.literal('privateMode'),
  isOn: z.boolean(),
  startedAt: timestamp.nullable(),
})

/**
 * The facilitator summoned everyone to a viewport. Clients jump when `at` changes. `x`/`y` is
 * the centre of the facilitator's viewport in page space and `z` their zoom.
 */
export const summonSchema = z.strictObject({
  kind: z.literal('summon'),
  by: shortText,
  pageId: id,
  x: z.number().finite(),
  y: z.number().finite(),
  z: z.number().finite().positive(),
  at: timestamp,
})

/** Rules for exporting the ICP. Key `exportPolicy`. */
export const exportPolicySchema = z.strictObject({
  kind: z.literal('exportPolicy'),
  /** The final export: exports stay disabled while the profile has open comment threads. */
  requiresResolvedThreads: z.boolean(),
  updatedAt: timestamp,
})
export type ExportPolicy = z.infer<typeof exportPolicySchema>

export const workshopEntrySchema = z.discriminatedUnion('kind', [
  voteSessionSchema,
  stepStateSchema,
  timerStateSchema,
  boardLockSchema,
  privateModeSchema,
  summonSchema,
  exportPolicySchema,
])
export type WorkshopEntry = z.infer<typeof workshopEntrySchema>

/* ----------------------------------- people ----------------------------------- */

/** Someone who has been on the board. Key `person:<participantId>`. */
export const personSchema = z.strictObject({
  kind: z.literal('person'),
  id,
  name: shortText,
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
  function: z.enum(participantFunctions),
  lastSeenAt: timestamp,
})
export type Person = z.infer<typeof personSchema>

/** The zod schema every entry of a workshop root must pass, by root name. */
export const entrySchemasByRoot: Record<string, z.ZodType> = {
  [commentsArrayName]: commentEntrySchema,
  [votesArrayName]: votesEntrySchema,
  [reactionsArrayName]: reactionSchema,
  [workshopArrayName]: workshopEntrySchema,
  [peopleArrayName]: personSchema,
  [dataArrayName]: dataEntrySchema,
}

/* ---------------------------------- awareness --------------------------------- */

/** Awareness field in which a client announces who it is (the server builds `people` from it). */
export const awarenessUserField = 'user'

/**
 * What a client announces in its awareness `user` field. `role` (optional) is the role its
 * token grants, so others can find the facilitator to follow; the server enforces roles itself.
 */
export const awarenessUserSchema = personSchema
  .omit({ kind: true, lastSeenAt: true })
  .extend({ role: z.enum(roles).optional() })
export type AwarenessUser = z.infer<typeof awarenessUserSchema>
