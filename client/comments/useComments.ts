import { useMemo } from 'react'
import { useValue } from 'tldraw'
import { hasRole } from '../../shared/workshop/roles'
import type { ThreadView } from '../../shared/workshop/commentThreads'
import { useBoard, useMyRole } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'
import { awarenessUsersOf } from '../sync/bindAwarenessUser'
import { boardCommentsOf, type BoardComments } from './boardComments'
import { canComment } from './commentTool'
import type { MentionCandidate } from './mentions'
import { mergePeople } from './people'
import { isThreadUnread, type UnreadContext } from './unread'

/** The open board's comments model. */
export function useBoardComments(): BoardComments {
  const { connection } = useBoard()
  return boardCommentsOf(connection.doc)
}

/** Every thread of the board, newest activity first. */
export function useThreads(): ThreadView[] {
  const comments = useBoardComments()
  return useValue(comments.$threads)
}

/** What the local person may do with comments. */
export function useCommentPermissions() {
  const role = useMyRole()
  return {
    role,
    canComment: canComment(role),
    isFacilitator: role !== null && hasRole(role, 'facilitator'),
  }
}

/** The local person as a comment author. */
export function useAuthor() {
  const identity = useUiStore((state) => state.identity)
  return useMemo(
    () => ({ id: identity.id, name: identity.name || 'Anonymous', color: identity.color }),
    [identity.id, identity.name, identity.color],
  )
}

/** What tells unread threads apart on this board (see unread.ts). */
export function useUnreadContext(): UnreadContext {
  const { roomId } = useBoard()
  const selfId = useUiStore((state) => state.identity.id)
  const since = useUiStore((state) =>
    state.currentVisit?.roomId === roomId ? state.currentVisit.since : Number.POSITIVE_INFINITY,
  )
  const readAt = useUiStore((state) => state.commentVisits[roomId]?.readAt)
  return useMemo(() => ({ selfId, since, readAt: readAt ?? {} }), [selfId, since, readAt])
}

/** A predicate telling unread threads, for the current visit. */
export function useIsUnread(): (view: ThreadView) => boolean {
  const context = useUnreadContext()
  return useMemo(() => (view: ThreadView) => isThreadUnread(view, context), [context])
}

/** Everyone who can be @mentioned: the roster, people here now and comment authors. */
export function useMentionPeople(): MentionCandidate[] {
  const { connection } = useBoard()
  const comments = useBoardComments()
  const roster = useValue(comments.$roster)
  const threads = useValue(comments.$threads)
  const live = useValue(awarenessUsersOf(connection.provider.awareness))
  return useMemo(() => mergePeople(roster, live, threads), [roster, live, threads])
}
