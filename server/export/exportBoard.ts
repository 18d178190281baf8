/**
 * Compiles a board and renders the ICPs in one download format, with the same shared
 * compiler and renderers the client uses (plus the server-only PDF). Time comes in as `now`:
 * compilation itself stays pure.
 */
import type { TLRecord } from '@tldraw/tlschema'
import {
  icpBoardExportSchemaVersion,
  type IcpBoardExport,
} from '../../shared/compile/icpBoardExport'
import type { IcpDocument } from '../../shared/compile/icpDocument'
import { toCsv } from '../../shared/export/toCsv'
import { toMarkdown } from '../../shared/export/toMarkdown'
import { compileRoomBoard, utcDayOf, type RoomBoard } from '../roomBoard'
import { exportFileName, type ExportFileName } from './attachmentDisposition'
import { toPdf } from './toPdf'

/** Download formats, by file extension. */
export const exportFormats = ['json', 'md', 'csv', 'pdf'] as const
export type ExportFormat = (typeof exportFormats)[number]

/** `Content-Type` of each format. */
export const exportContentTypes: Readonly<Record<ExportFormat, string>> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
}

/** True when `extension` names a download format. */
export function isExportFormat(extension: string): extension is ExportFormat {
  return (exportFormats as readonly string[]).includes(extension)
}

/** What to export. */
export interface ExportRequest {
  roomId: string
  format: ExportFormat
  /** Export only the ICP with this id (`IcpDocument.id`); all ICPs when undefined. */
  icpId?: string
  /** The export time: `today` of the compiler (UTC date), `exportedAt`, the PDF date. */
  now: Date
}

/** The outcome: a file, or the requested ICP is not on the board. */
export type ExportResult =
  | {
      kind: 'file'
      body: Uint8Array<ArrayBuffer>
      contentType: string
      fileName: ExportFileName
      icps: number
    }
  | { kind: 'unknownIcp'; message: string }

/** The board's name: the `name` of its tldraw document record ('' when unset). */
export function boardNameOf(records: readonly TLRecord[]): string {
  const document = records.find((record) => record.typeName === 'document')
  const name: unknown = document && 'name' in document ? document.name : undefined
  return typeof name === 'string' ? name.trim() : ''
}

/** The Markdown handouts of `docs`, separated by a horizontal rule; a note for an empty board. */
export function boardMarkdown(docs: readonly IcpDocument[], boardName: string): string {
  if (docs.length === 0) {
    const title = boardName || 'Untitled board'
    return `# ${title}\n\n_This board has no ICP yet: add a statement card to a page, then export again._\n`
  }
  return docs.map((doc) => toMarkdown(doc)).join('\n---\n\n')
}

function unknownIcpMessage(icpId: string, docs: readonly IcpDocument[]): string {
  const shown = icpId.length > 80 ? `${icpId.slice(0, 80)}…` : icpId
  if (docs.length === 0) return `this board has no ICP, so there is no ICP "${shown}"`
  const known = docs
    .slice(0, 10)
    .map((doc) => `${doc.id} (${doc.name || 'untitled'})`)
    .join(', ')
  return `this board has no ICP "${shown}"; its ICPs are: ${known}${docs.length > 10 ? ', …' : ''}`
}

/**
 * Compiles `board` (with its votes, as the board shows it) and renders it as `request.format`.
 * Throws when compiling or rendering fails (a bug, or content the compiler cannot read); the
 * caller turns that into a 500.
 */
export async function exportBoard(board: RoomBoard, request: ExportRequest): Promise<ExportResult> {
  const { roomId, format, icpId, now } = request
  const compilation = compileRoomBoard(board, utcDayOf(now))
  let docs = compilation.icps
  let unassigned = compilation.unassigned
  if (icpId !== undefined) {
    const doc = docs.find((candidate) => candidate.id === icpId)
    if (!doc) return { kind: 'unknownIcp', message: unknownIcpMessage(icpId, docs) }
    docs = [doc]
    unassigned = []
  }
  const boardName = boardNameOf(board.records)
  let body: Uint8Array<ArrayBuffer>
  switch (format) {
    case 'json': {
      const exported: IcpBoardExport = {
        schemaVersion: icpBoardExportSchemaVersion,
        board: { roomId, name: boardName, exportedAt: now.toISOString() },
        icps: docs,
        unassigned,
      }
      body = Buffer.from(`${JSON.stringify(exported, null, 2)}\n`)
      break
    }
    case 'md':
      body = Buffer.from(boardMarkdown(docs, boardName))
      break
    case 'csv':
      body = Buffer.from(toCsv(docs))
      break
    case 'pdf':
      body = await toPdf(docs, { boardName, exportedAt: now })
      break
  }
  const nameParts = icpId === undefined ? [boardName] : [boardName, docs[0]!.name]
  return {
    kind: 'file',
    body,
    contentType: exportContentTypes[format],
    fileName: exportFileName(nameParts, format),
    icps: docs.length,
  }
}
