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
 * authors, ballots), are stored (server/persistence.ts), so they hold across restarts. Claims of
 * awareness client ids that never wrote are kept in memory while the room is loaded, and forgotten
 * with the departed client's awareness clock.
 */
import { createHash } from 'node:crypto'
import type { OwnershipStore } from './persistence'

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
  /** Stored claims seen so far (only found owners: a miss is looked up again). */
  private readonly clientOwners = new Map<number, string>()
  /** Awareness client ids claimed in memory only (they never wrote). */
  private readonly awarenessClaims = new Map<number, string>()
  private readonly participantOwners = new Map<string, string>()

  constructor(
    private readonly roomId: string,
    private readonly store: OwnershipStore,
  ) {}

  /** The owner of `clientId`, or null when nobody claimed it. Throws when storage fails. */
  clientOwner(clientId: number): string | null {
    const known = this.clientOwners.get(clientId) ?? this.awarenessClaims.get(clientId)
    if (known !== undefined) return known
    const stored = this.store.getClientOwner(this.roomId, clientId)
    if (stored !== null) this.clientOwners.set(clientId, stored)
    return stored
  }

  /** The first of `clientIds` that belongs to another owner than `owner`, or null. */
  foreignClientId(clientIds: Iterable<number>, owner: string): number | null {
    for (const clientId of clientIds) {
      const found = this.clientOwner(clientId)
      if (found !== null && found !== owner) return clientId
    }
    return null
  }

  /** Stores the claims of `owner` on those of `clientIds` nobody holds. Throws when storage fails. */
  claimClientIds(clientIds: readonly number[], owner: string): void {
    const unclaimed = clientIds.filter((clientId) => !this.clientOwners.has(clientId))
    if (unclaimed.length === 0) return
    this.store.claimClientIds(this.roomId, unclaimed, owner)
    for (const clientId of unclaimed) {
      this.clientOwners.set(clientId, this.store.getClientOwner(this.roomId, clientId) ?? owner)
      this.awarenessClaims.delete(clientId)
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

  /** The owner of `participantId`, or null. Throws when storage fails. */
  participantOwner(participantId: string): string | null {
    const known = this.participantOwners.get(participantId)
    if (known !== undefined) return known
    const stored = this.store.getParticipantOwner(this.roomId, participantId)
    if (stored !== null) this.participantOwners.set(participantId, stored)
    return stored
  }

  /** Stores `owner`'s claim on `participantId` unless it is claimed. Throws when storage fails. */
  claimParticipant(participantId: string, owner: string): void {
    if (this.participantOwners.has(participantId)) return
    this.store.claimParticipant(this.roomId, participantId, owner)
    this.participantOwners.set(
      participantId,
      this.store.getParticipantOwner(this.roomId, participantId) ?? owner,
    )
  }

  /** Entries held in memory (leak checks). */
  get size(): number {
    return this.clientOwners.size + this.awarenessClaims.size + this.participantOwners.size
  }
}
