import { readFileSync } from 'node:fs'
import { buildDataset } from '../../shared/data/buildDataset'
import type { DatasetKind } from '../../shared/data/dataFields'
import type { ColumnMapping, Dataset } from '../../shared/data/dataset'
import { readCsv } from '../../shared/data/readCsv'
import { suggestMapping } from '../../shared/data/suggestMapping'

/** A data set read from CSV text with the suggested (or a given) mapping; throws on problems. */
export function datasetFromCsv(
  csv: string,
  kind: DatasetKind,
  mapping?: ColumnMapping,
  version = 1,
): Dataset {
  const { table, problems } = readCsv(csv)
  if (!table || problems.length > 0) throw new Error(JSON.stringify(problems))
  const built = buildDataset(table, mapping ?? suggestMapping(table, kind), kind)
  if (!built.ok) throw new Error(JSON.stringify(built.problems))
  return {
    meta: {
      kind,
      version,
      rowCount: built.rows.length,
      fileName: `${kind}.csv`,
      importedAt: 0,
      importedBy: null,
      fields: built.fields,
    },
    rows: built.rows,
  }
}

/** The demo CSV files in samples/. */
export function readSample(name: 'customers.csv' | 'accounts.csv'): string {
  return readFileSync(new URL(`../../samples/${name}`, import.meta.url), 'utf8')
}
