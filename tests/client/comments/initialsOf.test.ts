import { describe, expect, it } from 'vitest'
import { initialsOf } from '../../../client/comments/CommentParts'

describe('initials on comment avatars', () => {
  it('takes the first letters of the first two words', () => {
    expect(initialsOf('Dana Lee')).toBe('DL')
    expect(initialsOf('  maria   de souza ')).toBe('MD')
    expect(initialsOf('Jörg Ørsted')).toBe('JØ')
  })

  it('skips a team in brackets after the name', () => {
    expect(initialsOf('Carol Diaz (CS)')).toBe('CD')
    expect(initialsOf('Sam (Sales)')).toBe('S')
    expect(initialsOf('Priya [Product] Rao')).toBe('PR')
    expect(initialsOf('(Marketing) Omar')).toBe('O')
  })

  it('skips words that start with no letter or digit', () => {
    expect(initialsOf('Ana - Sales')).toBe('AS')
    expect(initialsOf('@@@')).toBe('?')
    expect(initialsOf('')).toBe('?')
  })
})
