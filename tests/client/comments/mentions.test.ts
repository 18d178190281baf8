import { describe, expect, it } from 'vitest'
import {
  findMentionQuery,
  insertMention,
  mentionedIds,
  splitMentions,
  suggestMentions,
} from '../../../client/comments/mentions'

const people = [
  { id: 'dana', name: 'Dana Reyes', color: '#1971c2' },
  { id: 'lee', name: 'Lee Chen', color: '#2f9e44' },
  { id: 'ada', name: 'Adam Dahl', color: '#e03131' },
  { id: 'zoe', name: 'Zoë Adler', color: '#7048e8' },
]

describe('findMentionQuery', () => {
  it('finds the name being typed after an @ at the start or after a space', () => {
    expect(findMentionQuery('@Da', 3)).toEqual({ start: 0, query: 'Da' })
    expect(findMentionQuery('Thanks @Lee C', 13)).toEqual({ start: 7, query: 'Lee C' })
    expect(findMentionQuery('Ask @', 5)).toEqual({ start: 4, query: '' })
  })

  it('ignores e-mail addresses, other lines and text after the caret', () => {
    expect(findMentionQuery('dana@example.com', 16)).toBeNull()
    expect(findMentionQuery('@Dana\nnext', 10)).toBeNull()
    expect(findMentionQuery('no mention @', 3)).toBeNull()
    expect(findMentionQuery('@ Dana', 6)).toBeNull()
  })
})

describe('suggestMentions', () => {
  it('ranks names starting with the query, then words starting with it, then the rest', () => {
    const names = (query: string) =>
      suggestMentions(people, query, { selfId: 'nobody' }).map((person) => person.name)
    expect(names('ad')).toEqual(['Adam Dahl', 'Zoë Adler'])
    expect(names('da')).toEqual(['Dana Reyes', 'Adam Dahl'])
    expect(names('')).toEqual(['Adam Dahl', 'Dana Reyes', 'Lee Chen', 'Zoë Adler'])
  })

  it('matches without accents and never suggests the person typing', () => {
    expect(suggestMentions(people, 'zoe', { selfId: 'dana' }).map((p) => p.id)).toEqual(['zoe'])
    expect(suggestMentions(people, 'dan', { selfId: 'dana' })).toEqual([])
  })
})

describe('insertMention', () => {
  it('replaces the typed query with the full name and a space, caret after it', () => {
    const text = 'Can @le check the CRM?'
    const result = insertMention(text, { start: 4, query: 'le' }, 7, 'Lee Chen')
    expect(result).toEqual({ text: 'Can @Lee Chen check the CRM?', caret: 14 })
  })
})

describe('mentionedIds and splitMentions', () => {
  it('finds the people mentioned by full name, once each', () => {
    expect(mentionedIds('@Dana Reyes and @Lee Chen, @Dana Reyes again', people)).toEqual([
      'dana',
      'lee',
    ])
    expect(mentionedIds('@Dana alone is not a full name; mail dana@x.io', people)).toEqual([])
    expect(mentionedIds('@Lee Chenko is someone else', people)).toEqual([])
  })

  it('cuts a body into text and mentions for highlighting', () => {
    expect(splitMentions('Hi @Lee Chen, see @Dana Reyes.', ['Lee Chen', 'Dana Reyes'])).toEqual([
      { text: 'Hi ', isMention: false },
      { text: '@Lee Chen', isMention: true },
      { text: ', see ', isMention: false },
      { text: '@Dana Reyes', isMention: true },
      { text: '.', isMention: false },
    ])
    expect(splitMentions('no mentions', [])).toEqual([{ text: 'no mentions', isMention: false }])
  })
})
