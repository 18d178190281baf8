import {
  DefaultContextMenu,
  DefaultContextMenuContent,
  TldrawUiMenuGroup,
  TldrawUiMenuItem,
  ToolbarItem,
  useEditor,
  useValue,
  type Editor,
  type Signal,
  type TLEventInfo,
  type TLStateNodeConstructor,
  type TLUiContextMenuProps,
  type TLUiOverrides,
  type VecLike,
} from 'tldraw'
import { hasRole, type Role } from '../../shared/workshop/roles'
import type { CommentAnchor } from '../../shared/workshop/workshopLayout'
import { useContext, useEffect, useRef } from 'react'
import { BoardContext } from '../board/boardContext'
import { ClickTool } from '../board/ClickTool'
import { useUiStore } from '../state/uiStore'
import { Glyph } from '../shapes/CardIcon'

/** Id of the comment tool (tldraw reserves `comment` for its own licensed commenting). */
export const commentToolId = 'icp-comment'

/** Keyboard shortcut of the comment tool: free in tldraw 5.4, as in Figma and FigJam. */
export const commentToolKbd = 'c'

/** True when `role` may write comments (commenter and up). */
export function canComment(role: Role | null): boolean {
  return role !== null && hasRole(role, 'commenter')
}

/**
 * Where a click at `point` (page space) pins a thread: to the topmost shape there (frames only
 * count by their edge, so a click inside a step frame pins to the canvas), else to the point.
 */
export function anchorAt(editor: Editor, point: { x: number; y: number }): CommentAnchor {
  const pageId = editor.getCurrentPageId()
  const shape = editor.getShapeAtPoint(point, {
    hitInside: true,
    hitLabels: true,
    hitFrameInside: false,
    renderingOnly: true,
    filter: (candidate) => candidate.type !== 'frame',
  })
  if (shape) return { type: 'shape', shapeId: shape.id, pageId }
  return { type: 'point', pageId, x: Math.round(point.x), y: Math.round(point.y) }
}

/**
 * The comment tool: click a card to pin a thread to it (the pin follows the card), or the canvas
 * to pin it there. The click opens a composer; nothing is written until the comment is posted.
 * The tool stays on for the next comment; Escape closes the composer, then leaves the tool.
 */
export class CommentTool extends ClickTool {
  static override id = commentToolId

  protected override onClickAt(point: VecLike) {
    useUiStore.getState().setActiveComment({ kind: 'draft', anchor: anchorAt(this.editor, point) })
  }

  override onCancel() {
    const { activeComment, setActiveComment } = useUiStore.getState()
    if (activeComment) setActiveComment(null)
    else this.editor.setCurrentTool('select')
  }
}

/** The comment tool, for `<Tldraw tools>`. */
export const commentTools: readonly TLStateNodeConstructor[] = [CommentTool]

/**
 * The comment tool's toolbar entry and `C` shortcut. It works in read-only mode (commenters
 * see the board read-only) but does nothing for viewers. Pass to `<Tldraw overrides>`.
 */
export function createCommentUiOverrides($role: Signal<Role | null>): TLUiOverrides {
  return {
    tools(editor, tools) {
      tools[commentToolId] = {
        id: commentToolId,
        label: 'tool.icp-comment',
        icon: (
          <div className="icp-tool-icon comment-tool-icon">
            <Glyph name="comment" size={18} />
          </div>
        ),
        kbd: commentToolKbd,
        readonlyOk: true,
        onSelect() {
          if (canComment($role.get())) editor.setCurrentTool(commentToolId)
        },
      }
      return tools
    },
    translations: { en: { 'tool.icp-comment': 'Comment' } },
  }
}

/** The toolbar button of the comment tool, shown to commenters and up (on a board page). */
export function CommentToolbarItem() {
  if (!useCanComment()) return null
  return <ToolbarItem tool={commentToolId} />
}

/** Whether the person on this board may comment (commenter and up), reactively. */
function useCanComment(): boolean {
  const board = useContext(BoardContext)
  const role = useValue('role', () => board?.connection.$role.get() ?? null, [board])
  return canComment(role)
}

/**
 * tldraw's context menu with **Comment** on top for those who may comment: it pins a thread
 * where the menu was opened, on the card there or the canvas. The menu opens on a right-click,
 * and on a touch screen on a long press, so a finger pins a thread without the comment tool.
 * Mount as the `ContextMenu` component slot.
 */
export function CommentContextMenu(props: TLUiContextMenuProps) {
  const editor = useEditor()
  const isAllowed = useCanComment()
  // Where the press that opens the menu was (by the time an item is chosen, the pointer is on it).
  const openedAt = useRef<VecLike | null>(null)
  useEffect(() => {
    const onEvent = (info: TLEventInfo) => {
      if (info.type !== 'pointer') return
      if (info.name === 'right_click' || info.name === 'long_press') {
        openedAt.current = editor.inputs.getCurrentPagePoint().clone()
      }
    }
    editor.on('event', onEvent)
    return () => {
      editor.off('event', onEvent)
    }
  }, [editor])
  return (
    <DefaultContextMenu {...props}>
      {isAllowed && (
        <TldrawUiMenuGroup id="icp-comment">
          <TldrawUiMenuItem
            id="icp-comment-here"
            label="tool.icp-comment"
            readonlyOk
            onSelect={() => {
              const point = openedAt.current ?? editor.inputs.getCurrentPagePoint()
              useUiStore
                .getState()
                .setActiveComment({ kind: 'draft', anchor: anchorAt(editor, point) })
            }}
          />
        </TldrawUiMenuGroup>
      )}
      <DefaultContextMenuContent />
    </DefaultContextMenu>
  )
}
