import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BoardComments } from '../../../client/comments/boardComments'
import { observeKeyValues } from '../../../client/sync/workshopRoots'
import {
  commentsArrayName,
  peopleArrayName,
  workshopArrayName,
  type CommentAnchor,
} from '../../../shared/workshop/workshopLayout'

const dana = { id: 'dana', name: 'Dana', color: '#1971c2' }
const lee = { id: 'lee', name: 'Lee', color: '#2f9e44' }
const onCard: CommentAnchor = { type: 'shape', shapeId: 'shape:industry', pageId: 'page:1' }

/** Two docs kept in sync both ways, as two browsers on one board. */
function twoPeople() {
  const docA = new Y.Doc()
  const docB = new Y.Doc()
  docA.on('update', (update: Uint8Array) => Y.applyUpdate(docB, update, 'remote'))
  docB.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') Y.applyUpdate(docA, update, 'remote')
  })
  return { a: new BoardComments(docA), b: new BoardComments(docB), docA, docB }
}

const models: BoardComments[] = []
afterEach(() => models.splice(0).forEach((model) => model.destroy()))

describe('BoardComments', () => {
  it('creates a thread that another person sees, and their reply with a mention', () => {
    const { a, b } = twoPeople()
    models.push(a, b)
    const threadId = a.createThread(onCard, '  Is EMEA in?  ', [], dana, 1_000)
    expect(b.$threads.get()).toHaveLength(1)
    b.reply(threadId, '@Dana yes, CRM says so', ['dana'], lee, 2_000)

    const [view] = a.$threads.get()
    expect(view!.thread).toMatchObject({ id: threadId, anchor: onCard, status: 'open' })
    expect(
      view!.comments.map((comment) => [comment.authorName, comment.body, comment.mentions]),
    ).toEqual([
      ['Dana', 'Is EMEA in?', []],
      ['Lee', '@Dana yes, CRM says so', ['dana']],
    ])
  })

  it('resolves and reopens, noting who did it; a reply reopens a resolved thread', () => {
    const { a, b } = twoPeople()
    models.push(a, b)
    const threadId = a.createThread(onCard, 'Check the budget floor', [], dana, 1_000)
    b.setThreadStatus(threadId, 'resolved', 'Lee', 3_000)
    expect(a.getThread(threadId)!.thread).toMatchObject({
      status: 'resolved',
      statusBy: 'Lee',
      statusAt: 3_000,
    })
    a.reply(threadId, 'Not done yet', [], dana, 4_000)
    expect(b.getThread(threadId)!.thread).toMatchObject({ status: 'open', statusBy: 'Dana' })
  })

  it('edits a comment and marks it edited', () => {
    const { a } = twoPeople()
    models.push(a)
    const threadId = a.createThread(onCard, 'Typo hree', [], dana, 1_000)
    const commentId = a.getThread(threadId)!.comments[0]!.id
    a.editComment(commentId, 'Typo here', [], 5_000)
    expect(a.getThread(threadId)!.comments[0]).toMatchObject({ body: 'Typo here', editedAt: 5_000 })
  })

  it('deletes a reply alone, and the whole thread with its opening comment', () => {
    const { a, b, docB } = twoPeople()
    models.push(a, b)
    const threadId = a.createThread(onCard, 'Opening', [], dana, 1_000)
    b.reply(threadId, 'Reply one', [], lee, 2_000)
    b.reply(threadId, 'Reply two', [], lee, 3_000)
    const [opening, replyOne] = a.getThread(threadId)!.comments
    a.deleteComment(replyOne!.id)
    expect(b.getThread(threadId)!.comments.map((comment) => comment.body)).toEqual([
      'Opening',
      'Reply two',
    ])
    a.deleteComment(opening!.id)
    expect(b.$threads.get()).toEqual([])
    expect(docB.getArray(commentsArrayName).length).toBe(0)
  })

  it('ignores entries that fail the schema, or sit under another key', () => {
    const { a, docA } = twoPeople()
    models.push(a)
    a.createThread(onCard, 'Valid', [], dana, 1_000)
    docA.getArray(commentsArrayName).push([
      { key: 'comment:bad', val: { kind: 'comment', id: 'bad', body: '' } },
      { key: 'thread:elsewhere', val: { ...a.$threads.get()[0]!.thread, id: 'other' } },
    ])
    expect(a.$threads.get()).toHaveLength(1)
  })

  it('reads the people roster and the export policy', () => {
    const { a, docA } = twoPeople()
    models.push(a)
    docA.getArray(peopleArrayName).push([
      {
        key: 'person:lee',
        val: {
          kind: 'person',
          id: 'lee',
          name: 'Lee',
          color: '#2f9e44',
          function: 'sales',
          lastSeenAt: 1,
        },
      },
      { key: 'person:bad', val: { kind: 'person', id: 'bad' } },
    ])
    expect(a.$roster.get().map((person) => person.name)).toEqual(['Lee'])
    expect(a.$requiresResolvedThreads.get()).toBe(false)
    a.setRequiresResolvedThreads(true, 9_000)
    expect(a.$requiresResolvedThreads.get()).toBe(true)
    expect(docA.getArray(workshopArrayName).toJSON()).toEqual([
      {
        key: 'exportPolicy',
        val: { kind: 'exportPolicy', requiresResolvedThreads: true, updatedAt: 9_000 },
      },
    ])
  })

  it('reads without ever writing, even when an entry is duplicated (viewers may not write)', () => {
    const doc = new Y.Doc()
    const entry = { key: 'x', val: 1 }
    doc.getArray(commentsArrayName).push([entry, { key: 'x', val: 2 }])
    let writes = 0
    doc.on('update', () => writes++)
    const seen: unknown[] = []
    const stop = observeKeyValues(doc.getArray(commentsArrayName), (values) =>
      seen.push(values.get('x')),
    )
    const model = new BoardComments(doc)
    models.push(model)
    expect(writes).toBe(0)
    expect(seen).toEqual([2])
    stop()
  })
})
