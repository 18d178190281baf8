/**
 * The PostgreSQL schema, as numbered migrations applied in order on open
 * (server/storage/postgresStorage.ts). A migration is never edited once released: a change to the
 * schema is a new entry. `schema_migrations` records which ran; an advisory lock makes nodes that
 * start at the same moment take turns.
 *
 * Differences from the SQLite schema: times are BIGINT ms; `room_updates.created_at` replaces
 * touching `rooms.updated_at` on every append (so appends from several nodes never wait on one row
 * lock); versions keep an insertion sequence for their order (SQLite uses its rowid); the token
 * secret lives in `server_settings`.
 */

/** One schema change. */
export interface PostgresMigration {
  version: number
  name: string
  sql: string
}

/** Every migration, oldest first. */
export const postgresMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'rooms, logs, links, versions, backups, datasets, webhooks, settings',
    sql: `
      CREATE TABLE rooms (
        id TEXT PRIMARY KEY,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE TABLE room_snapshots (
        room_id TEXT PRIMARY KEY REFERENCES rooms (id),
        snapshot BYTEA NOT NULL,
        epoch BIGINT NOT NULL DEFAULT 0
      );
      CREATE TABLE room_updates (
        id BIGSERIAL PRIMARY KEY,
        room_id TEXT NOT NULL REFERENCES rooms (id),
        data BYTEA NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX room_updates_by_room ON room_updates (room_id, id);
      CREATE TABLE room_link_generations (
        room_id TEXT NOT NULL REFERENCES rooms (id),
        role TEXT NOT NULL,
        generation INTEGER NOT NULL,
        PRIMARY KEY (room_id, role)
      );
      CREATE TABLE room_versions (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL REFERENCES rooms (id),
        name TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        created_by TEXT,
        icp_count INTEGER NOT NULL,
        compiled TEXT NOT NULL,
        snapshot BYTEA NOT NULL,
        seq BIGSERIAL NOT NULL
      );
      CREATE INDEX room_versions_by_room ON room_versions (room_id, created_at);
      CREATE TABLE datasets (
        room_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        version INTEGER NOT NULL,
        meta TEXT,
        body BYTEA,
        PRIMARY KEY (room_id, kind)
      );
      CREATE TABLE room_backups (
        id BIGSERIAL PRIMARY KEY,
        room_id TEXT NOT NULL REFERENCES rooms (id),
        created_at BIGINT NOT NULL,
        reason TEXT NOT NULL,
        state BYTEA NOT NULL
      );
      CREATE INDEX room_backups_by_room ON room_backups (room_id, id);
      CREATE TABLE webhooks (
        room_id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE TABLE webhook_deliveries (
        id BIGSERIAL PRIMARY KEY,
        room_id TEXT NOT NULL,
        event TEXT NOT NULL,
        summary TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        response_status INTEGER,
        error TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX webhook_deliveries_room ON webhook_deliveries (room_id, id);
      CREATE TABLE server_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'owners of client and participant ids',
    sql: `
      CREATE TABLE room_client_owners (
        room_id TEXT NOT NULL REFERENCES rooms(id),
        client_id BIGINT NOT NULL,
        owner TEXT NOT NULL,
        PRIMARY KEY (room_id, client_id)
      );
      CREATE TABLE room_participant_owners (
        room_id TEXT NOT NULL REFERENCES rooms(id),
        participant_id TEXT NOT NULL,
        owner TEXT NOT NULL,
        PRIMARY KEY (room_id, participant_id)
      );
    `,
  },
]
