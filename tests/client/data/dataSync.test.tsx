import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { atom } from 'tldraw'
import { DataState } from '../../../client/data/dataState'
import { startDataSync } from '../../../client/data/dataSync'
import { defaultBestCustomers } from '../../../shared/data/bestCustomers'
import { dataArrayName, type DataEntry } from '../../../shared/data/dataEntries'
import type { Dataset } from '../../../shared/data/dataset'
import { waitFor } from '../../helpers/waitFor'

const meta = (version: number): Dataset['meta'] => ({
  kind: 'customers',
  version,
  rowCount: 1,
  fileName: 'customers.csv',
  importedAt: 0,
  importedBy: 'Dana',
  fields: [
    {
      key: 'name',
      label: 'Company name',
      type: 'text',
      role: 'identity',
      column: 'Company',
      columnIndex: 0,
      currency: null,
    },
  ],
})

/** Writes `{ key, val }` entries like the server does (delete old, append new). */
function announce(doc: Y.Doc, entries: Record<string, DataEntry | null>) {
  const array = doc.getArray<{ key: string; val: unknown }>(dataArrayName)
  doc.transact(() => {
    const values = array.toArray()
    for (let i = values.length - 1; i >= 0; i--) {
      if (values[i]!.key in entries) array.delete(i, 1)
    }
    const added = Object.entries(entries).flatMap(([key, val]) => (val ? [{ key, val }] : []))
    array.push(added)
  })
}

function datasetEntry(version: number): DataEntry {
  return {
    kind: 'dataset',
    datasetKind: 'customers',
    version,
    rowCount: 1,
    fileName: 'customers.csv',
    importedAt: 0,
    importedBy: 'Dana',
  }
}

let doc: Y.Doc
let data: DataState
let stop: () => void
const fetched: string[] = []

beforeEach(() => {
  doc = new Y.Doc()
  fetched.length = 0
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      fetched.push(`${url} ${(init.headers as Record<string, string>).authorization ?? ''}`)
      const version = fetched.length
      return new Response(JSON.stringify({ meta: meta(version), rows: [{ row: 2, values: {} }] }), {
        headers: { 'content-type': 'application/json' },
      })
    }),
  )
  data = new DataState(atom('compilation', { icps: [], unassigned: [] }))
  stop = startDataSync({ data, doc, roomId: 'room1', getToken: () => 'tok' })
})

afterEach(() => {
  stop()
  vi.unstubAllGlobals()
})

describe('startDataSync', () => {
  it('fetches a data set when the board announces it, and again for each new version', async () => {
    announce(doc, { 'dataset:customers': datasetEntry(1) })
    await waitFor(() => expect(data.$datasets.get().customers?.meta.version).toBe(1))
    expect(fetched).toEqual(['/api/rooms/room1/datasets/customers Bearer tok'])

    announce(doc, { 'dataset:customers': datasetEntry(2) })
    await waitFor(() => expect(data.$datasets.get().customers?.meta.version).toBe(2))
    expect(fetched).toHaveLength(2)
  })

  it('forgets a data set when its entry is removed', async () => {
    announce(doc, { 'dataset:customers': datasetEntry(1) })
    await waitFor(() => expect(data.$datasets.get().customers).not.toBeNull())
    announce(doc, { 'dataset:customers': null })
    expect(data.$datasets.get().customers).toBeNull()
  })

  it('shows a pending change until the shared entry catches up, and ignores invalid entries', () => {
    const shared = defaultBestCustomers(meta(1), { updatedAt: 0, updatedBy: null })
    announce(doc, { bestCustomers: shared })
    expect(data.$bestCustomersEntry.get()).toEqual(shared)
    const pending = { ...shared, topN: 7, revision: 1 }
    data.$pendingBestCustomers.set(pending)
    expect(data.$effectiveBestCustomers.get()?.topN).toBe(7)
    announce(doc, { bestCustomers: { ...shared, topN: 7, revision: 1 } })
    expect(data.$pendingBestCustomers.get()).toBeNull()
    announce(doc, {
      bestCustomers: { kind: 'bestCustomers', topN: 'lots' } as unknown as DataEntry,
    })
    expect(data.$bestCustomersEntry.get()).toBeNull()
  })
})
