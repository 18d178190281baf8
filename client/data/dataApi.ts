import { z } from 'zod'
import {
  bestCustomersEntrySchema,
  type BestCustomersChange,
  type BestCustomersEntry,
} from '../../shared/data/dataEntries'
import type { DatasetKind } from '../../shared/data/dataFields'
import {
  datasetMetaSchema,
  datasetSchema,
  type ColumnMapping,
  type Dataset,
  type DatasetMeta,
} from '../../shared/data/dataset'
import type { DataProblem } from '../../shared/data/readCsv'
import { ApiError, request } from '../app/api'

const problemsBody = z.object({
  problems: z.array(z.object({ row: z.number().nullable(), message: z.string() })),
  problemCount: z.number(),
})

/** The row-numbered problems of an import the server refused (none for other errors). */
export function problemsOf(error: unknown): DataProblem[] {
  if (!(error instanceof ApiError)) return []
  const parsed = problemsBody.safeParse(error.body)
  return parsed.success ? parsed.data.problems : []
}

function datasetPath(roomId: string, kind: DatasetKind): string {
  return `/api/rooms/${encodeURIComponent(roomId)}/datasets/${kind}`
}

/** The board's data set of `kind`. */
export function fetchDataset(
  roomId: string,
  kind: DatasetKind,
  token: string | null,
): Promise<Dataset> {
  return request(datasetPath(roomId, kind), { method: 'GET' }, datasetSchema, token)
}

/** What the person confirmed in the import dialog. */
export interface DatasetUpload {
  fileName: string
  csv: string
  mapping: ColumnMapping
  importedBy: string | null
}

/** Imports a CSV as the board's data set of `kind`; see `problemsOf` when it is refused. */
export async function uploadDataset(
  roomId: string,
  kind: DatasetKind,
  upload: DatasetUpload,
  token: string | null,
): Promise<DatasetMeta> {
  const { dataset } = await request(
    datasetPath(roomId, kind),
    { method: 'PUT', body: JSON.stringify(upload) },
    z.object({ dataset: datasetMetaSchema }),
    token,
  )
  return dataset
}

/** Removes the board's data set of `kind` (the server answers 204, no body). */
export async function deleteDataset(
  roomId: string,
  kind: DatasetKind,
  token: string | null,
): Promise<void> {
  await request(datasetPath(roomId, kind), { method: 'DELETE' }, z.null(), token)
}

/** Changes how best customers are chosen (or ticks rows); returns the merged settings. */
export async function changeBestCustomers(
  roomId: string,
  change: BestCustomersChange & { updatedBy: string | null },
  token: string | null,
): Promise<BestCustomersEntry> {
  const { bestCustomers } = await request(
    `/api/rooms/${encodeURIComponent(roomId)}/best-customers`,
    { method: 'PATCH', body: JSON.stringify(change) },
    z.object({ bestCustomers: bestCustomersEntrySchema }),
    token,
  )
  return bestCustomers
}

/** The path of the ICP's scoring rules as a download (see `downloadFromServer`). */
export function scoringRulesPath(roomId: string, icpId: string): string {
  const query = new URLSearchParams({ icp: icpId, download: '1' })
  return `/api/rooms/${encodeURIComponent(roomId)}/scoring-rules.json?${query.toString()}`
}
