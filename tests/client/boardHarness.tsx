import { useLayoutEffect, type ReactNode } from 'react'
import { atom, type Editor } from 'tldraw'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { BoardContext, BoardModelContext } from '../../client/board/boardContext'
import { BoardModel } from '../../client/board/boardModel'
import { boardWorkshopOf, type BoardWorkshop } from '../../client/facilitation/boardWorkshop'
import { useUiStore } from '../../client/state/uiStore'
import type { BoardConnection } from '../../client/sync/boardConnection'
import type { Role } from '../../shared/workshop/roles'
import { renderWithEditor } from './shapes/cardEditor'

/** What a board component needs of an open board: a doc, a role, awareness, the model. */
export interface TestBoard {
  doc: Y.Doc
  workshop: BoardWorkshop
  connection: BoardConnection
  model: BoardModel
}

/** A board connection without a server: a fresh Y.Doc, awareness and the given role. */
export function createTestBoard(role: Role | null): TestBoard {
  const doc = new Y.Doc()
  const connection = {
    doc,
    $role: atom<Role | null>('role', role),
    provider: { awareness: new Awareness(doc) },
  } as unknown as BoardConnection
  const workshop = boardWorkshopOf(doc)
  return { doc, workshop, connection, model: new BoardModel(workshop) }
}

/** Attaches the model to the editor while mounted, as the board page does on mount. */
function AttachedModel({ board, editor }: { board: TestBoard; editor: Editor }) {
  useLayoutEffect(() => board.model.attach(editor), [board, editor])
  return null
}

/** Renders `ui` with the editor, the board and its (attached) model in context, as on the board page. */
export function renderOnBoard(editor: Editor, board: TestBoard, ui: ReactNode) {
  return renderWithEditor(
    editor,
    <BoardContext.Provider value={{ connection: board.connection, roomId: 'room-test' }}>
      <BoardModelContext.Provider value={board.model}>
        <AttachedModel board={board} editor={editor} />
        {ui}
      </BoardModelContext.Provider>
    </BoardContext.Provider>,
  )
}

/** Resets the UI store's panels, facilitation and identity state between tests. */
export function resetFacilitationUi(): void {
  useUiStore.setState({
    identity: { id: 'me', name: 'Fran', color: '#1971c2', function: 'marketing' },
    openPanel: null,
    isFacilitatorPanelOpen: false,
    resultsSessionId: null,
    isVersionsDialogOpen: false,
    isStepPromptOpen: true,
    isBringingEveryoneOnStep: true,
  })
}
