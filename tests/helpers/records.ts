import type { TLGeoShape, TLShapeId } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import type * as Y from 'yjs'
import { BoardRecords } from '../../shared/BoardRecords'
import type { StoredRecord } from '../../shared/docLayout'

/** Id of the page every template board starts with. */
export const firstPageId = 'page:page' as TLGeoShape['parentId']

/** A complete, valid geo (rectangle) shape record, as tldraw's editor would create it. */
export function geoShape(
  id: string,
  x = 0,
  y = 0,
  overrides: Partial<TLGeoShape['props']> = {},
): TLGeoShape {
  return {
    id: `shape:${id}` as TLShapeId,
    typeName: 'shape',
    type: 'geo',
    parentId: firstPageId,
    index: 'a1' as IndexKey,
    x,
    y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      w: 100,
      h: 100,
      geo: 'rectangle',
      dash: 'draw',
      growY: 0,
      url: '',
      scale: 1,
      flipX: false,
      flipY: false,
      color: 'black',
      labelColor: 'black',
      fill: 'none',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      richText: { type: 'doc', content: [{ type: 'paragraph' }] },
      ...overrides,
    },
  }
}

/** Writes whole records into a board doc as the tldraw bridge would (their changed fields). */
export function putRecords(doc: Y.Doc, ...records: object[]): void {
  const boardRecords = new BoardRecords(doc)
  boardRecords.write({ put: records as StoredRecord[] })
  boardRecords.destroy()
}

/** Deletes whole records (every field) from a board doc as the tldraw bridge would. */
export function removeRecords(doc: Y.Doc, ...ids: string[]): void {
  const boardRecords = new BoardRecords(doc)
  boardRecords.write({ remove: ids })
  boardRecords.destroy()
}
