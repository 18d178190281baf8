import { atom, uniqueId, type Atom } from 'tldraw'
import type * as Y from 'yjs'
import { onePer } from '../lib/onePer'
import {
  buildThreads,
  commentKey,
  parseCommentEntries,
  threadKey,
  type ThreadView,
} from '../../shared/workshop/commentThreads'
import {
  commentEntrySchema,
  commentsArrayName,
  peopleArrayName,
  exportPolicySchema,
  personSchema,
  workshopArrayName,
  type CommentAnchor,
  type CommentEntry,
  type Person,
} from '../../shared/workshop/workshopLayout'
import { commentEntryKey, personKey, validEntries } from '../../shared/workshop/entryKeys'
import { getWorkshopArray, getWorkshopWriter, observeKeyValues } from '../sync/workshopRoots'

/** Who writes a comment (the local person). */
export interface CommentAuthor {
  id: string
  name: string
  color: string
}

/** Key of the export policy in the `workshop` root. */
export const exportPolicyKey = 'exportPolicy'

/** Longest comment body, as the schema allows. */
export const maxCommentLength = 4000

/**
 * The comment threads of one board, read from and written to its Y.Doc `comments` root, so they
 * sync, persist and work offline like the cards. Reads never write (viewers must not); writes go
 * through the root's one YKeyValue. Invalid entries from other clients are ignored.
 */
export class BoardComments {
  /** Every thread with its comments, newest activity first. */
  readonly $threads: Atom<ThreadView[]> = atom('comment threads', [])
  /** Everyone who has been on the board (the server's `people` roster). */
  readonly $roster: Atom<Person[]> = atom('people roster', [])
  /** The facilitator's "final export requires resolved threads" switch. */
  readonly $requiresResolvedThreads: Atom<boolean> = atom('requires resolved threads', false)

  private entries = new Map<string, CommentEntry>()
  private readonly stops: (() => void)[] = []

  constructor(private readonly doc: Y.Doc) {
    this.stops.push(
      observeKeyValues(getWorkshopArray(doc, commentsArrayName), (values) => {
        const entries = parseCommentEntries(values)
        this.entries = new Map(entries.map((entry) => [commentEntryKey(entry), entry]))
        this.$threads.set(buildThreads(entries))
      }),
    )
    this.stops.push(
      observeKeyValues(getWorkshopArray(doc, peopleArrayName), (values) => {
        this.$roster.set(validEntries(values, personSchema, personKey))
      }),
    )
    this.stops.push(
      observeKeyValues(getWorkshopArray(doc, workshopArrayName), (values) => {
        const policy = exportPolicySchema.safeParse(values.get(exportPolicyKey))
        this.$requiresResolvedThreads.set(policy.success && policy.data.requiresResolvedThreads)
      }),
    )
  }

  /**
   * Takes someone off the roster (facilitator only; the server adds people, the facilitator may
   * only remove them). Someone still on the board is added again with their next presence.
   */
  removePerson(participantId: string): void {
    getWorkshopWriter(this.doc, peopleArrayName).delete(personKey({ id: participantId }))
  }

  /** Turns the final-export rule on or off (facilitator only: the `workshop` root is theirs). */
  setRequiresResolvedThreads(requiresResolvedThreads: boolean, now = Date.now()): void {
    const policy = exportPolicySchema.parse({
      kind: 'exportPolicy',
      requiresResolvedThreads,
      updatedAt: now,
    })
    getWorkshopWriter(this.doc, workshopArrayName).set(exportPolicyKey, policy)
  }

  /** The thread with this id, if it has comments. */
  getThread(threadId: string): ThreadView | undefined {
    return this.$threads.get().find((view) => view.thread.id === threadId)
  }

  /** Starts a thread at `anchor` with its opening comment; returns the thread id. */
  createThread(
    anchor: CommentAnchor,
    body: string,
    mentions: readonly string[],
    author: CommentAuthor,
    now = Date.now(),
  ): string {
    const threadId = uniqueId()
    this.write(() => {
      this.put({
        kind: 'thread',
        id: threadId,
        anchor,
        authorId: author.id,
        createdAt: now,
        status: 'open',
        statusBy: null,
        statusAt: null,
      })
      this.putComment(threadId, body, mentions, author, now)
    })
    return threadId
  }

  /** Adds a reply; replying to a resolved thread reopens it, as in Figma. */
  reply(
    threadId: string,
    body: string,
    mentions: readonly string[],
    author: CommentAuthor,
    now = Date.now(),
  ): void {
    const thread = this.entries.get(threadKey(threadId))
    if (thread?.kind !== 'thread') return
    this.write(() => {
      this.putComment(threadId, body, mentions, author, now)
      if (thread.status === 'resolved') {
        this.put({ ...thread, status: 'open', statusBy: author.name, statusAt: now })
      }
    })
  }

  /** Replaces a comment's text and mentions and marks it edited. */
  editComment(commentId: string, body: string, mentions: readonly string[], now = Date.now()) {
    const comment = this.entries.get(commentKey(commentId))
    if (comment?.kind !== 'comment') return
    this.write(() =>
      this.put({ ...comment, body: body.trim(), mentions: [...mentions], editedAt: now }),
    )
  }

  /** Deletes one comment; deleting a thread's opening comment deletes the whole thread. */
  deleteComment(commentId: string): void {
    const comment = this.entries.get(commentKey(commentId))
    if (comment?.kind !== 'comment') return
    const view = this.getThread(comment.threadId)
    if (view?.comments[0]?.id === commentId) return this.deleteThread(comment.threadId)
    this.write(() => getWorkshopWriter(this.doc, commentsArrayName).delete(commentKey(commentId)))
  }

  /** Deletes a thread and all of its comments. */
  deleteThread(threadId: string): void {
    const writer = getWorkshopWriter(this.doc, commentsArrayName)
    this.write(() => {
      for (const [key, entry] of this.entries) {
        if (entry.kind === 'comment' && entry.threadId === threadId) writer.delete(key)
      }
      writer.delete(threadKey(threadId))
    })
  }

  /** Resolves or reopens a thread, noting who did it and when. */
  setThreadStatus(
    threadId: string,
    status: 'open' | 'resolved',
    byName: string,
    now = Date.now(),
  ): void {
    const thread = this.entries.get(threadKey(threadId))
    if (thread?.kind !== 'thread' || thread.status === status) return
    this.write(() => this.put({ ...thread, status, statusBy: byName.slice(0, 200), statusAt: now }))
  }

  /** Moves a thread to another anchor (e.g. its card was deleted and it is re-pinned). */
  moveThread(threadId: string, anchor: CommentAnchor): void {
    const thread = this.entries.get(threadKey(threadId))
    if (thread?.kind !== 'thread') return
    this.write(() => this.put({ ...thread, anchor }))
  }

  destroy(): void {
    for (const stop of this.stops.splice(0)) stop()
  }

  private putComment(
    threadId: string,
    body: string,
    mentions: readonly string[],
    author: CommentAuthor,
    now: number,
  ) {
    this.put({
      kind: 'comment',
      id: uniqueId(),
      threadId,
      authorId: author.id,
      authorName: author.name.slice(0, 200),
      authorColor: author.color,
      body: body.trim(),
      mentions: [...new Set(mentions)].slice(0, 50),
      createdAt: now,
      editedAt: null,
    })
  }

  /** Writes an entry; an invalid one is a programmer error (the UI limits what people type). */
  private put(entry: CommentEntry) {
    const valid = commentEntrySchema.parse(entry)
    getWorkshopWriter(this.doc, commentsArrayName).set(commentEntryKey(valid), valid)
  }

  private write(change: () => void) {
    this.doc.transact(change)
  }
}

/** The comments of the board whose doc this is (one model per doc). */
export const boardCommentsOf = onePer((doc: Y.Doc) => new BoardComments(doc))
