/**
 * Comment threads from the `comments` root (see workshopLayout.ts): validation of stored entries,
 * grouping into threads, and the summary of open threads that exports append. Pure: no Yjs, no
 * clock; callers pass what they know about shapes.
 */
import type { IcpDocument, IcpOpenThread } from '../compile/icpDocument'
import { attributeCategoryInfo } from '../compile/attributeCategoryInfo'
import { attributeCardType } from '../schema/attributeCard'
import { disqualifierCardType } from '../schema/disqualifierCard'
import { evidenceCardType } from '../schema/evidenceCard'
import { painPointCardType } from '../schema/painPointCard'
import { personaCardType } from '../schema/personaCard'
import { statementCardType } from '../schema/statementCard'
import {
  commentEntrySchema,
  type Comment,
  type CommentAnchor,
  type CommentEntry,
  type CommentThread,
} from './workshopLayout'
import { commentEntryKey, validEntries } from './entryKeys'

/** Key of a thread entry in the `comments` root. */
export function threadKey(threadId: string): string {
  return commentEntryKey({ kind: 'thread', id: threadId })
}

/** Key of a comment entry in the `comments` root. */
export function commentKey(commentId: string): string {
  return commentEntryKey({ kind: 'comment', id: commentId })
}

/**
 * The entries that pass `commentEntrySchema` and are stored under their own key
 * (`thread:<id>` / `comment:<id>`); anything else is skipped, never thrown.
 */
export function parseCommentEntries(
  entries: Iterable<readonly [key: string, value: unknown]>,
): CommentEntry[] {
  return validEntries(entries, commentEntrySchema, commentEntryKey)
}

/** A thread with its comments, oldest first; the first comment opens the thread. */
export interface ThreadView {
  thread: CommentThread
  comments: readonly Comment[]
  /** Time of the newest comment, or of the last resolve/reopen when later. */
  lastActivityAt: number
}

/**
 * Groups entries into threads, newest activity first. Threads without comments (their messages
 * were deleted) and comments without a thread are left out.
 */
export function buildThreads(entries: readonly CommentEntry[]): ThreadView[] {
  const threads = new Map<string, CommentThread>()
  const commentsByThread = new Map<string, Comment[]>()
  for (const entry of entries) {
    if (entry.kind === 'thread') {
      threads.set(entry.id, entry)
    } else {
      const list = commentsByThread.get(entry.threadId)
      if (list) list.push(entry)
      else commentsByThread.set(entry.threadId, [entry])
    }
  }
  const views: ThreadView[] = []
  for (const thread of threads.values()) {
    const comments = commentsByThread.get(thread.id)
    if (!comments || comments.length === 0) continue
    comments.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    const lastComment = comments[comments.length - 1]!.createdAt
    views.push({
      thread,
      comments,
      lastActivityAt: Math.max(lastComment, thread.statusAt ?? 0),
    })
  }
  return views.sort(
    (a, b) => b.lastActivityAt - a.lastActivityAt || a.thread.id.localeCompare(b.thread.id),
  )
}

/** The parts of a tldraw shape record this module reads. */
export interface ShapeLike {
  type: string
  props: object
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : ''
}

function quoted(kind: string, title: string): string {
  const short = title.length > 60 ? `${title.slice(0, 59).trimEnd()}…` : title
  return short ? `${kind} “${short}”` : `${kind} card`
}

/**
 * Where a shape-anchored thread sits, in words: `Attribute “Industry: video games”`,
 * `Persona “Head of Growth”`, `Frame “4 · Key attributes”`. Null shape: the card was deleted.
 */
export function describeShape(shape: ShapeLike | null | undefined): string {
  if (!shape) return 'A deleted card'
  const props = shape.props as Record<string, unknown>
  switch (shape.type) {
    case attributeCardType: {
      const category = attributeCategoryInfo[props.category as keyof typeof attributeCategoryInfo]
      const label = text(props.label) || category?.label || ''
      const value = text(props.value)
      return quoted('Attribute', label && value ? `${label}: ${value}` : label || value)
    }
    case personaCardType:
      return quoted('Persona', text(props.title))
    case painPointCardType:
      return quoted('Pain point', text(props.problem))
    case disqualifierCardType:
      return quoted('Disqualifier', text(props.rule))
    case evidenceCardType:
      return quoted('Best customer', text(props.customer))
    case statementCardType:
      return quoted('ICP statement', text(props.name))
    case 'frame':
      return quoted('Frame', text(props.name))
    case 'note':
      return 'A sticky note'
    case 'text':
      return 'A text'
    case 'arrow':
      return 'An arrow'
    default:
      return 'A shape'
  }
}

/** What `openThreadsForIcp` needs to know about the board. */
export interface ThreadScope {
  /** The label of a shape-anchored thread's card (see `describeShape`). */
  shapeLabel: (shapeId: string) => string
  /** Whether a point-anchored thread lies inside the ICP (defaults: the ICP's whole page). */
  isPointInIcp?: (anchor: Extract<CommentAnchor, { type: 'point' }>) => boolean
}

/** True when `thread` is about the ICP `doc`: pinned to one of its cards or inside its area. */
export function isThreadInIcp(
  doc: Pick<IcpDocument, 'sourceShapeIds' | 'statementShapeId' | 'scope'>,
  thread: CommentThread,
  isPointInIcp?: ThreadScope['isPointInIcp'],
): boolean {
  const { anchor } = thread
  if (anchor.type === 'shape') {
    return (
      anchor.shapeId === doc.statementShapeId ||
      anchor.shapeId === doc.scope.frameId ||
      doc.sourceShapeIds.includes(anchor.shapeId)
    )
  }
  if (isPointInIcp) return isPointInIcp(anchor)
  return doc.scope.frameId === null && anchor.pageId === doc.scope.pageId
}

/**
 * The open threads about one ICP, oldest first, as exports list them (see `icpOpenThreadSchema`).
 */
export function openThreadsForIcp(
  doc: Pick<IcpDocument, 'sourceShapeIds' | 'statementShapeId' | 'scope'>,
  threads: readonly ThreadView[],
  scope: ThreadScope,
): IcpOpenThread[] {
  return threads
    .filter(
      (view) =>
        view.thread.status === 'open' && isThreadInIcp(doc, view.thread, scope.isPointInIcp),
    )
    .sort(
      (a, b) => a.thread.createdAt - b.thread.createdAt || a.thread.id.localeCompare(b.thread.id),
    )
    .map((view) => ({
      id: view.thread.id,
      shapeId: view.thread.anchor.type === 'shape' ? view.thread.anchor.shapeId : null,
      anchorLabel:
        view.thread.anchor.type === 'shape'
          ? scope.shapeLabel(view.thread.anchor.shapeId)
          : 'A point on the canvas',
      comments: view.comments.map((comment) => ({
        author: comment.authorName,
        createdAt: new Date(comment.createdAt).toISOString(),
        body: comment.body,
      })),
    }))
}
