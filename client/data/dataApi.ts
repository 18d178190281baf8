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

/** A data API call that failed; `problems` are the row-numbered ones of a refused file. */
export class DataApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problems: DataProblem[] = [],
    readonly problemCount = 0,
  ) {
    super(message)
    this.name = 'DataApiError'
  }
}

const errorBody = z.object({
  error: z.string(),
  problems: z.array(z.object({ row: z.number().nullable(), message: z.string() })).optional(),
  problemCount: z.number().optional(),
})

function roomPath(roomId: string): string {
  return `/api/rooms/${encodeURIComponent(roomId)}`
}

async function call<T>(
  path: string,
  init: RequestInit,
  token: string | null,
  schema: z.ZodType<T> | null,
): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...init.headers,
      },
    })
  } catch {
    throw new DataApiError('The server cannot be reached. Check your connection and try again.', 0)
  }
  if (!response.ok) {
    const body = errorBody.safeParse(await response.json().catch(() => null))
    if (!body.success)
      throw new DataApiError(`Request failed (${response.status}).`, response.status)
    throw new DataApiError(
      body.data.error,
      response.status,
      body.data.problems ?? [],
      body.data.problemCount ?? 0,
    )
  }
  if (!schema) return undefined as T
  const parsed = schema.safeParse(await response.json().catch(() => null))
  if (!parsed.success)
    throw new DataApiError('The server sent an unexpected answer.', response.status)
  return parsed.data
}

/** The board's data set of `kind` (the browser caches it by version). */
export function fetchDataset(
  roomId: string,
  kind: DatasetKind,
  token: string | null,
): Promise<Dataset> {
  return call(`${roomPath(roomId)}/datasets/${kind}`, { method: 'GET' }, token, datasetSchema)
}

/** What the person confirmed in the import dialog. */
export interface DatasetUpload {
  fileName: string
  csv: string
  mapping: ColumnMapping
  importedBy: string | null
}

/** Imports a CSV as the board's data set of `kind`; throws with the problems when refused. */
export async function uploadDataset(
  roomId: string,
  kind: DatasetKind,
  upload: DatasetUpload,
  token: string | null,
): Promise<DatasetMeta> {
  const { dataset } = await call(
    `${roomPath(roomId)}/datasets/${kind}`,
    { method: 'PUT', body: JSON.stringify(upload) },
    token,
    z.object({ dataset: datasetMetaSchema }),
  )
  return dataset
}

/** Removes the board's data set of `kind`. */
export function deleteDataset(
  roomId: string,
  kind: DatasetKind,
  token: string | null,
): Promise<void> {
  return call(`${roomPath(roomId)}/datasets/${kind}`, { method: 'DELETE' }, token, null)
}

/** Changes how best customers are chosen (or ticks rows); returns the merged settings. */
export async function changeBestCustomers(
  roomId: string,
  change: BestCustomersChange & { updatedBy: string | null },
  token: string | null,
): Promise<BestCustomersEntry> {
  const { bestCustomers } = await call(
    `${roomPath(roomId)}/best-customers`,
    { method: 'PATCH', body: JSON.stringify(change) },
    token,
    z.object({ bestCustomers: bestCustomersEntrySchema }),
  )
  return bestCustomers
}

/** The URL of the ICP's scoring rules (a download link; the token rides along as `?t=`). */
export function scoringRulesUrl(roomId: string, icpId: string, token: string | null): string {
  const query = new URLSearchParams({ icp: icpId, download: '1' })
  if (token) query.set('t', token)
  return `${roomPath(roomId)}/scoring-rules.json?${query.toString()}`
}
