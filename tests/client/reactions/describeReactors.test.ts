import { describe, expect, it } from 'vitest'
import { describeReactors } from '../../../client/reactions/describeReactors'

const names = new Map([
  ['p-alice', 'Alice'],
  ['p-bob', 'Bob'],
  ['p-cy', 'Cy'],
  ['p-dee', 'Dee'],
  ['p-eve', 'Eve'],
  ['p-fay', 'Fay'],
  ['p-gus', 'Gus'],
  ['p-hal', 'Hal'],
])

describe('describeReactors', () => {
  it('names one, two and three people in the order they reacted', () => {
    expect(describeReactors(['p-bob'], names, 'me')).toBe('Bob')
    expect(describeReactors(['p-bob', 'p-alice'], names, 'me')).toBe('Bob and Alice')
    expect(describeReactors(['p-cy', 'p-alice', 'p-bob'], names, 'me')).toBe('Cy, Alice and Bob')
  })

  it('puts the local person first, as "You"', () => {
    expect(describeReactors(['p-alice', 'p-bob', 'me'], names, 'me')).toBe('You, Alice and Bob')
    expect(describeReactors(['me'], names, 'me')).toBe('You')
  })

  it('counts the people beyond five, but never says "and 1 other"', () => {
    const six = ['p-alice', 'p-bob', 'p-cy', 'p-dee', 'p-eve', 'p-fay']
    expect(describeReactors(six, names, 'me')).toBe('Alice, Bob, Cy, Dee, Eve and Fay')
    expect(describeReactors([...six, 'p-gus', 'p-hal'], names, 'me')).toBe(
      'Alice, Bob, Cy, Dee, Eve and 3 others',
    )
  })

  it('says who is no longer on the list of people', () => {
    expect(describeReactors(['p-alice', 'p-gone'], names, 'me')).toBe('Alice and someone who left')
  })
})
