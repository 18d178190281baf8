import { useEditor, useValue } from 'tldraw'
import { useShallow } from 'zustand/react/shallow'
import type { ThreadView } from '../../shared/workshop/commentThreads'
import { useBoard } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'
import { sidePanelDomId } from '../state/panelsSlice'
import { Glyph } from '../shapes/CardIcon'
import { Avatar, RelativeTime } from './CommentParts'
import { commentToolKbd } from './commentTool'
import { anchorLabelOf, revealThread } from './revealThread'
import { isMentioned, sortThreadsForList } from './unread'
import { useAuthor, useCommentPermissions, useIsUnread, useThreads } from './useComments'
import { useNow } from '../lib/useNow'
import { SidePanel } from '../ui/SidePanel'
import { useTabs } from '../ui/useTabs'

function ThreadRow({
  view,
  isUnread,
  isMention,
  isActive,
  now,
  onOpen,
}: {
  view: ThreadView
  isUnread: boolean
  isMention: boolean
  isActive: boolean
  now: number
  onOpen: () => void
}) {
  const editor = useEditor()
  const opening = view.comments[0]!
  const last = view.comments[view.comments.length - 1]!
  const replies = view.comments.length - 1
  const anchorLabel = useValue('anchor label', () => anchorLabelOf(editor, view.thread.anchor), [
    editor,
    view.thread.anchor,
  ])
  return (
    <li>
      <button
        type="button"
        className={`comment-row ${isUnread ? 'is-unread' : ''} ${isActive ? 'is-active' : ''}`}
        onClick={onOpen}
        data-thread-id={view.thread.id}
        aria-current={isActive}
      >
        <span className="comment-row__head">
          <Avatar name={opening.authorName} color={opening.authorColor} size={22} />
          <span className="comment-row__author">{opening.authorName}</span>
          <RelativeTime at={last.createdAt} now={now} />
          {isUnread && (
            <span className="comment-row__unread">
              <span aria-hidden="true" />
              <span className="visually-hidden">Unread</span>
            </span>
          )}
        </span>
        <span className="comment-row__anchor">{anchorLabel}</span>
        <span className="comment-row__body">{opening.body}</span>
        {(replies > 0 || isMention) && (
          <span className="comment-row__meta">
            {replies > 0 && (
              <span>
                {replies} {replies === 1 ? 'reply' : 'replies'}
                {replies > 0 && ` · last by ${last.authorName}`}
              </span>
            )}
            {isMention && <span className="comment-row__mention">Mentioned you</span>}
          </span>
        )}
      </button>
    </li>
  )
}

const commentFilters = ['open', 'resolved'] as const

/**
 * The comments list (a side panel): open or resolved threads, unread first, with where each is
 * pinned; clicking one brings its pin into view and opens it.
 */
export function CommentsPanel() {
  const editor = useEditor()
  const { roomId } = useBoard()
  const threads = useThreads()
  const isUnread = useIsUnread()
  const author = useAuthor()
  const now = useNow()
  const { canComment } = useCommentPermissions()
  const state = useUiStore(
    useShallow((store) => ({
      isOpen: store.openPanel === 'comments',
      closePanel: store.closePanel,
      filter: store.commentFilter,
      setFilter: store.setCommentFilter,
      activeComment: store.activeComment,
      setActiveComment: store.setActiveComment,
      markThreadsRead: store.markThreadsRead,
    })),
  )
  const tabs = useTabs(commentFilters, state.filter, state.setFilter)
  if (!state.isOpen) return null

  const open = threads.filter((view) => view.thread.status === 'open')
  const resolved = threads.filter((view) => view.thread.status === 'resolved')
  const shown = sortThreadsForList(state.filter === 'open' ? open : resolved, isUnread)
  const unread = threads.filter(isUnread)
  const activeId = state.activeComment?.kind === 'thread' ? state.activeComment.threadId : null

  return (
    <SidePanel
      id={sidePanelDomId('comments')}
      title="Comments"
      className="comments-panel"
      closeLabel="Close comments"
      onClose={() => state.closePanel('comments')}
      actions={
        unread.length > 0 && (
          <button
            type="button"
            className="link comments-panel__mark-read"
            onClick={() =>
              state.markThreadsRead(
                roomId,
                unread.map((view) => view.thread.id),
              )
            }
          >
            Mark all read
          </button>
        )
      }
    >
      <div className="comments-panel__tabs" role="tablist" aria-label="Show threads">
        {commentFilters.map((filter) => (
          <button
            key={filter}
            type="button"
            className="comments-panel__tab"
            {...tabs.tabProps(filter)}
          >
            {filter === 'open' ? 'Open' : 'Resolved'}
            <span className="comments-panel__count">
              {filter === 'open' ? open.length : resolved.length}
            </span>
          </button>
        ))}
      </div>
      <div className="comments-panel__threads" {...tabs.panelProps}>
        {shown.length === 0 ? (
          <div className="comments-panel__empty">
            <span className="comments-panel__empty-icon">
              <Glyph name="comment" size={22} />
            </span>
            {state.filter === 'resolved' ? (
              <p>No resolved threads yet.</p>
            ) : canComment ? (
              <p>
                No open comments. Press <kbd>{commentToolKbd.toUpperCase()}</kbd>, then click a card
                or the canvas to start a thread.
              </p>
            ) : (
              <p>No open comments.</p>
            )}
          </div>
        ) : (
          <ul className="comments-panel__list">
            {shown.map((view) => (
              <ThreadRow
                key={view.thread.id}
                view={view}
                isUnread={isUnread(view)}
                isMention={isMentioned(view, author.id)}
                isActive={view.thread.id === activeId}
                now={now}
                onOpen={() => {
                  revealThread(editor, view)
                  state.setActiveComment({ kind: 'thread', threadId: view.thread.id })
                }}
              />
            ))}
          </ul>
        )}
      </div>
    </SidePanel>
  )
}
