import type { ReactNode } from 'react'
import { atom, type Editor } from 'tldraw'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { BoardContext } from '../../../client/board/boardContext'
import { boardWorkshopOf, type BoardWorkshop } from '../../../client/facilitation/boardWorkshop'
import { useUiStore } from '../../../client/state/uiStore'
import type { BoardConnection } from '../../../client/sync/boardConnection'
import type { Role } from '../../../shared/workshop/roles'
import { renderWithEditor } from '../shapes/cardEditor'

/** What a facilitation component needs of an open board: a doc, a role, awareness. */
export interface TestBoard {
  doc: Y.Doc
  workshop: BoardWorkshop
  connection: BoardConnection
}

/** A board connection without a server: a fresh Y.Doc, awareness and the given role. */
export function createTestBoard(role: Role | null): TestBoard {
  const doc = new Y.Doc()
  const connection = {
    doc,
    $role: atom<Role | null>('role', role),
    provider: { awareness: new Awareness(doc) },
  } as unknown as BoardConnection
  return { doc, workshop: boardWorkshopOf(doc), connection }
}

/** Renders `ui` with the editor and the board in context, as on the board page. */
export function renderOnBoard(editor: Editor, board: TestBoard, ui: ReactNode) {
  return renderWithEditor(
    editor,
    <BoardContext.Provider value={{ connection: board.connection, roomId: 'room-test' }}>
      {ui}
    </BoardContext.Provider>,
  )
}

/** Resets the UI store's facilitation and identity state between tests. */
export function resetFacilitationUi(): void {
  useUiStore.setState({
    identity: { id: 'me', name: 'Fran', color: '#1971c2', function: 'marketing' },
    isFacilitatorPanelOpen: false,
    resultsSessionId: null,
    isVersionsDialogOpen: false,
    isStepPromptOpen: true,
    isBringingEveryoneOnStep: true,
  })
}
