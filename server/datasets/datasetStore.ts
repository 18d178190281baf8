/**
 * Imported customer and account data, stored with the board on the server in its own SQLite
 * file (`<dataDir>/datasets.sqlite`, next to rooms.sqlite) rather than in the Y.Doc: a CRM export
 * of 50,000 rows would make every client download it with the board and keep it in memory.
 *
 * One row per room and kind. The rows are kept as the gzipped JSON body of
 * `GET /api/rooms/:roomId/datasets/:kind`, so reading is a lookup and the body goes out as it is.
 * Versions only grow: deleting keeps the row (without data) so the next import gets a higher
 * version and clients watching the `dataset:<kind>` entry always see a change.
 */
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import Database from 'better-sqlite3'
import type { DatasetKind } from '../../shared/data/dataFields'
import {
  datasetMetaSchema,
  type Dataset,
  type DatasetField,
  type DatasetMeta,
  type DatasetRow,
} from '../../shared/data/dataset'

/** What an import stores; the store assigns the version. */
export interface DatasetInput {
  kind: DatasetKind
  fileName: string
  importedAt: number
  importedBy: string | null
  fields: DatasetField[]
  rows: DatasetRow[]
}

/** A stored data set as `GET .../datasets/:kind` sends it. */
export interface StoredDatasetBody {
  meta: DatasetMeta
  /** The JSON body `{ meta, rows }`, gzipped. */
  gzipped: Buffer
}

/** Storage of imported data sets. Synchronous; throws on I/O errors. */
export interface DatasetStore {
  /** Replaces the room's data set of `input.kind` atomically; returns its metadata. */
  put(roomId: string, input: DatasetInput): DatasetMeta
  /** Metadata of the stored data set, or null. */
  getMeta(roomId: string, kind: DatasetKind): DatasetMeta | null
  /** The stored body, or null. */
  getBody(roomId: string, kind: DatasetKind): StoredDatasetBody | null
  /** Metadata of every data set of the room. */
  list(roomId: string): DatasetMeta[]
  /** Deletes the data set; false when there was none. */
  delete(roomId: string, kind: DatasetKind): boolean
  close(): void
}

/** Name of the database file inside the data directory. */
export const datasetsFileName = 'datasets.sqlite'

const schemaSql = `
  CREATE TABLE IF NOT EXISTS datasets (
    room_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    meta TEXT,
    body BLOB,
    PRIMARY KEY (room_id, kind)
  );
`

interface DatasetRowRecord {
  version: number
  meta: string | null
  body: Buffer | null
}

/** Opens (creating if needed) `<dataDir>/datasets.sqlite`. */
export function createDatasetStore(dataDir: string): DatasetStore {
  fs.mkdirSync(dataDir, { recursive: true })
  const db = new Database(path.resolve(dataDir, datasetsFileName))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec(schemaSql)

  const select = db.prepare<[string, string], DatasetRowRecord>(
    'SELECT version, meta, body FROM datasets WHERE room_id = ? AND kind = ?',
  )
  const selectMetas = db.prepare<[string], { meta: string }>(
    'SELECT meta FROM datasets WHERE room_id = ? AND meta IS NOT NULL ORDER BY kind',
  )
  const upsert = db.prepare<[string, string, number, string | null, Buffer | null]>(
    `INSERT INTO datasets (room_id, kind, version, meta, body) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (room_id, kind) DO UPDATE
     SET version = excluded.version, meta = excluded.meta, body = excluded.body`,
  )
  const clear = db.prepare<[string, string]>(
    'UPDATE datasets SET meta = NULL, body = NULL WHERE room_id = ? AND kind = ? AND meta IS NOT NULL',
  )

  // Written by `put` from validated imports; parsed again so a damaged row is an error, not data.
  const parseMeta = (text: string) => datasetMetaSchema.parse(JSON.parse(text))

  const putTx = db.transaction((roomId: string, input: DatasetInput): DatasetMeta => {
    const version = (select.get(roomId, input.kind)?.version ?? 0) + 1
    const meta: DatasetMeta = {
      kind: input.kind,
      version,
      rowCount: input.rows.length,
      fileName: input.fileName,
      importedAt: input.importedAt,
      importedBy: input.importedBy,
      fields: input.fields,
    }
    const body = gzipSync(JSON.stringify({ meta, rows: input.rows } satisfies Dataset))
    upsert.run(roomId, input.kind, version, JSON.stringify(meta), body)
    return meta
  })

  const getBody = (roomId: string, kind: DatasetKind): StoredDatasetBody | null => {
    const row = select.get(roomId, kind)
    if (!row?.meta || !row.body) return null
    return { meta: parseMeta(row.meta), gzipped: row.body }
  }

  return {
    put: (roomId, input) => putTx(roomId, input),
    getMeta(roomId, kind) {
      const row = select.get(roomId, kind)
      return row?.meta ? parseMeta(row.meta) : null
    },
    getBody,
    list: (roomId) => selectMetas.all(roomId).map((row) => parseMeta(row.meta)),
    delete: (roomId, kind) => clear.run(roomId, kind).changes > 0,
    close: () => db.close(),
  }
}
