import {
  createShapeId,
  DocumentRecordType,
  TLDOCUMENT_ID,
  type TLPageId,
  type TLRecord,
  type TLShape,
  type TLShapeId,
} from '@tldraw/tlschema'
import { getIndexAbove, sortByIndex } from '@tldraw/utils'
import { frame, promptText } from './templateShapes'

/** Where a review board comes from: a saved version of another board. */
export interface ReviewSource {
  boardName: string
  versionName: string
  /** When the version was saved (ISO date, `2026-11-23`). */
  savedOn: string
}

const reviewFrameWidth = 1000
const reviewFrameHeight = 900
/** Space between the reviewed board's content and the review frame. */
const reviewGap = 200

/** The review prompts: the seeds' reasons to revisit an ICP, and how to close the review. */
export function reviewPrompt(source: ReviewSource): string {
  const board = source.boardName || 'Untitled board'
  return [
    `Review of “${board}” as saved in version “${source.versionName}” on ${source.savedOn}. That version is this board's first version: compare it with the board now under Facilitate → Versions.`,
    '1. Have our products, our customers’ buying patterns or our competitors changed? Update or remove the cards this affects.',
    '2. Which attributes still rest on assumptions? Back them with CRM data, a survey or interviews.',
    '3. Do the 5 to 7 key attributes and the disqualifiers still pick the best customers? Check them against the latest best customers.',
    '4. Save a new version: it sets the review date, and the next review is due in 3 to 6 months.',
  ].join('\n')
}

/** The extent of a shape in its parent's space: frames and cards have a size, others a point. */
function extent(shape: TLShape): { x: number; y: number; right: number; bottom: number } {
  const props = shape.props as { w?: unknown; h?: unknown }
  const w = typeof props.w === 'number' ? props.w : 0
  const h = typeof props.h === 'number' ? props.h : 0
  return { x: shape.x, y: shape.y, right: shape.x + w, bottom: shape.y + h }
}

/**
 * A review board: the saved board's records (pages, shapes, bindings, assets) under a new
 * document named `name`, and a "Review" frame with the review prompts to the right of what is on
 * the first page.
 */
export function createReviewRecords(
  sourceRecords: readonly TLRecord[],
  name: string,
  source: ReviewSource,
  makeId: (hint: string) => TLShapeId = (hint) => createShapeId(hint),
): TLRecord[] {
  const records = sourceRecords.filter((record) => record.typeName !== 'document')
  const pages = records.filter((record) => record.typeName === 'page').sort(sortByIndex)
  const page = pages[0]
  const document = DocumentRecordType.create({ id: TLDOCUMENT_ID, name })
  if (!page) return [document, ...records]
  const topLevel = records.filter(
    (record): record is TLShape => record.typeName === 'shape' && record.parentId === page.id,
  )
  const extents = topLevel.map(extent)
  const right = extents.length > 0 ? Math.max(...extents.map((e) => e.right)) : 0
  const top = extents.length > 0 ? Math.min(...extents.map((e) => e.y)) : 0
  const highest = [...topLevel].sort(sortByIndex).at(-1)?.index ?? null
  const frameId = makeId('review')
  const reviewFrame = frame(
    frameId,
    page.id as TLPageId,
    getIndexAbove(highest),
    extents.length > 0 ? right + reviewGap : 0,
    top,
    reviewFrameWidth,
    reviewFrameHeight,
    `Review · ${source.versionName}`,
  )
  reviewFrame.meta = { icpReview: true }
  return [
    document,
    ...records,
    reviewFrame,
    promptText(makeId('review-prompt'), frameId, reviewPrompt(source), reviewFrameWidth - 80),
  ]
}
