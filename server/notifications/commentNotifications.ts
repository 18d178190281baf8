/**
 * What happened in a board's comments between two readings of its `comments` root, as webhook
 * messages: a new thread (mentioning whoever its first comment mentions), an @mention in a reply
 * (or one added by an edit), and a thread resolved. Pure: the caller reads the doc.
 */
import { parseCommentEntries, describeShape } from '../../shared/workshop/commentThreads'
import type { NotificationEvent, NotificationPayload } from '../../shared/workshop/notificationApi'
import {
  isHiddenByPrivateMode,
  readCreationMeta,
  type PrivateModeState,
} from '../../shared/workshop/privateMode'
import type { Comment, CommentThread } from '../../shared/workshop/workshopLayout'

/** What a message needs to know about the board besides its comments. */
export interface BoardContext {
  roomId: string
  boardName: string
  /** The app's address (`https://icp.example.com`), without a trailing slash. */
  publicUrl: string
  /** A card by shape id (type, props, meta), or undefined when it is not on the board. */
  shape: (shapeId: string) => { type: string; props: object; meta: unknown } | undefined
  /** Display names by participant id (the people roster). */
  personName: (participantId: string) => string | undefined
  privateMode: PrivateModeState | null
  now: number
}

/** Longest excerpt of a comment in a message. */
const maxExcerpt = 300

/** The board's URL, without any token: the recipient opens it with their own link. */
export function boardUrl(context: Pick<BoardContext, 'publicUrl' | 'roomId'>): string {
  return `${context.publicUrl}/b/${encodeURIComponent(context.roomId)}`
}

/** Slack mrkdwn control characters escaped (`&`, `<`, `>`), as Slack asks. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim()
  return flat.length > maxExcerpt ? `${flat.slice(0, maxExcerpt - 1).trimEnd()}…` : flat
}

interface ThreadContext {
  card: NotificationPayload['card']
  /** "on Attribute “Industry: Retail”", "on the canvas", "on a card in the private brainstorm". */
  where: string
  thread: NonNullable<NotificationPayload['thread']>
}

function threadContext(thread: CommentThread, context: BoardContext): ThreadContext {
  const url = `${boardUrl(context)}?thread=${encodeURIComponent(thread.id)}`
  const { anchor } = thread
  if (anchor.type === 'point') {
    return { card: null, where: 'on the canvas', thread: { id: thread.id, url } }
  }
  const shape = context.shape(anchor.shapeId)
  // A card created in a private round stays private: nobody else sees it yet, nor does the channel.
  if (shape && isHiddenByPrivateMode(readCreationMeta(shape.meta), context.privateMode, '')) {
    return {
      card: { id: anchor.shapeId, title: null },
      where: 'on a card in the private brainstorm',
      thread: { id: thread.id, url },
    }
  }
  const title = describeShape(shape)
  return {
    card: { id: anchor.shapeId, title },
    where: `on ${title}`,
    thread: { id: thread.id, url },
  }
}

function commentMessage(
  event: NotificationEvent,
  headline: string,
  comment: Comment,
  thread: CommentThread,
  context: BoardContext,
): NotificationPayload {
  const where = threadContext(thread, context)
  const board = context.boardName || 'Untitled board'
  const mentions = comment.mentions.map((id) => context.personName(id) ?? 'someone')
  const text = excerpt(comment.body)
  return {
    text: `${escapeMrkdwn(`${headline} ${where.where} in “${board}”`)}:\n>${escapeMrkdwn(text)}\n<${where.thread.url}|Open the comment>`,
    event,
    board: { id: context.roomId, name: context.boardName, url: boardUrl(context) },
    card: where.card,
    thread: where.thread,
    comment: { author: comment.authorName, text, mentions },
    version: null,
    by: comment.authorName,
    occurredAt: new Date(context.now).toISOString(),
  }
}

function namesList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/**
 * The messages for what changed from `before` to `after` (both the entries of the `comments`
 * root by key, as stored). Invalid entries are ignored.
 */
export function commentNotifications(
  before: ReadonlyMap<string, unknown>,
  after: ReadonlyMap<string, unknown>,
  context: BoardContext,
): NotificationPayload[] {
  const previous = parseCommentEntries(before)
  const current = parseCommentEntries(after)
  const oldComments = new Map<string, Comment>()
  const oldThreads = new Map<string, CommentThread>()
  const threadsWithComments = new Set<string>()
  for (const entry of previous) {
    if (entry.kind === 'comment') {
      oldComments.set(entry.id, entry)
      threadsWithComments.add(entry.threadId)
    } else {
      oldThreads.set(entry.id, entry)
    }
  }
  const threads = new Map(
    current.flatMap((entry) => (entry.kind === 'thread' ? [[entry.id, entry] as const] : [])),
  )
  const messages: NotificationPayload[] = []
  const name = (id: string) => context.personName(id) ?? 'someone'
  const newComments = current
    .filter((entry): entry is Comment => entry.kind === 'comment')
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
  for (const comment of newComments) {
    const thread = threads.get(comment.threadId)
    if (!thread) continue
    const old = oldComments.get(comment.id)
    const newMentions = comment.mentions.filter((id) => !old?.mentions.includes(id))
    if (!old && !threadsWithComments.has(comment.threadId)) {
      threadsWithComments.add(comment.threadId)
      const mentioning =
        comment.mentions.length > 0 ? `, mentioning ${namesList(comment.mentions.map(name))},` : ''
      messages.push(
        commentMessage(
          'thread.created',
          `${comment.authorName}${mentioning} started a thread`,
          comment,
          thread,
          context,
        ),
      )
    } else if (newMentions.length > 0) {
      messages.push(
        commentMessage(
          'comment.mention',
          `${comment.authorName} mentioned ${namesList(newMentions.map(name))}`,
          comment,
          thread,
          context,
        ),
      )
    }
  }
  for (const thread of threads.values()) {
    const old = oldThreads.get(thread.id)
    if (thread.status !== 'resolved' || !old || old.status === 'resolved') continue
    const first = current
      .filter((entry): entry is Comment => entry.kind === 'comment' && entry.threadId === thread.id)
      .sort((a, b) => a.createdAt - b.createdAt)[0]
    if (!first) continue
    const by = thread.statusBy || 'Someone'
    const message = commentMessage(
      'thread.resolved',
      `${by} resolved a thread`,
      first,
      thread,
      context,
    )
    messages.push({
      ...message,
      by: thread.statusBy,
      comment: { ...message.comment!, author: first.authorName },
    })
  }
  return messages
}
