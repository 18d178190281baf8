import { DocumentRecordType, PageRecordType, TLDOCUMENT_ID, type TLRecord } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import { createIcpWorkshopShapes } from './icpWorkshopTemplate'
import { leanIcpFrames } from './leanIcpTemplate'
import { personaDeepDiveFrames } from './personaDeepDiveTemplate'
import { createIcpArea } from './templateShapes'

/** Templates a new board can start from. */
export const boardTemplates = [
  'icp-workshop',
  'lean-icp',
  'persona-deep-dive',
  'icp-review',
  'blank',
] as const
export type BoardTemplate = (typeof boardTemplates)[number]

/** Templates laid out from scratch; `icp-review` starts from a saved version instead. */
export type FreshBoardTemplate = Exclude<BoardTemplate, 'icp-review'>

/** True when `value` names a board template. */
export function isBoardTemplate(value: unknown): value is BoardTemplate {
  return typeof value === 'string' && (boardTemplates as readonly string[]).includes(value)
}

/** What the template picker shows, and the name a board gets when none is typed. */
export const boardTemplateInfo: Readonly<
  Record<BoardTemplate, { title: string; duration: string | null; detail: string }>
> = {
  'icp-workshop': {
    title: 'ICP workshop',
    duration: '2–3 hours',
    detail:
      'Five guided steps, from best customers to the 5–7 key attributes and disqualifiers, with facilitator prompts.',
  },
  'lean-icp': {
    title: 'Lean ICP',
    duration: '60 minutes',
    detail:
      'Best customers, what they share, 5–7 key attributes and disqualifiers: four timed frames for one meeting.',
  },
  'persona-deep-dive': {
    title: 'Persona deep-dive',
    duration: '90 minutes',
    detail:
      'The buying committee role by role (decision makers, champions, users, blockers) and the pain points they share.',
  },
  'icp-review': {
    title: 'ICP review',
    duration: '45 minutes',
    detail:
      'Starts from a saved version of another board, with the questions to ask when you revisit an ICP.',
  },
  blank: {
    title: 'Blank board',
    duration: null,
    detail: 'An empty canvas with every card kind in the toolbar.',
  },
}

/** Longest board name (the board title field takes as many). */
export const maxBoardNameLength = 80

/** A typed board name made safe to store: control characters removed, spaces collapsed, cut. */
export function cleanBoardName(name: string): string {
  return name
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxBoardNameLength)
    .trim()
}

/**
 * The records a new board starts with, named `name` (the template's title when empty). The
 * server writes them when it creates the room, so a client never seeds an empty document itself
 * (two clients seeding at once, or a client seeding before its first sync, is how empty boards
 * overwrite real ones).
 */
export function createTemplateRecords(template: FreshBoardTemplate, name = ''): TLRecord[] {
  const page = PageRecordType.create({
    id: PageRecordType.createId('page'),
    name: 'Page 1',
    index: 'a1' as IndexKey,
  })
  const boardName = cleanBoardName(name)
  const document = (fallback: string) =>
    DocumentRecordType.create({ id: TLDOCUMENT_ID, name: boardName || fallback })
  switch (template) {
    case 'blank':
      return [boardName ? document('') : DocumentRecordType.create({ id: TLDOCUMENT_ID }), page]
    case 'icp-workshop':
      return [
        document('ICP workshop'),
        { ...page, name: 'ICP' },
        ...createIcpWorkshopShapes({ pageId: page.id }),
      ]
    case 'lean-icp':
      return [
        document('Lean ICP'),
        { ...page, name: 'ICP' },
        ...createIcpArea({
          pageId: page.id,
          name: 'Ideal Customer Profile',
          rows: [leanIcpFrames.slice(0, 2), leanIcpFrames.slice(2)],
        }),
      ]
    case 'persona-deep-dive':
      return [
        document('Persona deep-dive'),
        { ...page, name: 'Buying committee' },
        ...createIcpArea({
          pageId: page.id,
          name: 'Ideal Customer Profile',
          rows: [personaDeepDiveFrames.slice(0, 3), personaDeepDiveFrames.slice(3)],
        }),
      ]
  }
}
