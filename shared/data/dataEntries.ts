/**
 * The board's `data` root in the Y.Doc (a YKeyValue, like the other workshop roots; see
 * shared/workshop/workshopLayout.ts): small entries that tell everyone on the board what the
 * server holds, so nobody has to reload. The rows themselves stay on the server.
 *
 * | key                 | value                                        | written by              |
 * |---------------------|----------------------------------------------|-------------------------|
 * | `dataset:<kind>`    | `DatasetEntry`: version, rows, file, who     | the server, on import   |
 * | `bestCustomers`     | `BestCustomersEntry`: how best are chosen    | the server, for editors |
 *
 * Clients refetch a data set when its entry's version changes. Editors change `bestCustomers`
 * through `PATCH /api/rooms/:roomId/best-customers`: the server merges each change into the
 * entry, so two people ticking customers at once both keep their ticks.
 */
import { z } from 'zod'
import { datasetKinds, type DatasetKind } from './dataFields'

/** Name of the root Y.Array of the data entries. */
export const dataArrayName = 'data'

const timestamp = z.number().int().nonnegative()
const fieldKey = z.string().min(1).max(120)
const rowNumber = z.number().int().min(2)

/** Key of the entry announcing a stored data set. */
export function datasetEntryKey(kind: DatasetKind): string {
  return `dataset:${kind}`
}

/** Key of the best-customer selection entry. */
export const bestCustomersEntryKey = 'bestCustomers'

/** A data set stored on the server. Key `dataset:<kind>`; removed when the data set is deleted. */
export const datasetEntrySchema = z.strictObject({
  kind: z.literal('dataset'),
  datasetKind: z.enum(datasetKinds),
  version: z.number().int().positive(),
  rowCount: z.number().int().nonnegative(),
  fileName: z.string().max(200),
  importedAt: timestamp,
  importedBy: z.string().max(80).nullable(),
})
export type DatasetEntry = z.infer<typeof datasetEntrySchema>

/** One condition of a best-customer rule: a field and a value as on a card (`>= $50,000`). */
export const bestCustomerConditionSchema = z.strictObject({
  field: fieldKey,
  value: z.string().trim().min(1).max(200),
})
export type BestCustomerCondition = z.infer<typeof bestCustomerConditionSchema>

/** How best customers are chosen: the top N by a value field, or the rows passing a rule. */
export const bestCustomerModes = ['top', 'rule'] as const
export type BestCustomerMode = (typeof bestCustomerModes)[number]

/** Most customers that can be ticked or unticked by hand. */
export const maxManualTicks = 5000

/**
 * Which customers are the best ones. Key `bestCustomers`. `included` and `excluded` are manual
 * ticks (spreadsheet row numbers) on top of the top-N or rule selection; they are cleared when a
 * new customer file is imported (`datasetVersion` says which file they belong to).
 */
export const bestCustomersEntrySchema = z.strictObject({
  kind: z.literal('bestCustomers'),
  datasetVersion: z.number().int().nonnegative(),
  /** Ranks the customers (a value field key), or null for file order. */
  valueField: fieldKey.nullable(),
  mode: z.enum(bestCustomerModes),
  topN: z.number().int().min(1).max(50_000),
  /** Every condition must hold (mode `rule`). */
  conditions: z.array(bestCustomerConditionSchema).max(8),
  included: z.array(rowNumber).max(maxManualTicks),
  excluded: z.array(rowNumber).max(maxManualTicks),
  /** Increases with every change, so a client knows when its own change has arrived. */
  revision: z.number().int().nonnegative(),
  updatedAt: timestamp,
  updatedBy: z.string().max(80).nullable(),
})
export type BestCustomersEntry = z.infer<typeof bestCustomersEntrySchema>

/** Every entry of the `data` root. */
export const dataEntrySchema = z.discriminatedUnion('kind', [
  datasetEntrySchema,
  bestCustomersEntrySchema,
])
export type DataEntry = z.infer<typeof dataEntrySchema>

/**
 * A change an editor asks for (`PATCH .../best-customers`): new settings, ticks of single rows,
 * or clearing every tick. Fields left out stay as they are.
 */
export const bestCustomersChangeSchema = z.strictObject({
  valueField: fieldKey.nullable().optional(),
  mode: z.enum(bestCustomerModes).optional(),
  topN: z.number().int().min(1).max(50_000).optional(),
  conditions: z.array(bestCustomerConditionSchema).max(8).optional(),
  ticks: z
    .array(z.strictObject({ row: rowNumber, isBest: z.boolean() }))
    .max(500)
    .optional(),
  clearTicks: z.boolean().optional(),
})
export type BestCustomersChange = z.infer<typeof bestCustomersChangeSchema>

/**
 * Applies a change to the current entry (pure). A tick puts the row in `included` or `excluded`
 * and takes it out of the other. Fails (returns a message) when ticks would pass `maxManualTicks`.
 */
export function applyBestCustomersChange(
  current: BestCustomersEntry,
  change: BestCustomersChange,
  context: { updatedAt: number; updatedBy: string | null },
): BestCustomersEntry | { error: string } {
  const included = new Set(change.clearTicks ? [] : current.included)
  const excluded = new Set(change.clearTicks ? [] : current.excluded)
  for (const tick of change.ticks ?? []) {
    ;(tick.isBest ? included : excluded).add(tick.row)
    ;(tick.isBest ? excluded : included).delete(tick.row)
  }
  if (included.size > maxManualTicks || excluded.size > maxManualTicks) {
    return { error: `at most ${maxManualTicks} customers can be ticked or unticked by hand` }
  }
  return {
    ...current,
    valueField: change.valueField !== undefined ? change.valueField : current.valueField,
    mode: change.mode ?? current.mode,
    topN: change.topN ?? current.topN,
    conditions: change.conditions ?? current.conditions,
    included: [...included].sort((a, b) => a - b),
    excluded: [...excluded].sort((a, b) => a - b),
    revision: current.revision + 1,
    updatedAt: context.updatedAt,
    updatedBy: context.updatedBy,
  }
}
