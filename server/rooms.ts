/**
 * A Room is one board in memory: its Y.Doc, the awareness of the people in it and their
 * connections. The RoomManager loads a room from storage on its first connection and unloads it
 * a grace period after the last one leaves.
 *
 * Write path: a client update is checked (size, record validation), then applied with the
 * connection as origin. The doc's `update` event hands us exactly the bytes that were integrated;
 * they are appended to storage synchronously and only then broadcast to the other connections.
 * If storage throws, nothing is broadcast: every connection of the room is closed with
 * `storageFailed` and the in-memory room is dropped. Clients still hold their edits and send them
 * again when they reconnect, so nothing that was acknowledged (broadcast) is lost.
 */
import type { TLSchema } from '@tldraw/tlschema'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { closeCodes } from '../shared/protocol'
import type { Logger } from './log'
import type { RoomPersistence } from './persistence'
import {
  CloseError,
  decodeAwarenessEntries,
  encodeAwarenessFrame,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  protocolError,
} from './protocol'
import { inspectUpdate } from './updateValidation'

/** One client socket as a room sees it (implemented by Connection). */
export interface RoomClient {
  /** Sends one binary frame; must not throw. */
  send(frame: Uint8Array): void
  /** Closes the socket with a close code and reason; must not throw. */
  close(code: number, reason: string): void
}

/** Size caps and compaction thresholds of a room. */
export interface RoomLimits {
  /** Largest single update a client may send (bytes); larger closes with `tooLarge`. */
  maxUpdateBytes: number
  /** Largest encoded room state (bytes); growth beyond it closes with `tooLarge`. */
  maxRoomBytes: number
  /** Compact once the log holds this many updates... */
  compactAfterUpdates: number
  /** ...or this many bytes. */
  compactAfterBytes: number
}

/** Defaults: 4 MB per update (below the 8 MB frame cap), 64 MB per room, compact at 500 updates or 1 MB. */
export const defaultRoomLimits: RoomLimits = {
  maxUpdateBytes: 4 * 1024 * 1024,
  maxRoomBytes: 64 * 1024 * 1024,
  compactAfterUpdates: 500,
  compactAfterBytes: 1024 * 1024,
}

interface ClientState {
  /** The awareness clientID this connection announced first; it may set only this one. */
  clientId: number | null
}

/** One loaded board: a Y.Doc, its awareness and its connections. Create through RoomManager. */
export class Room {
  readonly doc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  private readonly clients = new Map<RoomClient, ClientState>()
  private lastUpdateId: number
  private logCount: number
  private logBytes: number
  private snapshotBytes: number
  private isFailed = false

  constructor(
    readonly id: string,
    private readonly persistence: RoomPersistence,
    private readonly schema: TLSchema,
    private readonly limits: RoomLimits,
    private readonly log: Logger,
    private readonly onFailed: (room: Room) => void,
  ) {
    const startedAt = performance.now()
    const loaded = persistence.loadRoom(id)
    this.doc = new Y.Doc()
    this.doc.transact(() => {
      for (const update of loaded.updates) Y.applyUpdate(this.doc, update)
    })
    this.lastUpdateId = loaded.lastUpdateId
    this.logCount = loaded.logCount
    this.logBytes = loaded.logBytes
    this.snapshotBytes = loaded.snapshotBytes
    // Attached after loading: stored updates must not be stored again.
    this.doc.on('update', this.handleDocUpdate)
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.handleAwarenessUpdate)
    log('room.loaded', {
      room: id,
      ms: Number((performance.now() - startedAt).toFixed(1)),
      bytes: loaded.snapshotBytes + loaded.logBytes,
      logUpdates: loaded.logCount,
    })
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.clients.size
  }

  /** False once storage failed; the manager drops the room and the next connection reloads it. */
  get isUsable(): boolean {
    return !this.isFailed
  }

  /** Adds a client and greets it like the reference server: sync step 1, then awareness states. */
  addClient(client: RoomClient): void {
    this.clients.set(client, { clientId: null })
    client.send(encodeSyncStep1(this.doc))
    const present = [...this.awareness.getStates().keys()]
    if (present.length > 0) client.send(encodeAwarenessFrame(this.awareness, present))
  }

  /** Removes a client and its awareness state (others are told). Idempotent. */
  removeClient(client: RoomClient): void {
    const state = this.clients.get(client)
    if (!state) return
    this.clients.delete(client)
    if (state.clientId !== null && !this.isFailed) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [state.clientId], 'disconnect')
    }
  }

  /** Answers a client's sync step 1 with everything it lacks. */
  answerSyncStep1(client: RoomClient, stateVector: Uint8Array): void {
    let frame: Uint8Array
    try {
      frame = encodeSyncStep2(this.doc, stateVector)
    } catch {
      throw protocolError('malformed state vector')
    }
    client.send(frame)
  }

  /** Sends every awareness state to one client (answer to queryAwareness). */
  sendAwarenessStates(client: RoomClient): void {
    client.send(encodeAwarenessFrame(this.awareness, [...this.awareness.getStates().keys()]))
  }

  /**
   * The one write path: checks `update` and applies it with `client` as origin. Throws a
   * CloseError (tooLarge or protocolError) without touching the doc when the update is refused.
   */
  acceptUpdate(client: RoomClient, update: Uint8Array): void {
    if (this.isFailed) return
    const { maxUpdateBytes, maxRoomBytes } = this.limits
    if (update.byteLength > maxUpdateBytes) {
      throw new CloseError(
        closeCodes.tooLarge,
        `update of ${update.byteLength} bytes exceeds the limit of ${maxUpdateBytes}`,
      )
    }
    let inspection
    try {
      inspection = inspectUpdate(update, this.schema)
    } catch {
      throw protocolError('malformed update')
    }
    if (inspection.problem) throw protocolError(inspection.problem.message)
    // Deletions are always let through, so a full room can still be cleaned up.
    const storedBytes = this.snapshotBytes + this.logBytes
    if (inspection.isInsert && storedBytes + update.byteLength > maxRoomBytes) {
      // The stored size over-counts superseded updates; measure exactly before refusing.
      const state = Y.encodeStateAsUpdate(this.doc)
      if (state.byteLength + update.byteLength > maxRoomBytes) {
        throw new CloseError(closeCodes.tooLarge, `room would grow beyond ${maxRoomBytes} bytes`)
      }
      this.compact(state)
    }
    try {
      Y.applyUpdate(this.doc, update, client)
    } catch {
      throw protocolError('update could not be applied')
    }
  }

  /**
   * Applies a client's awareness update. A client owns the first clientID it announces and may
   * change only that one; echoes of other clients' states that change nothing are let through
   * (the stock provider relays every awareness change it sees).
   */
  applyAwarenessUpdate(client: RoomClient, update: Uint8Array): void {
    const state = this.clients.get(client)
    if (!state || this.isFailed) return
    for (const entry of decodeAwarenessEntries(update)) {
      const currentClock = this.awareness.meta.get(entry.clientId)?.clock ?? 0
      const isChange =
        currentClock < entry.clock ||
        (currentClock === entry.clock &&
          entry.state === null &&
          this.awareness.states.has(entry.clientId))
      if (!isChange || entry.clientId === state.clientId) continue
      if (entry.clientId === this.awareness.clientID || this.ownerOf(entry.clientId)) {
        throw protocolError(`awareness of client ${entry.clientId} belongs to another connection`)
      }
      if (state.clientId !== null) {
        throw protocolError(
          `awareness of client ${entry.clientId}: this connection is client ${state.clientId}`,
        )
      }
      state.clientId = entry.clientId
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, client)
    } catch {
      throw protocolError('malformed awareness update')
    }
  }

  /** Writes the doc as the new snapshot and drops the log it covers. Logs and swallows failures. */
  compact(state?: Uint8Array): void {
    if (this.isFailed || this.logCount === 0) return
    const startedAt = performance.now()
    state ??= Y.encodeStateAsUpdate(this.doc)
    try {
      this.persistence.compact(this.id, state, this.lastUpdateId)
    } catch (error) {
      // The log is intact (the transaction rolled back); the next threshold retries.
      this.log('room.compaction.failed', { room: this.id, error: errorMessage(error) })
      return
    }
    this.log('room.compacted', {
      room: this.id,
      logUpdates: this.logCount,
      logBytes: this.logBytes,
      bytes: state.byteLength,
      ms: Number((performance.now() - startedAt).toFixed(1)),
    })
    this.logCount = 0
    this.logBytes = 0
    this.snapshotBytes = state.byteLength
  }

  /** Closes every client with `code` and frees the doc. Does not compact. */
  destroy(code: number, reason: string): void {
    const clients = [...this.clients.keys()]
    // Cleared first so closing clients do not broadcast awareness removals to each other.
    this.clients.clear()
    for (const client of clients) client.close(code, reason)
    this.awareness.destroy()
    this.doc.destroy()
  }

  private ownerOf(clientId: number): RoomClient | undefined {
    for (const [client, state] of this.clients) if (state.clientId === clientId) return client
    return undefined
  }

  private readonly handleDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.isFailed) return
    try {
      this.lastUpdateId = this.persistence.appendUpdate(this.id, update)
    } catch (error) {
      this.fail(error)
      return
    }
    this.logCount += 1
    this.logBytes += update.byteLength
    const frame = encodeSyncUpdate(update)
    for (const client of this.clients.keys()) if (client !== origin) client.send(frame)
    const { compactAfterUpdates, compactAfterBytes } = this.limits
    if (this.logCount >= compactAfterUpdates || this.logBytes >= compactAfterBytes) this.compact()
  }

  private readonly handleAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const frame = encodeAwarenessFrame(this.awareness, [...added, ...updated, ...removed])
    for (const client of this.clients.keys()) if (client !== origin) client.send(frame)
  }

  private fail(error: unknown): void {
    this.isFailed = true
    this.log('room.storage.failed', { room: this.id, error: errorMessage(error) })
    const clients = [...this.clients.keys()]
    this.clients.clear()
    for (const client of clients) {
      client.close(
        closeCodes.storageFailed,
        'storage failed: your edit was not saved; reconnecting',
      )
    }
    this.onFailed(this)
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Options of a RoomManager. */
export interface RoomManagerOptions {
  persistence: RoomPersistence
  schema: TLSchema
  log: Logger
  limits: RoomLimits
  /** How long an empty room stays loaded, so a quick reconnect does not reload it. */
  unloadGraceMs: number
}

/** Loads rooms on demand and unloads them when they have been empty for the grace period. */
export class RoomManager {
  private readonly rooms = new Map<string, Room>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()

  constructor(private readonly options: RoomManagerOptions) {}

  /** True when the room is in memory. */
  isLoaded(roomId: string): boolean {
    return this.rooms.has(roomId)
  }

  /** The live doc of a room in memory, or undefined; for readers that must not load or join it. */
  loadedDoc(roomId: string): Y.Doc | undefined {
    return this.rooms.get(roomId)?.doc
  }

  /**
   * Adds `client` to the room, loading it (synchronously) first if needed, and sends the greeting.
   * Throws when the room cannot be loaded.
   */
  join(roomId: string, client: RoomClient): Room {
    const timer = this.unloadTimers.get(roomId)
    if (timer) {
      clearTimeout(timer)
      this.unloadTimers.delete(roomId)
    }
    let room = this.rooms.get(roomId)
    if (!room) {
      const { persistence, schema, limits, log } = this.options
      room = new Room(roomId, persistence, schema, limits, log, (failed) => this.drop(failed))
      this.rooms.set(roomId, room)
    }
    room.addClient(client)
    return room
  }

  /** Removes `client`; an empty room is unloaded after the grace period. Idempotent. */
  leave(room: Room, client: RoomClient): void {
    room.removeClient(client)
    if (
      room.clientCount > 0 ||
      this.rooms.get(room.id) !== room ||
      this.unloadTimers.has(room.id)
    ) {
      return
    }
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.id)
      if (room.clientCount === 0) this.unload(room)
    }, this.options.unloadGraceMs)
    this.unloadTimers.set(room.id, timer)
  }

  /** Closes every connection with `code`, compacts and unloads every room (shutdown). */
  unloadAll(code: number, reason: string): void {
    for (const room of [...this.rooms.values()]) this.unload(room, code, reason)
  }

  private unload(room: Room, code = 1001, reason = 'room unloaded'): void {
    const timer = this.unloadTimers.get(room.id)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(room.id)
    this.rooms.delete(room.id)
    const state = Y.encodeStateAsUpdate(room.doc)
    room.compact(state)
    room.destroy(code, reason)
    this.options.log('room.unloaded', { room: room.id, bytes: state.byteLength })
  }

  private drop(room: Room): void {
    if (this.rooms.get(room.id) === room) this.rooms.delete(room.id)
    const timer = this.unloadTimers.get(room.id)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(room.id)
    // Destroyed later: we are inside the doc's own update event.
    setImmediate(() => room.destroy(closeCodes.storageFailed, 'storage failed'))
  }
}
