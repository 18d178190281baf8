import { act, fireEvent, screen } from '@testing-library/react'
import type { Editor } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IcpPanel } from '../../../client/board/IcpPanel'
import { useUiStore } from '../../../client/state/uiStore'
import { createTestBoard, renderOnBoard, resetFacilitationUi } from '../boardHarness'
import { addShape, createCardEditor } from '../shapes/cardEditor'

let editor: Editor

beforeEach(() => {
  resetFacilitationUi()
  editor = createCardEditor()
  addShape(editor, { type: 'icp-statement', props: { name: 'Indie studios' } })
  useUiStore.getState().showPanel('icp')
  vi.stubGlobal(
    'URL',
    Object.assign(URL, { createObjectURL: () => 'blob:png', revokeObjectURL() {} }),
  )
})

afterEach(() => {
  editor.dispose()
  vi.unstubAllGlobals()
})

describe('exporting the board as an image', () => {
  it('shows that the export is under way and takes no second click until it is done', async () => {
    let finish: (value: { blob: Blob; width: number; height: number }) => void = () => {}
    const toImage = vi
      .spyOn(editor, 'toImage')
      .mockImplementation(() => new Promise((resolve) => (finish = resolve)))
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    renderOnBoard(editor, createTestBoard('editor'), <IcpPanel />)

    const png = screen.getByRole('button', { name: 'PNG image' })
    fireEvent.click(png)
    expect(toImage).toHaveBeenCalledTimes(1)
    const busy = screen.getByRole('button', { name: 'Exporting PNG…' })
    expect(busy).toHaveProperty('disabled', true)
    expect(screen.getByRole('button', { name: 'SVG image' })).toHaveProperty('disabled', true)
    expect(screen.getByRole('status').textContent).toBe('Exporting the board as PNG…')
    fireEvent.click(busy)
    expect(toImage).toHaveBeenCalledTimes(1)

    await act(async () => finish({ blob: new Blob(['png']), width: 10, height: 10 }))
    expect(clicks).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('button', { name: 'PNG image' })).toHaveProperty('disabled', false)
    expect(screen.queryByRole('status')?.textContent ?? '').toBe('')
  })
})
