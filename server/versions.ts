/**
 * Saved versions of a board's ICP: a name, who saved it and when, the compiled document (the
 * board with its dot votes, dated by the server's UTC day) and a snapshot of the whole doc
 * (`Y.encodeStateAsUpdate`), in storage (`room_versions`).
 *
 * A board is read from its live doc when the room is loaded, otherwise from storage, without
 * loading it (server/roomBoard.ts).
 *
 * Restoring writes the version's tldraw records over the live board as ONE new change (not a
 * rewrite of history): records that differ or are missing are written, records the version does
 * not have are removed, in one server transaction through the room, so it is stored and broadcast
 * like any edit and can itself be undone by restoring another version. Other roots (comments,
 * votes, workshop state, people) are untouched.
 */
import { randomBytes } from 'node:crypto'
import { isEqual } from '@tldraw/utils'
import * as Y from 'yjs'
import type { BoardCompilation } from '../shared/compile/icpDocument'
import type { StoredRecord } from '../shared/docLayout'
import { statementCardType } from '../shared/schema/statementCard'
import type { ServerStorage, StoredVersionInfo } from './storage/serverStorage'
import { compileRoomBoard, readBoard, readRoom, readUpdates, utcDayOf } from './roomBoard'
import type { RoomManager } from './rooms'
import { readCurrentRecords } from './upgradeRoom'

/** Thrown for a request that cannot be served; `status` is the HTTP status to answer with. */
export class VersionError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message)
    this.name = 'VersionError'
  }
}

/** What the version service needs. */
export interface VersionServiceOptions {
  storage: ServerStorage
  rooms: RoomManager
  /** Clock (ms since the epoch): creation times and the compile date. */
  now: () => number
}

/** A saved version's board: its info, its compiled ICPs (JSON text) and its records. */
export interface SavedBoard {
  info: StoredVersionInfo
  compiled: string
  records: StoredRecord[]
}

/** How many records a restore wrote and removed. */
export interface RestoreResult {
  written: number
  removed: number
}

/** Saves, reads, compares and restores versions of rooms (see the module comment). */
export class VersionService {
  constructor(private readonly options: VersionServiceOptions) {}

  /**
   * Freezes the room's current board as a new version, compiled as of `today` (the facilitator's
   * day, `YYYY-MM-DD`). Saving is the ICP's review: first the statement cards' review date becomes
   * `today`, as a server change everyone receives, so the version carries its own review date and
   * the board shows the next review from it. The room must exist.
   */
  async save(
    roomId: string,
    name: string,
    createdBy: string | null,
    today: string,
  ): Promise<StoredVersionInfo> {
    const { storage, now, rooms } = this.options
    const { snapshot, compilation } = await rooms.withRoom(roomId, async (room) => {
      const stamped = room.records.all().flatMap((record) => {
        const props = record.props as { reviewDate?: unknown } | undefined
        if (record.type !== statementCardType || props?.reviewDate === today) return []
        return [{ ...record, props: { ...props, reviewDate: today } }]
      })
      if (stamped.length > 0) {
        await room.applyServerChange(() => room.records.write({ put: stamped }))
      }
      return {
        snapshot: Y.encodeStateAsUpdate(room.doc),
        compilation: compileRoomBoard(readBoard(room.doc, rooms.schema), today),
      }
    })
    const version = {
      id: randomBytes(9).toString('base64url'),
      roomId,
      name,
      createdAt: now(),
      createdBy,
      icpCount: compilation.icps.length,
      compiled: JSON.stringify(compilation),
      snapshot,
    }
    await storage.createVersion(version)
    return version
  }

  /** The room's versions, newest first. */
  list(roomId: string): Promise<StoredVersionInfo[]> {
    return this.options.storage.listVersions(roomId)
  }

  /** A version and its compilation; rejects with a 404 VersionError for an unknown id. */
  async get(
    roomId: string,
    versionId: string,
  ): Promise<{ info: StoredVersionInfo; compilation: BoardCompilation }> {
    const version = await this.options.storage.getVersion(roomId, versionId)
    if (!version) throw unknownVersion(roomId, versionId)
    const { compiled, snapshot: _snapshot, ...info } = version
    // Written by `save` from compileBoard's result, not received from a client.
    return { info, compilation: JSON.parse(compiled) as BoardCompilation }
  }

  /** The live board compiled now (for diffs against `current`). */
  compileCurrent(roomId: string): Promise<BoardCompilation> {
    return this.readCurrent(roomId, (doc) => this.compile(doc))
  }

  /**
   * A version's board records, migrated to today's schema (a version saved before a layout or
   * schema change still opens), with its stored compilation; rejects with a 404 VersionError for
   * an unknown id and a 409 one when some records cannot be read.
   */
  readRecords(roomId: string, versionId: string): Promise<SavedBoard> {
    return this.readVersionRecords(roomId, versionId, 'opened')
  }

  /**
   * Stores `from` (a version of another room, e.g. the one a review board starts from) as a version
   * of `roomId` named `name`, with `snapshot` as its board: its ICPs stay as they were compiled.
   */
  async addCopy(
    roomId: string,
    name: string,
    snapshot: Uint8Array,
    from: SavedBoard,
  ): Promise<StoredVersionInfo> {
    const version = {
      ...from.info,
      id: randomBytes(9).toString('base64url'),
      roomId,
      name,
      createdAt: this.options.now(),
      compiled: from.compiled,
      snapshot,
    }
    await this.options.storage.createVersion(version)
    const { compiled: _compiled, snapshot: _snapshot, ...info } = version
    return info
  }

  /** Restores the version's board records as one new change (see the module comment). */
  async restore(
    roomId: string,
    versionId: string,
  ): Promise<{ info: StoredVersionInfo; result: RestoreResult }> {
    const { info, records } = await this.readVersionRecords(roomId, versionId, 'restored')
    const target = new Map(records.map((record) => [record.id, record]))
    const result = await this.options.rooms.withRoom(roomId, async (room) => {
      const live = new Map(room.records.all().map((record) => [record.id, record]))
      const written = [...target.values()].filter((record) => !isEqual(live.get(record.id), record))
      const removed = [...live.keys()].filter((id) => !target.has(id))
      if (written.length > 0 || removed.length > 0) {
        await room.applyServerChange(() => room.records.write({ put: written, remove: removed }))
      }
      return { written: written.length, removed: removed.length }
    })
    return { info, result }
  }

  private async readVersionRecords(
    roomId: string,
    versionId: string,
    purpose: 'opened' | 'restored',
  ): Promise<SavedBoard> {
    const version = await this.options.storage.getVersion(roomId, versionId)
    if (!version) throw unknownVersion(roomId, versionId)
    const { compiled, snapshot, ...info } = version
    const { rooms } = this.options
    const saved = readUpdates([snapshot], (doc) => readCurrentRecords(doc, rooms.schema))
    if (saved.unmigrated.length > 0) {
      throw new VersionError(
        409,
        `version "${info.name}" holds ${saved.unmigrated.length} records this server cannot read, so it cannot be ${purpose}`,
      )
    }
    return { info, compiled, records: saved.records }
  }

  /** Runs `read` on the room's current doc (see server/roomBoard.ts); no room reads as empty. */
  private async readCurrent<T>(roomId: string, read: (doc: Y.Doc) => T): Promise<T> {
    const { storage, rooms } = this.options
    const source = {
      storage,
      loadedDoc: (id: string) => rooms.loadedDoc(id),
      schema: rooms.schema,
    }
    return (await readRoom(roomId, source, read)) ?? readUpdates([], read)
  }

  /** The board of `doc` compiled now, as the board shows it (with its dot votes). */
  private compile(doc: Y.Doc): BoardCompilation {
    return compileRoomBoard(readBoard(doc, this.options.rooms.schema), utcDayOf(this.options.now()))
  }
}

/**
 * True when `today` is the UTC day of `now` or the day before or after: every time zone's date is
 * one of those, so a facilitator's local day always is, and nothing else is.
 */
export function isNearServerDay(today: string, now: number): boolean {
  const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${utcDayOf(now)}T00:00:00Z`)) / 864e5
  return Math.abs(days) <= 1
}

function unknownVersion(roomId: string, versionId: string): VersionError {
  return new VersionError(404, `version ${versionId} does not exist in room ${roomId}`)
}
