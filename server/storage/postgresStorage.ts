/**
 * The PostgreSQL backend of the storage contract (server/storage/serverStorage.ts), for
 * `DATABASE_URL=postgres://...`: every node of a cluster shares it. node-postgres with a pool;
 * the schema is migrated on open (server/storage/postgresMigrations.ts).
 *
 * Each contract call is one statement where it can be (one round trip, atomic on its own):
 * - a group commit is one INSERT of every update, whatever the rooms, in input order;
 * - a room loads with one SELECT of its snapshot and log (one statement sees one moment);
 * - a compaction (or an upgrade's rewrite, with its backup) is one statement that swaps the
 *   snapshot only at the expected epoch and deletes the covered rows only if it did (a concurrent
 *   compaction of the same room waits on the snapshot row, then finds the epoch changed and does
 *   nothing).
 * Durability is PostgreSQL's: a promise resolves once the commit returned.
 */
import pg from 'pg'
import * as Y from 'yjs'
import { createRandomSecret } from '../auth'
import {
  encodeDataset,
  parseDatasetMeta,
  type DatasetInput,
  type DatasetStore,
} from '../datasets/datasetStore'
import type { Logger } from '../log'
import {
  deliveryLogSize,
  deliveryOf,
  type DeliveryRow,
  type WebhookStore,
} from '../notifications/webhookStore'
import { postgresMigrations } from './postgresMigrations'
import type {
  Compaction,
  CompactionResult,
  LoadedRoom,
  LogAppend,
  ServerStorage,
  StoredVersion,
} from './serverStorage'
import {
  backupInfo,
  versionInfo,
  versionRowValues,
  type BackupRow,
  type VersionInfoRow,
} from './storedRows'

/** The PostgreSQL backend and its pool (for maintenance and tests). */
export interface PostgresStorage extends ServerStorage {
  readonly backend: 'postgres'
  readonly pool: pg.Pool
}

/** Options of `createPostgresStorage`. */
export interface PostgresStorageOptions {
  /** Clock of creation and update times (ms since the epoch); tests pin it. */
  now?: () => number
  log?: Logger
  /** Most connections in the pool; default 10. */
  maxConnections?: number
}

/** Arbitrary constant: the advisory lock nodes take while migrating. */
const migrationLockKey = 4_712_031

/** `BIGINT` comes back as a string; ids and times fit a double. */
function toNumber(value: string | number): number {
  return typeof value === 'number' ? value : Number(value)
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Brings the schema to the newest migration (see server/storage/postgresMigrations.ts). */
export function migratePostgres(pool: pg.Pool, log?: Logger): Promise<void> {
  return transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey])
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`,
    )
    const applied = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (row) => row.version,
      ),
    )
    for (const migration of postgresMigrations) {
      if (applied.has(migration.version)) continue
      await client.query(migration.sql)
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ])
      log?.('storage.migrated', { version: migration.version, name: migration.name })
    }
  })
}

/** Runs `work` in a transaction on one pooled connection (rolled back when it rejects). */
export async function transaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/** Connects to `url`, migrates the schema and returns the backend. */
export async function createPostgresStorage(
  url: string,
  { now = Date.now, log, maxConnections = 10 }: PostgresStorageOptions = {},
): Promise<PostgresStorage> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections })
  // An idle connection that breaks (server restart) must not crash the process.
  pool.on('error', (error) => log?.('storage.connection.failed', { error: error.message }))
  try {
    await migratePostgres(pool, log)
  } catch (error) {
    await pool.end()
    throw error
  }

  /**
   * The compare-and-set of a compaction (and, with `backup`, of a rewrite): one statement that
   * swaps the snapshot only at the expected epoch and, only if it did, deletes the covered rows,
   * dates the room by the newest of them and keeps the backup.
   */
  async function swap(
    roomId: string,
    { snapshot, expectedEpoch, coveredIds }: Compaction,
    backup?: { reason: string; state: Uint8Array },
  ): Promise<CompactionResult> {
    const { rows } = await pool.query<{ epoch: string }>(
      `WITH swapped AS (
         UPDATE room_snapshots SET snapshot = $2, epoch = epoch + 1
         WHERE room_id = $1 AND epoch = $3
         RETURNING epoch
       ), touched AS (
         UPDATE rooms SET updated_at = GREATEST(updated_at, COALESCE(
           (SELECT max(created_at) FROM room_updates WHERE room_id = $1 AND id = ANY($4)), 0))
         WHERE id = $1 AND EXISTS (SELECT 1 FROM swapped)
       ), deleted AS (
         DELETE FROM room_updates
         WHERE room_id = $1 AND id = ANY($4) AND EXISTS (SELECT 1 FROM swapped)
       ), backed_up AS (
         INSERT INTO room_backups (room_id, created_at, reason, state)
         SELECT $1, $5, $6, $7 WHERE $6::TEXT IS NOT NULL AND EXISTS (SELECT 1 FROM swapped)
       )
       SELECT epoch FROM swapped`,
      [
        roomId,
        toBuffer(snapshot),
        expectedEpoch,
        [...coveredIds],
        now(),
        backup?.reason ?? null,
        backup ? toBuffer(backup.state) : null,
      ],
    )
    if (rows[0]) return { ok: true, epoch: toNumber(rows[0].epoch) }
    const stored = await pool.query<{ snapshot: Buffer; epoch: string }>(
      'SELECT snapshot, epoch FROM room_snapshots WHERE room_id = $1',
      [roomId],
    )
    const row = stored.rows[0]
    if (!row) throw new Error(`room ${roomId} has no snapshot`)
    return { ok: false, epoch: toNumber(row.epoch), snapshot: row.snapshot }
  }

  const datasets: DatasetStore = {
    put: (roomId, input: DatasetInput) =>
      transaction(pool, async (client) => {
        await client.query(
          `INSERT INTO datasets (room_id, kind, version) VALUES ($1, $2, 0)
           ON CONFLICT (room_id, kind) DO NOTHING`,
          [roomId, input.kind],
        )
        const { rows } = await client.query<{ version: number }>(
          'SELECT version FROM datasets WHERE room_id = $1 AND kind = $2 FOR UPDATE',
          [roomId, input.kind],
        )
        const version = (rows[0]?.version ?? 0) + 1
        const { meta, gzipped } = encodeDataset(input, version)
        await client.query(
          'UPDATE datasets SET version = $3, meta = $4, body = $5 WHERE room_id = $1 AND kind = $2',
          [roomId, input.kind, version, JSON.stringify(meta), gzipped],
        )
        return meta
      }),
    async getMeta(roomId, kind) {
      const { rows } = await pool.query<{ meta: string | null }>(
        'SELECT meta FROM datasets WHERE room_id = $1 AND kind = $2',
        [roomId, kind],
      )
      const meta = rows[0]?.meta
      return meta ? parseDatasetMeta(meta) : null
    },
    async getBody(roomId, kind) {
      const { rows } = await pool.query<{ meta: string | null; body: Buffer | null }>(
        'SELECT meta, body FROM datasets WHERE room_id = $1 AND kind = $2',
        [roomId, kind],
      )
      const row = rows[0]
      if (!row?.meta || !row.body) return null
      return { meta: parseDatasetMeta(row.meta), gzipped: row.body }
    },
    async list(roomId) {
      const { rows } = await pool.query<{ meta: string }>(
        'SELECT meta FROM datasets WHERE room_id = $1 AND meta IS NOT NULL ORDER BY kind',
        [roomId],
      )
      return rows.map((row) => parseDatasetMeta(row.meta))
    },
    async delete(roomId, kind) {
      const { rowCount } = await pool.query(
        `UPDATE datasets SET meta = NULL, body = NULL
         WHERE room_id = $1 AND kind = $2 AND meta IS NOT NULL`,
        [roomId, kind],
      )
      return (rowCount ?? 0) > 0
    },
  }

  const webhooks: WebhookStore = {
    async getUrl(roomId) {
      const { rows } = await pool.query<{ url: string; updated_at: string }>(
        'SELECT url, updated_at FROM webhooks WHERE room_id = $1',
        [roomId],
      )
      const row = rows[0]
      return row ? { url: row.url, updatedAt: toNumber(row.updated_at) } : null
    },
    async setUrl(roomId, url, time) {
      await pool.query(
        `INSERT INTO webhooks (room_id, url, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (room_id) DO UPDATE SET url = excluded.url, updated_at = excluded.updated_at`,
        [roomId, url, time],
      )
    },
    async removeUrl(roomId) {
      await pool.query('DELETE FROM webhooks WHERE room_id = $1', [roomId])
    },
    async addDelivery(roomId, event, summary, time) {
      // One statement: insert, then keep the room's newest `deliveryLogSize` rows.
      const { rows } = await pool.query<{ id: string }>(
        `WITH added AS (
           INSERT INTO webhook_deliveries
             (room_id, event, summary, status, attempts, created_at, updated_at)
           VALUES ($1, $2, $3, 'pending', 0, $4, $4)
           RETURNING id
         ), trimmed AS (
           DELETE FROM webhook_deliveries WHERE room_id = $1 AND id IN (
             SELECT id FROM webhook_deliveries WHERE room_id = $1
             ORDER BY id DESC OFFSET $5 - 1)
         )
         SELECT id FROM added`,
        [roomId, event, summary, time, deliveryLogSize],
      )
      return toNumber(rows[0]!.id)
    },
    async updateDelivery(id, change, time) {
      await pool.query(
        `UPDATE webhook_deliveries
         SET status = $2, attempts = $3, response_status = $4, error = $5, updated_at = $6
         WHERE id = $1`,
        [id, change.status, change.attempts, change.responseStatus, change.error, time],
      )
    },
    async listDeliveries(roomId) {
      const { rows } = await pool.query<DeliveryRow>(
        'SELECT * FROM webhook_deliveries WHERE room_id = $1 ORDER BY id DESC LIMIT $2',
        [roomId, deliveryLogSize],
      )
      return rows.map(deliveryOf)
    },
  }

  return {
    backend: 'postgres',
    pool,
    datasets,
    webhooks,
    createRoom: (roomId, initialUpdate) =>
      transaction(pool, async (client) => {
        const time = now()
        await client.query('INSERT INTO rooms (id, created_at, updated_at) VALUES ($1, $2, $2)', [
          roomId,
          time,
        ])
        await client.query(
          'INSERT INTO room_snapshots (room_id, snapshot, epoch) VALUES ($1, $2, 0)',
          [roomId, toBuffer(initialUpdate)],
        )
      }),
    async roomExists(roomId) {
      const { rowCount } = await pool.query('SELECT 1 FROM rooms WHERE id = $1', [roomId])
      return (rowCount ?? 0) > 0
    },
    async getRoomInfo(roomId) {
      const { rows } = await pool.query<{ created_at: string; updated_at: string }>(
        `SELECT created_at, GREATEST(updated_at,
           COALESCE((SELECT max(created_at) FROM room_updates WHERE room_id = $1), 0)) AS updated_at
         FROM rooms WHERE id = $1`,
        [roomId],
      )
      const row = rows[0]
      return row
        ? { createdAt: toNumber(row.created_at), updatedAt: toNumber(row.updated_at) }
        : null
    },
    async loadRoom(roomId): Promise<LoadedRoom> {
      // One statement: the snapshot and the log are from the same moment.
      const { rows } = await pool.query<{ id: string | null; data: Buffer; epoch: string | null }>(
        `SELECT NULL::BIGINT AS id, snapshot AS data, epoch FROM room_snapshots WHERE room_id = $1
         UNION ALL
         SELECT id, data, NULL FROM room_updates WHERE room_id = $1
         ORDER BY id NULLS FIRST`,
        [roomId],
      )
      const snapshot = rows[0]?.id === null ? rows[0] : undefined
      if (!snapshot) throw new Error(`room ${roomId} does not exist`)
      const log = rows.slice(1)
      // Read after the log: claims are stored with their updates, so these cover every row read.
      const [clients, participants] = await Promise.all([
        pool.query<{ client_id: string; owner: string }>(
          'SELECT client_id, owner FROM room_client_owners WHERE room_id = $1',
          [roomId],
        ),
        pool.query<{ participant_id: string; owner: string }>(
          'SELECT participant_id, owner FROM room_participant_owners WHERE room_id = $1',
          [roomId],
        ),
      ])
      return {
        updates: rows.map((row) => row.data),
        logIds: log.map((row) => toNumber(row.id!)),
        logBytes: log.reduce((total, row) => total + row.data.byteLength, 0),
        snapshotBytes: snapshot.data.byteLength,
        epoch: toNumber(snapshot.epoch!),
        owners: {
          clients: new Map(clients.rows.map((row) => [toNumber(row.client_id), row.owner])),
          participants: new Map(participants.rows.map((row) => [row.participant_id, row.owner])),
        },
      }
    },
    async appendUpdates(updates) {
      if (updates.length === 0) return []
      const { clients, participants } = flattenClaims(updates)
      // One statement: the updates and the ownership claims they make commit together.
      const { rows } = await pool.query<{ id: string }>(
        `WITH input AS (
           SELECT nextval('room_updates_id_seq') AS id, room_id, data, n
           FROM unnest($1::TEXT[], $2::BYTEA[]) WITH ORDINALITY AS u (room_id, data, n)
         ), inserted AS (
           INSERT INTO room_updates (id, room_id, data, created_at)
           SELECT id, room_id, data, $3 FROM input
         ), client_claims AS (
           INSERT INTO room_client_owners (room_id, client_id, owner)
           SELECT * FROM unnest($4::TEXT[], $5::BIGINT[], $6::TEXT[])
           ON CONFLICT DO NOTHING
         ), participant_claims AS (
           INSERT INTO room_participant_owners (room_id, participant_id, owner)
           SELECT * FROM unnest($7::TEXT[], $8::TEXT[], $9::TEXT[])
           ON CONFLICT DO NOTHING
         )
         SELECT id FROM input ORDER BY n`,
        [
          updates.map((entry) => entry.roomId),
          updates.map((entry) => toBuffer(entry.update)),
          now(),
          ...clients,
          ...participants,
        ],
      )
      return rows.map((row) => toNumber(row.id))
    },
    compactRoom: (roomId, compaction) => swap(roomId, compaction),
    replaceRoomState: (roomId, compaction, backup) => swap(roomId, compaction, backup),
    async listRoomBackups(roomId) {
      const { rows } = await pool.query<BackupRow>(
        `SELECT id, room_id, created_at, reason, length(state) AS bytes FROM room_backups
         WHERE room_id = $1 ORDER BY id DESC`,
        [roomId],
      )
      return rows.map(backupInfo)
    },
    restoreRoomBackup: (roomId, backupId) =>
      transaction(pool, async (client) => {
        const backup = await client.query<{ state: Buffer }>(
          'SELECT state FROM room_backups WHERE room_id = $1 AND id = $2',
          [roomId, backupId],
        )
        if (!backup.rows[0]) return false
        const current = await client.query<{ data: Buffer }>(
          `SELECT snapshot AS data FROM room_snapshots WHERE room_id = $1 FOR UPDATE`,
          [roomId],
        )
        const log = await client.query<{ data: Buffer }>(
          'SELECT data FROM room_updates WHERE room_id = $1 ORDER BY id',
          [roomId],
        )
        // The state being replaced becomes a backup too: snapshot and log merged into one update.
        const replaced = Y.mergeUpdates([...current.rows, ...log.rows].map((row) => row.data))
        const time = now()
        await client.query(
          'INSERT INTO room_backups (room_id, created_at, reason, state) VALUES ($1, $2, $3, $4)',
          [roomId, time, `before restoring backup ${backupId}`, toBuffer(replaced)],
        )
        await client.query(
          'UPDATE room_snapshots SET snapshot = $2, epoch = epoch + 1 WHERE room_id = $1',
          [roomId, backup.rows[0].state],
        )
        await client.query('DELETE FROM room_updates WHERE room_id = $1', [roomId])
        await client.query('UPDATE rooms SET updated_at = $2 WHERE id = $1', [roomId, time])
        return true
      }),
    async getLinkGeneration(roomId, role) {
      const { rows } = await pool.query<{ generation: number }>(
        'SELECT generation FROM room_link_generations WHERE room_id = $1 AND role = $2',
        [roomId, role],
      )
      return rows[0]?.generation ?? 0
    },
    async bumpLinkGeneration(roomId, role) {
      const { rows } = await pool.query<{ generation: number }>(
        `INSERT INTO room_link_generations (room_id, role, generation) VALUES ($1, $2, 1)
         ON CONFLICT (room_id, role)
         DO UPDATE SET generation = room_link_generations.generation + 1
         RETURNING generation`,
        [roomId, role],
      )
      const row = rows[0]
      if (!row) throw new Error(`could not rotate the ${role} link of room ${roomId}`)
      return row.generation
    },
    async createVersion(version: StoredVersion) {
      await pool.query(
        `INSERT INTO room_versions (id, room_id, name, created_at, created_by, icp_count, compiled, snapshot)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        versionRowValues(version),
      )
    },
    async listVersions(roomId) {
      const { rows } = await pool.query<VersionInfoRow>(
        `SELECT id, room_id, name, created_at, created_by, icp_count FROM room_versions
         WHERE room_id = $1 ORDER BY created_at DESC, seq DESC`,
        [roomId],
      )
      return rows.map(versionInfo)
    },
    async getVersion(roomId, versionId) {
      const { rows } = await pool.query<VersionInfoRow & { compiled: string; snapshot: Buffer }>(
        `SELECT id, room_id, name, created_at, created_by, icp_count, compiled, snapshot
         FROM room_versions WHERE room_id = $1 AND id = $2`,
        [roomId, versionId],
      )
      const row = rows[0]
      return row ? { ...versionInfo(row), compiled: row.compiled, snapshot: row.snapshot } : null
    },
    async loadOrCreateSecret() {
      const { rowCount } = await pool.query(
        `INSERT INTO server_settings (key, value) VALUES ('token_secret', $1)
         ON CONFLICT (key) DO NOTHING`,
        [createRandomSecret().toString('base64url')],
      )
      if (rowCount) log?.('auth.secret.created', { storage: 'postgres' })
      const { rows } = await pool.query<{ value: string }>(
        "SELECT value FROM server_settings WHERE key = 'token_secret'",
      )
      const secret = Buffer.from(rows[0]?.value ?? '', 'base64url')
      if (secret.byteLength < 16) {
        throw new Error('server_settings.token_secret does not hold a usable secret')
      }
      return secret
    },
    async ping() {
      await pool.query('SELECT 1')
    },
    close: () => pool.end(),
  }
}

/** The claims of a batch of appends as column arrays (room, id, owner) for `unnest`. */
function flattenClaims(updates: readonly LogAppend[]): {
  clients: [string[], number[], string[]]
  participants: [string[], string[], string[]]
} {
  const clients: [string[], number[], string[]] = [[], [], []]
  const participants: [string[], string[], string[]] = [[], [], []]
  for (const { roomId, claims = [] } of updates) {
    for (const { owner, clientIds, participantIds } of claims) {
      for (const clientId of clientIds) {
        clients[0].push(roomId)
        clients[1].push(clientId)
        clients[2].push(owner)
      }
      for (const id of participantIds) {
        participants[0].push(roomId)
        participants[1].push(id)
        participants[2].push(owner)
      }
    }
  }
  return { clients, participants }
}
