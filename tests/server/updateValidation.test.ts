import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { findUpdateProblem, inspectUpdate } from '../../server/updateValidation'
import { createRecordsKeyValue, getMetaMap, type StoredRecord } from '../../shared/docLayout'
import { createBoardSchema } from '../../shared/schema/boardSchema'
import { createTemplateRecords } from '../../shared/templates/boardTemplate'
import { geoShape } from '../helpers/records'

const schema = createBoardSchema()

function updateWith(write: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  write(doc)
  return Y.encodeStateAsUpdate(doc)
}

function recordsUpdate(entries: [string, unknown][]): Uint8Array {
  return updateWith((doc) => {
    const records = createRecordsKeyValue(doc)
    for (const [key, val] of entries) records.set(key, val as StoredRecord)
  })
}

describe('findUpdateProblem', () => {
  it('accepts template records, shapes, the schema in meta, and deletions', () => {
    const doc = new Y.Doc()
    const records = createRecordsKeyValue(doc)
    for (const record of createTemplateRecords('blank')) records.set(record.id, { ...record })
    records.set('shape:a', { ...geoShape('a') })
    getMetaMap(doc).set('schema', schema.serialize())
    records.delete('shape:a')
    expect(findUpdateProblem(Y.encodeStateAsUpdate(doc), schema)).toBeNull()
  })

  it('accepts JSON values that are not record entries', () => {
    expect(
      findUpdateProblem(
        updateWith((doc) => getMetaMap(doc).set('title', 'Q3 ICP')),
        schema,
      ),
    ).toBeNull()
  })

  it('names the record and the validator message of an invalid record', () => {
    const shape = geoShape('a')
    expect(
      findUpdateProblem(recordsUpdate([['shape:a', { ...shape, x: 'left' }]]), schema),
    ).toEqual({
      recordId: 'shape:a',
      message: 'invalid record shape:a: At shape(type = geo).x: Expected number, got a string',
    })
  })

  it.each<[string, unknown, string]>([
    [
      'a key that is not the id',
      geoShape('b'),
      'record shape:a: key does not match record id shape:b',
    ],
    [
      'an unknown record type',
      { id: 'shape:a', typeName: 'gadget' },
      'record shape:a: unknown type gadget',
    ],
    ['a value that is not an object', 42, 'record shape:a: value must be an object'],
    ['a value without a typeName', { id: 'shape:a' }, 'record shape:a: typeName must be a string'],
    [
      'presence state',
      { id: 'shape:a', typeName: 'instance_presence' },
      'record shape:a: instance_presence is presence state, not document content',
    ],
  ])('refuses %s', (_name, val, message) => {
    expect(findUpdateProblem(recordsUpdate([['shape:a', val]]), schema)).toEqual({
      recordId: 'shape:a',
      message,
    })
  })

  it('refuses nested Yjs types', () => {
    const update = updateWith((doc) => getMetaMap(doc).set('nested', new Y.Map()))
    expect(findUpdateProblem(update, schema)?.message).toBe(
      'unsupported Yjs content ContentType: the board holds JSON values only',
    )
  })

  it('tells inserts from deletion-only updates, which never grow a room', () => {
    const doc = new Y.Doc()
    const records = createRecordsKeyValue(doc)
    records.set('shape:a', { ...geoShape('a') })
    const server = new Y.Doc()
    Y.applyUpdate(server, Y.encodeStateAsUpdate(doc))
    const before = Y.encodeStateVector(doc)
    expect(inspectUpdate(Y.encodeStateAsUpdate(doc), { doc: new Y.Doc(), schema }).isInsert).toBe(
      true,
    )
    records.delete('shape:a')
    expect(inspectUpdate(Y.encodeStateAsUpdate(doc, before), { doc: server, schema })).toEqual({
      problem: null,
      forbiddenRoot: null,
      touchedRoots: new Set(['tldraw']),
      isInsert: false,
      unresolved: null,
    })
  })

  it('throws on bytes that are not a Yjs update', () => {
    expect(() => findUpdateProblem(new Uint8Array([5, 200, 1, 2, 3]), schema)).toThrow()
  })
})
