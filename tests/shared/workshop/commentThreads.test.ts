import { describe, expect, it } from 'vitest'
import {
  buildThreads,
  commentKey,
  describeShape,
  openThreadsForIcp,
  parseCommentEntries,
  threadKey,
} from '../../../shared/workshop/commentThreads'
import type { Comment, CommentThread } from '../../../shared/workshop/workshopLayout'

function thread(id: string, changes: Partial<CommentThread> = {}): CommentThread {
  return {
    kind: 'thread',
    id,
    anchor: { type: 'shape', shapeId: 'shape:industry', pageId: 'page:1' },
    authorId: 'dana',
    createdAt: 1_000,
    status: 'open',
    statusBy: null,
    statusAt: null,
    ...changes,
  }
}

function comment(id: string, threadId: string, changes: Partial<Comment> = {}): Comment {
  return {
    kind: 'comment',
    id,
    threadId,
    authorId: 'dana',
    authorName: 'Dana',
    authorColor: '#1971c2',
    body: `Comment ${id}`,
    mentions: [],
    createdAt: 1_000,
    editedAt: null,
    ...changes,
  }
}

const entry = (value: CommentThread | Comment) =>
  [value.kind === 'thread' ? threadKey(value.id) : commentKey(value.id), value] as const

describe('parseCommentEntries', () => {
  it('keeps valid entries stored under their own key and skips everything else', () => {
    const valid = thread('t1')
    const entries = parseCommentEntries([
      entry(valid),
      ['thread:other', thread('t2')],
      ['comment:c9', { kind: 'comment', id: 'c9' }],
      ['comment:c8', { ...comment('c8', 't1'), authorColor: 'red' }],
      ['comment:c7', 'not an object'],
    ])
    expect(entries).toEqual([valid])
  })
})

describe('buildThreads', () => {
  it('groups comments under their thread, oldest first, newest activity first', () => {
    const entries = parseCommentEntries([
      entry(thread('old', { createdAt: 100 })),
      entry(thread('new', { createdAt: 200 })),
      entry(comment('b', 'old', { createdAt: 300 })),
      entry(comment('a', 'old', { createdAt: 100 })),
      entry(comment('c', 'new', { createdAt: 200 })),
    ])
    const threads = buildThreads(entries)
    expect(threads.map((view) => view.thread.id)).toEqual(['old', 'new'])
    expect(threads[0]!.comments.map((item) => item.id)).toEqual(['a', 'b'])
    expect(threads[0]!.lastActivityAt).toBe(300)
  })

  it('leaves out threads without comments and comments without a thread', () => {
    const threads = buildThreads([thread('empty'), comment('lost', 'missing')])
    expect(threads).toEqual([])
  })

  it('counts a resolve as activity', () => {
    const [view] = buildThreads([
      thread('t', { status: 'resolved', statusBy: 'Lee', statusAt: 5_000 }),
      comment('c', 't', { createdAt: 1_000 }),
    ])
    expect(view!.lastActivityAt).toBe(5_000)
  })
})

describe('describeShape', () => {
  it('names cards by kind and their main text', () => {
    expect(
      describeShape({
        type: 'icp-attribute',
        props: { category: 'industry', label: '', value: 'video games' },
      }),
    ).toBe('Attribute “Industry: video games”')
    expect(describeShape({ type: 'icp-persona', props: { title: 'Head of Growth' } })).toBe(
      'Persona “Head of Growth”',
    )
    expect(describeShape({ type: 'icp-pain', props: { problem: '' } })).toBe('Pain point card')
    expect(describeShape(undefined)).toBe('A deleted card')
  })

  it('shortens long texts', () => {
    const label = describeShape({ type: 'icp-evidence', props: { customer: 'x'.repeat(100) } })
    expect(label).toBe(`Best customer “${'x'.repeat(59)}…”`)
  })
})

describe('openThreadsForIcp', () => {
  const doc = {
    sourceShapeIds: ['shape:industry'],
    statementShapeId: 'shape:statement',
    scope: { pageId: 'page:1', pageName: 'Page 1', frameId: null, frameName: null },
  }
  const threads = buildThreads([
    thread('on-card', { createdAt: 2_000 }),
    comment('c1', 'on-card', { createdAt: 2_000, body: 'Is EMEA in?' }),
    comment('c2', 'on-card', {
      createdAt: 3_000,
      authorName: 'Lee',
      authorId: 'lee',
      body: '@Dana yes',
    }),
    thread('on-canvas', {
      createdAt: 1_000,
      anchor: { type: 'point', pageId: 'page:1', x: 10, y: 20 },
    }),
    comment('c3', 'on-canvas', { createdAt: 1_000 }),
    thread('elsewhere', {
      anchor: { type: 'shape', shapeId: 'shape:other-icp', pageId: 'page:1' },
    }),
    comment('c4', 'elsewhere'),
    thread('done', { status: 'resolved' }),
    comment('c5', 'done'),
  ])

  it('lists the open threads on the ICP’s cards and page, oldest first, with every comment', () => {
    const open = openThreadsForIcp(doc, threads, { shapeLabel: () => 'Attribute “Industry”' })
    expect(open).toEqual([
      {
        id: 'on-canvas',
        shapeId: null,
        anchorLabel: 'A point on the canvas',
        comments: [{ author: 'Dana', createdAt: '1970-01-01T00:00:01.000Z', body: 'Comment c3' }],
      },
      {
        id: 'on-card',
        shapeId: 'shape:industry',
        anchorLabel: 'Attribute “Industry”',
        comments: [
          { author: 'Dana', createdAt: '1970-01-01T00:00:02.000Z', body: 'Is EMEA in?' },
          { author: 'Lee', createdAt: '1970-01-01T00:00:03.000Z', body: '@Dana yes' },
        ],
      },
    ])
  })

  it('leaves canvas threads out of a frame-scoped ICP unless the point is inside it', () => {
    const framed = { ...doc, scope: { ...doc.scope, frameId: 'shape:frame', frameName: 'A' } }
    const ids = (isPointInIcp?: () => boolean) =>
      openThreadsForIcp(framed, threads, { shapeLabel: () => '', isPointInIcp }).map(
        (open) => open.id,
      )
    expect(ids()).toEqual(['on-card'])
    expect(ids(() => true)).toEqual(['on-canvas', 'on-card'])
  })
})
