import { useState } from 'react'
import type { ThreadView } from '../../shared/workshop/commentThreads'
import type { Comment } from '../../shared/workshop/workshopLayout'
import { CommentComposer } from './CommentComposer'
import { Avatar, CommentBody, RelativeTime } from './CommentParts'
import type { MentionCandidate } from './mentions'

export interface CommentThreadCardProps {
  /** The thread, or null for a new thread being written. */
  view: ThreadView | null
  /** Where the thread is pinned, in words. */
  anchorLabel: string
  selfId: string
  people: readonly MentionCandidate[]
  now: number
  /** Commenter and up: reply, resolve, edit and delete their own comments. */
  canComment: boolean
  /** Facilitator: may also delete other people's comments. */
  canModerate: boolean
  onPost: (body: string, mentions: string[]) => void
  onResolve: (isResolved: boolean) => void
  onEdit: (commentId: string, body: string, mentions: string[]) => void
  onDelete: (commentId: string) => void
  onClose: () => void
}

function CheckIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <circle cx="8" cy="8" r="6.5" />
      <path d="m5.2 8.2 1.9 1.9 3.7-3.9" />
    </svg>
  )
}

function CommentItem({
  comment,
  isOpening,
  replyCount,
  names,
  props,
}: {
  comment: Comment
  isOpening: boolean
  replyCount: number
  names: readonly string[]
  props: CommentThreadCardProps
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view')
  const isOwn = comment.authorId === props.selfId
  const canEdit = props.canComment && isOwn
  const canDelete = props.canComment && (isOwn || props.canModerate)
  return (
    <li className="comment-item" data-comment-id={comment.id}>
      <div className="comment-item__head">
        <Avatar name={comment.authorName} color={comment.authorColor} />
        <span className="comment-item__author">{comment.authorName}</span>
        <RelativeTime at={comment.createdAt} now={props.now} />
        {comment.editedAt !== null && <span className="comment-item__edited">edited</span>}
        {mode === 'view' && (canEdit || canDelete) && (
          <span className="comment-item__tools">
            {canEdit && (
              <button type="button" className="comment-icon-button" onClick={() => setMode('edit')}>
                Edit
              </button>
            )}
            {canDelete && (
              <button
                type="button"
                className="comment-icon-button"
                onClick={() => setMode('confirm-delete')}
              >
                Delete
              </button>
            )}
          </span>
        )}
      </div>
      {mode === 'edit' ? (
        <CommentComposer
          label="Edit comment"
          submitLabel="Save"
          people={props.people}
          selfId={props.selfId}
          initialText={comment.body}
          autoFocus
          hasCancelButton
          onCancel={() => setMode('view')}
          onSubmit={(body, mentions) => {
            props.onEdit(comment.id, body, mentions)
            setMode('view')
          }}
        />
      ) : (
        <CommentBody body={comment.body} names={names} />
      )}
      {mode === 'confirm-delete' && (
        <div className="comment-confirm" role="alertdialog" aria-label="Confirm delete">
          <span>
            {isOpening
              ? replyCount > 0
                ? `Delete this thread and its ${replyCount === 1 ? 'reply' : `${replyCount} replies`}?`
                : 'Delete this thread?'
              : 'Delete this reply?'}
          </span>
          <button type="button" className="button button--small" onClick={() => setMode('view')}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--small button--danger"
            onClick={() => {
              setMode('view')
              props.onDelete(comment.id)
            }}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  )
}

/**
 * One thread as the popover shows it: where it is pinned, its comments (author, time, edited,
 * mentions), resolve/reopen, edit/delete of one's own comments, and the reply box. A null view
 * is a new thread: only the composer.
 */
export function CommentThreadCard(props: CommentThreadCardProps) {
  const { view, anchorLabel, canComment } = props
  const names = props.people.map((person) => person.name)
  const isResolved = view?.thread.status === 'resolved'
  return (
    <div className="comment-thread" data-thread-id={view?.thread.id ?? 'draft'}>
      <header className="comment-thread__header">
        <span className="comment-thread__anchor" title={anchorLabel}>
          {view ? anchorLabel : `New comment · ${anchorLabel}`}
        </span>
        {view && canComment && (
          <button
            type="button"
            className={`comment-icon-button comment-thread__resolve ${isResolved ? 'is-resolved' : ''}`}
            aria-pressed={isResolved}
            title={isResolved ? 'Reopen this thread' : 'Resolve this thread'}
            onClick={() => props.onResolve(!isResolved)}
          >
            <CheckIcon />
            {isResolved ? 'Reopen' : 'Resolve'}
          </button>
        )}
        <button
          type="button"
          className="comment-icon-button comment-thread__close"
          aria-label="Close thread"
          onClick={props.onClose}
        >
          ×
        </button>
      </header>
      {isResolved && view.thread.statusBy && (
        <p className="comment-thread__status">
          Resolved by {view.thread.statusBy}
          {view.thread.statusAt !== null && (
            <>
              {' · '}
              <RelativeTime at={view.thread.statusAt} now={props.now} />
            </>
          )}
        </p>
      )}
      {view && (
        <ol className="comment-thread__comments">
          {view.comments.map((comment, index) => (
            <CommentItem
              key={comment.id}
              comment={comment}
              isOpening={index === 0}
              replyCount={view.comments.length - 1}
              names={names}
              props={props}
            />
          ))}
        </ol>
      )}
      {canComment ? (
        <CommentComposer
          key={view?.thread.id ?? 'draft'}
          label={view ? (isResolved ? 'Reply and reopen…' : 'Reply…') : 'Add a comment…'}
          submitLabel={view ? 'Reply' : 'Post comment'}
          people={props.people}
          selfId={props.selfId}
          autoFocus
          onSubmit={props.onPost}
          onCancel={props.onClose}
        />
      ) : (
        <p className="comment-thread__readonly">
          You can read comments. To reply, ask the facilitator for a commenter link.
        </p>
      )}
    </div>
  )
}
