import { act, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useSheetHistory } from '../../../client/ui/sheetHistory'
import { waitFor } from '../../helpers/waitFor'

/** A sheet that is open while `isOpen`; its close button and the back gesture close it. */
function Sheet({ name, isSheet = true }: { name: string; isSheet?: boolean }) {
  const [isOpen, setOpen] = useState(false)
  useSheetHistory(isSheet && isOpen, () => setOpen(false))
  return (
    <div>
      <button onClick={() => setOpen(true)}>Open {name}</button>
      {isOpen && (
        <section aria-label={name}>
          <button onClick={() => setOpen(false)}>Close {name}</button>
        </section>
      )}
    </div>
  )
}

const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }))

const isOpen = (name: string) => screen.queryByRole('region', { name }) !== null

/** The length of the session history and how many sheets the current entry says are open. */
const where = () => ({
  length: window.history.length,
  sheets: window.history.state?.icpSheets ?? 0,
})

let start: number
beforeEach(() => {
  window.history.replaceState(null, '', '/b/room')
  start = window.history.length
})
afterEach(async () => {
  // Back to the first entry, so each test starts from the same history.
  if (window.history.state?.icpSheets) {
    window.history.go(-window.history.state.icpSheets)
    await waitFor(() => expect(window.history.state?.icpSheets ?? 0).toBe(0))
  }
})

describe('the back gesture and sheets', () => {
  it('gives an open sheet a history entry at the same address, which back closes', async () => {
    render(<Sheet name="Comments" />)
    click('Open Comments')
    await waitFor(() => expect(where()).toEqual({ length: start + 1, sheets: 1 }))
    expect(window.location.pathname).toBe('/b/room')
    act(() => window.history.back())
    await waitFor(() => expect(isOpen('Comments')).toBe(false))
    expect(where().sheets).toBe(0)
  })

  it('takes the entry back when the sheet closes by its button, so back is never pressed twice', async () => {
    render(<Sheet name="Comments" />)
    click('Open Comments')
    await waitFor(() => expect(where().sheets).toBe(1))
    click('Close Comments')
    await waitFor(() => expect(where().sheets).toBe(0))
    expect(isOpen('Comments')).toBe(false)
  })

  it('closes the sheet opened last first: a thread over the comments list', async () => {
    render(
      <>
        <Sheet name="Comments" />
        <Sheet name="Thread" />
      </>,
    )
    click('Open Comments')
    await waitFor(() => expect(where().sheets).toBe(1))
    click('Open Thread')
    await waitFor(() => expect(where().sheets).toBe(2))
    act(() => window.history.back())
    await waitFor(() => expect(isOpen('Thread')).toBe(false))
    expect(isOpen('Comments')).toBe(true)
    act(() => window.history.back())
    await waitFor(() => expect(isOpen('Comments')).toBe(false))
  })

  it('adds no history entry where panels are not sheets (a desktop)', async () => {
    render(<Sheet name="Comments" isSheet={false} />)
    click('Open Comments')
    expect(isOpen('Comments')).toBe(true)
    // Give a scheduled reconcile its chance to run.
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    expect(where()).toEqual({ length: start, sheets: 0 })
  })
})
