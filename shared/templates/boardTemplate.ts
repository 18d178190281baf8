import { DocumentRecordType, PageRecordType, TLDOCUMENT_ID, type TLRecord } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import { createIcpWorkshopShapes } from './icpWorkshopTemplate'

/** Templates a new board can start from. */
export const boardTemplates = ['icp-workshop', 'blank'] as const
export type BoardTemplate = (typeof boardTemplates)[number]

/** True when `value` names a board template. */
export function isBoardTemplate(value: unknown): value is BoardTemplate {
  return typeof value === 'string' && (boardTemplates as readonly string[]).includes(value)
}

/**
 * The records a new board starts with. The server writes them when it creates the room, so a
 * client never seeds an empty document itself (two clients seeding at once, or a client seeding
 * before its first sync, is how empty boards overwrite real ones).
 */
export function createTemplateRecords(template: BoardTemplate): TLRecord[] {
  const page = PageRecordType.create({
    id: PageRecordType.createId('page'),
    name: 'Page 1',
    index: 'a1' as IndexKey,
  })
  switch (template) {
    case 'blank':
      return [DocumentRecordType.create({ id: TLDOCUMENT_ID }), page]
    case 'icp-workshop':
      return [
        DocumentRecordType.create({ id: TLDOCUMENT_ID, name: 'ICP workshop' }),
        { ...page, name: 'ICP' },
        ...createIcpWorkshopShapes({ pageId: page.id }),
      ]
  }
}
