/**
 * Who may write under which Yjs client id, and speak for which participant, in one room.
 *
 * Every Yjs client id is visible to everyone (in awareness and in the doc), so without this a
 * connection could write structs under another person's id: a GC struct over an editor's next
 * clocks makes the editor's offline edits vanish, a forged item at the editor's next clock makes
 * every reconnect of theirs fail. So each client id belongs to the first OWNER that writes under
 * it (or announces it in awareness), and only that owner may write under it again.
 *
 * An owner is a hash of the connection's browser key when it sent one (the app sends a random
 * key it keeps in localStorage: `?browser=`), else of its token. The browser key is what tells a
 * reloaded browser apart from an attacker: an offline edit restored from IndexedDB after a reload
 * carries an older client id of the same browser, claimed by the same key, so it still syncs;
 * someone else's key (or token) never matches. Clients that send no key (the stock provider) are
 * told apart by their share link only.
 *
 * Claims of client ids that wrote structs, and of participant ids (the `people` roster, comment
 * authors, ballots), are stored with the update that made them, in the same transaction
 * (`LogAppend.claims` in server/storage/serverStorage.ts), so they hold across restarts; a room
 * loads them with its state, and other nodes learn them with the update (server/cluster/). Claims
 * of awareness client ids that never wrote are kept in memory while the room is loaded, and
 * forgotten with the departed client's awareness clock.
 */
import { createHash } from 'node:crypto'
import type { OwnerClaims, StoredOwners } from './storage/serverStorage'

/** The owner of the server's own writes (people roster, restores, data entries). */
export const serverOwner = 'server'

/** A browser key as the app makes it: 16 to 96 random bytes in base64url. */
const browserKeyPattern = /^[A-Za-z0-9_-]{22,128}$/

/** A participant id as the roster's schema allows it. */
const participantIdPattern = /^[^\s]{1,100}$/

/** Who a connection is: the owner it writes as, and the participant it speaks for (if known). */
export interface ConnectionIdentity {
  /** Hash of the browser key, else of the token (see the module comment). */
  readonly owner: string
  /** The participant id the connection said it is (`?participant=`), or null. */
  readonly participantId: string | null
}

/**
 * The identity of a connection from its `browser` and `participant` parameters and its token,
 * or why they are refused (a sentence).
 */
export function connectionIdentity(params: {
  token: string
  browserKey: string | null
  participantId: string | null
}): { ok: true; identity: ConnectionIdentity } | { ok: false; reason: string } {
  const { token, browserKey, participantId } = params
  if (browserKey !== null && !browserKeyPattern.test(browserKey)) {
    return { ok: false, reason: 'malformed browser key' }
  }
  if (participantId !== null && !participantIdPattern.test(participantId)) {
    return { ok: false, reason: 'malformed participant id' }
  }
  const source = browserKey === null ? `token:${token}` : `browser:${browserKey}`
  const owner = createHash('sha256').update(source).digest('base64url').slice(0, 32)
  return { ok: true, identity: { owner, participantId } }
}

/** The ownership of one loaded room's client and participant ids. */
export class RoomOwnership {
  /** Stored claims: loaded with the room, made here, or learnt from other nodes. */
  private readonly clientOwners: Map<number, string>
  /** Awareness client ids claimed in memory only (they never wrote). */
  private readonly awarenessClaims = new Map<number, string>()
  private readonly participantOwners: Map<string, string>

  constructor(stored: StoredOwners) {
    this.clientOwners = new Map(stored.clients)
    this.participantOwners = new Map(stored.participants)
  }

  /** The owner of `clientId`, or null when nobody claimed it. */
  clientOwner(clientId: number): string | null {
    return this.clientOwners.get(clientId) ?? this.awarenessClaims.get(clientId) ?? null
  }

  /** The first of `clientIds` that belongs to another owner than `owner`, or null. */
  foreignClientId(clientIds: Iterable<number>, owner: string): number | null {
    for (const clientId of clientIds) {
      const found = this.clientOwner(clientId)
      if (found !== null && found !== owner) return clientId
    }
    return null
  }

  /**
   * The claims `owner` makes by writing under `clientIds` for `participantIds`: those no claim
   * holds yet, or null when there are none. They take effect (`note`) with the update that
   * carries them, and are stored with it.
   */
  unclaimed(
    owner: string,
    clientIds: readonly number[],
    participantIds: readonly string[] = [],
  ): OwnerClaims | null {
    const claims: OwnerClaims = {
      owner,
      clientIds: clientIds.filter((clientId) => !this.clientOwners.has(clientId)),
      participantIds: participantIds.filter((id) => !this.participantOwners.has(id)),
    }
    return claims.clientIds.length === 0 && claims.participantIds.length === 0 ? null : claims
  }

  /** Records claims made with an update (here or on another node); the first claim known wins. */
  note(claims: OwnerClaims): void {
    for (const clientId of claims.clientIds) {
      if (!this.clientOwners.has(clientId)) this.clientOwners.set(clientId, claims.owner)
      this.awarenessClaims.delete(clientId)
    }
    for (const id of claims.participantIds) {
      if (!this.participantOwners.has(id)) this.participantOwners.set(id, claims.owner)
    }
  }

  /** Claims an awareness client id for `owner` in memory (see the module comment). */
  claimAwarenessClientId(clientId: number, owner: string): void {
    if (this.clientOwner(clientId) === null) this.awarenessClaims.set(clientId, owner)
  }

  /** Forgets an in-memory awareness claim (its client left long enough ago). */
  forgetAwarenessClientId(clientId: number): void {
    this.awarenessClaims.delete(clientId)
  }

  /** The owner of `participantId`, or null. */
  participantOwner(participantId: string): string | null {
    return this.participantOwners.get(participantId) ?? null
  }

  /** Entries held in memory (leak checks). */
  get size(): number {
    return this.clientOwners.size + this.awarenessClaims.size + this.participantOwners.size
  }
}
