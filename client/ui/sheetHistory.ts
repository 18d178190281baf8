import { useEffect, useRef } from 'react'

/**
 * The back gesture (or button) closes the sheet on top, as on every phone app, instead of leaving
 * the board. Each open sheet owns one history entry on top of the board's, at the same URL, whose
 * state says how many sheets are open (`{ icpSheets: n }`). Opening a sheet pushes an entry;
 * going back to fewer entries closes the sheets opened last; a sheet closed by its own button
 * takes its entry back (`history.go`). Opening one sheet in place of another, in the same render,
 * keeps the entry. The reconciling waits a task, so that swap is seen as one.
 */

interface OpenSheet {
  close: () => void
}

const stateKey = 'icpSheets'

/** The sheets open now, in the order they opened. */
const openSheets: OpenSheet[] = []
/** History moves we made ourselves, whose popstate is not a person going back. */
let ownMoves = 0
let isScheduled = false
let isListening = false

function depthOf(state: unknown): number {
  if (typeof state !== 'object' || state === null) return 0
  const depth = (state as Record<string, unknown>)[stateKey]
  return typeof depth === 'number' && Number.isInteger(depth) && depth > 0 ? depth : 0
}

function reconcile(): void {
  const current = depthOf(window.history.state)
  const wanted = openSheets.length
  for (let depth = current + 1; depth <= wanted; depth++) {
    window.history.pushState({ [stateKey]: depth }, '')
  }
  if (wanted < current) {
    ownMoves++
    window.history.go(wanted - current)
  }
}

function schedule(): void {
  if (isScheduled) return
  isScheduled = true
  setTimeout(() => {
    isScheduled = false
    reconcile()
  }, 0)
}

function onPopState(event: PopStateEvent): void {
  if (ownMoves > 0) {
    ownMoves--
    return
  }
  const depth = depthOf(event.state)
  // The person went back past these sheets: close them, the last opened first.
  while (openSheets.length > depth) openSheets.pop()!.close()
  // Forward onto an entry whose sheet is gone: step back to where the sheets are.
  schedule()
}

function listen(): void {
  if (isListening) return
  isListening = true
  window.addEventListener('popstate', onPopState)
  // Entries left by a page that reloaded with a sheet open belong to no sheet now.
  if (depthOf(window.history.state) > 0) window.history.replaceState(null, '')
}

/**
 * Gives a sheet (a panel shown full-width on a phone) its history entry while `isSheet` is
 * true: the back gesture then calls `onBack`, which closes it. Closing it any other way takes the
 * entry back, so back never has to be pressed twice.
 */
export function useSheetHistory(isSheet: boolean, onBack: () => void): void {
  const onBackRef = useRef(onBack)
  useEffect(() => {
    onBackRef.current = onBack
  })
  useEffect(() => {
    if (!isSheet) return
    listen()
    const sheet: OpenSheet = { close: () => onBackRef.current() }
    openSheets.push(sheet)
    schedule()
    return () => {
      const index = openSheets.indexOf(sheet)
      if (index >= 0) openSheets.splice(index, 1)
      schedule()
    }
  }, [isSheet])
}
