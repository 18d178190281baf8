import {
  atom,
  computed,
  createTLStore,
  type Atom,
  type Signal,
  type TLStore,
  type TLUser,
} from 'tldraw'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { FieldConflict } from '../../shared/BoardRecords'
import {
  docLayoutVersion,
  getMetaMap,
  getRecordsArray,
  layoutMetaKey,
  schemaMetaKey,
} from '../../shared/docLayout'
import {
  closeCodes,
  isTerminalCloseCode,
  privateDocSuffix,
  syncBrowserParam,
  syncFormatParam,
  syncParticipantParam,
  syncPathPrefix,
  syncTokenParam,
} from '../../shared/protocol'
import { boardFormatGeneration } from '../../shared/schema/boardFormat'
import { createBoardSchema } from '../../shared/schema/boardSchema'
import { readEntries } from '../../shared/keyValueEntries'
import { personKey } from '../../shared/workshop/entryKeys'
import { hasRole, type Role } from '../../shared/workshop/roles'
import { peopleArrayName } from '../../shared/workshop/workshopLayout'
import { boardWorkshopOf } from '../facilitation/boardWorkshop'
import { bindPresence } from './bindPresence'
import { bindStoreToDoc } from './bindStoreToDoc'
import { ConflictNotices } from './conflictNotices'
import { rememberClientId } from './myClientIds'
import { watchConnection } from './watchConnection'

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline'

/** Why a board cannot be shown or edited, in words for the person looking at it. */
export interface BoardFailure {
  code: number
  title: string
  detail: string
}

export type BoardLoadState =
  | { kind: 'loading' }
  | { kind: 'ready'; isLocalOnly: boolean }
  | { kind: 'failed'; failure: BoardFailure }

export interface BoardConnectionOptions {
  roomId: string
  /** Base WebSocket URL without the room, e.g. `ws://localhost:1234/sync`. */
  syncUrl: string
  $user: Signal<TLUser | null>
  /** Keep a copy in IndexedDB so offline edits survive a reload (off in tests without IDB). */
  persistLocally?: boolean
  /** The share-link token, sent as `?token=` (the server refuses a missing or revoked one). */
  token?: string | null
  /** The role last reported for the token, until the server answers again (offline start). */
  role?: Role | null
  /** Who we are on the board (the roster id), sent as `?participant=`. */
  participantId?: string
  /** This browser's key, sent as `?browser=` (see `browserKey` in client/state/uiStore.ts). */
  browserKey?: string
}

/** The `/sync` URL of the server that served this page. */
export function defaultSyncUrl(location: Location = window.location): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${protocol}//${location.host}${syncPathPrefix}`
}

/**
 * One open board: a Y.Doc synced with the server (y-websocket) and cached in IndexedDB, a tldraw
 * store bound to it, and presence over awareness. Knows nothing about React; `destroy()` releases
 * everything.
 *
 * Editors and the facilitator also sync their PRIVATE doc of the board (`/sync/<roomId>~private`,
 * cached in IndexedDB too): the cards they make in a private brainstorm and their ballots of
 * secret votes, which the server sends nobody else (server/privateDocs.ts). The store shows both
 * docs' records; the bridge writes each change to the doc that holds the record.
 */
export class BoardConnection {
  readonly doc = new Y.Doc()
  /** This person's private doc of the board (see the class comment). */
  readonly privateDoc = new Y.Doc()
  readonly store: TLStore
  readonly provider: WebsocketProvider
  readonly $status: Atom<ConnectionStatus> = atom('connection status', 'connecting')
  readonly $load: Atom<BoardLoadState> = atom('board load state', { kind: 'loading' })
  /** Why the server last dropped us with a "try again later" code; null once synced again. */
  readonly $dropReason: Atom<string | null> = atom('drop reason', null)
  /** What this participant may do; null until known. The server enforces it, the UI mirrors it. */
  readonly $role: Atom<Role | null>
  /** How many of the board's records this version cannot read (and so does not show). */
  readonly $unreadable: Atom<number> = atom('unreadable records', 0)
  /** This browser's edits that lost to a concurrent edit of the same field. */
  readonly conflicts: ConflictNotices

  private readonly local: IndexeddbPersistence | null
  private readonly privateLocal: IndexeddbPersistence | null
  /** The private doc's connection, once the role says this person has one. */
  private privateProvider: WebsocketProvider | null = null
  private readonly $collaborationStatus = atom<'online' | 'offline'>(
    'collaboration status',
    'offline',
  )
  private readonly cleanups: (() => void)[] = []
  private hasEverSynced = false
  private isBound = false
  /** Yjs client ids whose edits are this browser's (this session's and replayed earlier ones). */
  private readonly myClientIds: ReadonlySet<number>
  /** Set when an edit is made while not connected; cleared once connected for a while. */
  private hasOfflineEdits = false
  private offlineEditsTimer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly options: BoardConnectionOptions) {
    this.$role = atom('role', options.role ?? null)
    // Until the role is known the canvas stays read-only: an edit the role forbids closes the board.
    // So does the facilitator's board lock for everyone else (the server refuses their edits).
    const $isBoardLocked = boardWorkshopOf(this.doc).$isBoardLocked
    const $mode = computed('collaboration mode', () => {
      const role = this.$role.get()
      if (!role || !hasRole(role, 'editor')) return 'readonly'
      return role !== 'facilitator' && $isBoardLocked.get() ? 'readonly' : 'readwrite'
    })
    this.store = createTLStore({
      schema: createBoardSchema(),
      collaboration: { status: this.$collaborationStatus, mode: $mode },
    })
    this.local =
      options.persistLocally === false
        ? null
        : new IndexeddbPersistence(`icp-board:${options.roomId}`, this.doc)
    this.privateLocal =
      options.persistLocally === false
        ? null
        : new IndexeddbPersistence(
            `icp-board:${options.roomId}${privateDocSuffix}`,
            this.privateDoc,
          )
    const format = { [syncFormatParam]: String(boardFormatGeneration) }
    this.provider = new WebsocketProvider(options.syncUrl, options.roomId, this.doc, {
      // Cross-tab BroadcastChannel would bypass the server's checks; every tab talks to the server.
      disableBc: true,
      maxBackoffTime: 5000,
      params: { ...format, ...connectionParams(options) },
    })
    this.cleanups.push(watchConnection(this.provider, { onDead: () => this.updateStatus() }))
    this.myClientIds = rememberClientId(options.roomId, this.doc.clientID)
    this.conflicts = new ConflictNotices(
      (client) => this.myClientIds.has(client),
      (client) => nameInAwareness(this.provider, client),
      () => this.hasOfflineEdits,
    )
    const onLocalUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== this.provider && origin !== this.local && this.$status.get() !== 'connected') {
        this.hasOfflineEdits = true
      }
    }
    this.doc.on('update', onLocalUpdate)
    this.cleanups.push(() => this.doc.off('update', onLocalUpdate))
    const onAwarenessChange = () => this.conflicts.resolveNames()
    this.provider.awareness.on('change', onAwarenessChange)
    this.cleanups.push(() => this.provider.awareness.off('change', onAwarenessChange))

    this.provider.on('status', ({ status }: { status: string }) => {
      // The provider drops everyone's presence when the socket closes but keeps their clocks, so
      // the server's greeting on reconnect (same clocks) would be ignored and people would
      // reappear only with their next change, up to 15 s later. Forget the clocks too.
      if (status === 'disconnected') forgetRemoteClocks(this.provider.awareness)
      this.updateStatus()
    })
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event && isRetryCloseCode(event.code)) {
        this.$dropReason.set(describeDrop(event.code, event.reason))
      }
    })
    this.provider.on('sync', (isSynced: boolean) => {
      if (!isSynced) return
      this.$dropReason.set(null)
      this.hasEverSynced = true
      this.updateStatus()
      this.bindWhenReady(false)
    })
    this.provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
      // The refused change is in the local copy too; drop it so that reloading starts clean.
      if (code === closeCodes.forbidden) void this.local?.clearData()
      this.fail(describeClose(code, reason, { hasToken: Boolean(options.token) }))
    })
    // The browser knows first when the network goes: stop trying until it is back.
    const onOnlineChange = () => {
      if (navigator.onLine) {
        if (this.$load.get().kind !== 'failed') {
          this.provider.connect()
          this.privateProvider?.connect()
        }
      } else {
        this.provider.disconnect()
        this.privateProvider?.disconnect()
      }
      this.updateStatus()
    }
    window.addEventListener('online', onOnlineChange)
    window.addEventListener('offline', onOnlineChange)
    this.cleanups.push(() => {
      window.removeEventListener('online', onOnlineChange)
      window.removeEventListener('offline', onOnlineChange)
    })

    // The server opens a private doc to people on the roster only (it adds them from presence).
    const people = this.doc.getArray(peopleArrayName)
    const onPeopleChange = () => this.openPrivateDoc()
    people.observe(onPeopleChange)
    this.cleanups.push(() => people.unobserve(onPeopleChange))
    this.openPrivateDoc()

    // Offline start: show the locally cached copy if the server does not answer soon.
    void this.local?.whenSynced.then(() => {
      if (getRecordsArray(this.doc).length === 0) return
      const timer = setTimeout(() => this.bindWhenReady(true), 1500)
      this.cleanups.push(() => clearTimeout(timer))
    })
  }

  /** Connected and synced at least once since the board opened. */
  get isSynced(): boolean {
    return this.provider.synced
  }

  /** Sets the role the server reported for this participant's token. */
  setRole(role: Role): void {
    this.$role.set(role)
    this.openPrivateDoc()
  }

  destroy(): void {
    if (this.offlineEditsTimer) clearTimeout(this.offlineEditsTimer)
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup()
    this.privateProvider?.destroy()
    this.provider.destroy()
    void this.privateLocal?.destroy()
    void this.local?.destroy()
    this.privateDoc.destroy()
    this.doc.destroy()
  }

  /**
   * Starts syncing the private doc once the role allows one (editor and up) and the person is on
   * the board's roster: the workshop's secret ballots use it from then on. Once only.
   */
  private openPrivateDoc(): void {
    const role = this.$role.get()
    const { options } = this
    if (this.privateProvider || !role || !hasRole(role, 'editor') || !options.participantId) return
    const person = personKey({ id: options.participantId })
    if (!readEntries(this.doc.getArray(peopleArrayName)).has(person)) return
    this.privateProvider = new WebsocketProvider(
      options.syncUrl,
      `${options.roomId}${privateDocSuffix}`,
      this.privateDoc,
      {
        disableBc: true,
        maxBackoffTime: 5000,
        params: { [syncFormatParam]: String(boardFormatGeneration), ...connectionParams(options) },
      },
    )
    const provider = this.privateProvider
    this.cleanups.push(watchConnection(provider, { onDead: () => undefined }))
    provider.on('closed', ({ code }: { code: number }) => {
      // As for the board: a refused change would be refused again after every reload.
      if (code === closeCodes.forbidden) void this.privateLocal?.clearData()
    })
    this.cleanups.push(boardWorkshopOf(this.doc).attachPrivateDoc(this.privateDoc))
  }

  private bindWhenReady(isLocalOnly: boolean) {
    if (this.$load.get().kind === 'failed') return
    if (this.isBound) {
      if (!isLocalOnly) this.$load.set({ kind: 'ready', isLocalOnly: false })
      return
    }
    const outdated = this.checkSchema()
    if (outdated) return this.fail(outdated)
    this.isBound = true
    this.cleanups.push(
      bindStoreToDoc(this.store, this.doc, {
        canWrite: () => {
          const role = this.$role.get()
          return role !== null && hasRole(role, 'editor')
        },
        onUnreadable: (ids) => this.$unreadable.set(ids.size),
        onConflict: (conflicts: FieldConflict[]) => this.conflicts.add(conflicts),
        privateDoc: {
          doc: this.privateDoc,
          isPrivate: () => boardWorkshopOf(this.doc).$privateMode.get()?.isOn === true,
        },
      }),
    )
    this.cleanups.push(bindPresence(this.store, this.provider.awareness, this.options.$user))
    this.$load.set({ kind: 'ready', isLocalOnly })
  }

  /** A board whose records were written by a newer layout or schema must not be edited here. */
  private checkSchema(): BoardFailure | null {
    const layout = getMetaMap(this.doc).get(layoutMetaKey)
    if (typeof layout === 'number' && layout > docLayoutVersion) {
      return describeClose(closeCodes.clientOutdated, '')
    }
    const stored = getMetaMap(this.doc).get(schemaMetaKey)
    if (stored === undefined) return null
    const migrations = this.store.schema.getMigrationsSince(stored as never)
    if (migrations.ok) return null
    return describeClose(closeCodes.clientOutdated, '')
  }

  private fail(failure: BoardFailure) {
    this.provider.disconnect()
    this.privateProvider?.disconnect()
    this.$load.set({ kind: 'failed', failure })
  }

  private updateStatus() {
    const isOnline = typeof navigator === 'undefined' || navigator.onLine
    const status: ConnectionStatus =
      this.provider.wsconnected && this.provider.synced
        ? 'connected'
        : !isOnline
          ? 'offline'
          : !this.hasEverSynced
            ? 'connecting'
            : this.$dropReason.get() !== null
              ? 'reconnecting'
              : 'offline'
    this.$status.set(status)
    this.$collaborationStatus.set(status === 'connected' ? 'online' : 'offline')
    // Conflicts found in the first seconds after reconnecting come from edits made offline.
    if (this.offlineEditsTimer) clearTimeout(this.offlineEditsTimer)
    this.offlineEditsTimer = null
    if (status === 'connected' && this.hasOfflineEdits) {
      this.offlineEditsTimer = setTimeout(() => {
        this.hasOfflineEdits = false
      }, 10_000)
    }
  }
}

/** The query parameters of the sync connection: token, participant and browser key. */
function connectionParams({
  token,
  participantId,
  browserKey,
}: BoardConnectionOptions): Record<string, string> {
  return {
    ...(token ? { [syncTokenParam]: token } : {}),
    ...(participantId ? { [syncParticipantParam]: participantId } : {}),
    ...(browserKey ? { [syncBrowserParam]: browserKey } : {}),
  }
}

function forgetRemoteClocks(awareness: WebsocketProvider['awareness']): void {
  for (const clientId of [...awareness.meta.keys()]) {
    if (clientId !== awareness.clientID && !awareness.states.has(clientId)) {
      awareness.meta.delete(clientId)
    }
  }
}

/** The name a connected client announces in its presence, or null. */
function nameInAwareness(provider: WebsocketProvider, client: number): string | null {
  const user = (provider.awareness.getStates().get(client) as { user?: { name?: unknown } })?.user
  return typeof user?.name === 'string' ? user.name : null
}

/** True for the server's "try again later" close codes (45xx): the provider reconnects itself. */
export function isRetryCloseCode(code: number): boolean {
  return code >= 4500 && code < 4600
}

/** What a "try again later" close means for the person, while the provider reconnects. */
export function describeDrop(code: number, reason: string): string {
  const known: Record<number, string> = {
    [closeCodes.serverShutdown]: 'The server is restarting.',
    [closeCodes.storageFailed]:
      'The server could not save the last change; it is sent again on reconnect.',
    [closeCodes.rateLimited]: 'This browser sent too many changes at once; slowing down.',
    [closeCodes.awarenessConflict]: 'The server still held an older connection of this browser.',
    [closeCodes.serverOutdated]: 'The server is being updated.',
  }
  if (known[code]) return known[code]
  return reason ? `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.` : `Close code ${code}.`
}

/**
 * Turns a terminal close into words; the server's reason is kept as detail when it has one (for
 * refused links, followed by what to do). `hasToken: false` says the board was opened without one.
 */
export function describeClose(
  code: number,
  reason: string,
  { hasToken = true }: { hasToken?: boolean } = {},
): BoardFailure {
  if (code === closeCodes.unauthorized && !hasToken) {
    return {
      code,
      title: 'You need a link to open this board',
      detail:
        'Boards open from the link their facilitator shares. Ask the facilitator for a link, then open it here.',
    }
  }
  const titles: Record<number, string> = {
    [closeCodes.roomNotFound]: 'This board does not exist',
    [closeCodes.invalidRoomId]: 'This is not a valid board link',
    [closeCodes.unauthorized]: 'This link no longer opens the board',
    [closeCodes.forbidden]: 'Your link does not allow that change',
    [closeCodes.clientOutdated]: 'A newer version of ICP Workshop is available',
    [closeCodes.tooLarge]: 'The board refused a change that was too large',
    [closeCodes.protocolError]: 'The server refused a change from this browser',
  }
  const fallback = isTerminalCloseCode(code) ? 'The server closed the connection' : 'Disconnected'
  // What to do; follows the server's reason, which only says what went wrong.
  const advice: Record<number, string> = {
    [closeCodes.unauthorized]: 'Ask the facilitator for a new link.',
    [closeCodes.forbidden]:
      'Reload to see the board as it is, or ask the facilitator for a link with more access.',
  }
  const details: Record<number, string> = {
    [closeCodes.clientOutdated]: 'Reload the page to load the latest version.',
    [closeCodes.roomNotFound]: 'Check the link, or create a new board from the home page.',
    [closeCodes.unauthorized]:
      'The link may be incomplete, expired, or reset by the facilitator. Ask the facilitator for a new link.',
    [closeCodes.forbidden]:
      'The board was not changed. Reload to see its current state, or ask the facilitator for a link with more access.',
  }
  // The server's reason as a sentence, then what to do unless it already says (`ask for ...`).
  const sentence = reason && `${reason.charAt(0).toUpperCase()}${reason.slice(1)}`
  const ended = sentence && !/[.!?]$/.test(sentence) ? `${sentence}.` : sentence
  const detail =
    ended && advice[code]
      ? /\bask\b/i.test(reason)
        ? ended
        : `${ended} ${advice[code]}`
      : reason || details[code]
  return { code, title: titles[code] ?? fallback, detail: detail || `Close code ${code}.` }
}
