import type { Editor } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getVotableCards } from '../../../client/facilitation/votingCards'
import { addShape, createCardEditor } from '../shapes/cardEditor'

let editor: Editor

beforeEach(() => {
  editor = createCardEditor()
})

afterEach(() => {
  editor.dispose()
})

describe('getVotableCards', () => {
  it('lists votable cards in reading order and keeps the same map while a drag leaves the order alone', () => {
    const left = addShape(editor, { type: 'icp-attribute', x: 0, y: 0 })
    const right = addShape(editor, { type: 'icp-attribute', x: 400, y: 0 })
    const $cards = getVotableCards(editor)
    const before = $cards.get()
    expect([...before.keys()]).toEqual([left, right])

    editor.updateShape({ id: right, type: 'icp-attribute', x: 420 })
    expect($cards.get()).toBe(before)

    // Dragged above the other: the order changes, and so does the map.
    editor.updateShape({ id: right, type: 'icp-attribute', y: -300 })
    expect([...$cards.get().keys()]).toEqual([right, left])
  })
})
