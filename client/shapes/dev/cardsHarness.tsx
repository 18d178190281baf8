// Dev-only page (not part of `vite build`, whose only input is client/index.html): every card kind
// on a local board, for looking at the cards and screenshotting them. Serve with `npx vite` and open
// /shapes/dev/index.html. Vite's dependency optimiser cannot pre-bundle
// '@tldraw/assets/imports.vite' (its `?url` imports), so the dev server needs
// `optimizeDeps: { exclude: ['@tldraw/assets'] }` in its config.
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import * as Y from 'yjs'
import { createShapeId, Tldraw, type Editor, type TLComponents } from 'tldraw'
import 'tldraw/tldraw.css'
import '../../theme.css'
import { CardPanel } from '../../panels/CardPanel'
import { CardStylePanel } from '../../panels/CardStylePanel'
import { CardLegibility } from '../CardLegibility'
import { cardShapeUtils } from '../cardShapeUtils'
import { CardToolbar } from '../CardToolbar'
import { cardTools, cardUiOverrides } from '../cardTools'
import { BoardModelContext } from '../../board/boardContext'
import { BoardModel } from '../../board/boardModel'
import { BoardWorkshop } from '../../facilitation/boardWorkshop'
import { sampleArrowEnds, sampleCards } from './sampleCards'

const assetUrls = getAssetUrlsByImport()
const components: TLComponents = { Toolbar: CardToolbar, StylePanel: CardStylePanel }
// A board model without a server, so statement cards show what the sample cards compile to.
const model = new BoardModel(new BoardWorkshop(new Y.Doc()))

function onMount(editor: Editor) {
  editor.createShapes(sampleCards())
  const arrowId = createShapeId('arrow-0')
  editor.createBindings(
    sampleArrowEnds.map((toId, index) => ({
      type: 'arrow' as const,
      fromId: arrowId,
      toId,
      props: {
        terminal: index === 0 ? ('start' as const) : ('end' as const),
        normalizedAnchor: { x: 0.5, y: 0.5 },
        isExact: false,
        isPrecise: false,
        snap: 'none' as const,
      },
    })),
  )
  const params = new URLSearchParams(location.search)
  if (params.has('zoomToFit')) editor.zoomToFit({ animation: { duration: 0 } })
  else editor.setCamera({ x: 40, y: 40, z: 1 })
  ;(window as unknown as { editor: Editor }).editor = editor
  return model.attach(editor)
}

const root = document.getElementById('root')
if (!root) throw new Error('no #root')
createRoot(root).render(
  <StrictMode>
    <BoardModelContext.Provider value={model}>
      <Tldraw
        assetUrls={assetUrls}
        shapeUtils={cardShapeUtils}
        tools={cardTools}
        overrides={cardUiOverrides}
        components={components}
        onMount={onMount}
      >
        <CardPanel />
        <CardLegibility />
      </Tldraw>
    </BoardModelContext.Provider>
  </StrictMode>,
)
