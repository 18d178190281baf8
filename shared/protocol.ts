/**
 * Wire protocol between the board client and the sync server.
 *
 * We speak the standard y-websocket protocol so the stock `WebsocketProvider` works unchanged:
 *
 *   1. The client opens `ws(s)://host/sync/<roomId>?token=...`.
 *   2. Both sides send sync step 1 (their state vector); each answers with sync step 2 (the
 *      updates the other is missing). After that, every local change travels as a sync update.
 *   3. Awareness (cursors, names, colours) travels in awareness messages; it is never stored.
 *   4. Our client sends a heartbeat (an empty `messageHeartbeat`) when it has heard nothing for a
 *      moment; the server answers with one. A silent connection is a dead one: the client says
 *      Offline within seconds instead of the provider's 30 s timeout. Stock clients never send it.
 *
 * A binary frame is `varUint(messageType)` followed by the message body. An unknown message type
 * is a protocol error: the server closes that one socket with `closeProtocolError`.
 */

/** Outer message type: a y-protocols sync message (step 1, step 2 or update) follows. */
export const messageSync = 0
/** Outer message type: a y-protocols awareness update follows. */
export const messageAwareness = 1
/** Outer message type: an auth message (y-protocols/auth: permission denied + reason). */
export const messageAuth = 2
/** Outer message type: the peer asks for everyone's awareness state. */
export const messageQueryAwareness = 3
/** Outer message type: a heartbeat, no body; the server answers one with one (see step 4). */
export const messageHeartbeat = 4

/** Path prefix of the WebSocket endpoint; the room id is the next path segment. */
export const syncPathPrefix = '/sync'

/**
 * Query parameter of the WebSocket URL carrying the share-link token (`/sync/<roomId>?token=...`;
 * pass it as `params: { token }` to the WebsocketProvider).
 */
export const syncTokenParam = 'token'

/**
 * Query parameter of the WebSocket URL carrying the board format generation the client reads and
 * writes (shared/schema/boardFormat.ts). Missing or older: `clientOutdated`; newer: `serverOutdated`.
 */
export const syncFormatParam = 'format'

/**
 * Query parameter with a random key the browser keeps (localStorage) and sends on every
 * connection: the Yjs client ids it writes under belong to it, so its offline edits still sync
 * after a reload and nobody else can write under its ids (server/ownership.ts). Optional.
 */
export const syncBrowserParam = 'browser'

/**
 * Suffix of the room name under which the app syncs the person's PRIVATE doc of a board:
 * `/sync/<roomId>~private`, with the same token, browser key and participant as the board. It
 * holds their private-brainstorm cards and their ballots of secret votes, which the server never
 * sends anyone else (server/privateDocs.ts). Editors and the facilitator only; the browser key is
 * required (the doc belongs to the browser).
 */
export const privateDocSuffix = '~private'

/** Query parameter naming the participant (roster id) the connection speaks for. Optional. */
export const syncParticipantParam = 'participant'

/**
 * WebSocket close codes sent by the server (application range, RFC 6455 §7.4.2). As in y-websocket,
 * 44xx means reconnecting cannot help (the stock provider stops), 45xx means try again later.
 */
export const closeCodes = {
  /** A frame could not be decoded, had an unknown type, or was not binary. */
  protocolError: 4400,
  /** No token, or a token that is forged, expired or for another board. */
  unauthorized: 4401,
  /** The role behind the token may not do what the client tried. */
  forbidden: 4403,
  /** The room id names no board on this server. */
  roomNotFound: 4404,
  /** The room id is malformed (length, characters). */
  invalidRoomId: 4406,
  /** The client sent more than the rate limit allows; it may reconnect after backing off. */
  rateLimited: 4529,
  /**
   * Another open connection owns the awareness clientID this one claimed. Often the same browser
   * reconnecting while its old socket is half-open: the server checks the old one, so retrying works.
   */
  awarenessConflict: 4509,
  /** A frame or the room would grow beyond its size cap. */
  tooLarge: 4413,
  /** The board's format (layout and schema) is newer than this client's code: reload to update. */
  clientOutdated: 4426,
  /**
   * The client's code is newer than this server's (a rolling upgrade): try again, a newer server
   * will take the connection.
   */
  serverOutdated: 4526,
  /** Storage failed: the server could not make the client's edit durable. */
  storageFailed: 4507,
  /** The server is shutting down; clients reconnect to the next process. */
  serverShutdown: 4503,
} as const

export type CloseCode = (typeof closeCodes)[keyof typeof closeCodes]

/** True for close codes after which reconnecting cannot help: the client stops and tells the user. */
export function isTerminalCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500
}

/** Largest WebSocket frame the server accepts (bytes). Larger frames close the socket with 1009. */
export const maxFrameBytes = 8 * 1024 * 1024
