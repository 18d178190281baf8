/**
 * The records a new room starts with, from the body of `POST /api/rooms`: a template laid out
 * from scratch, or for `icp-review` the board of a saved version of another room, which the
 * caller must hold a token of (any role: viewers can read versions too).
 */
import type { TLRecord } from '@tldraw/tlschema'
import {
  boardTemplateInfo,
  cleanBoardName,
  createTemplateRecords,
} from '../shared/templates/boardTemplate'
import { createReviewRecords } from '../shared/templates/icpReviewTemplate'
import type { CreateRoomBody } from '../shared/workshop/workshopApi'
import type { TokenAuthority } from './auth'
import { VersionError, type SavedBoard, type VersionService } from './versions'

/** The records, and for a review the version the new board starts from. */
export type NewRoomRecords =
  | {
      ok: true
      records: TLRecord[]
      /** A review's source version, kept as the new board's first version under `name`. */
      baseline: { name: string; from: SavedBoard } | null
    }
  | { ok: false; status: 400 | 401 | 403 | 404 | 409; error: string }

/** What `newRoomRecords` needs. */
export interface NewRoomDeps {
  authority: TokenAuthority
  versions: VersionService
  /** The board name of another room (its document record), '' when unnamed. */
  boardName: (roomId: string) => Promise<string>
}

/** See the module comment. Never rejects for bad input: problems come back as `ok: false`. */
export async function newRoomRecords(
  body: CreateRoomBody,
  deps: NewRoomDeps,
): Promise<NewRoomRecords> {
  const template = body.template ?? 'blank'
  const name = cleanBoardName(body.name ?? '')
  if (template !== 'icp-review') {
    if (body.source) {
      return { ok: false, status: 400, error: 'source is only for the icp-review template' }
    }
    return { ok: true, records: createTemplateRecords(template, name), baseline: null }
  }
  const { source } = body
  if (!source) {
    return {
      ok: false,
      status: 400,
      error:
        'the icp-review template needs source: { roomId, versionId, token } of a saved version',
    }
  }
  const check = await deps.authority.verify(source.token, source.roomId)
  if (!check.ok) {
    return { ok: false, status: 403, error: `cannot open the source board: ${check.reason}` }
  }
  try {
    const saved = await deps.versions.readRecords(source.roomId, source.versionId)
    const { info } = saved
    const sourceName = await deps.boardName(source.roomId)
    const reviewRecords = createReviewRecords(
      saved.records as unknown as TLRecord[],
      name || `Review: ${sourceName || boardTemplateInfo['icp-review'].title}`,
      {
        boardName: sourceName,
        versionName: info.name,
        savedOn: new Date(info.createdAt).toISOString().slice(0, 10),
      },
    )
    return {
      ok: true,
      records: reviewRecords,
      baseline: { name: `${info.name} (from ${sourceName || 'the reviewed board'})`, from: saved },
    }
  } catch (error) {
    if (error instanceof VersionError)
      return { ok: false, status: error.status, error: error.message }
    throw error
  }
}
