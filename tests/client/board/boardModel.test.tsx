import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Editor, TLShapeId } from 'tldraw'
import * as Y from 'yjs'
import { BoardModel } from '../../../client/board/boardModel'
import { BoardWorkshop } from '../../../client/facilitation/boardWorkshop'
import { addShape, createCardEditor } from '../shapes/cardEditor'

const voteSetup = {
  title: 'Key attributes',
  cardType: 'icp-attribute',
  votesPerPerson: 3,
  isAnonymous: false,
  isHiddenUntilEnd: false,
}
const fran = { id: 'fran', name: 'Fran', function: 'marketing' as const }

let editor: Editor
let workshop: BoardWorkshop
let clock: Date
let model: BoardModel
let stop: () => void

function attribute(value: string): TLShapeId {
  return addShape(editor, {
    type: 'icp-attribute',
    props: { category: 'industry', label: value, value, importance: 'must' },
  })
}

/** Lets the model's throttled recompile run. */
function settle() {
  vi.advanceTimersByTime(500)
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
  })
  clock = new Date(2027, 0, 12, 23, 58)
  vi.setSystemTime(clock)
  editor = createCardEditor()
  workshop = new BoardWorkshop(new Y.Doc())
  model = new BoardModel(workshop, () => clock)
})

afterEach(() => {
  stop?.()
  editor.dispose()
  vi.useRealTimers()
})

describe('the board model', () => {
  it('compiles the records it is attached to, and again after a change', () => {
    addShape(editor, { type: 'icp-statement', props: { name: 'Indie studios' } })
    expect(model.$compilation.get().icps).toEqual([])
    stop = model.attach(editor)
    const [icp] = model.$compilation.get().icps
    expect(icp?.name).toBe('Indie studios')
    expect(model.$statementViews.get().get(icp!.statementShapeId!)?.statement).toBe(icp!.statement)

    const id = attribute('video games')
    expect(model.$compilation.get().icps[0]?.keyAttributes).toHaveLength(0)
    settle()
    expect(model.$compilation.get().icps[0]?.keyAttributes.map((a) => a.shapeId)).toEqual([id])
  })

  it('orders the key attributes by the latest closed vote', () => {
    addShape(editor, { type: 'icp-statement', props: { name: 'Indie studios' } })
    const first = attribute('alpha')
    const second = attribute('beta')
    stop = model.attach(editor)
    const order = () => model.$compilation.get().icps[0]!.keyAttributes.map((a) => a.shapeId)
    const unvoted = order()

    const session = workshop.startVote(voteSetup, Date.now())
    const least = unvoted[0] === first ? first : second
    workshop.setMyDots(session, fran, [least, least])
    settle()
    // Open votes do not count yet.
    expect(model.$votes.get().size).toBe(0)
    expect(order()).toEqual(unvoted)

    workshop.closeVote(session.id, Date.now())
    settle()
    expect(model.$votes.get()).toEqual(new Map([[least, 2]]))
    expect(order()[0]).toBe(least)
  })

  it('moves today on at midnight, which recompiles the review status', () => {
    addShape(editor, {
      type: 'icp-statement',
      props: { name: 'Indie studios', reviewDate: '2026-10-12', reviewCadenceMonths: 3 },
    })
    stop = model.attach(editor)
    expect(model.$today.get()).toBe('2027-01-12')
    expect(model.$compilation.get().icps[0]?.review.isOverdue).toBe(false)

    clock = new Date(2027, 0, 13, 0, 1)
    vi.setSystemTime(clock)
    vi.advanceTimersByTime(60_000)
    settle()
    expect(model.$today.get()).toBe('2027-01-13')
    expect(model.$compilation.get().icps[0]?.review.isOverdue).toBe(true)
  })

  it('forgets what it compiled when detached', () => {
    addShape(editor, { type: 'icp-statement', props: { name: 'Indie studios' } })
    model.attach(editor)()
    expect(model.$compilation.get()).toEqual({ icps: [], unassigned: [] })
    expect(model.$votes.get().size).toBe(0)
  })
})
