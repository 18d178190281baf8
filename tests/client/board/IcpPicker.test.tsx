import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { IcpDocument } from '../../../shared/compile/icpDocument'
import { $compilation } from '../../../client/board/boardCompiler'
import { IcpPicker, useSelectedIcp } from '../../../client/board/IcpPicker'
import { useUiStore } from '../../../client/state/uiStore'

const initialState = useUiStore.getState()
afterEach(() => {
  useUiStore.setState(initialState, true)
  $compilation.set({ icps: [], unassigned: [] })
})

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
