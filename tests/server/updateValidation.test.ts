import { describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { findUpdateProblem, inspectUpdate } from '../../server/updateValidation'
import { BoardRecords } from '../../shared/BoardRecords'
import { getMetaMap } from '../../shared/docLayout'
import { createBoardSchema } from '../../shared/schema/boardSchema'
import { createTemplateRecords } from '../../shared/templates/boardTemplate'
import { geoShape, putRecords, removeRecords } from '../helpers/records'
import { comment, thread } from '../helpers/workshopEntries'

const schema = createBoardSchema()

function updateWith(write: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  write(doc)
  return Y.encodeStateAsUpdate(doc)
}

/** An update of raw entries in the records root (field keys `<id>/<field>`). */
function fieldsUpdate(entries: [string, unknown][]): Uint8Array {
  return updateWith((doc) =>
    doc.getArray('records').push(entries.map(([key, val]) => ({ key, val }))),
  )
}

/** What an update inspected on its own reports, besides its problem. */
const noChange = { forbiddenRoot: null, isInsert: true, unresolved: null }

describe('findUpdateProblem', () => {
  it('accepts template records, shapes, the schema in meta, and deletions', () => {
    const doc = new Y.Doc()
    putRecords(doc, ...createTemplateRecords('blank'), geoShape('a'))
    getMetaMap(doc).set('schema', schema.serialize())
    removeRecords(doc, 'shape:a')
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
    const update = updateWith((doc) => putRecords(doc, { ...geoShape('a'), x: 'left' }))
    expect(findUpdateProblem(update, schema)).toEqual({
      recordId: 'shape:a',
      message: 'invalid record shape:a: At shape(type = geo).x: Expected number, got a string',
    })
  })

  it.each<[string, [string, unknown][], string]>([
    [
      'a key that names no field',
      [['shape:a', geoShape('a')]],
      'record entry shape:a: its key must be <record id>/<field>',
    ],
    ['an id field', [['shape:a/id', 'shape:b']], 'record shape:a: id is its key'],
    [
      'an unknown record type',
      [['shape:a/typeName', 'gadget']],
      'record shape:a: unknown type gadget',
    ],
    [
      'presence state',
      [['shape:a/typeName', 'instance_presence']],
      'record shape:a: instance_presence is presence state, not document content',
    ],
  ])('refuses %s', (_name, entries, message) => {
    expect(findUpdateProblem(fieldsUpdate(entries), schema)?.message).toBe(message)
  })

  it('refuses nested Yjs types', () => {
    const update = updateWith((doc) => getMetaMap(doc).set('nested', new Y.Map()))
    expect(findUpdateProblem(update, schema)?.message).toBe(
      'unsupported Yjs content ContentType: the board holds JSON values only',
    )
  })

  it('tells inserts from deletion-only updates, which never grow a room', () => {
    const doc = new Y.Doc()
    putRecords(doc, geoShape('a'))
    const server = new Y.Doc()
    Y.applyUpdate(server, Y.encodeStateAsUpdate(doc))
    const before = Y.encodeStateVector(doc)
    expect(inspectUpdate(Y.encodeStateAsUpdate(doc), { doc: new Y.Doc(), schema }).isInsert).toBe(
      true,
    )
    removeRecords(doc, 'shape:a')
    expect(inspectUpdate(Y.encodeStateAsUpdate(doc, before), { doc: server, schema })).toEqual({
      problem: null,
      forbiddenRoot: null,
      touchedRoots: new Set(['records']),
      isInsert: false,
      unresolved: null,
      writtenEntries: [],
      removedEntries: [],
      recordIds: new Set(['shape:a']),
      recordFields: new Map(),
      forbiddenReason: null,
      restores: [],
      clients: new Set(),
    })
  })

  it('throws on bytes that are not a Yjs update', () => {
    expect(() => findUpdateProblem(new Uint8Array([5, 200, 1, 2, 3]), schema)).toThrow()
  })
})

describe('inspectUpdate: record fields', () => {
  /** A server doc with one geo shape, its records, and the update of `edit` made by a client. */
  function edited(edit: (client: Y.Doc) => void) {
    const server = new Y.Doc()
    putRecords(server, geoShape('a'))
    const records = new BoardRecords(server)
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(client)
    edit(client)
    const update = Y.encodeStateAsUpdate(client, before)
    return inspectUpdate(update, { doc: server, schema, records })
  }

  it('checks the fields an update writes within the record they belong to', () => {
    expect(edited((client) => putRecords(client, { ...geoShape('a'), x: 50 }))).toMatchObject({
      ...noChange,
      problem: null,
      recordIds: new Set(['shape:a']),
      forbiddenReason: null,
      restores: [],
    })
    // Alone, `props.w` means nothing; in the geo shape it must be a positive number.
    expect(
      edited((client) => client.getArray('records').push([{ key: 'shape:a/props.w', val: -3 }]))
        .problem?.message,
    ).toMatch(/^invalid record shape:a: At shape\(type = geo\)\.props\.w: /)
  })

  it('refuses a change of what an existing record is', () => {
    expect(
      edited((client) => client.getArray('records').push([{ key: 'shape:a/type', val: 'note' }]))
        .problem,
    ).toEqual({ recordId: 'shape:a', message: 'record shape:a: its type cannot change' })
  })

  it('lets through a field of a record that no longer exists (an edit that raced a delete)', () => {
    expect(
      edited((client) => client.getArray('records').push([{ key: 'shape:gone/props.w', val: 10 }])),
    ).toMatchObject({ ...noChange, problem: null, recordIds: new Set(['shape:gone']) })
  })
})

describe('inspectUpdate: roots and rights', () => {
  /** A server doc holding one comment thread and two tldraw records. */
  function serverDoc() {
    const doc = new Y.Doc()
    new YKeyValue<unknown>(doc.getArray('comments')).set('thread:t1', thread('t1'))
    putRecords(doc, geoShape('a'), geoShape('b'))
    return doc
  }

  /** A client doc synced with `server`, and the update of `edit` made in it. */
  function editOf(server: Y.Doc, edit: (client: Y.Doc) => void): Uint8Array {
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(client)
    edit(client)
    return Y.encodeStateAsUpdate(client, before)
  }

  const commenterMayWrite = (root: string) => root === 'comments'

  it('places an item inserted next to an existing one in that one’s root, though it carries no parent', () => {
    const server = serverDoc()
    const update = editOf(server, (client) =>
      new YKeyValue<unknown>(client.getArray('comments')).set('comment:c1', comment('c1', 't1')),
    )
    const inserted = Y.decodeUpdate(update).structs[0] as Y.Item
    expect(inserted.parent).toBeNull()
    expect(inserted.origin).not.toBeNull()
    expect(inspectUpdate(update, { doc: server, schema, mayWrite: commenterMayWrite })).toEqual({
      problem: null,
      forbiddenRoot: null,
      touchedRoots: new Set(['comments']),
      isInsert: true,
      unresolved: null,
      writtenEntries: [],
      removedEntries: [],
      recordIds: new Set(),
      recordFields: new Map(),
      forbiddenReason: null,
      restores: [],
      clients: new Set([Y.decodeUpdate(update).structs[0]?.id.client]),
    })
  })

  it('places items whose origin comes later in the same update (another client’s item)', () => {
    const server = new Y.Doc()
    const first = new Y.Doc()
    first.clientID = 1
    putRecords(first, geoShape('a'))
    const second = new Y.Doc()
    second.clientID = 2
    Y.applyUpdate(second, Y.encodeStateAsUpdate(first))
    putRecords(second, geoShape('b'))
    // Clients are encoded in descending order: client 2's item comes before its origin.
    const update = Y.encodeStateAsUpdate(second)
    expect(Y.decodeUpdate(update).structs.map((s) => s.id.client)).toEqual([2, 1])
    const inspection = inspectUpdate(update, { doc: server, schema, mayWrite: commenterMayWrite })
    expect(inspection.forbiddenRoot).toBe('records')
    expect(inspection.touchedRoots).toEqual(new Set(['records']))
  })

  it(
    'places an item at the end of a long chain of other clients’ items without running out of stack',
    { timeout: 30_000 },
    () => {
      const [first, second] = [new Y.Doc(), new Y.Doc()]
      first.clientID = 1
      second.clientID = 2
      first.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== 'peer') Y.applyUpdate(second, update, 'peer')
      })
      second.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== 'peer') Y.applyUpdate(first, update, 'peer')
      })
      // Alternating writers: every item's origin is the other client's previous item.
      for (let i = 0; i < 10_000; i++) {
        const writer = i % 2 === 0 ? first : second
        writer.getArray('comments').push([{ key: `thread:t${i}`, val: thread(`t${i}`) }])
      }
      const third = new Y.Doc()
      third.clientID = 3
      Y.applyUpdate(third, Y.encodeStateAsUpdate(second))
      third.getArray('comments').push([{ key: 'thread:last', val: thread('last') }])
      // Client 3 is encoded first: its item is placed through the whole chain before anything else.
      const update = Y.encodeStateAsUpdate(third)
      expect(Y.decodeUpdate(update).structs[0]?.id.client).toBe(3)
      const inspection = inspectUpdate(update, {
        doc: new Y.Doc(),
        schema,
        mayWrite: (root) => root === 'comments',
      })
      expect(inspection).toEqual({
        problem: null,
        forbiddenRoot: null,
        touchedRoots: new Set(['comments']),
        isInsert: true,
        unresolved: null,
        writtenEntries: [],
        removedEntries: [],
        recordIds: new Set(),
        recordFields: new Map(),
        forbiddenReason: null,
        restores: [],
        clients: new Set([1, 2, 3]),
      })
    },
  )

  it('counts deleting a live record as a change of its root, and deleting a deleted one as none', () => {
    const server = serverDoc()
    const deletion = editOf(server, (client) => removeRecords(client, 'shape:a'))
    expect(
      inspectUpdate(deletion, { doc: server, schema, mayWrite: commenterMayWrite }).forbiddenRoot,
    ).toBe('records')

    Y.applyUpdate(server, deletion)
    // A reconnecting client's step 2 carries its whole delete set again: a no-op now.
    const again = inspectUpdate(deletion, { doc: server, schema, mayWrite: () => false })
    expect(again).toMatchObject({ forbiddenRoot: null, touchedRoots: new Set(), isInsert: false })
  })

  it('lets anyone delete a superseded duplicate, but not the entry that stands', () => {
    const server = new Y.Doc()
    server.getArray('records').push([
      { key: 'shape:a/x', val: 1 },
      { key: 'shape:a/x', val: 2 },
    ])
    const viewerMayWrite = () => false
    const cleanup = editOf(server, (client) => client.getArray('records').delete(0, 1))
    expect(inspectUpdate(cleanup, { doc: server, schema, mayWrite: viewerMayWrite })).toMatchObject(
      { forbiddenRoot: null, touchedRoots: new Set() },
    )
    const standing = editOf(server, (client) => client.getArray('records').delete(1, 1))
    expect(
      inspectUpdate(standing, { doc: server, schema, mayWrite: viewerMayWrite }).forbiddenRoot,
    ).toBe('records')
    const both = editOf(server, (client) => client.getArray('records').delete(0, 2))
    expect(
      inspectUpdate(both, { doc: server, schema, mayWrite: viewerMayWrite }).forbiddenRoot,
    ).toBe('records')
  })

  it('reports an item whose origin the server lacks as unresolved', () => {
    const client = new Y.Doc()
    putRecords(client, geoShape('a'))
    const afterFirst = Y.encodeStateVector(client)
    const firstClock = Y.getState(client.store, client.clientID)
    putRecords(client, geoShape('b'))
    const second = Y.encodeStateAsUpdate(client, afterFirst)
    expect(inspectUpdate(second, { doc: new Y.Doc(), schema }).unresolved).toBe(
      `updates of client ${client.clientID} before clock ${firstClock} are missing`,
    )

    // Another client's item next to it: the origin is the missing piece.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(client))
    const before = Y.encodeStateVector(other)
    other.getArray('records').insert(1, [{ key: 'shape:c/x', val: 1 }])
    const server = new Y.Doc()
    expect(
      inspectUpdate(Y.encodeStateAsUpdate(other, before), { doc: server, schema }).unresolved,
    ).toMatch(/^depends on \d+:\d+, which the server lacks$/)
  })

  it('reports a deletion of content the server lacks as unresolved', () => {
    const client = new Y.Doc()
    putRecords(client, geoShape('a'))
    const before = Y.encodeStateVector(client)
    removeRecords(client, 'shape:a')
    expect(
      inspectUpdate(Y.encodeStateAsUpdate(client, before), { doc: new Y.Doc(), schema }).unresolved,
    ).toBe(`deletes content of client ${client.clientID} the server lacks`)
  })

  it('refuses a struct that overlaps known content but claims another place', () => {
    const server = new Y.Doc()
    server.clientID = 7
    server.getArray('comments').push([{ key: 'thread:t1', val: thread('t1') }])
    const forged = new Y.Doc()
    forged.clientID = 7
    forged.getArray('records').push([
      { key: 'shape:x/x', val: 1 },
      { key: 'shape:y/x', val: 2 },
    ])
    expect(inspectUpdate(Y.encodeStateAsUpdate(forged), { doc: server, schema }).problem).toEqual({
      message: 'malformed update: it overlaps known content elsewhere',
    })
  })
})

describe('inspectUpdate: entries of the ruled roots', () => {
  const entryRoots = new Set(['comments'])

  /** A server doc with threads t1..tN, and a client in sync with it. */
  function synced(threads: number) {
    const server = new Y.Doc()
    const writer = new YKeyValue<unknown>(server.getArray('comments'))
    for (let i = 1; i <= threads; i++) writer.set(`thread:t${i}`, thread(`t${i}`))
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    return { server, client, before: Y.encodeStateVector(client) }
  }

  it('lists the entries an update writes, and the live ones it removes', () => {
    const { server, client, before } = synced(3)
    const comments = new YKeyValue<unknown>(client.getArray('comments'))
    comments.set('thread:t1', thread('t1', { status: 'resolved' }))
    comments.delete('thread:t2')
    const inspection = inspectUpdate(Y.encodeStateAsUpdate(client, before), {
      doc: server,
      schema,
      entryRoots,
    })
    expect(inspection.writtenEntries).toEqual([
      { root: 'comments', key: 'thread:t1', value: thread('t1', { status: 'resolved' }) },
    ])
    expect(inspection.removedEntries).toEqual(
      expect.arrayContaining([
        { root: 'comments', key: 'thread:t1', value: thread('t1') },
        { root: 'comments', key: 'thread:t2', value: thread('t2') },
      ]),
    )
    expect(inspection.removedEntries).toHaveLength(2)
  })

  it('does not list the deletion of a superseded duplicate, which changes no value', () => {
    const server = new Y.Doc()
    // Two entries of one key, as two offline writers leave them: the right one wins.
    server.getArray('comments').push([{ key: 'thread:t1', val: thread('t1') }])
    server
      .getArray('comments')
      .push([{ key: 'thread:t1', val: thread('t1', { status: 'resolved' }) }])
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(client)
    client.getArray('comments').delete(0, 1)
    const inspection = inspectUpdate(Y.encodeStateAsUpdate(client, before), {
      doc: server,
      schema,
      entryRoots,
    })
    expect(inspection.removedEntries).toEqual([])
    expect(inspection.touchedRoots).toEqual(new Set(['comments']))
  })

  it('lists every entry of a root an update empties', () => {
    const { server, client, before } = synced(5000)
    client.getArray('comments').delete(0, 5000)
    const inspection = inspectUpdate(Y.encodeStateAsUpdate(client, before), {
      doc: server,
      schema,
      entryRoots,
    })
    expect(inspection.removedEntries.map((entry) => entry.key)).toEqual(
      Array.from({ length: 5000 }, (_, i) => `thread:t${5000 - i}`),
    )
  })
})
