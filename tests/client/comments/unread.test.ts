import { describe, expect, it } from 'vitest'
import {
  beginVisit,
  isMentioned,
  isThreadUnread,
  markThreadsRead,
  maxReadMarks,
  sortThreadsForList,
} from '../../../client/comments/unread'
import type { ThreadView } from '../../../shared/workshop/commentThreads'

function view(id: string, comments: { by: string; at: number; mentions?: string[] }[]): ThreadView {
  return {
    thread: {
      kind: 'thread',
      id,
      anchor: { type: 'point', pageId: 'page:1', x: 0, y: 0 },
      authorId: comments[0]!.by,
      createdAt: comments[0]!.at,
      status: 'open',
      statusBy: null,
      statusAt: null,
    },
    comments: comments.map((comment, index) => ({
      kind: 'comment',
      id: `${id}-${index}`,
      threadId: id,
      authorId: comment.by,
      authorName: comment.by,
      authorColor: '#1971c2',
      body: 'text',
      mentions: comment.mentions ?? [],
      createdAt: comment.at,
      editedAt: null,
    })),
    lastActivityAt: comments[comments.length - 1]!.at,
  }
}

describe('unread threads', () => {
  const context = { selfId: 'me', since: 100, readAt: {} }

  it('is unread when someone else commented since the last visit', () => {
    expect(isThreadUnread(view('t', [{ by: 'lee', at: 150 }]), context)).toBe(true)
    expect(isThreadUnread(view('t', [{ by: 'lee', at: 50 }]), context)).toBe(false)
  })

  it('never counts one’s own comments', () => {
    expect(isThreadUnread(view('t', [{ by: 'me', at: 150 }]), context)).toBe(false)
  })

  it('is read again once opened, until someone replies after that', () => {
    const thread = view('t', [
      { by: 'lee', at: 150 },
      { by: 'ada', at: 300 },
    ])
    expect(isThreadUnread(thread, { ...context, readAt: { t: 200 } })).toBe(true)
    expect(isThreadUnread(thread, { ...context, readAt: { t: 400 } })).toBe(false)
  })

  it('tells threads that mention me', () => {
    expect(isMentioned(view('t', [{ by: 'lee', at: 1, mentions: ['me'] }]), 'me')).toBe(true)
    expect(isMentioned(view('t', [{ by: 'me', at: 1, mentions: ['me'] }]), 'me')).toBe(false)
  })

  it('lists unread threads first, then the most recent', () => {
    const threads = [
      view('old-unread', [{ by: 'lee', at: 120 }]),
      view('new-read', [{ by: 'me', at: 900 }]),
      view('newer-unread', [{ by: 'lee', at: 500 }]),
    ]
    const sorted = sortThreadsForList(threads, (item) => isThreadUnread(item, context))
    expect(sorted.map((item) => item.thread.id)).toEqual(['newer-unread', 'old-unread', 'new-read'])
  })
})

describe('visits', () => {
  it('on a first visit, only what arrives from now on is unread', () => {
    expect(beginVisit(undefined, 1_000)).toEqual({
      since: 1_000,
      visit: { lastVisitAt: 1_000, readAt: {} },
    })
  })

  it('counts from the previous visit and forgets read marks it already covers', () => {
    const previous = { lastVisitAt: 500, readAt: { old: 400, during: 700 } }
    expect(beginVisit(previous, 2_000)).toEqual({
      since: 500,
      visit: { lastVisitAt: 2_000, readAt: { during: 700 } },
    })
  })

  it('keeps the newest read marks when there are too many', () => {
    let visit = { lastVisitAt: 0, readAt: {} as Record<string, number> }
    for (let i = 0; i < maxReadMarks; i++) visit = markThreadsRead(visit, [`t${i}`], i + 1)
    visit = markThreadsRead(visit, ['latest'], 10_000)
    expect(Object.keys(visit.readAt)).toHaveLength(maxReadMarks)
    expect(visit.readAt.latest).toBe(10_000)
    expect(visit.readAt.t0).toBeUndefined()
  })
})
