/**
 * Imported customer and account data, stored with the board on the server (by the storage
 * backend: `<dataDir>/datasets.sqlite`, or the `datasets` table in PostgreSQL) rather than in the
 * Y.Doc: a CRM export of 50,000 rows would make every client download it with the board and keep
 * it in memory.
 *
 * One row per room and kind. The rows are kept as the gzipped JSON body of
 * `GET /api/rooms/:roomId/datasets/:kind`, so reading is a lookup and the body goes out as it is.
 * Versions only grow: deleting keeps the row (without data) so the next import gets a higher
 * version and clients watching the `dataset:<kind>` entry always see a change.
 */
import { gzipSync } from 'node:zlib'
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

/** Storage of imported data sets. Rejects on I/O errors. */
export interface DatasetStore {
  /** Replaces the room's data set of `input.kind` atomically; resolves with its metadata. */
  put(roomId: string, input: DatasetInput): Promise<DatasetMeta>
  /** Metadata of the stored data set, or null. */
  getMeta(roomId: string, kind: DatasetKind): Promise<DatasetMeta | null>
  /** The stored body, or null. */
  getBody(roomId: string, kind: DatasetKind): Promise<StoredDatasetBody | null>
  /** Metadata of every data set of the room. */
  list(roomId: string): Promise<DatasetMeta[]>
  /** Deletes the data set; false when there was none. */
  delete(roomId: string, kind: DatasetKind): Promise<boolean>
}

/** The metadata and gzipped JSON body `{ meta, rows }` of an import stored as `version`. */
export function encodeDataset(
  input: DatasetInput,
  version: number,
): { meta: DatasetMeta; gzipped: Buffer } {
  const meta: DatasetMeta = {
    kind: input.kind,
    version,
    rowCount: input.rows.length,
    fileName: input.fileName,
    importedAt: input.importedAt,
    importedBy: input.importedBy,
    fields: input.fields,
  }
  return { meta, gzipped: gzipSync(JSON.stringify({ meta, rows: input.rows } satisfies Dataset)) }
}

/** Stored metadata, parsed again so a damaged row is an error, not data. */
export function parseDatasetMeta(text: string): DatasetMeta {
  return datasetMetaSchema.parse(JSON.parse(text))
}
