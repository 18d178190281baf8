import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import {
  ContainerProvider,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  defaultTools,
  Editor,
  EditorProvider,
  type TLShapeId,
  type TLShapePartial,
} from 'tldraw'
import { cardShapeUtils } from '../../../client/shapes/cardShapeUtils'
import { cardTools } from '../../../client/shapes/cardTools'

/**
 * A real tldraw Editor (default shapes, select tool, our cards and tools) on a detached jsdom
 * container, for component tests. No canvas is rendered: components under test get the editor
 * through `EditorProvider`, as they would inside `<Tldraw>`.
 */
export function createCardEditor(): Editor {
  const container = document.createElement('div')
  document.body.appendChild(container)
  const shapeUtils = [...defaultShapeUtils, ...cardShapeUtils]
  const editor = new Editor({
    store: createTLStore({ shapeUtils, bindingUtils: defaultBindingUtils }),
    shapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: [...defaultTools, ...cardTools],
    getContainer: () => container,
  })
  return editor
}

/** Creates one shape and returns its id. */
export function addShape(editor: Editor, partial: Omit<TLShapePartial, 'id'> & { id?: TLShapeId }) {
  const id = partial.id ?? (`shape:${Math.random().toString(36).slice(2)}` as TLShapeId)
  editor.createShape({ ...partial, id } as TLShapePartial)
  return id
}

/**
 * Renders `ui` inside the editor's container with the editor in context, as `<Tldraw>` would: key
 * events bubble from `ui` to the container (where tldraw listens) and on to the body.
 */
export function renderWithEditor(editor: Editor, ui: ReactNode) {
  const container = editor.getContainer()
  return render(
    <ContainerProvider container={container}>
      <EditorProvider editor={editor}>{ui}</EditorProvider>
    </ContainerProvider>,
    { container },
  )
}
