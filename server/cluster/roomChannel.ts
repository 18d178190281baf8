import type { CompactionDone } from '../roomLog'
import type { OwnerClaims } from '../storage/serverStorage'

/**
 * What a loaded room exchanges with the other nodes serving it (server/cluster/redisCluster.ts
 * implements it over Redis). On a single node a room has no channel.
 */

/** An update another node committed, with its log row id and the claims stored with it. */
export interface RemoteUpdate {
  update: Uint8Array
  rowId: number
  claims: readonly OwnerClaims[]
}

/** What a channel delivers to its room (Room implements it). */
export interface RoomChannelHandler {
  /** Updates another node committed. */
  applyRemoteUpdates(updates: readonly RemoteUpdate[]): void
  /** An awareness update of another node's clients. */
  applyRemoteAwareness(update: Uint8Array): void
  /** The awareness of these clients is gone (their node left or died). */
  removeRemoteAwareness(clientIds: readonly number[]): void
  /** Another node just loaded the room: send the awareness of this node's clients. */
  publishLocalAwareness(): void
  /** Another node's connection claims `clientId`: check this node's owner is still there. */
  probeOwner(clientId: number): void
  /** Another node compacted the room's log. */
  noteCompaction(done: CompactionDone): void
  /** Messages may have been missed (Redis reconnected): read the room from storage again. */
  resync(): Promise<void>
}

/** A room's link to the other nodes serving it. Methods never throw; sending is best effort. */
export interface RoomChannel {
  /** Starts delivering to `handler`, first what arrived since the channel opened. */
  attach(handler: RoomChannelHandler): void
  /** A committed update, its log row id and the ownership claims stored with it. */
  publishUpdate(update: Uint8Array, rowId: number, claims: readonly OwnerClaims[]): void
  /** Awareness changes of this node's clients. */
  publishAwareness(update: Uint8Array): void
  /** This node compacted the room's log. */
  publishCompaction(done: CompactionDone): void
  /** True when a connection on another live node owns the awareness `clientId`. */
  isOwnedElsewhere(clientId: number): boolean
  /** Asks the node owning `clientId` to probe its connection. */
  probe(clientId: number): void
  /**
   * Claims `clientId` for a connection of this node in the cluster-wide registry; `onConflict`
   * runs when a connection on another live node claimed it first.
   */
  claim(clientId: number, onConflict: () => void): void
  /** Gives up this node's claim of `clientId`. */
  release(clientId: number): void
  /** Unsubscribes. Idempotent. */
  close(): void
}
