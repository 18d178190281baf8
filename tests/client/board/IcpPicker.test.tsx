import { act, fireEvent, render as renderDom, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { IcpDocument } from '../../../shared/compile/icpDocument'
import { BoardModelContext } from '../../../client/board/boardContext'
import { BoardModel } from '../../../client/board/boardModel'
import { IcpPicker, useSelectedIcp } from '../../../client/board/IcpPicker'
import { BoardWorkshop } from '../../../client/facilitation/boardWorkshop'
import { useUiStore } from '../../../client/state/uiStore'

const initialState = useUiStore.getState()
let model: BoardModel
let $compilation: BoardModel['$compilation']
beforeEach(() => {
  model = new BoardModel(new BoardWorkshop(new Y.Doc()))
  $compilation = model.$compilation
})
afterEach(() => {
  useUiStore.setState(initialState, true)
})

function render(ui: ReactNode) {
  return renderDom(<BoardModelContext.Provider value={model}>{ui}</BoardModelContext.Provider>)
}

const icp = (id: string, name: string) => ({ id, name }) as IcpDocument

function Selected() {
  return <output data-testid="selected">{useSelectedIcp()?.name ?? 'none'}</output>
}

describe('the selected ICP', () => {
  it('falls back to the first ICP until one is picked, and after the picked one is gone', () => {
    render(<Selected />)
    expect(screen.getByTestId('selected').textContent).toBe('none')
    act(() => $compilation.set({ icps: [icp('a', 'Alpha'), icp('b', 'Beta')], unassigned: [] }))
    expect(screen.getByTestId('selected').textContent).toBe('Alpha')
    act(() => useUiStore.getState().selectIcp('b'))
    expect(screen.getByTestId('selected').textContent).toBe('Beta')
    act(() => $compilation.set({ icps: [icp('a', 'Alpha')], unassigned: [] }))
    expect(screen.getByTestId('selected').textContent).toBe('Alpha')
  })

  it('is picked with a labelled select shown only for more than one ICP', () => {
    $compilation.set({ icps: [icp('a', 'Alpha')], unassigned: [] })
    render(<IcpPicker label="Profile" className="field" selectClassName="data-select" />)
    expect(screen.queryByRole('combobox')).toBeNull()
    act(() => $compilation.set({ icps: [icp('a', 'Alpha'), icp('b', 'Beta')], unassigned: [] }))
    const select = screen.getByRole('combobox', { name: 'Profile' }) as HTMLSelectElement
    expect(select.value).toBe('a')
    expect(select.className).toBe('data-select')
    fireEvent.change(select, { target: { value: 'b' } })
    expect(useUiStore.getState().selectedIcpId).toBe('b')
    expect(select.value).toBe('b')
  })
})
