import type { Editor, TLFrameShape, TLShapeId } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { keepIcpFramesNamed } from '../../../client/board/keepIcpFramesNamed'
import { compileBoard } from '../../../shared/compile/compileBoard'
import { toJson } from '../../../shared/export/toJson'
import { createIcpWorkshopShapes } from '../../../shared/templates/icpWorkshopTemplate'
import { createCardEditor } from '../shapes/cardEditor'

let editor: Editor
let stop: () => void
let frameId: TLShapeId
let statementId: TLShapeId

beforeEach(() => {
  editor = createCardEditor()
  const shapes = createIcpWorkshopShapes({ pageId: editor.getCurrentPageId() })
  editor.createShapes(shapes)
  frameId = shapes.find((shape) => (shape.meta as { icpContainer?: boolean }).icpContainer)!.id
  statementId = shapes.find((shape) => shape.type === 'icp-statement')!.id
  stop = keepIcpFramesNamed(editor)
})

afterEach(() => {
  stop()
  editor.dispose()
})

const frameName = () => (editor.getShape(frameId) as TLFrameShape).props.name
const rename = (name: string) =>
  editor.updateShape({ id: statementId, type: 'icp-statement', props: { name } })

describe('renaming an ICP', () => {
  it('renames its frame, so the board and the JSON export say the new name', () => {
    expect(frameName()).toBe('ICP · Ideal Customer Profile')
    rename('EMEA SaaS')
    expect(frameName()).toBe('ICP · EMEA SaaS')
    const [icp] = compileBoard(editor.store.allRecords(), { today: '2027-01-12' }).icps
    expect(JSON.parse(toJson(icp!)).scope.frameName).toBe('ICP · EMEA SaaS')
  })

  it('names the frame of an ICP whose name was cleared "Untitled"', () => {
    rename('  ')
    expect(frameName()).toBe('ICP · Untitled')
    rename('EMEA SaaS')
    expect(frameName()).toBe('ICP · EMEA SaaS')
  })

  it('keeps a frame name someone chose themselves', () => {
    editor.updateShape({ id: frameId, type: 'frame', props: { name: 'Our main segment' } })
    rename('EMEA SaaS')
    expect(frameName()).toBe('Our main segment')
  })

  it('leaves renames that arrive from others to their own browser', () => {
    editor.store.mergeRemoteChanges(() => rename('EMEA SaaS'))
    expect(frameName()).toBe('ICP · Ideal Customer Profile')
  })

  it('undoes the frame name together with the rename', () => {
    editor.markHistoryStoppingPoint('rename')
    rename('EMEA SaaS')
    editor.undo()
    expect(frameName()).toBe('ICP · Ideal Customer Profile')
  })
})
