import type * as Y from 'yjs'
import {
  bestCustomersEntryKey,
  dataArrayName,
  dataEntrySchema,
  datasetEntryKey,
  type BestCustomersEntry,
  type DatasetEntry,
} from '../../shared/data/dataEntries'
import { datasetKinds, type DatasetKind } from '../../shared/data/dataFields'
import { getWorkshopArray, observeKeyValues } from '../sync/workshopRoots'
import { ApiError } from '../app/api'
import { fetchDataset } from './dataApi'
import type { DataState } from './dataState'
import { errorText } from '../lib/errorText'

/** Fetches of a data set are retried this many times, this far apart. */
const retries = 3
const retryDelayMs = 2000

/** What `startDataSync` needs: the board's doc and how to reach its API. */
export interface DataSyncOptions {
  /** Where the data goes: the board model's data state. */
  data: DataState
  doc: Y.Doc
  roomId: string
  /** The board token at the time of a request (it may change while the board is open). */
  getToken: () => string | null
}

/**
 * Keeps the board's data state (dataState.ts) in step with the board: reads the `data` root of the
 * Y.Doc (written by the server only, so this never writes) and fetches a data set whenever its
 * announced version differs from the one held, so an import by anyone shows up everywhere
 * without a reload. Returns a function that stops it and forgets the data.
 */
export function startDataSync({ data, doc, roomId, getToken }: DataSyncOptions): () => void {
  const { $bestCustomersEntry, $datasetEntries, $datasetErrors, $datasets, $pendingBestCustomers } =
    data
  let isStopped = false
  const inFlight = new Map<DatasetKind, number>()
  const timers = new Set<ReturnType<typeof setTimeout>>()

  const load = (kind: DatasetKind, version: number, attempt = 0) => {
    inFlight.set(kind, version)
    fetchDataset(roomId, kind, getToken()).then(
      (dataset) => {
        if (isStopped || inFlight.get(kind) !== version) return
        inFlight.delete(kind)
        $datasets.set({ ...$datasets.get(), [kind]: dataset })
        $datasetErrors.set({ ...$datasetErrors.get(), [kind]: undefined })
      },
      (error: unknown) => {
        if (isStopped || inFlight.get(kind) !== version) return
        const isFinal =
          attempt + 1 >= retries || (error instanceof ApiError && error.status === 404)
        if (isFinal) {
          inFlight.delete(kind)
          const message = errorText(error)
          $datasetErrors.set({ ...$datasetErrors.get(), [kind]: message })
          return
        }
        const timer = setTimeout(() => {
          timers.delete(timer)
          if (!isStopped && inFlight.get(kind) === version) load(kind, version, attempt + 1)
        }, retryDelayMs)
        timers.add(timer)
      },
    )
  }

  const stopObserving = observeKeyValues(getWorkshopArray(doc, dataArrayName), (values) => {
    const entries = new Map<DatasetKind, DatasetEntry>()
    let best: BestCustomersEntry | null = null
    for (const [key, value] of values) {
      const parsed = dataEntrySchema.safeParse(value)
      if (!parsed.success) continue
      const entry = parsed.data
      if (entry.kind === 'dataset' && key === datasetEntryKey(entry.datasetKind)) {
        entries.set(entry.datasetKind, entry)
      } else if (entry.kind === 'bestCustomers' && key === bestCustomersEntryKey) {
        best = entry
      }
    }
    $datasetEntries.set(entries)
    $bestCustomersEntry.set(best)
    const pending = $pendingBestCustomers.get()
    if (pending && best && best.revision >= pending.revision) $pendingBestCustomers.set(null)

    for (const kind of datasetKinds) {
      const entry = entries.get(kind)
      const held = $datasets.get()[kind]
      if (!entry) {
        inFlight.delete(kind)
        if (held) $datasets.set({ ...$datasets.get(), [kind]: null })
        continue
      }
      if (held?.meta.version === entry.version || inFlight.get(kind) === entry.version) continue
      load(kind, entry.version)
    }
  })

  return () => {
    isStopped = true
    stopObserving()
    for (const timer of timers) clearTimeout(timer)
    data.reset()
  }
}
