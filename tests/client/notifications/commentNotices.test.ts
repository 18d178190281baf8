import { describe, expect, it } from 'vitest'
import { newCommentNotices } from '../../../client/notifications/commentNotices'
import { buildThreads } from '../../../shared/workshop/commentThreads'
import type { CommentEntry } from '../../../shared/workshop/workshopLayout'
import { comment, thread } from '../../helpers/workshopEntries'

const since = 1_700_000_000_000

function by(authorId: string, id: string, threadId: string, at: number, mentions: string[] = []) {
  return {
    ...comment(id, threadId, `${id} text`),
    authorId,
    authorName: authorId,
    createdAt: at,
    mentions,
  }
}

describe('newCommentNotices', () => {
  it('tells you about mentions and replies in threads you are in, once, never your own', () => {
    const seen = new Set<string>()
    const entries: CommentEntry[] = [
      thread('t-mine', { authorId: 'me' }),
      by('me', 'c1', 't-mine', since + 1),
      thread('t-other', { authorId: 'ann' }),
      by('ann', 'c2', 't-other', since + 2),
    ]
    expect(newCommentNotices(buildThreads(entries), seen, 'me', since)).toEqual([])
    entries.push(
      by('bob', 'c3', 't-mine', since + 3), // reply in my thread
      by('bob', 'c4', 't-other', since + 4, ['me']), // mentions me
      by('bob', 'c5', 't-other', since + 5), // neither
      by('me', 'c6', 't-other', since + 6, ['me']), // my own
    )
    const notices = newCommentNotices(buildThreads(entries), seen, 'me', since)
    expect(notices.map((notice) => [notice.kind, notice.commentId, notice.authorName])).toEqual([
      ['reply', 'c3', 'bob'],
      ['mention', 'c4', 'bob'],
    ])
    // Now that I wrote in t-other, a later reply there concerns me; nothing is told twice.
    entries.push(by('ann', 'c7', 't-other', since + 7))
    expect(
      newCommentNotices(buildThreads(entries), seen, 'me', since).map((n) => n.commentId),
    ).toEqual(['c7'])
  })

  it('ignores comments older than the visit, which arrive with the first sync', () => {
    const entries: CommentEntry[] = [thread('t'), by('bob', 'old', 't', since - 1, ['me'])]
    expect(newCommentNotices(buildThreads(entries), new Set(), 'me', since)).toEqual([])
  })
})
