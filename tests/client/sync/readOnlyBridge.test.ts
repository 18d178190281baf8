import { createTLStore } from 'tldraw'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { bindStoreToDoc } from '../../../client/sync/bindStoreToDoc'
import { BoardRecords } from '../../../shared/BoardRecords'
import { createBoardSchema } from '../../../shared/schema/boardSchema'
import { createTemplateRecords } from '../../../shared/templates/boardTemplate'
import { geoShape, putRecords } from '../../helpers/records'

describe('the tldraw bridge for read-only participants', () => {
  it('sends no local change to the doc while writing is not allowed', () => {
    const doc = new Y.Doc()
    putRecords(doc, ...createTemplateRecords('blank'))
    const records = new BoardRecords(doc)
    const store = createTLStore({ schema: createBoardSchema() })
    let isAllowed = false
    const unbind = bindStoreToDoc(store, doc, { canWrite: () => isAllowed })
    let writes = 0
    doc.on('update', () => writes++)

    store.put([geoShape('viewer-try')])
    expect(writes).toBe(0)
    expect(records.has('shape:viewer-try')).toBe(false)

    isAllowed = true
    store.put([geoShape('editor-card')])
    expect(records.has('shape:editor-card')).toBe(true)
    unbind()
    records.destroy()
  })
})
