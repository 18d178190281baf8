// Dev-only page (not part of `vite build`, whose only input is client/index.html): every card kind
// on a local board, for looking at the cards and screenshotting them. Serve with `npx vite` and open
// /shapes/dev/index.html. Vite's dependency optimiser cannot pre-bundle
// '@tldraw/assets/imports.vite' (its `?url` imports), so the dev server needs
// `optimizeDeps: { exclude: ['@tldraw/assets'] }` in its config.
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createShapeId, Tldraw, type Editor, type TLComponents } from 'tldraw'
import 'tldraw/tldraw.css'
import { CardStylePanel } from '../../panels/CardStylePanel'
import { cardShapeUtils } from '../cardShapeUtils'
import { CardToolbar } from '../CardToolbar'
import { cardTools, cardUiOverrides } from '../cardTools'
import { sampleArrowEnds, sampleCards, sampleStatementViews } from './sampleCards'
import { setStatementViews } from '../statementText'

const assetUrls = getAssetUrlsByImport()
const components: TLComponents = { Toolbar: CardToolbar, StylePanel: CardStylePanel }

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
  setStatementViews(sampleStatementViews)
  const params = new URLSearchParams(location.search)
  if (params.has('zoomToFit')) editor.zoomToFit({ animation: { duration: 0 } })
  else editor.setCamera({ x: 40, y: 40, z: 1 })
  ;(window as unknown as { editor: Editor }).editor = editor
}

const root = document.getElementById('root')
if (!root) throw new Error('no #root')
createRoot(root).render(
  <StrictMode>
    <Tldraw
      assetUrls={assetUrls}
      shapeUtils={cardShapeUtils}
      tools={cardTools}
      overrides={cardUiOverrides}
      components={components}
      onMount={onMount}
    />
  </StrictMode>,
)
