import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import {
  Tldraw,
  useActions,
  useTools,
  type Editor,
  type TLUiActionsContextType,
  type TLUiToolsContextType,
} from 'tldraw'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { cardKinds } from '../../../client/shapes/cardKinds'
import { cardShapeUtils } from '../../../client/shapes/cardShapeUtils'
import { CardToolbar } from '../../../client/shapes/CardToolbar'
import { addCardActionId, cardTools, cardUiOverrides } from '../../../client/shapes/cardTools'

const assetUrls = getAssetUrlsByImport()

// The full tldraw UI touches a few browser APIs jsdom lacks; stand-ins for this file only.
beforeAll(() => {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: false,
    media: query,
    addEventListener() {},
    removeEventListener() {},
  }))
  // tldraw loads its translations with fetch; serve the bundled files from node_modules.
  const realFetch = globalThis.fetch
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input)
    if (url.startsWith('/node_modules/')) {
      return new Response(await readFile(path.resolve(url.slice(1))), {
        headers: { 'content-type': 'application/json' },
      })
    }
    return realFetch(input, init)
  })
  vi.stubGlobal(
    'FontFace',
    class {
      constructor(readonly family: string) {}
      load() {
        return Promise.resolve(this)
      }
    },
  )
  if (!('fonts' in document)) {
    const fonts = new Set<FontFace>()
    Object.defineProperty(document, 'fonts', {
      configurable: true,
      value: Object.assign(fonts, { ready: Promise.resolve(), load: async () => [] }),
    })
  }
})
afterAll(() => {
  vi.unstubAllGlobals()
  delete (document as { fonts?: unknown }).fonts
})

interface Mounted {
  editor: Editor
  tools: TLUiToolsContextType
  actions: TLUiActionsContextType
}

/** Mounts the full tldraw UI with our cards, as the board does, and hands back what it built. */
async function mountTldraw(): Promise<Mounted> {
  const mounted: Partial<Mounted> = {}
  function Probe() {
    mounted.tools = useTools()
    mounted.actions = useActions()
    return null
  }
  render(
    <div style={{ position: 'fixed', inset: 0 }}>
      <Tldraw
        assetUrls={assetUrls}
        shapeUtils={cardShapeUtils}
        tools={cardTools}
        overrides={cardUiOverrides}
        components={{ Toolbar: CardToolbar }}
        onMount={(editor) => {
          mounted.editor = editor
        }}
      >
        <Probe />
      </Tldraw>
    </div>,
  )
  await waitFor(() => expect(mounted.editor && mounted.tools && mounted.actions).toBeTruthy())
  return mounted as Mounted
}

/** Every key combination a kbd string stands for (`cmd+u,ctrl+u` is two). */
function combos(kbd: string | undefined): string[] {
  return (kbd ?? '')
    .split(',')
    .map((combo) => combo.trim().toLowerCase())
    .filter(Boolean)
}

describe('card tools in the tldraw UI', () => {
  it('registers a tool with a shortcut and an add-in-the-middle action per card kind', async () => {
    const { tools, actions } = await mountTldraw()
    for (const kind of cardKinds) {
      expect(tools[kind.type]).toMatchObject({
        id: kind.type,
        label: `tool.${kind.type}`,
        kbd: kind.toolKbd,
      })
      expect(actions[addCardActionId(kind.type)]).toMatchObject({ kbd: kind.addKbd })
    }
  })

  it('uses shortcuts no default tldraw tool or action uses', async () => {
    const { tools, actions } = await mountTldraw()
    const ours = new Set(cardKinds.flatMap((kind) => [kind.toolKbd, kind.addKbd]))
    const theirs = [
      ...Object.values(tools).filter((tool) => !cardKinds.some((kind) => kind.type === tool.id)),
      ...Object.values(actions).filter(
        (action) => !cardKinds.some((kind) => addCardActionId(kind.type) === action.id),
      ),
    ].flatMap((item) => combos(item.kbd))
    expect(theirs.length).toBeGreaterThan(40)
    expect(theirs.filter((combo) => ours.has(combo))).toEqual([])
    expect(ours.size).toBe(cardKinds.length * 2)
  })

  it('shows the card tools in the toolbar', async () => {
    await mountTldraw()
    for (const kind of cardKinds) {
      expect(await screen.findByTestId(`tools.${kind.type}`)).toBeTruthy()
    }
    // The default tools are still there for plain notes and text.
    expect(screen.getByTestId('tools.note')).toBeTruthy()
    expect(screen.getByTestId('tools.text')).toBeTruthy()
  })

  it('selects a card tool from its toolbar button', async () => {
    const { editor } = await mountTldraw()
    fireEvent.click(await screen.findByTestId('tools.icp-persona'))
    expect(editor.getCurrentToolId()).toBe('icp-persona')
  })

  it('adds a card in the middle of the screen from its action', async () => {
    const { editor, actions } = await mountTldraw()
    act(() => actions[addCardActionId('icp-evidence')]!.onSelect('kbd'))
    const [card] = editor.getCurrentPageShapes()
    expect(card?.type).toBe('icp-evidence')
    expect(editor.getEditingShapeId()).toBe(card?.id)
  })
})
