import { z } from 'zod'
import { currencyCodes } from '../values/parsedValue'
import { customFieldTypes, datasetKinds, fieldTypes, standardFieldKeys } from './dataFields'

/**
 * A number read from a cell: exact (`250`), or a band (`201-500`, `10,001+` with `max: null`) as
 * CRMs export company sizes. Currency lives on the field, not the cell.
 */
export const numberCellSchema = z.union([
  z.number(),
  z.object({ min: z.number(), max: z.number().nullable() }),
])
export type NumberCell = z.infer<typeof numberCellSchema>

/** A non-blank cell, by field type: text/category a string, list items, numbers, yes/no. */
export const cellValueSchema = z.union([
  z.string(),
  z.array(z.string()),
  numberCellSchema,
  z.boolean(),
])
export type CellValue = z.infer<typeof cellValueSchema>

/** A column as imported: which field it became, of which type, from which header. */
export const datasetFieldSchema = z.object({
  /** A standard field key (`industry`) or `custom:<slug>` for a custom attribute. */
  key: z.string().min(1).max(120),
  label: z.string().max(120),
  type: z.enum(fieldTypes),
  role: z.enum(['identity', 'attribute', 'value']),
  /** The CSV header it came from, and its position (0-based). */
  column: z.string().max(200),
  columnIndex: z.number().int().nonnegative(),
  /** Currency of a money column (from its cells), or null. */
  currency: z.enum(currencyCodes).nullable(),
})
export type DatasetField = z.infer<typeof datasetFieldSchema>

/**
 * One imported row: its row number as a spreadsheet shows it (the header is row 1) and its
 * non-blank values by field key (a missing key is a blank cell: unknown).
 */
export const datasetRowSchema = z.object({
  row: z.number().int().min(2),
  values: z.record(z.string(), cellValueSchema),
})
export type DatasetRow = z.infer<typeof datasetRowSchema>

/** What is known about a stored data set without its rows. */
export const datasetMetaSchema = z.object({
  kind: z.enum(datasetKinds),
  /** Increases with every import into the same board and kind. */
  version: z.number().int().positive(),
  rowCount: z.number().int().nonnegative(),
  fileName: z.string().max(200),
  /** Milliseconds since the epoch. */
  importedAt: z.number().int().nonnegative(),
  importedBy: z.string().max(80).nullable(),
  fields: z.array(datasetFieldSchema),
})
export type DatasetMeta = z.infer<typeof datasetMetaSchema>

/** A data set as the API sends it: metadata and rows. */
export const datasetSchema = z.object({
  meta: datasetMetaSchema,
  rows: z.array(datasetRowSchema),
})
export type Dataset = z.infer<typeof datasetSchema>

/**
 * Where one CSV column goes: a standard field, or a custom attribute with its own label and type
 * (any other column: "Hiring SDRs", "Valuation"). Columns not listed are ignored.
 */
export const columnTargetSchema = z.union([
  z.object({
    column: z.number().int().nonnegative(),
    field: z.literal('custom'),
    type: z.enum(customFieldTypes),
    label: z.string().trim().min(1).max(80),
  }),
  z.object({ column: z.number().int().nonnegative(), field: z.enum(standardFieldKeys) }),
])
export type ColumnTarget = z.infer<typeof columnTargetSchema>

/** The mapping the person confirmed (or the API suggested): one target per mapped column. */
export const columnMappingSchema = z.array(columnTargetSchema).max(200)
export type ColumnMapping = z.infer<typeof columnMappingSchema>
