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
import { getMetaMap, recordsArrayName, schemaMetaKey } from '../shared/docLayout'
import { readEntries, writeEntries } from '../shared/keyValueEntries'
import type { ServerStorage, StoredVersionInfo } from './storage/serverStorage'
import { compileRoomBoard, readBoard, readRoom, readUpdates } from './roomBoard'
import type { RoomManager } from './rooms'

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

/** How many records a restore wrote and removed. */
export interface RestoreResult {
  written: number
  removed: number
}

/** Saves, reads, compares and restores versions of rooms (see the module comment). */
export class VersionService {
  constructor(private readonly options: VersionServiceOptions) {}

  /** Freezes the room's current board as a new version. The room must exist. */
  async save(roomId: string, name: string, createdBy: string | null): Promise<StoredVersionInfo> {
    const { storage, now } = this.options
    const { snapshot, compilation } = await this.readCurrent(roomId, (doc) => ({
      snapshot: Y.encodeStateAsUpdate(doc),
      compilation: this.compile(doc),
    }))
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

  /** Restores the version's board records as one new change (see the module comment). */
  async restore(
    roomId: string,
    versionId: string,
  ): Promise<{ info: StoredVersionInfo; result: RestoreResult }> {
    const version = await this.options.storage.getVersion(roomId, versionId)
    if (!version) throw unknownVersion(roomId, versionId)
    const { compiled: _compiled, snapshot, ...info } = version
    const saved = new Y.Doc()
    try {
      Y.applyUpdate(saved, snapshot)
      const target = readEntries(saved.getArray(recordsArrayName))
      const savedSchema = getMetaMap(saved).get(schemaMetaKey)
      const result = await this.options.rooms.withRoom(roomId, async (room) => {
        if (!isEqual(savedSchema, getMetaMap(room.doc).get(schemaMetaKey))) {
          throw new VersionError(
            409,
            `version "${info.name}" was saved with another board schema and cannot be restored`,
          )
        }
        const live = readEntries(room.doc.getArray(recordsArrayName))
        const written = new Map<string, unknown>()
        for (const [key, record] of target) {
          if (!live.has(key) || !isEqual(live.get(key), record)) written.set(key, record)
        }
        const removed = [...live.keys()].filter((key) => !target.has(key))
        if (written.size > 0 || removed.length > 0) {
          await room.applyServerChange((doc) =>
            writeEntries(doc.getArray(recordsArrayName), { set: written, delete: removed }),
          )
        }
        return { written: written.size, removed: removed.length }
      })
      return { info, result }
    } finally {
      saved.destroy()
    }
  }

  /** Runs `read` on the room's current doc (see server/roomBoard.ts); no room reads as empty. */
  private async readCurrent<T>(roomId: string, read: (doc: Y.Doc) => T): Promise<T> {
    const { storage, rooms } = this.options
    const source = { storage, loadedDoc: (id: string) => rooms.loadedDoc(id) }
    return (await readRoom(roomId, source, read)) ?? readUpdates([], read)
  }

  /** The board of `doc` compiled now, as the board shows it (with its dot votes). */
  private compile(doc: Y.Doc): BoardCompilation {
    return compileRoomBoard(readBoard(doc), new Date(this.options.now()))
  }
}

function unknownVersion(roomId: string, versionId: string): VersionError {
  return new VersionError(404, `version ${versionId} does not exist in room ${roomId}`)
}
