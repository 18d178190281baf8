/**
 * Several nodes serving the same rooms, with Redis between them (`REDIS_URL`). Any node can serve
 * any room; each node that has a room loaded subscribes to the room's pub/sub channel.
 *
 * Why pub/sub and not streams: storage (PostgreSQL) already is the durable, ordered record of
 * every update, and Yjs updates are idempotent and commute, so the relay needs no persistence of
 * its own, only low latency. A node subscribes to a room before it reads the room from storage
 * (so nothing committed meanwhile is missed: what arrives twice changes nothing), and whenever it
 * may have missed messages (its Redis connection dropped, an update arrived whose dependency it
 * lacks) it reads the room from storage again. Streams would add trimming, consumer bookkeeping
 * and a read loop per room for a replay storage already provides.
 *
 * What is per node and must hold across nodes:
 * - document updates: published after commit with their log row ids (compaction bookkeeping),
 *   applied by other nodes with `remoteOrigin` and relayed to their clients, never stored again;
 * - awareness: each node publishes its own clients' changes (coalesced, as it relays them);
 *   a node that loads a room asks the others for their clients' states;
 * - awareness clientID ownership: a registry in Redis (`<prefix>awareness:<room>:<clientId>` =
 *   owning node, set by a Lua script unless another live node holds it) plus, for an immediate
 *   answer, the owners other nodes' awareness names; a claim held by a node that is gone is void;
 * - node liveness: every node refreshes `<prefix>node:<id>` (expiring) every second; a node whose
 *   key expired is gone: its clients' awareness is dropped everywhere and its claims are void.
 *   A node shutting down says so at once (`nodeLeft`);
 * - link rotation: a `revocation` on the control channel closes older tokens' sockets everywhere;
 * - compaction: announced with the rows it covered, so the others do not compact them again.
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Logger } from '../log'
import type { ServerMetrics } from '../metrics'
import { decodeAwarenessEntries } from '../protocol'
import {
  decodeClusterMessage,
  encodeClusterMessage,
  type ClusterMessage,
  type ControlMessage,
  type RoomMessage,
} from './clusterMessages'
import type { CompactionDone } from '../roomLog'
import type { OwnerClaims } from '../storage/serverStorage'
import type { RemoteUpdate, RoomChannel, RoomChannelHandler } from './roomChannel'

/** Prefix of every Redis key and channel this server uses. */
export const redisPrefix = 'icp:'

/** How often a node refreshes its liveness key and checks the other nodes' (ms). */
export const defaultHeartbeatMs = 1000

/** A node whose liveness key is older than this is gone (ms). */
export const defaultNodeTtlMs = 3000

/** Claims of awareness clientIDs expire this long after their last refresh (ms). */
const claimTtlMs = 5 * 60_000

/** Claims are refreshed this often (ms). */
const claimRefreshMs = 60_000

/**
 * Sets the claim unless a live node other than the caller holds it; returns that node's id, or
 * nothing when the claim is the caller's. KEYS[1] claim key; ARGV node id, TTL ms, node-key prefix.
 */
const claimScript = `
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] and redis.call('EXISTS', ARGV[3] .. owner) == 1 then
  return owner
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
`

/** Deletes the claim if the caller holds it. KEYS[1] claim key; ARGV[1] node id. */
const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`

/** A link rotation another node (or this one) announced. */
export interface Revocation {
  roomId: string
  role: string
  generation: number
}

/** Options of `RedisCluster.connect`. */
export interface RedisClusterOptions {
  url: string
  log: Logger
  metrics?: ServerMetrics
  /** See `defaultHeartbeatMs`. */
  heartbeatMs?: number
  /** See `defaultNodeTtlMs`. */
  nodeTtlMs?: number
}

type RedisWithScripts = Redis & {
  claimAwareness(
    key: string,
    nodeId: string,
    ttlMs: number,
    nodePrefix: string,
  ): Promise<string | null>
  releaseAwareness(key: string, nodeId: string): Promise<number>
}

/** This node's connection to the others (see the module comment). */
export class RedisCluster {
  /** This process's id in the cluster (random per start). */
  readonly nodeId = randomBytes(9).toString('base64url')
  private readonly channels = new Map<string, RedisRoomChannel>()
  private readonly revocationListeners = new Set<(revocation: Revocation) => void>()
  /** Other nodes heard from, with when (monotonic ms); checked against their liveness keys. */
  private readonly knownNodes = new Map<string, number>()
  private heartbeat: NodeJS.Timeout | null = null
  private claimRefresh: NodeJS.Timeout | null = null
  private hasBeenReady = false
  private isLeaving = false
  private isClosed = false

  private constructor(
    private readonly commands: RedisWithScripts,
    private readonly subscriber: Redis,
    private readonly options: RedisClusterOptions & { heartbeatMs: number; nodeTtlMs: number },
  ) {}

  /** Connects (commands and a subscriber connection), announces this node and starts its heartbeat. */
  static async connect(options: RedisClusterOptions): Promise<RedisCluster> {
    const settings = {
      // Keep retrying with a short backoff: a node without Redis reports itself not ready.
      retryStrategy: (attempt: number) => Math.min(attempt * 100, 2000),
      maxRetriesPerRequest: null,
      lazyConnect: true,
    }
    const commands = new Redis(options.url, settings) as RedisWithScripts
    const subscriber = new Redis(options.url, settings)
    commands.defineCommand('claimAwareness', { numberOfKeys: 1, lua: claimScript })
    commands.defineCommand('releaseAwareness', { numberOfKeys: 1, lua: releaseScript })
    const cluster = new RedisCluster(commands, subscriber, {
      heartbeatMs: defaultHeartbeatMs,
      nodeTtlMs: defaultNodeTtlMs,
      ...options,
    })
    try {
      await Promise.all([commands.connect(), subscriber.connect()])
      await cluster.start()
    } catch (error) {
      commands.disconnect()
      subscriber.disconnect()
      throw error
    }
    return cluster
  }

  /** True while both Redis connections are up. */
  get isConnected(): boolean {
    return this.commands.status === 'ready' && this.subscriber.status === 'ready'
  }

  /** Round trip to Redis in ms (health checks); rejects when Redis does not answer. */
  async ping(): Promise<number> {
    // Commands wait for a reconnect; a health check must not.
    if (!this.isConnected) throw new Error(`not connected (${this.commands.status})`)
    const startedAt = performance.now()
    await this.commands.ping()
    return performance.now() - startedAt
  }

  /** Subscribes to a room's channel (resolves once subscribed); see RoomChannel. */
  async openRoom(roomId: string): Promise<RoomChannel> {
    const channelName = roomChannelName(roomId)
    const channel = new RedisRoomChannel(roomId, this, () => {
      if (this.channels.get(roomId) === channel) {
        this.channels.delete(roomId)
        if (!this.isClosed) {
          this.subscriber.unsubscribe(channelName).catch((error: unknown) => this.logError(error))
        }
      }
    })
    this.channels.get(roomId)?.close()
    this.channels.set(roomId, channel)
    await this.subscriber.subscribe(channelName)
    return channel
  }

  /** Tells every node (this one too, through `onRevocation`) that a link was rotated. */
  publishRevocation(revocation: Revocation): void {
    this.publish(controlChannelName, { type: 'revocation', ...revocation })
    for (const listener of this.revocationListeners) listener(revocation)
  }

  /** Calls `listener` for every link rotation, on any node. */
  onRevocation(listener: (revocation: Revocation) => void): void {
    this.revocationListeners.add(listener)
  }

  /**
   * Shutting down: tells the other nodes this node's clients are gone and its claims void, and
   * stops publishing awareness (updates still go out until the rooms are flushed).
   */
  async leave(): Promise<void> {
    if (this.isLeaving || this.isClosed) return
    this.isLeaving = true
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = null
    try {
      await this.commands.del(nodeKey(this.nodeId))
      await this.commands.publish(
        controlChannelName,
        Buffer.from(this.encode({ type: 'nodeLeft' })),
      )
    } catch (error) {
      this.logError(error)
    }
  }

  /** Leaves (if not yet) and closes both connections. */
  async close(): Promise<void> {
    if (this.isClosed) return
    await this.leave()
    this.isClosed = true
    if (this.claimRefresh) clearInterval(this.claimRefresh)
    for (const channel of [...this.channels.values()]) channel.close()
    await Promise.all([
      this.commands.quit().catch(() => this.commands.disconnect()),
      this.subscriber.quit().catch(() => this.subscriber.disconnect()),
    ])
  }

  /** Sends a room message (best effort: Redis queues it while reconnecting). */
  publishToRoom(roomId: string, message: RoomMessage): void {
    if (this.isLeaving && message.type === 'awareness') return
    this.publish(roomChannelName(roomId), message)
  }

  /** Claims an awareness clientID for this node; resolves with the other live owner, if any. */
  async claim(roomId: string, clientId: number): Promise<string | null> {
    return this.commands.claimAwareness(
      claimKey(roomId, clientId),
      this.nodeId,
      claimTtlMs,
      `${redisPrefix}node:`,
    )
  }

  /** Gives up this node's claim. */
  release(roomId: string, clientId: number): void {
    if (this.isClosed) return
    this.commands
      .releaseAwareness(claimKey(roomId, clientId), this.nodeId)
      .catch((error: unknown) => this.logError(error))
  }

  /** Counts an update relayed in or out. */
  countUpdates(direction: 'in' | 'out', count: number): void {
    this.options.metrics?.updatesRelayed.inc({ direction }, count)
  }

  /** Logs a Redis failure (commands are retried by ioredis; this is for the operator). */
  logError(error: unknown): void {
    this.options.log('cluster.redis.failed', {
      error: error instanceof Error ? error.message : String(error),
    })
  }

  private async start(): Promise<void> {
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.receive(channel.toString(), message),
    )
    for (const connection of [this.commands, this.subscriber]) {
      connection.on('error', (error: Error) => this.logError(error))
      connection.on('ready', () => this.handleReady())
    }
    await this.subscriber.subscribe(controlChannelName)
    await this.beat()
    this.hasBeenReady = true
    this.heartbeat = setInterval(() => void this.beat(), this.options.heartbeatMs)
    this.heartbeat.unref()
    this.claimRefresh = setInterval(() => this.refreshClaims(), claimRefreshMs)
    this.claimRefresh.unref()
    this.options.log('cluster.joined', { node: this.nodeId })
  }

  /** After a reconnect: messages may have been lost both ways, so every room reloads and asks the others to. */
  private handleReady(): void {
    if (!this.hasBeenReady || !this.isConnected) return
    this.options.log('cluster.redis.reconnected', { rooms: this.channels.size })
    void this.beat()
    for (const [roomId, channel] of this.channels) {
      void channel.handler?.resync()
      this.publishToRoom(roomId, { type: 'resync' })
    }
  }

  /** Refreshes this node's liveness key; finds nodes that are gone. */
  private async beat(): Promise<void> {
    if (this.isLeaving) return
    try {
      await this.commands.set(
        nodeKey(this.nodeId),
        String(Date.now()),
        'PX',
        this.options.nodeTtlMs,
      )
      const others = [...this.knownNodes.keys()]
      if (others.length === 0) return
      const alive = await this.commands.exists(...others.map(nodeKey))
      if (alive === others.length) return
      // Some are gone: ask one by one (EXISTS of several keys only counts).
      for (const nodeId of others) {
        if ((await this.commands.exists(nodeKey(nodeId))) === 0) this.nodeGone(nodeId)
      }
    } catch (error) {
      this.logError(error)
    }
  }

  private nodeGone(nodeId: string): void {
    if (!this.knownNodes.delete(nodeId)) return
    this.options.log('cluster.node.gone', { node: nodeId })
    for (const channel of this.channels.values()) channel.forgetNode(nodeId)
  }

  private refreshClaims(): void {
    const pipeline = this.commands.pipeline()
    for (const channel of this.channels.values()) {
      for (const clientId of channel.claimed)
        pipeline.pexpire(claimKey(channel.roomId, clientId), claimTtlMs)
    }
    pipeline.exec().catch((error: unknown) => this.logError(error))
  }

  private publish(channelName: string, message: RoomMessage | ControlMessage): void {
    if (this.isClosed) return
    this.options.metrics?.redisMessages.inc({ direction: 'out' })
    this.commands
      .publish(channelName, Buffer.from(this.encode(message)))
      .catch((error: unknown) => this.logError(error))
  }

  private encode(message: RoomMessage | ControlMessage): Uint8Array {
    return encodeClusterMessage(message, this.nodeId)
  }

  private receive(channelName: string, frame: Buffer): void {
    let message: ClusterMessage | null
    try {
      message = decodeClusterMessage(frame)
    } catch (error) {
      this.options.log('cluster.message.failed', { channel: channelName, error: String(error) })
      return
    }
    if (!message || message.nodeId === this.nodeId) return
    const metrics = this.options.metrics
    metrics?.redisMessages.inc({ direction: 'in' })
    metrics?.redisLagSeconds.observe(Math.max(0, Date.now() - message.sentAt) / 1000)
    if (message.type === 'nodeLeft') {
      this.knownNodes.set(message.nodeId, performance.now())
      this.nodeGone(message.nodeId)
      return
    }
    this.knownNodes.set(message.nodeId, performance.now())
    if (message.type === 'revocation') {
      for (const listener of this.revocationListeners) listener(message)
      return
    }
    const roomId = channelName.startsWith(roomChannelPrefix)
      ? channelName.slice(roomChannelPrefix.length)
      : null
    if (roomId === null) return
    this.channels.get(roomId)?.receive(message)
  }
}

const controlChannelName = `${redisPrefix}control`
const roomChannelPrefix = `${redisPrefix}room:`

function roomChannelName(roomId: string): string {
  return `${roomChannelPrefix}${roomId}`
}

function nodeKey(nodeId: string): string {
  return `${redisPrefix}node:${nodeId}`
}

function claimKey(roomId: string, clientId: number): string {
  return `${redisPrefix}awareness:${roomId}:${clientId}`
}

/** One room's channel on this node (see RoomChannel). */
class RedisRoomChannel implements RoomChannel {
  handler: RoomChannelHandler | null = null
  /** Awareness clientIDs this node claimed in the registry. */
  readonly claimed = new Set<number>()
  /** Messages received before `attach`. */
  private early: (RoomMessage & { nodeId: string })[] | null = []
  /** Awareness clientIDs other nodes' clients hold, by node. */
  private readonly remoteOwners = new Map<number, string>()
  private pendingUpdates: RemoteUpdate[] = []
  private isClosed = false

  constructor(
    readonly roomId: string,
    private readonly cluster: RedisCluster,
    private readonly onClose: () => void,
  ) {}

  attach(handler: RoomChannelHandler): void {
    this.handler = handler
    const early = this.early ?? []
    this.early = null
    for (const message of early) this.deliver(message)
    this.cluster.publishToRoom(this.roomId, { type: 'queryAwareness' })
  }

  publishUpdate(update: Uint8Array, rowId: number, claims: readonly OwnerClaims[]): void {
    if (this.isClosed) return
    // Everything committed in one turn goes out as one message.
    if (this.pendingUpdates.length === 0) setImmediate(() => this.flushUpdates())
    this.pendingUpdates.push({ update, rowId, claims })
  }

  publishAwareness(update: Uint8Array): void {
    if (!this.isClosed) this.cluster.publishToRoom(this.roomId, { type: 'awareness', update })
  }

  publishCompaction(done: CompactionDone): void {
    if (!this.isClosed) this.cluster.publishToRoom(this.roomId, { type: 'compaction', ...done })
  }

  isOwnedElsewhere(clientId: number): boolean {
    return this.remoteOwners.has(clientId)
  }

  probe(clientId: number): void {
    if (!this.isClosed) this.cluster.publishToRoom(this.roomId, { type: 'probe', clientId })
  }

  claim(clientId: number, onConflict: () => void): void {
    if (this.isClosed) return
    this.claimed.add(clientId)
    this.cluster.claim(this.roomId, clientId).then(
      (owner) => {
        if (owner === null || !this.claimed.has(clientId)) return
        this.claimed.delete(clientId)
        this.probe(clientId)
        onConflict()
      },
      (error: unknown) => this.cluster.logError(error),
    )
  }

  release(clientId: number): void {
    if (!this.claimed.delete(clientId)) return
    this.cluster.release(this.roomId, clientId)
  }

  close(): void {
    if (this.isClosed) return
    this.flushUpdates()
    this.isClosed = true
    for (const clientId of this.claimed) this.cluster.release(this.roomId, clientId)
    this.claimed.clear()
    this.remoteOwners.clear()
    this.handler = null
    this.early = null
    this.onClose()
  }

  /** A message from another node. */
  receive(message: RoomMessage & { nodeId: string }): void {
    if (this.isClosed) return
    if (this.early) this.early.push(message)
    else this.deliver(message)
  }

  /** A node is gone: its clients' awareness and claims no longer count. */
  forgetNode(nodeId: string): void {
    const gone = [...this.remoteOwners].filter(([, owner]) => owner === nodeId).map(([id]) => id)
    for (const clientId of gone) this.remoteOwners.delete(clientId)
    if (gone.length > 0) this.handler?.removeRemoteAwareness(gone)
  }

  private flushUpdates(): void {
    if (this.isClosed || this.pendingUpdates.length === 0) return
    const updates = this.pendingUpdates
    this.pendingUpdates = []
    this.cluster.countUpdates('out', updates.length)
    this.cluster.publishToRoom(this.roomId, { type: 'updates', updates })
  }

  private deliver(message: RoomMessage & { nodeId: string }): void {
    const handler = this.handler
    if (!handler) return
    switch (message.type) {
      case 'updates':
        this.cluster.countUpdates('in', message.updates.length)
        handler.applyRemoteUpdates(message.updates)
        break
      case 'awareness':
        this.noteOwners(message.update, message.nodeId)
        handler.applyRemoteAwareness(message.update)
        break
      case 'queryAwareness':
        handler.publishLocalAwareness()
        break
      case 'probe':
        handler.probeOwner(message.clientId)
        break
      case 'compaction': {
        const { fromEpoch, toEpoch, coveredIds, isExact } = message
        handler.noteCompaction({ fromEpoch, toEpoch, coveredIds, isExact })
        break
      }
      case 'resync':
        void handler.resync()
        break
    }
  }

  /** Remembers which node's client each announced awareness clientID is (removed: forgotten). */
  private noteOwners(update: Uint8Array, nodeId: string): void {
    let entries
    try {
      entries = decodeAwarenessEntries(update)
    } catch {
      return
    }
    for (const { clientId, state } of entries) {
      if (state === null) {
        if (this.remoteOwners.get(clientId) === nodeId) this.remoteOwners.delete(clientId)
      } else {
        this.remoteOwners.set(clientId, nodeId)
      }
    }
  }
}
