import http from 'node:http'
import { gunzipSync } from 'node:zlib'
import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  bestCustomersEntryKey,
  dataArrayName,
  type BestCustomersEntry,
} from '../../shared/data/dataEntries'
import type { Dataset, DatasetMeta } from '../../shared/data/dataset'
import type { StoredRecord } from '../../shared/docLayout'
import { createSqliteStorage } from '../../server/storage/sqliteStorage'
import { readEntries } from '../../shared/keyValueEntries'
import { BoardBuilder } from '../helpers/boardBuilder'
import { readSample } from '../helpers/datasets'
import { startTestServer, type TestServer } from '../helpers/syncServer'
import { waitFor } from '../helpers/waitFor'

let harness: TestServer
let roomId: string

beforeEach(async () => {
  harness = await startTestServer({ now: () => Date.parse('2027-03-01T10:00:00Z') })
  roomId = await harness.createRoom()
})

afterEach(async () => {
  await harness.stop()
})

const rooms = () => `/api/rooms/${roomId}`

function importCustomers(csv = readSample('customers.csv'), role: 'editor' | 'viewer' = 'editor') {
  return harness.api('PUT', `${rooms()}/datasets/customers`, {
    role,
    body: { fileName: 'customers.csv', csv, importedBy: 'Dana' },
  })
}

/** A raw request with a role's token, for bodies and headers `api` does not cover. */
function send(
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string>; role?: 'editor' | 'viewer' } = {},
) {
  const token = harness.tokens(roomId)[init.role ?? 'editor']
  return fetch(`${harness.url}${path}`, {
    method,
    body: init.body,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
  })
}

/** An ICP on its own page: SaaS must-have, size and location nice-to-haves, a disqualifier. */
async function writeIcp(): Promise<void> {
  const board = new BoardBuilder()
  const page = board.page('Scoring')
  board.statement({ parent: page, id: 'statement', x: 0, y: 0 }, { name: 'SaaS mid-market' })
  board.attribute(
    { parent: page, id: 'industry', x: 0, y: 300 },
    { category: 'industry', value: 'SaaS or Fintech', importance: 'must' },
  )
  board.attribute(
    { parent: page, id: 'size', x: 0, y: 500 },
    { category: 'employees', value: '200-1,000 employees', importance: 'nice' },
  )
  board.attribute(
    { parent: page, id: 'where', x: 0, y: 700 },
    { category: 'location', value: 'US or UK', importance: 'nice' },
  )
  board.disqualifier(
    { parent: page, id: 'no-gov', x: 600, y: 300 },
    { kind: 'industry', rule: 'Government, Gambling', reason: 'Procurement takes 18 months' },
  )
  const records = board
    .records()
    .filter((record) => record.typeName !== 'document') as unknown as StoredRecord[]
  const client = harness.connect(roomId)
  await client.synced()
  client.doc.transact(() => {
    for (const record of records) client.put(record)
  })
  await waitFor(() => expect(harness.storedRecords(roomId)['shape:no-gov']).toBeDefined())
}

describe('importing customer data', () => {
  it('stores the file on the server, announces it in the board, and serves its rows', async () => {
    const watcher = harness.connect(roomId, { role: 'viewer' })
    await watcher.synced()

    const imported = await importCustomers()
    expect(imported.status).toBe(200)
    const { dataset, mapping } = imported.body as {
      dataset: DatasetMeta
      mapping: { column: string; field: string }[]
    }
    expect(dataset).toMatchObject({
      kind: 'customers',
      version: 1,
      rowCount: 500,
      fileName: 'customers.csv',
      importedBy: 'Dana',
      importedAt: Date.parse('2027-03-01T10:00:00Z'),
    })
    expect(mapping).toContainEqual({ column: 'Lifetime Value (USD)', field: 'clv' })
    expect(mapping).toContainEqual({ column: 'Hiring SDRs', field: 'custom:Hiring SDRs' })

    // Everyone on the board learns about it through the doc, without reloading.
    await waitFor(() => {
      const entries = readEntries(watcher.doc.getArray(dataArrayName))
      expect(entries.get('dataset:customers')).toMatchObject({ version: 1, rowCount: 500 })
      expect(entries.get(bestCustomersEntryKey)).toMatchObject({
        valueField: 'clv',
        mode: 'top',
        topN: 50,
        datasetVersion: 1,
      })
    })

    const read = await harness.api('GET', `${rooms()}/datasets/customers`, { role: 'viewer' })
    expect(read.status).toBe(200)
    const body = read.body as Dataset
    expect(body.meta).toEqual(dataset)
    expect(body.rows).toHaveLength(500)
    expect(body.rows[0]).toMatchObject({ row: 2, values: { industry: expect.any(String) } })

    const list = await harness.api('GET', `${rooms()}/datasets`, { role: 'viewer' })
    expect(list.body).toEqual({ datasets: [dataset] })
  })

  it('sends the rows gzipped when asked, and answers 304 for the version held', async () => {
    await importCustomers()
    const plain = await send('GET', `${rooms()}/datasets/customers`, {
      headers: { 'accept-encoding': 'identity' },
      role: 'viewer',
    })
    expect(plain.headers.get('etag')).toBe('"customers-v1"')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(((await plain.json()) as Dataset).rows).toHaveLength(500)
    // Read the bytes as sent: Node's fetch would inflate them.
    const raw = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve) => {
      http.get(
        `${harness.url}${rooms()}/datasets/customers`,
        {
          headers: {
            authorization: `Bearer ${harness.tokens(roomId).viewer}`,
            'accept-encoding': 'gzip',
          },
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('end', () =>
            resolve({
              encoding: response.headers['content-encoding'],
              bytes: Buffer.concat(chunks),
            }),
          )
        },
      )
    })
    expect(raw.encoding).toBe('gzip')
    const rows = JSON.parse(gunzipSync(raw.bytes).toString()) as Dataset
    expect(rows.rows).toHaveLength(500)
    const again = await send('GET', `${rooms()}/datasets/customers`, {
      headers: { 'if-none-match': '"customers-v1"' },
      role: 'viewer',
    })
    expect(again.status).toBe(304)
  })

  it('accepts a bare text/csv body with a suggested mapping', async () => {
    const response = await send('PUT', `${rooms()}/datasets/accounts?fileName=leads.csv`, {
      body: readSample('accounts.csv'),
      headers: { 'content-type': 'text/csv' },
    })
    expect(response.status).toBe(200)
    const { dataset } = (await response.json()) as { dataset: DatasetMeta }
    expect(dataset).toMatchObject({ kind: 'accounts', rowCount: 200, fileName: 'leads.csv' })
    expect(dataset.fields.map((field) => field.key)).toEqual([
      'name',
      'domain',
      'industry',
      'employees',
      'revenue',
      'country',
      'techStack',
      'funding',
    ])
  })

  it('refuses a file with bad rows with every problem by row number, and stores nothing', async () => {
    const lines = readSample('customers.csv').trimEnd().split('\r\n')
    lines[16] = lines[16]!.replace(/^([^,]*,[^,]*,[^,]*,)\d+/, '$1abc')
    lines[30] = lines[30]!.replace(/,(Yes|No),(\d+|),(Yes|No)$/, ',maybe,$2,$3')
    const response = await importCustomers(lines.join('\r\n'))
    expect(response.status).toBe(422)
    expect(response.body).toEqual({
      error: 'The file has 2 problems; nothing was imported.',
      problemCount: 2,
      problems: [
        { row: 17, message: 'Row 17: Employees "abc" is not a number.' },
        { row: 31, message: 'Row 31: Churned "maybe" is not yes or no.' },
      ],
    })
    expect((await harness.api('GET', `${rooms()}/datasets/customers`)).status).toBe(404)
    expect(harness.storedEntries(roomId, dataArrayName)).toEqual({})
  })

  it('refuses CSVs that cannot be read, and invalid mappings, with 422 and 400', async () => {
    const broken = await importCustomers('Name,Size\nAcme,10\n"Globex,20\n')
    expect(broken.status).toBe(422)
    expect((broken.body as { problems: unknown[] }).problems).toContainEqual({
      row: 3,
      message: 'Row 3: a quoted value is never closed (a " is missing).',
    })
    const badMapping = await harness.api('PUT', `${rooms()}/datasets/customers`, {
      body: { csv: 'a\n1\n', mapping: [{ column: 0, field: 'shoeSize' }] },
    })
    expect(badMapping.status).toBe(400)
    expect((badMapping.body as { error: string }).error).toMatch(/^Invalid request: mapping\.0/)
    const notJson = await send('PUT', `${rooms()}/datasets/customers`, {
      body: '{',
      headers: { 'content-type': 'application/json' },
    })
    expect(notJson.status).toBe(400)
    const unknownKind = await harness.api('PUT', `${rooms()}/datasets/prospects`, {
      body: { csv: 'a\n1\n' },
    })
    expect(unknownKind).toEqual({
      status: 404,
      body: { error: 'No data set "prospects": use customers or accounts.' },
    })
  })

  it('refuses files over 10 MB and over 50,000 rows with 413', async () => {
    const huge = `Name,Notes\n${`Acme,${'x'.repeat(1000)}\n`.repeat(10_600)}`
    const tooBig = await send('PUT', `${rooms()}/datasets/customers`, {
      body: huge,
      headers: { 'content-type': 'text/csv' },
    })
    expect(tooBig.status).toBe(413)
    expect(await tooBig.json()).toEqual({ error: 'The file is 10.2 MB; the limit is 10 MB.' })
    const tooLong = await importCustomers(`Name\n${'Acme\n'.repeat(50_001)}`)
    expect(tooLong).toEqual({ status: 413, body: { error: 'The file has more than 50,000 rows.' } })
  })

  it('lets only editors import or delete, and members only read', async () => {
    expect((await importCustomers(undefined, 'viewer')).status).toBe(403)
    const commenter = await harness.api('PUT', `${rooms()}/datasets/customers`, {
      role: 'commenter',
      body: { csv: 'a\n1\n' },
    })
    expect(commenter.status).toBe(403)
    const anonymous = await harness.api('GET', `${rooms()}/datasets/customers`, { token: null })
    expect(anonymous.status).toBe(401)
    await importCustomers()
    const deleteAsViewer = await harness.api('DELETE', `${rooms()}/datasets/customers`, {
      role: 'viewer',
    })
    expect(deleteAsViewer.status).toBe(403)
  })

  it('keeps the data across a restart', async () => {
    await importCustomers()
    const dataDir = harness.dataDir
    const tokens = harness.tokens(roomId)
    await harness.stop({ keepData: true })
    harness = await startTestServer({ dataDir })
    const response = await fetch(`${harness.url}${rooms()}/datasets/customers`, {
      headers: { authorization: `Bearer ${tokens.viewer}` },
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as Dataset).rows).toHaveLength(500)
  })

  it('removes a data set and its entries', async () => {
    await importCustomers()
    const removed = await harness.api('DELETE', `${rooms()}/datasets/customers`)
    expect(removed.status).toBe(204)
    expect((await harness.api('GET', `${rooms()}/datasets/customers`)).status).toBe(404)
    expect(harness.storedEntries(roomId, dataArrayName)).toEqual({})
    expect((await harness.api('DELETE', `${rooms()}/datasets/customers`)).status).toBe(404)
    // The next import gets a new version, so clients holding version 1 refetch.
    const again = await importCustomers()
    expect((again.body as { dataset: DatasetMeta }).dataset.version).toBe(2)
  })

  it('takes a data set off the board on a retry whose rows are already gone', async () => {
    // As after a DELETE whose rows went but whose board change could not be stored.
    await importCustomers()
    const storage = createSqliteStorage(harness.dataDir)
    try {
      expect(await storage.datasets.delete(roomId, 'customers')).toBe(true)
    } finally {
      await storage.close()
    }
    expect(Object.keys(harness.storedEntries(roomId, dataArrayName))).not.toEqual([])
    const retried = await harness.api('DELETE', `${rooms()}/datasets/customers`)
    expect(retried.status).toBe(204)
    expect(harness.storedEntries(roomId, dataArrayName)).toEqual({})
    expect((await harness.api('DELETE', `${rooms()}/datasets/customers`)).status).toBe(404)
  })
})

describe('choosing the best customers', () => {
  const patch = (body: unknown, role: 'editor' | 'viewer' = 'editor') =>
    harness.api('PATCH', `${rooms()}/best-customers`, { role, body })

  it('merges every change into the shared entry, so ticks by two people both stay', async () => {
    await importCustomers()
    const first = await patch({ ticks: [{ row: 7, isBest: true }], updatedBy: 'Ann' })
    const second = await patch({ ticks: [{ row: 9, isBest: false }], topN: 20, updatedBy: 'Ben' })
    expect(first.status).toBe(200)
    expect((second.body as { bestCustomers: BestCustomersEntry }).bestCustomers).toMatchObject({
      included: [7],
      excluded: [9],
      topN: 20,
      revision: 2,
      updatedBy: 'Ben',
    })
    expect(harness.storedEntries(roomId, dataArrayName)[bestCustomersEntryKey]).toMatchObject({
      included: [7],
      excluded: [9],
    })
  })

  it('keeps the settings but drops the ticks when a new file is imported', async () => {
    await importCustomers()
    await patch({ topN: 30, ticks: [{ row: 5, isBest: true }] })
    await importCustomers()
    expect(harness.storedEntries(roomId, dataArrayName)[bestCustomersEntryKey]).toMatchObject({
      topN: 30,
      included: [],
      datasetVersion: 2,
    })
  })

  it('refuses unknown fields, changes before any import, and viewers', async () => {
    expect(await patch({ topN: 5 })).toEqual({
      status: 409,
      body: { error: 'Import customer data first.' },
    })
    await importCustomers()
    expect(await patch({ valueField: 'industry' })).toEqual({
      status: 400,
      body: { error: '"industry" is not a value field of the customer data.' },
    })
    expect((await patch({ conditions: [{ field: 'shoeSize', value: '42' }] })).status).toBe(400)
    expect((await patch({ topN: 0 })).status).toBe(400)
    expect((await patch({ topN: 5 }, 'viewer')).status).toBe(403)
  })
})

describe('scoring accounts through the API', () => {
  it('scores a CSV against the compiled ICP: scores, tiers, reasons, best first', async () => {
    await writeIcp()
    const response = await send('POST', `${rooms()}/score`, {
      body: 'Company,Industry,Employees,Country\nAcme,SaaS,450,US\nStark,Government,300,US\nGlobex,SaaS,20,France\n',
      headers: { 'content-type': 'text/csv' },
      role: 'viewer',
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      icp: { name: string }
      tierCounts: Record<string, number>
      accounts: unknown[]
      pointsPossible: number
    }
    expect(body.icp.name).toBe('SaaS mid-market')
    expect(body.pointsPossible).toBe(4)
    expect(body.tierCounts).toEqual({ A: 1, B: 0, C: 1, D: 1 })
    expect(body.accounts).toEqual([
      {
        row: 2,
        name: 'Acme',
        score: 100,
        tier: 'A',
        rank: 1,
        isDisqualified: false,
        matched: [
          'Industry: SaaS or Fintech',
          'Number of employees: 200 to 1,000 employees',
          'Location: US or UK',
        ],
        missed: [],
        unknown: [],
        disqualifiedBy: [],
      },
      {
        row: 4,
        name: 'Globex',
        score: 50,
        tier: 'C',
        rank: 2,
        isDisqualified: false,
        matched: ['Industry: SaaS or Fintech'],
        missed: [
          'Number of employees: 20 (wants 200 to 1,000 employees)',
          'Location: France (wants US or UK)',
        ],
        unknown: [],
        disqualifiedBy: [],
      },
      {
        row: 3,
        name: 'Stark',
        score: 0,
        tier: 'D',
        rank: 3,
        isDisqualified: true,
        matched: ['Number of employees: 200 to 1,000 employees', 'Location: US or UK'],
        missed: ['Industry: Government (wants SaaS or Fintech)'],
        unknown: [],
        disqualifiedBy: [
          'Industry: Government (must be SaaS or Fintech)',
          'Industry: Government (disqualifier: Government or Gambling)',
        ],
      },
    ])
  })

  it('takes JSON accounts and answers CSV when asked, formula-safe', async () => {
    await writeIcp()
    const response = await send('POST', `${rooms()}/score`, {
      body: JSON.stringify({
        accounts: [
          { name: '=HYPERLINK("x")', industry: 'Fintech', employees: 300, country: 'UK' },
          { name: 'Beta', industry: 'Retail', employees: 10, country: 'US' },
        ],
      }),
      headers: { 'content-type': 'application/json', accept: 'text/csv' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const { data } = Papa.parse<Record<string, string>>(await response.text(), {
      header: true,
      skipEmptyLines: true,
    })
    expect(data.map((row) => [row.rank, row.name, row.score, row.tier, row.disqualified])).toEqual([
      ['1', `'=HYPERLINK("x")`, '100', 'A', 'no'],
      ['2', 'Beta', '0', 'D', 'yes'],
    ])
  })

  it('scores the demo leads into every tier', async () => {
    await writeIcp()
    const response = await send('POST', `${rooms()}/score`, {
      body: readSample('accounts.csv'),
      headers: { 'content-type': 'text/csv' },
    })
    const body = (await response.json()) as { tierCounts: Record<string, number> }
    expect(Object.values(body.tierCounts).reduce((a, b) => a + b)).toBe(200)
    for (const count of Object.values(body.tierCounts)) expect(count).toBeGreaterThan(0)
  })

  it('answers 404 for an unknown ICP, 409 without one, 415 and 422 for bad input', async () => {
    const noIcp = await send('POST', `${rooms()}/score`, {
      body: 'Company,Industry\nAcme,SaaS\n',
      headers: { 'content-type': 'text/csv' },
    })
    expect(noIcp.status).toBe(409)
    await writeIcp()
    const unknownIcp = await send('POST', `${rooms()}/score?icp=shape:nope`, {
      body: 'Company,Industry\nAcme,SaaS\n',
      headers: { 'content-type': 'text/csv' },
    })
    expect(unknownIcp.status).toBe(404)
    expect(((await unknownIcp.json()) as { error: string }).error).toMatch(
      /^No ICP "shape:nope" on this board; it has shape:statement \(SaaS mid-market\)/,
    )
    const xml = await send('POST', `${rooms()}/score`, {
      body: '<accounts/>',
      headers: { 'content-type': 'application/xml' },
    })
    expect(xml.status).toBe(415)
    const badRow = await send('POST', `${rooms()}/score`, {
      body: 'Company,Employees\nAcme,lots\n',
      headers: { 'content-type': 'text/csv' },
    })
    expect(badRow.status).toBe(422)
    expect(await badRow.json()).toMatchObject({
      problems: [{ row: 2, message: 'Row 2: Employees "lots" is not a number.' }],
    })
    const empty = await harness.api('POST', `${rooms()}/score`, { body: { accounts: [] } })
    expect(empty.status).toBe(422)
  })
})

describe('GET scoring-rules.json', () => {
  it('exports the rules with fields, operators, points, gates and tiers', async () => {
    await writeIcp()
    const response = await harness.api('GET', `${rooms()}/scoring-rules.json`, { role: 'viewer' })
    expect(response.status).toBe(200)
    const rules = response.body as {
      format: string
      tiers: { tier: string; minScore: number }[]
      rules: { effect: string; field: { key: string } | null; operator: string; points: number }[]
    }
    expect(rules.format).toBe('icp-workshop.scoring-rules')
    expect(rules.tiers.map((tier) => [tier.tier, tier.minScore])).toEqual([
      ['A', 80],
      ['B', 60],
      ['C', 40],
      ['D', 0],
    ])
    expect(
      rules.rules.map((rule) => [rule.effect, rule.field?.key, rule.operator, rule.points]),
    ).toEqual([
      ['gate', 'industry', 'in', 2],
      ['points', 'employees', 'between', 1],
      ['points', 'country', 'in', 1],
      ['disqualify', 'industry', 'in', 0],
    ])
  })

  it('names the columns of the stored account list, and downloads as a file when asked', async () => {
    await writeIcp()
    await send('PUT', `${rooms()}/datasets/accounts`, {
      body: readSample('accounts.csv'),
      headers: { 'content-type': 'text/csv' },
    })
    const response = await send('GET', `${rooms()}/scoring-rules.json?download=1`, {
      role: 'viewer',
    })
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="scoring-rules.json"',
    )
    const rules = (await response.json()) as { rules: { field: { column: string } | null }[] }
    expect(rules.rules.map((rule) => rule.field?.column)).toEqual([
      'Industry',
      'Headcount',
      'HQ Country',
      'Industry',
    ])
  })
})
