import { fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { NameDialog, needsIntroduction } from '../../../client/board/NameDialog'
import { participantColors, useUiStore } from '../../../client/state/uiStore'

const initialState = useUiStore.getState()
afterEach(() => useUiStore.setState(initialState, true))

describe('NameDialog', () => {
  it('keeps the join button disabled until a name is typed', () => {
    render(<NameDialog />)
    const join = screen.getByRole('button', { name: 'Join board' }) as HTMLButtonElement
    expect(join.disabled).toBe(true)
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: '   ' } })
    expect(join.disabled).toBe(true)
  })

  it('saves the trimmed name, the function and the chosen colour', () => {
    render(<NameDialog />)
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: '  Dana  ' } })
    fireEvent.click(screen.getByRole('radio', { name: 'Customer success' }))
    const colour = participantColors[3]
    // Named for a screen reader, not by its hex code.
    fireEvent.click(screen.getByRole('button', { name: 'Green' }))
    fireEvent.click(screen.getByRole('button', { name: 'Join board' }))
    expect(useUiStore.getState().identity).toMatchObject({
      name: 'Dana',
      color: colour,
      function: 'customerSuccess',
    })
  })

  it('keeps the join button disabled until a function is picked', () => {
    render(<NameDialog />)
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Dana' } })
    const join = screen.getByRole('button', { name: 'Join board' }) as HTMLButtonElement
    expect(join.disabled).toBe(true)
    fireEvent.click(screen.getByRole('radio', { name: 'Marketing' }))
    expect(join.disabled).toBe(false)
  })

  it('asks someone who gave a name before only for the missing function', () => {
    useUiStore.getState().setIdentity({ name: 'Lee' })
    expect(needsIntroduction(useUiStore.getState().identity)).toBe(true)
    render(<NameDialog />)
    expect((screen.getByLabelText('Your name') as HTMLInputElement).value).toBe('Lee')
    fireEvent.click(screen.getByRole('radio', { name: 'Sales' }))
    fireEvent.click(screen.getByRole('button', { name: 'Join board' }))
    expect(needsIntroduction(useUiStore.getState().identity)).toBe(false)
  })

  it('remembers the identity in localStorage for the next visit', () => {
    render(<NameDialog />)
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Lee' } })
    fireEvent.click(screen.getByRole('radio', { name: 'Product' }))
    fireEvent.click(screen.getByRole('button', { name: 'Join board' }))
    const stored = JSON.parse(localStorage.getItem('icp-workshop:ui') ?? '{}')
    expect(stored.state.identity).toMatchObject({ name: 'Lee', function: 'product' })
  })
})
