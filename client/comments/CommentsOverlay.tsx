import { useEffect } from 'react'
import { useEditor } from 'tldraw'
import { useBoard } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'
import { commentToolId } from './commentTool'
import { CommentPopover } from './CommentPopover'
import { CommentsPanel } from './CommentsPanel'
import './comments.css'

/**
 * Comments above the board's UI (render inside `<Tldraw>`): the open thread's popover and the
 * comments list. Starts the visit that tells unread comments apart, and closes the popover when
 * the canvas is clicked with another tool.
 */
export function CommentsOverlay() {
  const editor = useEditor()
  const { roomId } = useBoard()
  const beginCommentVisit = useUiStore((state) => state.beginCommentVisit)
  useEffect(() => beginCommentVisit(roomId), [roomId, beginCommentVisit])

  useEffect(() => {
    const onEvent = (info: { type: string; name: string }) => {
      if (info.type !== 'pointer' || info.name !== 'pointer_down') return
      if (editor.getCurrentToolId() === commentToolId) return
      const { activeComment, setActiveComment } = useUiStore.getState()
      if (activeComment) setActiveComment(null)
    }
    editor.on('event', onEvent)
    return () => {
      editor.off('event', onEvent)
    }
  }, [editor])

  // Escape on the canvas closes the open thread (the comment tool handles its own Escape).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || editor.getCurrentToolId() === commentToolId) return
      const target = event.target as HTMLElement | null
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return
      const { activeComment, setActiveComment } = useUiStore.getState()
      if (activeComment) setActiveComment(null)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [editor])

  // Leaving the board forgets the open thread (it belongs to this board).
  useEffect(() => () => useUiStore.getState().setActiveComment(null), [])

  return (
    <>
      <CommentsPanel />
      <CommentPopover />
    </>
  )
}
