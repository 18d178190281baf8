import type { Editor, TLShapeId } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { guardLockedFrames } from '../../../client/facilitation/guardLockedFrames'
import { setFramesLocked } from '../../../client/facilitation/frameLocks'
import { isFacilitatorLocked } from '../../../shared/workshop/facilitatorLock'
import { addShape, createCardEditor } from '../shapes/cardEditor'

let editor: Editor
let frame: TLShapeId
let card: TLShapeId
let isFacilitator = false
let stop: () => void

beforeEach(() => {
  editor = createCardEditor()
  frame = addShape(editor, { type: 'frame', x: 100, y: 100, props: { w: 400, h: 300 } })
  card = addShape(editor, { type: 'icp-attribute', parentId: frame, x: 20, y: 30 })
  isFacilitator = true
  stop = guardLockedFrames(editor, () => isFacilitator)
  setFramesLocked(editor, [frame], true)
  isFacilitator = false
})

afterEach(() => {
  stop()
  editor.dispose()
})

describe('guardLockedFrames', () => {
  it('marks a frame the facilitator locks, and everything in it', () => {
    for (const id of [frame, card]) {
      expect(editor.getShape(id)).toMatchObject({ isLocked: true })
      expect(isFacilitatorLocked(editor.getShape(id)?.meta)).toBe(true)
    }
  })

  it('keeps anyone else from changing or deleting a shape in it', () => {
    editor.run(() => editor.updateShape({ id: card, type: 'icp-attribute', x: 90 }), {
      ignoreShapeLock: true,
    })
    editor.run(() => editor.deleteShapes([card]), { ignoreShapeLock: true })
    expect(editor.getShape(card)).toMatchObject({ x: 20, parentId: frame })
  })

  it('puts a card created inside it on the page instead, where it was created', () => {
    const created = addShape(editor, { type: 'icp-persona', parentId: frame, x: 50, y: 60 })
    expect(editor.getShape(created)).toMatchObject({
      parentId: editor.getCurrentPageId(),
      x: 150,
      y: 160,
    })
  })

  it('keeps a card moved onto it where it was', () => {
    const outside = addShape(editor, { type: 'icp-persona', x: 700, y: 100 })
    editor.updateShape({ id: outside, type: 'icp-persona', parentId: frame, x: 10, y: 10 })
    expect(editor.getShape(outside)).toMatchObject({ parentId: editor.getCurrentPageId(), x: 700 })
  })

  it('lets the facilitator change it, and lets remote changes in', () => {
    isFacilitator = true
    editor.run(() => editor.updateShape({ id: card, type: 'icp-attribute', x: 90 }), {
      ignoreShapeLock: true,
    })
    expect(editor.getShape(card)).toMatchObject({ x: 90 })
    isFacilitator = false
    editor.store.mergeRemoteChanges(() => {
      editor.store.update(card, (shape) => ({ ...shape, x: 120 }))
    })
    expect(editor.getShape(card)).toMatchObject({ x: 120 })
  })
})
