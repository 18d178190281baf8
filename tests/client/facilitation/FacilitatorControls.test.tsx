import { act, fireEvent, screen, within } from '@testing-library/react'
import type { Editor } from 'tldraw'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FacilitatorPanel } from '../../../client/facilitation/FacilitatorPanel'
import { VoteChip } from '../../../client/facilitation/VoteChip'
import { VoteDots } from '../../../client/facilitation/VoteDots'
import { VoteResultsPanel } from '../../../client/facilitation/VoteResultsPanel'
import { WorkshopBar } from '../../../client/facilitation/WorkshopBar'
import { useUiStore } from '../../../client/state/uiStore'
import { readEntries, writeEntries } from '../../../shared/keyValueEntries'
import { createTimer, startTimer, timerRemainingMs } from '../../../shared/workshop/workshopTimer'
import { addShape, createCardEditor } from '../shapes/cardEditor'
import {
  createTestBoard,
  renderOnBoard,
  resetFacilitationUi,
  type TestBoard,
} from '../boardHarness'

let editor: Editor
const t0 = Date.UTC(2027, 0, 12, 9, 0, 0)

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(t0)
  resetFacilitationUi()
  editor = createCardEditor()
  addShape(editor, {
    type: 'icp-attribute',
    props: { category: 'industry', value: 'Video games', importance: 'must' },
  })
  addShape(editor, {
    type: 'icp-attribute',
    x: 300,
    props: { category: 'location', value: 'US or Canada', importance: 'nice' },
  })
})

afterEach(() => {
  editor.dispose()
  vi.useRealTimers()
})

function openPanel(board: TestBoard) {
  useUiStore.setState({ isFacilitatorPanelOpen: true })
  return renderOnBoard(editor, board, <FacilitatorPanel />)
}

describe('the workshop bar', () => {
  it('offers the facilitator the Facilitate menu', () => {
    renderOnBoard(editor, createTestBoard('facilitator'), <WorkshopBar />)
    fireEvent.click(screen.getByRole('button', { name: /Facilitate/ }))
    expect(screen.getByRole('dialog', { name: 'Facilitator controls' })).toBeTruthy()
  })

  it('shows participants the state but none of the controls', () => {
    const board = createTestBoard('editor')
    act(() => {
      board.workshop.setStep(2)
      board.workshop.setTimer({
        kind: 'timer',
        label: 'Step 2',
        durationMs: 300_000,
        startedAt: t0,
        pausedRemainingMs: null,
      })
    })
    useUiStore.setState({ isFacilitatorPanelOpen: true })
    renderOnBoard(editor, board, <WorkshopBar />)
    expect(screen.getByText('Compare: firmographics & technographics')).toBeTruthy()
    expect(screen.getByRole('timer').textContent).toContain('5:00')
    expect(screen.queryByRole('button', { name: /Facilitate/ })).toBeNull()
    expect(screen.queryByRole('dialog', { name: 'Facilitator controls' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Next step' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Pause timer' })).toBeNull()
  })

  it('lets the facilitator move to the next step', () => {
    const board = createTestBoard('facilitator')
    renderOnBoard(editor, board, <WorkshopBar />)
    fireEvent.click(screen.getByRole('button', { name: 'Start the workshop' }))
    expect(board.workshop.$step.get()).toBe(1)
    fireEvent.click(screen.getByRole('button', { name: 'Next step' }))
    expect(board.workshop.$step.get()).toBe(2)
    expect(screen.getByRole('note', { name: 'Step 2 prompt' }).textContent).toContain(
      'What do those customers have in common?',
    )
  })

  it('tells participants when the board is locked', () => {
    const board = createTestBoard('editor')
    act(() => board.workshop.setBoardLocked(true))
    renderOnBoard(editor, board, <WorkshopBar />)
    expect(screen.getByRole('status').textContent).toContain('Board locked by the facilitator')
  })
})

describe('the facilitator’s timer', () => {
  it('sets a preset, starts, pauses and resets, one write each', () => {
    const board = createTestBoard('facilitator')
    openPanel(board)
    const timer = within(screen.getByRole('group', { name: 'Timer duration' }))
    fireEvent.click(timer.getByRole('button', { name: '3 min' }))
    expect(board.workshop.$timer.get()).toMatchObject({ durationMs: 180_000, startedAt: null })

    fireEvent.click(screen.getByRole('button', { name: /Start/ }))
    expect(board.workshop.$timer.get()).toMatchObject({ startedAt: t0, pausedRemainingMs: null })

    act(() => vi.setSystemTime(t0 + 60_000))
    fireEvent.click(screen.getByRole('button', { name: /Pause/ }))
    expect(board.workshop.$timer.get()).toMatchObject({
      startedAt: null,
      pausedRemainingMs: 120_000,
    })

    fireEvent.click(screen.getByRole('button', { name: /Reset/ }))
    expect(timerRemainingMs(board.workshop.$timer.get()!, t0 + 60_000)).toBe(180_000)
  })

  it('takes a custom duration', () => {
    const board = createTestBoard('facilitator')
    openPanel(board)
    const input = screen.getByLabelText('Custom duration')
    fireEvent.change(input, { target: { value: '7:30' } })
    fireEvent.submit(input)
    expect(board.workshop.$timer.get()?.durationMs).toBe(450_000)
  })
})

describe('starting a dot vote', () => {
  it('opens a session on the chosen card kind with its own time limit', () => {
    const board = createTestBoard('facilitator')
    openPanel(board)
    fireEvent.click(screen.getByRole('tab', { name: /Voting/ }))
    expect(screen.getByRole('option', { name: 'Attributes (2)' })).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Dots per person'), { target: { value: '2' } })
    fireEvent.click(screen.getByLabelText(/Anonymous/))
    fireEvent.click(screen.getByRole('button', { name: 'Start vote' }))

    const session = board.workshop.$openSession.get()
    expect(session).toMatchObject({
      title: 'Key attributes',
      cardType: 'icp-attribute',
      votesPerPerson: 2,
      isAnonymous: true,
      isHiddenUntilEnd: true,
      status: 'open',
      startedAt: t0,
    })
    expect(session!.endsAt).toBe(t0 + 180_000)
    expect(screen.getByText('Vote in progress')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'End vote and show results' }))
    expect(board.workshop.$sessions.get()[0]).toMatchObject({ status: 'closed', closedAt: t0 })
  })

  it('leaves the running step countdown alone: the vote counts down on its own', () => {
    const board = createTestBoard('facilitator')
    const stepTimer = startTimer(createTimer(180_000, 'Step 2'), t0)
    act(() => board.workshop.setTimer(stepTimer))
    // 2:05 left on the step when the vote starts (its limit preselected at 3 minutes).
    vi.setSystemTime(t0 + 55_000)
    renderOnBoard(editor, board, <WorkshopBar />)
    fireEvent.click(screen.getByRole('button', { name: /Facilitate/ }))
    fireEvent.click(screen.getByRole('tab', { name: /Voting/ }))
    fireEvent.click(screen.getByRole('button', { name: 'Start vote' }))

    expect(board.workshop.$openSession.get()?.endsAt).toBe(t0 + 55_000 + 180_000)
    expect(board.workshop.$timer.get()).toEqual(stepTimer)
    expect(screen.getByRole('timer', { name: 'Step 2: 2:05 left' })).toBeTruthy()
    expect(screen.getByRole('timer', { name: 'Vote: 3:00 left' })).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'End vote and show results' }))
    expect(board.workshop.$timer.get()).toEqual(stepTimer)
    expect(screen.getByRole('timer', { name: 'Step 2: 2:05 left' })).toBeTruthy()
  })

  it('shows a participant how many dots they have left', () => {
    const board = createTestBoard('editor')
    const session = board.workshop.startVote(
      {
        title: 'Key attributes',
        cardType: 'icp-attribute',
        votesPerPerson: 3,
        isAnonymous: false,
        isHiddenUntilEnd: false,
      },
      t0,
    )
    const [first] = [...editor.getCurrentPageShapeIds()]
    act(() =>
      board.workshop.setMyDots(session, { id: 'me', name: 'Fran', function: 'marketing' }, [
        first!,
      ]),
    )
    renderOnBoard(editor, board, <VoteChip />)
    expect(screen.getByLabelText('2 of 3 votes left')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'End vote' })).toBeNull()
  })

  it('counts dots on cards out of view toward the dots a participant has left on the canvas', () => {
    const board = createTestBoard('editor')
    const session = board.workshop.startVote(
      {
        title: 'Key attributes',
        cardType: 'icp-attribute',
        votesPerPerson: 3,
        isAnonymous: false,
        isHiddenUntilEnd: false,
      },
      t0,
    )
    const farAway = addShape(editor, {
      type: 'icp-attribute',
      x: 100_000,
      props: { category: 'budget', value: '>= $1M', importance: 'nice' },
    })
    act(() =>
      board.workshop.setMyDots(session, { id: 'me', name: 'Fran', function: 'marketing' }, [
        farAway,
        farAway,
        farAway,
      ]),
    )
    renderOnBoard(editor, board, <VoteDots />)
    const targets = screen.getAllByRole('button', { name: /^Vote for / })
    // The two cards in view; the one holding the dots is not drawn.
    expect(targets).toHaveLength(2)
    for (const target of targets) {
      expect(target.className).toContain('is-spent')
      expect(target.getAttribute('title')).toBe(
        'No votes left: click one of your dots to take it back',
      )
    }
  })
})

describe('the room controls', () => {
  it('lock the board and run a private brainstorm', () => {
    const board = createTestBoard('facilitator')
    openPanel(board)
    fireEvent.click(screen.getByRole('tab', { name: 'Room' }))

    fireEvent.click(screen.getByRole('switch', { name: /Lock the board/ }))
    expect(board.workshop.$isBoardLocked.get()).toBe(true)

    fireEvent.click(screen.getByRole('button', { name: 'Start private mode' }))
    expect(board.workshop.$privateMode.get()).toEqual({
      kind: 'privateMode',
      isOn: true,
      startedAt: t0,
    })
    fireEvent.click(screen.getByRole('button', { name: 'Reveal everyone’s cards' }))
    expect(board.workshop.$privateMode.get()?.isOn).toBe(false)
  })

  it('locks the selected frame with its cards', () => {
    const board = createTestBoard('facilitator')
    const frame = addShape(editor, { type: 'frame', x: -50, y: -50, props: { w: 800, h: 400 } })
    const cards = [...editor.getCurrentPageShapeIds()].filter((id) => id !== frame)
    editor.reparentShapes(cards, frame)
    editor.select(frame)
    openPanel(board)
    fireEvent.click(screen.getByRole('tab', { name: 'Room' }))
    fireEvent.click(screen.getByRole('button', { name: 'Lock selected frame' }))
    for (const id of [frame, ...cards]) expect(editor.getShape(id)?.isLocked).toBe(true)
    expect(screen.getByRole('list', { name: 'Locked frames' })).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }))
    for (const id of [frame, ...cards]) expect(editor.getShape(id)?.isLocked).toBe(false)
  })

  it('brings everyone to the facilitator’s view', () => {
    const board = createTestBoard('facilitator')
    openPanel(board)
    fireEvent.click(screen.getByRole('tab', { name: 'Room' }))
    fireEvent.click(screen.getByRole('button', { name: /Bring everyone to my view/ }))
    expect(board.workshop.$summon.get()).toMatchObject({
      kind: 'summon',
      by: 'Fran',
      pageId: editor.getCurrentPageId(),
      z: editor.getZoomLevel(),
      at: t0,
    })
  })
})

/**
 * A closed public vote on the two attribute cards: Ana (sales) and, when given, Pia (product) put
 * their dots on them, `i` for industry and `l` for location.
 */
function closedVote(board: TestBoard, ana: string, pia = '') {
  const [industry, location] = [...editor.getCurrentPageShapeIds()]
  const dots = (letters: string) => [...letters].map((c) => (c === 'i' ? industry! : location!))
  const session = board.workshop.startVote(
    {
      title: 'Key attributes',
      cardType: 'icp-attribute',
      votesPerPerson: 3,
      isAnonymous: false,
      isHiddenUntilEnd: false,
    },
    t0,
  )
  act(() => {
    board.workshop.setMyDots(session, { id: 'ana', name: 'Ana', function: 'sales' }, dots(ana))
    if (pia) {
      board.workshop.setMyDots(session, { id: 'pia', name: 'Pia', function: 'product' }, dots(pia))
    }
    board.workshop.closeVote(session.id, t0 + 1000)
  })
  return session
}

describe('the vote results', () => {
  it('rank the cards with a bar by function and list the biggest disagreements', () => {
    const board = createTestBoard('editor')
    const session = closedVote(board, 'iii', 'lli')
    useUiStore.getState().showVoteResults(session.id)
    renderOnBoard(editor, board, <VoteResultsPanel />)

    const ranking = within(screen.getByRole('list', { name: 'Cards by votes' }))
    const rows = ranking.getAllByRole('listitem')
    expect(rows.map((row) => [row.textContent, row.dataset.total])).toEqual([
      ['1Industry: Video games4', '4'],
      ['2Location: US or Canada2', '2'],
    ])
    expect(screen.getByRole('list', { name: 'Voters by function' }).textContent).toBe(
      'Sales 1Product 1',
    )
    const disagreements = within(screen.getByRole('region', { name: 'Biggest disagreements' }))
    expect(disagreements.getByText('Location: US or Canada')).toBeTruthy()
    expect(disagreements.getAllByText('67%')).toHaveLength(1)
    expect(
      screen.getByText('These votes order the key attributes in the ICP document.'),
    ).toBeTruthy()
  })
})

describe('a secret vote', () => {
  const setup = {
    title: 'Key attributes',
    cardType: 'icp-attribute',
    votesPerPerson: 3,
    isAnonymous: true,
    isHiddenUntilEnd: true,
  }
  const zero = { sales: 0, marketing: 0, product: 0, customerSuccess: 0, other: 0 }

  it('puts my dots in my private doc, never on the board, and counts them as mine', () => {
    const board = createTestBoard('editor')
    const privateDoc = new Y.Doc()
    const detach = board.workshop.attachPrivateDoc(privateDoc)
    const session = board.workshop.startVote(setup, t0)
    const [industry] = [...editor.getCurrentPageShapeIds()]
    act(() =>
      board.workshop.setMyDots(session, { id: 'me', name: 'Fran', function: 'marketing' }, [
        industry!,
        industry!,
      ]),
    )
    expect(readEntries(board.doc.getArray('votes')).size).toBe(0)
    expect(readEntries(privateDoc.getArray('votes')).get(`ballot:${session.id}:me`)).toMatchObject({
      participantId: 'me',
      participantName: null,
      shapeIds: [industry, industry],
    })
    renderOnBoard(editor, board, <VoteChip />)
    expect(screen.getByLabelText('1 of 3 votes left')).toBeTruthy()
    detach()
  })

  it('shows the results the server published once it closed, by function', () => {
    const board = createTestBoard('editor')
    const session = board.workshop.startVote(setup, t0)
    act(() => board.workshop.closeVote(session.id, t0 + 1000))
    const [industry, location] = [...editor.getCurrentPageShapeIds()]
    // What the server publishes (server/privateDocs.ts): 3 dots on industry, 1 on location.
    act(() =>
      writeEntries(board.doc.getArray('votes'), {
        set: new Map([
          [
            `tally:${session.id}`,
            {
              kind: 'tally',
              sessionId: session.id,
              isFinal: true,
              hasResults: true,
              voters: 2,
              dots: 4,
              votersByFunction: { ...zero, sales: 1, product: 1 },
              cards: [
                { shapeId: industry, byFunction: { ...zero, sales: 2, product: 1 }, voters: 2 },
                { shapeId: location, byFunction: { ...zero, product: 1 }, voters: 1 },
              ],
            },
          ],
        ]),
      }),
    )
    useUiStore.getState().showVoteResults(session.id)
    renderOnBoard(editor, board, <VoteResultsPanel />)
    const rows = within(screen.getByRole('list', { name: 'Cards by votes' })).getAllByRole(
      'listitem',
    )
    expect(rows.map((row) => row.dataset.total)).toEqual(['3', '1'])
    expect(screen.getByRole('list', { name: 'Voters by function' }).textContent).toBe(
      'Sales 1Product 1',
    )
  })
})

describe('the dots on the cards after a vote', () => {
  const totals = () =>
    [...document.querySelectorAll<HTMLElement>('.fx-dots__card[data-total]')].map(
      (card) => card.dataset.total,
    )

  it('stay for the facilitator after the results panel is closed', () => {
    const board = createTestBoard('facilitator')
    const session = closedVote(board, 'iil')
    useUiStore.getState().showVoteResults(session.id)
    renderOnBoard(editor, board, <VoteDots />)
    expect(totals()).toEqual(['2', '1'])
    act(() => useUiStore.getState().closePanel('voteResults'))
    expect(totals()).toEqual(['2', '1'])
  })

  it('show for someone who never opened the results, as for everyone else', () => {
    const board = createTestBoard('editor')
    closedVote(board, 'iil')
    renderOnBoard(editor, board, <VoteDots />)
    expect(totals()).toEqual(['2', '1'])
  })
})
