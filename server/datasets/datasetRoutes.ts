/**
 * Customer data and account scoring under `/api/rooms/:roomId` (roles in brackets; the token
 * check itself is the `requireRole('viewer')` middleware in front of every room route):
 *
 * - `PUT    /datasets/:kind`      [editor] import a CSV (`customers` or `accounts`), all or nothing
 * - `GET    /datasets`            [viewer] metadata of the board's data sets
 * - `GET    /datasets/:kind`      [viewer] a data set's rows (gzip when accepted, ETag by version)
 * - `DELETE /datasets/:kind`      [editor] remove a data set
 * - `PATCH  /best-customers`      [editor] change how best customers are chosen, tick rows
 * - `POST   /score`               [viewer] score a CSV or JSON account list against the ICP
 * - `GET    /scoring-rules.json`  [viewer] the ICP's scoring rules as a CRM-ready configuration
 *
 * Rows live in the DatasetStore; the board's Y.Doc only gets small `data` entries (see
 * shared/data/dataEntries.ts), written by the server, so everyone on the board refetches without
 * reloading. Problems with a file are answered with 422 and the row-numbered list; nothing is
 * stored then.
 */
import { gunzipSync } from 'node:zlib'
import type { Context, Hono, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import type { IcpDocument } from '../../shared/compile/icpDocument'
import { defaultBestCustomers } from '../../shared/data/bestCustomers'
import { buildDataset, maxListedProblems } from '../../shared/data/buildDataset'
import {
  applyBestCustomersChange,
  bestCustomersChangeSchema,
  bestCustomersEntryKey,
  bestCustomersEntrySchema,
  datasetEntryKey,
  type BestCustomersEntry,
  type DataEntry,
  type DatasetEntry,
} from '../../shared/data/dataEntries'
import { datasetKinds, type DatasetKind } from '../../shared/data/dataFields'
import { columnMappingSchema, type DatasetField, type DatasetMeta } from '../../shared/data/dataset'
import { readCsv, type DataProblem } from '../../shared/data/readCsv'
import { buildScoringRules } from '../../shared/data/scoringRules'
import { suggestMapping } from '../../shared/data/suggestMapping'
import type { Role } from '../../shared/workshop/roles'
import type { Logger } from '../log'
import { describeZodIssues } from '../readJsonBody'
import { compileRoomBoard, utcDayOf, type RoomBoard } from '../roomBoard'
import type { DatasetStore } from './datasetStore'
import { ScorerBusyError, type ScorePool } from './scorePool'
import { describeMapping, problemsBody, tooManyRowsMessage } from './scoreJob'
import { jsonError } from '../jsonError'

/** Largest CSV accepted (bytes of UTF-8). */
export const defaultMaxCsvBytes = 10 * 1024 * 1024
/** Most data rows accepted in one file. */
export const defaultMaxRows = 50_000
/** Largest best-customer change (bytes): settings and up to 500 ticks. */
const maxChangeBytes = 64 * 1024
/** Room a JSON body needs around its CSV (file name, mapping, escaping). */
const jsonOverheadBytes = 2 * 1024 * 1024

/** Changes to the `data` entries, computed from the current ones inside the server's transaction. */
export type DataEntryUpdate = (entries: ReadonlyMap<string, unknown>) => {
  set?: ReadonlyMap<string, DataEntry>
  delete?: readonly string[]
}

/** What the data routes need from the server. */
export interface DatasetRoutesOptions {
  store: DatasetStore
  /** The room's board (live when loaded, else stored), or null when no such room exists. */
  readBoard: (roomId: string) => Promise<RoomBoard | null>
  /**
   * Changes the room's `data` entries as the server in one transaction: stored, then broadcast to
   * everyone on the board. Rejects when storage fails.
   */
  updateDataEntries: (roomId: string, update: DataEntryUpdate) => Promise<void>
  /** The token middleware for a minimum role (server/auth.ts). */
  requireRole: (role: Role) => MiddlewareHandler
  /** Runs score jobs off the event loop (server/datasets/scorePool.ts). */
  scorer: ScorePool
  log: Logger
  now: () => number
  maxCsvBytes?: number
  maxRows?: number
}

const importBodySchema = z.strictObject({
  fileName: z.string().trim().min(1).max(200).optional(),
  csv: z.string(),
  mapping: columnMappingSchema.optional(),
  importedBy: z.string().trim().max(80).nullable().optional(),
})

const bestCustomersBodySchema = bestCustomersChangeSchema.extend({
  updatedBy: z.string().trim().max(80).nullable().optional(),
})

/** `10 MB`, `10.2 MB`, `0.25 MB`. */
function megabytes(bytes: number): string {
  return `${Number((bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1))} MB`
}

function isDatasetKind(kind: string): kind is DatasetKind {
  return (datasetKinds as readonly string[]).includes(kind)
}

function isCsvRequest(c: Context): boolean {
  return /^text\/(?:csv|plain)\b/i.test(c.req.header('content-type') ?? '')
}

function problemsResponse(c: Context, problems: DataProblem[], count: number): Response {
  return c.json(problemsBody(problems, count), 422)
}

/** The dataset entry announcing `meta` on the board. */
function datasetEntryOf(meta: DatasetMeta): DatasetEntry {
  return {
    kind: 'dataset',
    datasetKind: meta.kind,
    version: meta.version,
    rowCount: meta.rowCount,
    fileName: meta.fileName,
    importedAt: meta.importedAt,
    importedBy: meta.importedBy,
  }
}

/**
 * Best-customer settings for a new customer file: the previous settings where they still apply
 * (value field, mode, top N, conditions on fields the file has), manual ticks cleared.
 */
function bestCustomersForImport(
  previous: unknown,
  meta: DatasetMeta,
  context: { updatedAt: number; updatedBy: string | null },
): BestCustomersEntry {
  const fresh = defaultBestCustomers(meta, context)
  const old = bestCustomersEntrySchema.safeParse(previous)
  if (!old.success) return fresh
  const keys = new Set(meta.fields.map((field) => field.key))
  const valueKeys = new Set(meta.fields.filter((f) => f.role === 'value').map((f) => f.key))
  return {
    ...fresh,
    valueField:
      old.data.valueField && valueKeys.has(old.data.valueField)
        ? old.data.valueField
        : fresh.valueField,
    mode: old.data.mode,
    topN: Math.min(old.data.topN, Math.max(1, meta.rowCount)),
    conditions: old.data.conditions.filter((condition) => keys.has(condition.field)),
    revision: old.data.revision + 1,
  }
}

/**
 * Registers the data routes on `api` (mounted at /api). Register them before any catch-all
 * `/rooms/:roomId/:file` route, which would otherwise answer `scoring-rules.json`.
 */
export function registerDatasetRoutes(api: Hono, options: DatasetRoutesOptions): void {
  const { store, readBoard, updateDataEntries, requireRole, scorer, log, now } = options
  const maxCsvBytes = options.maxCsvBytes ?? defaultMaxCsvBytes
  const maxRows = options.maxRows ?? defaultMaxRows
  const editor = requireRole('editor')
  const viewer = requireRole('viewer')
  const limitBody = bodyLimit({
    maxSize: maxCsvBytes + jsonOverheadBytes,
    onError: (c) => jsonError(c, 413, `The file is larger than ${megabytes(maxCsvBytes)}.`),
  })
  const limitSmallBody = bodyLimit({
    maxSize: maxChangeBytes,
    onError: (c) => jsonError(c, 413, `The request is larger than ${maxChangeBytes} bytes.`),
  })
  const tooManyRows = (c: Context) => jsonError(c, 413, tooManyRowsMessage(maxRows))
  const tooLarge = (c: Context, bytes: number) =>
    jsonError(c, 413, `The file is ${megabytes(bytes)}; the limit is ${megabytes(maxCsvBytes)}.`)

  /** The compiled ICP `?icp=` names (default: the board's first), or an error response. */
  const pickIcp = async (c: Context, roomId: string): Promise<IcpDocument | Response> => {
    const board = await readBoard(roomId)
    if (!board) return jsonError(c, 404, `Room ${roomId} does not exist.`)
    const compilation = compileRoomBoard(board, utcDayOf(now()))
    const wanted = c.req.query('icp')
    if (compilation.icps.length === 0) {
      return jsonError(c, 409, 'The board has no ICP yet: add attribute cards first.')
    }
    if (wanted === undefined || wanted === '') return compilation.icps[0]!
    const icp = compilation.icps.find((doc) => doc.id === wanted)
    if (icp) return icp
    const known = compilation.icps.map((doc) => `${doc.id} (${doc.name})`).join(', ')
    return jsonError(c, 404, `No ICP "${wanted.slice(0, 80)}" on this board; it has ${known}.`)
  }

  api.put('/rooms/:roomId/datasets/:kind', limitBody, editor, async (c) => {
    const roomId = c.req.param('roomId')
    const kind = c.req.param('kind')
    if (!isDatasetKind(kind)) {
      return jsonError(c, 404, `No data set "${kind.slice(0, 40)}": use customers or accounts.`)
    }
    const startedAt = performance.now()
    let input: z.infer<typeof importBodySchema>
    if (isCsvRequest(c)) {
      input = {
        csv: await c.req.text(),
        fileName: c.req.query('fileName')?.slice(0, 200) || undefined,
        importedBy: c.req.query('importedBy')?.slice(0, 80) || null,
      }
    } else {
      let body: unknown
      try {
        body = JSON.parse(await c.req.text())
      } catch {
        return jsonError(
          c,
          400,
          'Send the file as text/csv, or as JSON: {"fileName", "csv", "mapping"?}.',
        )
      }
      const parsed = importBodySchema.safeParse(body)
      if (!parsed.success)
        return jsonError(c, 400, `Invalid request: ${describeZodIssues(parsed.error)}`)
      input = parsed.data
    }
    const bytes = Buffer.byteLength(input.csv, 'utf8')
    if (bytes > maxCsvBytes) return tooLarge(c, bytes)
    const read = readCsv(input.csv, { maxRows })
    if (read.isOverRowLimit) return tooManyRows(c)
    if (!read.table || read.problems.length > 0) {
      return problemsResponse(c, read.problems.slice(0, maxListedProblems), read.problems.length)
    }
    const mapping = input.mapping ?? suggestMapping(read.table, kind)
    const built = buildDataset(read.table, mapping, kind)
    if (!built.ok) return problemsResponse(c, built.problems, built.problemCount)

    const importedAt = now()
    const importedBy = input.importedBy ?? null
    const meta = await store.put(roomId, {
      kind,
      fileName: input.fileName ?? `${kind}.csv`,
      importedAt,
      importedBy,
      fields: built.fields,
      rows: built.rows,
    })
    await updateDataEntries(roomId, (entries) => {
      const set = new Map<string, DataEntry>([[datasetEntryKey(kind), datasetEntryOf(meta)]])
      if (kind === 'customers') {
        const context = { updatedAt: importedAt, updatedBy: importedBy }
        set.set(
          bestCustomersEntryKey,
          bestCustomersForImport(entries.get(bestCustomersEntryKey), meta, context),
        )
      }
      return { set }
    })
    log('dataset.imported', {
      room: roomId,
      kind,
      rows: meta.rowCount,
      version: meta.version,
      bytes,
      ms: Number((performance.now() - startedAt).toFixed(1)),
    })
    return c.json({ dataset: meta, mapping: describeMapping(read.table, mapping) })
  })

  api.get('/rooms/:roomId/datasets', viewer, async (c) => {
    return c.json({ datasets: await store.list(c.req.param('roomId')) })
  })

  api.get('/rooms/:roomId/datasets/:kind', viewer, async (c) => {
    const kind = c.req.param('kind')
    if (!isDatasetKind(kind)) {
      return jsonError(c, 404, `No data set "${kind.slice(0, 40)}": use customers or accounts.`)
    }
    const stored = await store.getBody(c.req.param('roomId'), kind)
    if (!stored) return jsonError(c, 404, `This board has no ${kind} data yet.`)
    const etag = `"${kind}-v${stored.meta.version}"`
    const headers: Record<string, string> = {
      etag,
      'cache-control': 'private, no-cache',
      vary: 'accept-encoding',
      'content-type': 'application/json; charset=utf-8',
    }
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers)
    const acceptsGzip = /\bgzip\b/i.test(c.req.header('accept-encoding') ?? '')
    if (acceptsGzip) {
      return c.body(new Uint8Array(stored.gzipped), 200, { ...headers, 'content-encoding': 'gzip' })
    }
    return c.body(new Uint8Array(gunzipSync(stored.gzipped)), 200, headers)
  })

  api.delete('/rooms/:roomId/datasets/:kind', editor, async (c) => {
    const roomId = c.req.param('roomId')
    const kind = c.req.param('kind')
    const noData = () => jsonError(c, 404, `This board has no ${kind.slice(0, 40)} data.`)
    if (!isDatasetKind(kind)) return noData()
    const hadRows = await store.delete(roomId, kind)
    // Cleared even when the rows were already gone: a retry after the board failed to store this
    // change must still take the data set off the board.
    let hadEntry = false
    await updateDataEntries(roomId, (entries) => {
      hadEntry = entries.has(datasetEntryKey(kind))
      return {
        delete:
          kind === 'customers'
            ? [datasetEntryKey(kind), bestCustomersEntryKey]
            : [datasetEntryKey(kind)],
      }
    })
    if (!hadRows && !hadEntry) return noData()
    log('dataset.deleted', { room: roomId, kind })
    return c.body(null, 204)
  })

  api.patch('/rooms/:roomId/best-customers', limitSmallBody, editor, async (c) => {
    const roomId = c.req.param('roomId')
    let body: unknown
    try {
      body = JSON.parse(await c.req.text())
    } catch {
      return jsonError(c, 400, 'The request body must be JSON.')
    }
    const parsed = bestCustomersBodySchema.safeParse(body)
    if (!parsed.success)
      return jsonError(c, 400, `Invalid request: ${describeZodIssues(parsed.error)}`)
    const { updatedBy = null, ...change } = parsed.data
    const meta = await store.getMeta(roomId, 'customers')
    if (!meta) return jsonError(c, 409, 'Import customer data first.')
    const fieldsByKey = new Map(meta.fields.map((field) => [field.key, field]))
    if (change.valueField && fieldsByKey.get(change.valueField)?.role !== 'value') {
      return jsonError(c, 400, `"${change.valueField}" is not a value field of the customer data.`)
    }
    const unknownField = change.conditions?.find((condition) => !fieldsByKey.has(condition.field))
    if (unknownField) {
      return jsonError(c, 400, `"${unknownField.field}" is not a field of the customer data.`)
    }
    const context = { updatedAt: now(), updatedBy }
    let result: BestCustomersEntry | { error: string } | null = null
    await updateDataEntries(roomId, (entries) => {
      const current = bestCustomersEntrySchema.safeParse(entries.get(bestCustomersEntryKey))
      const base =
        current.success && current.data.datasetVersion === meta.version
          ? current.data
          : defaultBestCustomers(meta, context)
      result = applyBestCustomersChange(base, change, context)
      return 'error' in result ? {} : { set: new Map([[bestCustomersEntryKey, result]]) }
    })
    const outcome = result as BestCustomersEntry | { error: string } | null
    if (!outcome) return jsonError(c, 409, 'Import customer data first.')
    if ('error' in outcome) return jsonError(c, 400, outcome.error)
    return c.json({ bestCustomers: outcome })
  })

  api.post('/rooms/:roomId/score', limitBody, viewer, async (c) => {
    const roomId = c.req.param('roomId')
    const startedAt = performance.now()
    const text = await c.req.text()
    const bytes = Buffer.byteLength(text, 'utf8')
    if (bytes > maxCsvBytes) return tooLarge(c, bytes)
    const bodyType = isCsvRequest(c)
      ? 'csv'
      : /^application\/json\b/i.test(c.req.header('content-type') ?? '')
        ? 'json'
        : null
    if (bodyType === null) {
      return jsonError(c, 415, 'Send the accounts as text/csv or application/json.')
    }
    let result
    try {
      // Parsing and scoring 50,000 rows takes a second of CPU: done on the worker thread.
      result = await scorer.run({
        text,
        bodyType,
        board: await readBoard(roomId),
        icpId: c.req.query('icp'),
        wantsCsv: /\btext\/csv\b/i.test(c.req.header('accept') ?? ''),
        now: now(),
        maxRows,
      })
    } catch (error) {
      if (!(error instanceof ScorerBusyError)) throw error
      return jsonError(c, 503, 'The server is scoring other files right now; try again shortly.')
    }
    if (result.scored) {
      log('accounts.scored', {
        room: roomId,
        icp: result.scored.icpId,
        accounts: result.scored.accounts,
        ms: Number((performance.now() - startedAt).toFixed(1)),
      })
    }
    return c.body(result.body as Uint8Array<ArrayBuffer>, result.status, {
      'content-type': result.contentType,
      ...result.headers,
    })
  })

  api.get('/rooms/:roomId/scoring-rules.json', viewer, async (c) => {
    const roomId = c.req.param('roomId')
    const icp = await pickIcp(c, roomId)
    if (icp instanceof Response) return icp
    const fields: DatasetField[] | null = (await store.getMeta(roomId, 'accounts'))?.fields ?? null
    const rules = buildScoringRules(icp, fields)
    const headers: Record<string, string> = { 'cache-control': 'no-store' }
    if (c.req.query('download') !== undefined) {
      headers['content-disposition'] = 'attachment; filename="scoring-rules.json"'
    }
    return c.json(rules, 200, headers)
  })
}
