import { useEffect, useState } from 'react'
import { useEditor, useValue } from 'tldraw'
import { RoleBadge } from '../access/RoleBadge'
import { useUiStore } from '../state/uiStore'
import { useKeepKeysFromCanvas } from '../ui/useKeepKeysFromCanvas'
import { useMergedRefs } from '../ui/useMergedRefs'
import { useBoard } from './boardContext'
import { useCoversCanvas } from './visibleArea'

/** Top centre: the board's name, stored in the tldraw document record so everyone sees it. */
export function BoardTitle() {
  const editor = useEditor()
  const { roomId } = useBoard()
  const rememberBoard = useUiStore((state) => state.rememberBoard)
  const name = useValue('document name', () => editor.getDocumentSettings().name, [editor])
  // Renaming writes the document; read-only roles would have the change refused.
  const isReadonly = useValue('is readonly', () => editor.getIsReadonly(), [editor])
  const coversTop = useCoversCanvas('top')
  const [draft, setDraft] = useState(name)
  // Keys stay in the title bar: tldraw would take Tab (to move between shapes) from its link.
  const keys = useKeepKeysFromCanvas<HTMLDivElement>({
    onEscape: (event) => {
      if (!(event.target instanceof HTMLInputElement)) return
      setDraft(name)
      event.target.blur()
    },
  })
  const ref = useMergedRefs<HTMLDivElement>(keys.ref, coversTop)
  useEffect(() => setDraft(name), [name])
  useEffect(() => rememberBoard(roomId, name || 'Untitled board'), [rememberBoard, roomId, name])

  const commit = () => {
    const next = draft.trim().slice(0, 80)
    if (next !== name) editor.updateDocumentSettings({ name: next })
    else setDraft(name)
  }

  return (
    <div ref={ref} className="board-title" onKeyDown={keys.onKeyDown} onKeyUp={keys.onKeyUp}>
      <a className="board-title__home" href="/" title="All boards" aria-label="All boards">
        <span className="logo logo--small" aria-hidden="true" />
      </a>
      <input
        className="board-title__input"
        aria-label="Board name"
        value={draft}
        placeholder="Untitled board"
        maxLength={80}
        readOnly={isReadonly}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.currentTarget.blur()
        }}
      />
      <RoleBadge />
    </div>
  )
}
