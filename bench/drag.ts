/**
 * What dragging costs the document, per layout: 10,000 drag frames (each moving the dragged cards'
 * x and y in one transaction, as the tldraw bridge writes them) on a board of `boardShapes` shapes.
 *
 * - layout 1 (until this release): one YKeyValue entry per whole record (y-utility), so two people
 *   editing one card overwrite each other's fields;
 * - layout 2 (now): one entry per field (shared/BoardRecords.ts over shared/EntryMap.ts);
 * - a Y.Map per record (nested in a root Y.Map), the usual Yjs way to merge fields, for reference:
 *   every overwritten value stays behind as a tombstone.
 *
 * Reported: the encoded state (`Y.encodeStateAsUpdate`) before and after, and the time per frame.
 */
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { BoardRecords } from '../shared/BoardRecords'
import type { StoredRecord } from '../shared/docLayout'
import { generateBoard } from '../tests/helpers/boardBuilder'
import { summarize, type Summary } from './lib/stats'

/** One layout: how it writes records, and its name. */
interface Layout {
  name: string
  /** Returns a function that writes records into `doc`. */
  open(doc: Y.Doc): (records: StoredRecord[]) => void
}

const layouts: Layout[] = [
  {
    name: 'layout 1: whole record per entry (before)',
    open(doc) {
      const entries = new YKeyValue<StoredRecord>(doc.getArray('tldraw'))
      return (records) => doc.transact(() => records.forEach((r) => entries.set(r.id, r)))
    },
  },
  {
    name: 'layout 2: one entry per field (now)',
    open(doc) {
      const records = new BoardRecords(doc, { canWrite: () => true })
      return (put) => records.write({ put })
    },
  },
  {
    name: 'Y.Map per record (reference)',
    open(doc) {
      const root = doc.getMap<Y.Map<unknown>>('records')
      return (records) =>
        doc.transact(() => {
          for (const record of records) {
            let fields = root.get(record.id)
            if (!fields) {
              fields = new Y.Map()
              root.set(record.id, fields)
            }
            for (const [key, value] of Object.entries(record)) {
              if (JSON.stringify(fields.get(key)) !== JSON.stringify(value)) fields.set(key, value)
            }
          }
        })
    },
  },
]

/** What dragging did to one layout. */
export interface DragResult {
  layout: string
  boardShapes: number
  draggedCards: number
  frames: number
  stateBefore: number
  stateAfter: number
  frame: Summary
}

/** Drags `draggedCards` cards of a board of `boardShapes` shapes for `frames` frames. */
export function measureDrag(
  boardShapes: number,
  draggedCards: number,
  frames = 10_000,
): DragResult[] {
  const board = generateBoard(boardShapes) as unknown as StoredRecord[]
  const dragged = board.filter((record) => record.typeName === 'shape').slice(0, draggedCards)
  return layouts.map((layout) => {
    const doc = new Y.Doc()
    const write = layout.open(doc)
    write(board)
    const stateBefore = Y.encodeStateAsUpdate(doc).byteLength
    const samples: number[] = []
    for (let frame = 1; frame <= frames; frame++) {
      const moved = dragged.map((record) => ({
        ...record,
        x: (record.x as number) + frame,
        y: (record.y as number) + frame / 2,
      }))
      const started = performance.now()
      write(moved)
      samples.push(performance.now() - started)
    }
    const result = {
      layout: layout.name,
      boardShapes,
      draggedCards,
      frames,
      stateBefore,
      stateAfter: Y.encodeStateAsUpdate(doc).byteLength,
      frame: summarize(samples),
    }
    doc.destroy()
    return result
  })
}
