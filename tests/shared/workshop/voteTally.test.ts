import { YKeyValue } from 'y-utility/y-keyvalue'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ballotKey } from '../../../shared/workshop/entryKeys'
import {
  addDot,
  countedDots,
  emptyFunctionCounts,
  findDisagreements,
  isSecretSession,
  latestClosedSessions,
  publishTally,
  readBallots,
  readPublishedTallies,
  readVoteSessions,
  removeDot,
  sessionTally,
  tallyFromPublished,
  tallyVotes,
  votesForCompile,
  type TalliedSession,
} from '../../../shared/workshop/voteTally'
import {
  votesArrayName,
  type Ballot,
  type ParticipantFunction,
  type PublishedTally,
  type VoteSession,
} from '../../../shared/workshop/workshopLayout'

const session: TalliedSession = { id: 's1', cardType: 'icp-attribute', votesPerPerson: 3 }

/** Live cards in reading order: three attributes and a persona. */
const cards = new Map([
  ['shape:industry', 'icp-attribute'],
  ['shape:size', 'icp-attribute'],
  ['shape:region', 'icp-attribute'],
  ['shape:cfo', 'icp-persona'],
])

function ballot(
  participantId: string,
  fn: ParticipantFunction,
  shapeIds: string[],
  changes: Partial<Ballot> = {},
): Ballot {
  return {
    kind: 'ballot',
    sessionId: 's1',
    participantId,
    participantName: participantId,
    function: fn,
    shapeIds,
    updatedAt: 1000,
    ...changes,
  }
}

function counts(partial: Partial<Record<ParticipantFunction, number>>) {
  return { ...emptyFunctionCounts(), ...partial }
}

function totals(tally: ReturnType<typeof tallyVotes>) {
  return tally.cards.map((card) => [card.shapeId, card.total])
}

describe('tallyVotes', () => {
  it('counts every dot per card and per function, most votes first', () => {
    const tally = tallyVotes(
      session,
      [
        ballot('ana', 'sales', ['shape:size', 'shape:size', 'shape:industry']),
        ballot('bo', 'product', ['shape:region', 'shape:size']),
      ],
      cards,
    )
    expect(tally).toEqual({
      sessionId: 's1',
      cards: [
        {
          shapeId: 'shape:size',
          total: 3,
          byFunction: counts({ sales: 2, product: 1 }),
          voters: 2,
        },
        { shapeId: 'shape:industry', total: 1, byFunction: counts({ sales: 1 }), voters: 1 },
        { shapeId: 'shape:region', total: 1, byFunction: counts({ product: 1 }), voters: 1 },
      ],
      voters: 2,
      dots: 5,
      votersByFunction: counts({ sales: 1, product: 1 }),
      dotsByFunction: counts({ sales: 3, product: 2 }),
    })
  })

  it('keeps cards without votes, in board order after the voted ones', () => {
    const tally = tallyVotes(session, [ballot('ana', 'sales', ['shape:region'])], cards)
    expect(totals(tally)).toEqual([
      ['shape:region', 1],
      ['shape:industry', 0],
      ['shape:size', 0],
    ])
  })

  it('caps each ballot at the votes per person, counting its first dots', () => {
    const tally = tallyVotes(
      session,
      [ballot('ana', 'sales', ['shape:size', 'shape:size', 'shape:size', 'shape:region'])],
      cards,
    )
    expect(totals(tally)).toEqual([
      ['shape:size', 3],
      ['shape:industry', 0],
      ['shape:region', 0],
    ])
    expect(tally.dots).toBe(3)
  })

  it('ignores dots on deleted cards and on cards of another kind, so they do not use up votes', () => {
    const tally = tallyVotes(
      session,
      [
        ballot('ana', 'sales', [
          'shape:gone',
          'shape:cfo',
          'shape:size',
          'shape:region',
          'shape:industry',
        ]),
      ],
      cards,
    )
    expect(totals(tally)).toEqual([
      ['shape:industry', 1],
      ['shape:size', 1],
      ['shape:region', 1],
    ])
  })

  it('ignores ballots of other sessions and voters without counted dots', () => {
    const tally = tallyVotes(
      session,
      [
        ballot('ana', 'sales', ['shape:size'], { sessionId: 's0' }),
        ballot('bo', 'product', ['shape:cfo']),
        ballot('cy', 'marketing', []),
      ],
      cards,
    )
    expect(tally.voters).toBe(0)
    expect(tally.dots).toBe(0)
  })

  it('counts one ballot per participant, the latest', () => {
    const tally = tallyVotes(
      session,
      [
        ballot('ana', 'sales', ['shape:region'], { updatedAt: 3000 }),
        ballot('ana', 'sales', ['shape:size'], { updatedAt: 2000 }),
      ],
      cards,
    )
    expect(totals(tally)[0]).toEqual(['shape:region', 1])
    expect(tally.voters).toBe(1)
  })

  it('is exact when many participants vote at the same time on separate docs', () => {
    // Twelve clients vote concurrently, each writing only its own ballot key, then sync.
    const docs = Array.from({ length: 12 }, () => new Y.Doc())
    const functions: ParticipantFunction[] = ['sales', 'marketing', 'product', 'customerSuccess']
    docs.forEach((doc, i) => {
      const votes = new YKeyValue<Ballot>(doc.getArray(votesArrayName))
      const entry = ballot(`p${i}`, functions[i % 4]!, [
        'shape:size',
        'shape:industry',
        'shape:size',
      ])
      votes.set(ballotKey(entry), entry)
    })
    const merged = new Y.Doc()
    for (const doc of docs) Y.applyUpdate(merged, Y.encodeStateAsUpdate(doc))
    // And back: every client ends with the same doc.
    for (const doc of docs) Y.applyUpdate(doc, Y.encodeStateAsUpdate(merged))

    const tallies = [merged, ...docs].map((doc) => {
      const values = new Map(
        doc.getArray<{ key: string; val: unknown }>(votesArrayName).map((e) => [e.key, e.val]),
      )
      return tallyVotes(session, readBallots(values, 's1'), cards)
    })
    expect(tallies[0]!.dots).toBe(36)
    expect(totals(tallies[0]!)).toEqual([
      ['shape:size', 24],
      ['shape:industry', 12],
      ['shape:region', 0],
    ])
    expect(tallies[0]!.dotsByFunction).toEqual(
      counts({ sales: 9, marketing: 9, product: 9, customerSuccess: 9 }),
    )
    for (const tally of tallies) expect(tally).toEqual(tallies[0])
  })
})

describe('readBallots', () => {
  it('keeps valid ballots stored under their own key, optionally of one session', () => {
    const good = ballot('ana', 'sales', ['shape:size'])
    const other = ballot('bo', 'sales', [], { sessionId: 's2' })
    const values = new Map<string, unknown>([
      [ballotKey(good), good],
      [ballotKey(other), other],
      ['ballot:s1:mallory', ballot('ana', 'sales', ['shape:region'])],
      ['ballot:s1:eve', { kind: 'ballot', sessionId: 's1' }],
    ])
    expect(readBallots(values)).toEqual([good, other])
    expect(readBallots(values, 's1')).toEqual([good])
  })
})

describe('readVoteSessions', () => {
  it('returns the valid sessions, newest first', () => {
    const older = voteSession({ id: 'a', startedAt: 1 })
    const newer = voteSession({ id: 'b', startedAt: 2 })
    const values = new Map<string, unknown>([
      ['voteSession:a', older],
      ['voteSession:b', newer],
      ['voteSession:c', { kind: 'voteSession' }],
      ['voteSession:x', voteSession({ id: 'y' })],
      ['timer', { kind: 'timer' }],
    ])
    expect(readVoteSessions(values)).toEqual([newer, older])
  })
})

function voteSession(changes: Partial<VoteSession> = {}): VoteSession {
  return {
    kind: 'voteSession',
    id: 's1',
    title: 'Key attributes',
    cardType: 'icp-attribute',
    votesPerPerson: 3,
    isAnonymous: false,
    isHiddenUntilEnd: false,
    status: 'closed',
    startedAt: 1000,
    endsAt: null,
    closedAt: 2000,
    ...changes,
  }
}

describe('findDisagreements', () => {
  it('lists the cards whose share of each function’s dots differs most', () => {
    const tally = tallyVotes(
      session,
      [
        ballot('ana', 'sales', ['shape:size', 'shape:size', 'shape:industry']),
        ballot('al', 'sales', ['shape:size', 'shape:size', 'shape:industry']),
        ballot('bo', 'product', ['shape:region', 'shape:region', 'shape:industry']),
      ],
      cards,
    )
    expect(findDisagreements(tally)).toEqual([
      {
        shapeId: 'shape:size',
        spread: 4 / 6,
        shares: [
          { function: 'sales', share: 4 / 6, dots: 4 },
          { function: 'product', share: 0, dots: 0 },
        ],
      },
      {
        shapeId: 'shape:region',
        spread: 2 / 3,
        shares: [
          { function: 'product', share: 2 / 3, dots: 2 },
          { function: 'sales', share: 0, dots: 0 },
        ],
      },
    ])
  })

  it('finds none when only one function voted or everyone agrees', () => {
    const oneTeam = tallyVotes(session, [ballot('ana', 'sales', ['shape:size'])], cards)
    expect(findDisagreements(oneTeam)).toEqual([])
    const agreed = tallyVotes(
      session,
      [ballot('ana', 'sales', ['shape:size']), ballot('bo', 'product', ['shape:size'])],
      cards,
    )
    expect(findDisagreements(agreed)).toEqual([])
  })
})

describe('votesForCompile', () => {
  it('uses the latest closed session of each card kind', () => {
    const oldAttributes = voteSession({ id: 'old', closedAt: 1500 })
    const newAttributes = voteSession({ id: 's1', startedAt: 3000, closedAt: 4000 })
    const open = voteSession({ id: 'open', startedAt: 5000, status: 'open', closedAt: null })
    const personas = voteSession({ id: 'p', cardType: 'icp-persona', closedAt: 2500 })
    const sessions = readVoteSessions(
      new Map(
        [open, newAttributes, oldAttributes, personas].map((s) => [`voteSession:${s.id}`, s]),
      ),
    )
    expect(
      latestClosedSessions(sessions)
        .map((s) => s.id)
        .sort(),
    ).toEqual(['p', 's1'])

    const ballots = [
      ballot('ana', 'sales', ['shape:size', 'shape:size']),
      ballot('ana', 'sales', ['shape:region'], { sessionId: 'old' }),
      ballot('ana', 'sales', ['shape:industry'], { sessionId: 'open' }),
      ballot('ana', 'sales', ['shape:cfo'], { sessionId: 'p' }),
    ]
    expect(votesForCompile(sessions, ballots, new Map(), cards)).toEqual(
      new Map([
        ['shape:size', 2],
        ['shape:cfo', 1],
      ]),
    )
  })
})

describe('secret sessions', () => {
  const secretBallots = [
    ballot('ana', 'sales', ['shape:size', 'shape:size', 'shape:region']),
    ballot('bo', 'product', ['shape:region', 'shape:gone']),
    ballot('cy', 'sales', ['shape:cfo']),
  ]

  it('are the anonymous ones and those hidden until the end', () => {
    expect(isSecretSession(voteSession())).toBe(false)
    expect(isSecretSession(voteSession({ isAnonymous: true }))).toBe(true)
    expect(isSecretSession(voteSession({ isHiddenUntilEnd: true }))).toBe(true)
  })

  it('publish dots per card by function, in card id order, and never who cast them', () => {
    const anonymous = voteSession({ isAnonymous: true, status: 'open', closedAt: null })
    const tally = publishTally(anonymous, secretBallots, cards)
    // Counted by hand: Ana 2 on size and 1 on region (sales), Bo 1 on region (product; the
    // deleted card drops out), Cy's persona dot is not an attribute.
    expect(tally).toEqual({
      kind: 'tally',
      sessionId: 's1',
      isFinal: false,
      hasResults: true,
      voters: 2,
      dots: 4,
      votersByFunction: counts({ sales: 1, product: 1 }),
      cards: [
        { shapeId: 'shape:region', byFunction: counts({ sales: 1, product: 1 }), voters: 2 },
        { shapeId: 'shape:size', byFunction: counts({ sales: 2 }), voters: 1 },
      ],
    })
    expect(JSON.stringify(tally)).not.toMatch(/ana|bo|cy/)
  })

  it('publish only how many voted while a hidden session is open, then the results', () => {
    const hidden = voteSession({ isHiddenUntilEnd: true, status: 'open', closedAt: null })
    expect(publishTally(hidden, secretBallots, cards)).toEqual({
      kind: 'tally',
      sessionId: 's1',
      isFinal: false,
      hasResults: false,
      voters: 2,
      dots: 4,
      votersByFunction: counts({}),
      cards: [],
    })
    const closed = publishTally(voteSession({ isHiddenUntilEnd: true }), secretBallots, cards)
    expect(closed).toMatchObject({ isFinal: true, hasResults: true, voters: 2, dots: 4 })
    expect(closed.cards.map((card) => card.shapeId)).toEqual(['shape:region', 'shape:size'])
  })

  it('read back over the live cards, most dots first, like a tally of ballots', () => {
    const closed = voteSession({ isAnonymous: true })
    const published = publishTally(closed, secretBallots, cards)
    const read = tallyFromPublished(closed, published, cards)
    expect(read).toEqual(tallyVotes(closed, secretBallots, cards))
    // A card deleted since the close drops out with its dots.
    const withoutRegion = new Map([...cards].filter(([id]) => id !== 'shape:region'))
    expect(totals(tallyFromPublished(closed, published, withoutRegion))).toEqual([
      ['shape:size', 2],
      ['shape:industry', 0],
    ])
    // Nothing published yet: nobody voted.
    expect(tallyFromPublished(closed, undefined, cards)).toMatchObject({ voters: 0, dots: 0 })
  })

  it('are tallied from the published results, public ones from the ballots, also for the ICP', () => {
    const secretSession = voteSession({ id: 'sec', isAnonymous: true })
    const publicSession = voteSession({ id: 'pub', cardType: 'icp-persona' })
    const published: PublishedTally = {
      ...publishTally(secretSession, [], cards),
      cards: [{ shapeId: 'shape:industry', byFunction: counts({ other: 3 }), voters: 3 }],
    }
    const tallies = readPublishedTallies(
      new Map<string, unknown>([
        ['tally:sec', published],
        ['tally:forged', { ...published, sessionId: 'other' }],
      ]),
    )
    expect([...tallies.keys()]).toEqual(['sec'])
    // A ballot of the secret session on the board would not count: only the published tally does.
    const ballots = [
      ballot('ana', 'sales', ['shape:size'], { sessionId: 'sec' }),
      ballot('bo', 'product', ['shape:cfo'], { sessionId: 'pub' }),
    ]
    expect(totals(sessionTally(secretSession, ballots, tallies, cards))[0]).toEqual([
      'shape:industry',
      3,
    ])
    expect(votesForCompile([secretSession, publicSession], ballots, tallies, cards)).toEqual(
      new Map([
        ['shape:industry', 3],
        ['shape:cfo', 1],
      ]),
    )
  })
})

describe('placing and removing dots', () => {
  it('adds a dot while votes are left, dropping dots that no longer count', () => {
    expect(addDot(['shape:gone', 'shape:size'], 'shape:size', session, cards)).toEqual([
      'shape:size',
      'shape:size',
    ])
    const full = ['shape:size', 'shape:region', 'shape:industry']
    expect(addDot(full, 'shape:size', session, cards)).toEqual(full)
    expect(addDot([], 'shape:cfo', session, cards)).toEqual([])
  })

  it('removes the last dot placed on a card', () => {
    expect(removeDot(['shape:size', 'shape:region', 'shape:size'], 'shape:size')).toEqual([
      'shape:size',
      'shape:region',
    ])
    expect(removeDot(['shape:size'], 'shape:region')).toEqual(['shape:size'])
  })

  it('counts dots in ballot order up to the cap', () => {
    expect(
      countedDots(
        ['shape:cfo', 'shape:size', 'shape:size'],
        { ...session, votesPerPerson: 1 },
        cards,
      ),
    ).toEqual(['shape:size'])
  })
})
