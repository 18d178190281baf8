import { describe, expect, it } from 'vitest'
import {
  maxReactionsPerBoard,
  maxReactionsPerPerson,
  orphanReactionKeys,
  reactionLimitProblem,
  tallyReactions,
} from '../../../shared/workshop/reactionTally'
import { reactionSchema, type Reaction } from '../../../shared/workshop/workshopLayout'
import { reaction } from '../../helpers/workshopEntries'

/** A reaction made at `createdAt`. */
function made(
  shapeId: string,
  participantId: string,
  kind: Reaction['reaction'],
  createdAt: number,
): Reaction {
  return reaction(shapeId, participantId, kind, createdAt).value
}

describe('the reaction schema', () => {
  it('refuses ids that would make a key read two ways, and other records than shapes', () => {
    const valid = made('shape:a', 'p-ann', 'agree', 1)
    expect(reactionSchema.safeParse(valid).success).toBe(true)
    expect(reactionSchema.safeParse({ ...valid, participantId: 'p:ann' }).success).toBe(false)
    expect(reactionSchema.safeParse({ ...valid, shapeId: 'page:a' }).success).toBe(false)
    expect(reactionSchema.safeParse({ ...valid, shapeId: 'shape:with space' }).success).toBe(false)
  })
})

describe('tallyReactions', () => {
  it('counts each kind per card in the fixed order, people in the order they reacted', () => {
    const reactions = [
      made('shape:a', 'p-cy', 'agree', 30),
      made('shape:a', 'p-ann', 'question', 5),
      made('shape:a', 'p-bob', 'agree', 10),
      made('shape:a', 'p-ann', 'agree', 20),
      made('shape:b', 'p-bob', 'disagree', 1),
    ]
    expect(Object.fromEntries(tallyReactions(reactions, 'p-ann'))).toEqual({
      'shape:a': [
        { reaction: 'agree', participantIds: ['p-bob', 'p-ann', 'p-cy'], isMine: true },
        { reaction: 'question', participantIds: ['p-ann'], isMine: true },
      ],
      'shape:b': [{ reaction: 'disagree', participantIds: ['p-bob'], isMine: false }],
    })
  })

  it('orders people who reacted at the same moment by id, alike on every client', () => {
    const one = [made('shape:a', 'p-b', 'agree', 1), made('shape:a', 'p-a', 'agree', 1)]
    const tally = (list: Reaction[]) => tallyReactions(list, 'x').get('shape:a')
    expect(tally(one)).toEqual(tally([...one].reverse()))
    expect(tally(one)?.[0]?.participantIds).toEqual(['p-a', 'p-b'])
  })

  it('skips reactions on what is not a card of the board', () => {
    const reactions = [
      made('shape:a', 'p-ann', 'agree', 1),
      made('shape:gone', 'p-ann', 'agree', 1),
    ]
    expect([...tallyReactions(reactions, 'p-ann', (id) => id === 'shape:a').keys()]).toEqual([
      'shape:a',
    ])
  })
})

describe('reactionLimitProblem', () => {
  const many = (count: number, participantId: (i: number) => string) =>
    Array.from({ length: count }, (_, i) => ({ participantId: participantId(i) }))

  it(`allows ${maxReactionsPerPerson} reactions of one person and refuses one more`, () => {
    expect(
      reactionLimitProblem(
        many(maxReactionsPerPerson, () => 'p-ann'),
        'p-ann',
      ),
    ).toBeNull()
    expect(
      reactionLimitProblem(
        many(maxReactionsPerPerson + 1, () => 'p-ann'),
        'p-ann',
      ),
    ).toBe(
      `one person may have at most ${maxReactionsPerPerson} reactions on a board: take some back first`,
    )
    // Someone else's count is not yours.
    expect(
      reactionLimitProblem(
        many(maxReactionsPerPerson + 1, () => 'p-ann'),
        'p-bob',
      ),
    ).toBeNull()
  })

  it(`allows ${maxReactionsPerBoard} reactions on a board and refuses one more`, () => {
    const person = (i: number) => `p-${Math.floor(i / maxReactionsPerPerson)}`
    expect(reactionLimitProblem(many(maxReactionsPerBoard, person), 'p-new')).toBeNull()
    expect(reactionLimitProblem(many(maxReactionsPerBoard + 1, person), 'p-new')).toBe(
      'the board holds 20,000 reactions, the most it may hold',
    )
  })
})

describe('orphanReactionKeys', () => {
  const values = new Map<string, unknown>([
    ['reaction:shape:a:p-ann:agree', made('shape:a', 'p-ann', 'agree', 1)],
    ['reaction:shape:gone:p-ann:agree', made('shape:gone', 'p-ann', 'agree', 1)],
    ['reaction:shape:gone:p-bob:question', made('shape:gone', 'p-bob', 'question', 1)],
    ['reaction:shape:lost:p-ann:agree', made('shape:lost', 'p-ann', 'agree', 1)],
  ])
  const hasCard = (id: string) => id === 'shape:a'

  it('lists the reactions whose card is gone', () => {
    expect(orphanReactionKeys(values, hasCard)).toEqual([
      'reaction:shape:gone:p-ann:agree',
      'reaction:shape:gone:p-bob:question',
      'reaction:shape:lost:p-ann:agree',
    ])
  })

  it('looks only at the cards it is given', () => {
    expect(orphanReactionKeys(values, hasCard, new Set(['shape:lost', 'shape:a']))).toEqual([
      'reaction:shape:lost:p-ann:agree',
    ])
  })
})
