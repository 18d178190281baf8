import { act } from '@testing-library/react'
import { TldrawUiToastsProvider, type Editor } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FacilitationEffects } from '../../../client/facilitation/FacilitationEffects'
import { useUiStore } from '../../../client/state/uiStore'
import { createTimer, startTimer } from '../../../shared/workshop/workshopTimer'
import { addShape, createCardEditor } from '../shapes/cardEditor'
import { createTestBoard, renderOnBoard, resetFacilitationUi } from '../boardHarness'

let editor: Editor
const t0 = Date.UTC(2027, 0, 12, 9, 0, 0)
const voteSetup = {
  title: 'Key attributes',
  cardType: 'icp-attribute',
  votesPerPerson: 3,
  isAnonymous: false,
  isHiddenUntilEnd: true,
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
  vi.setSystemTime(t0)
  resetFacilitationUi()
  editor = createCardEditor()
  addShape(editor, {
    type: 'icp-attribute',
    props: { category: 'industry', value: 'Video games', importance: 'must' },
  })
})

afterEach(() => {
  editor.dispose()
  vi.useRealTimers()
})

function mount(role: 'facilitator' | 'editor') {
  const board = createTestBoard(role)
  renderOnBoard(
    editor,
    board,
    <TldrawUiToastsProvider>
      <FacilitationEffects />
    </TldrawUiToastsProvider>,
  )
  return board
}

describe('FacilitationEffects', () => {
  it('closes the vote when its timer runs out (facilitator) and opens the results', () => {
    const board = mount('facilitator')
    act(() => {
      const session = board.workshop.startVote(voteSetup, t0)
      board.workshop.setTimer(startTimer(createTimer(180_000, 'Vote', session.id), t0))
    })
    const sessionId = board.workshop.$openSession.get()!.id

    act(() => vi.advanceTimersByTime(179_000))
    expect(board.workshop.$openSession.get()?.id).toBe(sessionId)

    act(() => vi.advanceTimersByTime(2_000))
    expect(board.workshop.$openSession.get()).toBeNull()
    expect(board.workshop.$sessions.get()[0]).toMatchObject({ id: sessionId, status: 'closed' })
    expect(useUiStore.getState()).toMatchObject({
      resultsSessionId: sessionId,
      openPanel: 'voteResults',
    })
  })

  it('leaves closing to the facilitator in a participant’s browser', () => {
    const board = mount('editor')
    act(() => {
      board.workshop.startVote({ ...voteSetup }, t0, t0 + 60_000)
    })
    act(() => vi.advanceTimersByTime(120_000))
    expect(board.workshop.$sessions.get()[0]?.status).toBe('open')
  })

  it('records who created each shape, and the private round it belongs to', () => {
    const board = mount('editor')
    const plain = addShape(editor, { type: 'geo' })
    expect(editor.getShape(plain)?.meta).toEqual({ createdBy: 'me', createdAt: t0 })

    act(() => board.workshop.setPrivateMode(true, t0 - 5000))
    const secret = addShape(editor, { type: 'geo' })
    expect(editor.getShape(secret)?.meta).toEqual({
      createdBy: 'me',
      createdAt: t0,
      privateRound: t0 - 5000,
    })
  })
})

describe('the step prompt', () => {
  function stepFrame(step: number, x: number) {
    return addShape(editor, {
      type: 'frame',
      x,
      y: 0,
      props: { w: 400, h: 300, name: `${step} · Step` },
      meta: { icpStep: step },
    })
  }

  it('stays folded for someone looking at the step’s frame, which shows the prompt', () => {
    stepFrame(2, 0)
    const board = mount('editor')
    act(() => board.workshop.setStep(2, t0))
    act(() => vi.advanceTimersByTime(2000))
    expect(useUiStore.getState().isStepPromptOpen).toBe(false)
  })

  it('unfolds for someone away from the step’s frame', () => {
    stepFrame(2, 100_000)
    const board = mount('editor')
    act(() => board.workshop.setStep(2, t0))
    expect(useUiStore.getState().isStepPromptOpen).toBe(false)
    act(() => vi.advanceTimersByTime(2000))
    expect(useUiStore.getState().isStepPromptOpen).toBe(true)
  })
})
