import { describe, expect, it } from 'vitest'
import {
  creationMeta,
  isHiddenByPrivateMode,
  readCreationMeta,
  type PrivateModeState,
} from '../../../shared/workshop/privateMode'

const round = 1_800_000_000_000
const on: PrivateModeState = { kind: 'privateMode', isOn: true, startedAt: round }
const off: PrivateModeState = { kind: 'privateMode', isOn: false, startedAt: null }

describe('creationMeta', () => {
  it('records the creator and time, and the private round while private mode is on', () => {
    expect(creationMeta('ana', round + 5, on)).toEqual({
      createdBy: 'ana',
      createdAt: round + 5,
      privateRound: round,
    })
    expect(creationMeta('ana', 5, off)).toEqual({ createdBy: 'ana', createdAt: 5 })
    expect(creationMeta('ana', 5, null)).toEqual({ createdBy: 'ana', createdAt: 5 })
  })
})

describe('readCreationMeta', () => {
  it('keeps the fields of the right type only', () => {
    expect(
      readCreationMeta({ createdBy: 'ana', createdAt: '1', privateRound: 3, other: 1 }),
    ).toEqual({ createdBy: 'ana', privateRound: 3 })
    expect(readCreationMeta(null)).toEqual({})
  })
})

describe('isHiddenByPrivateMode', () => {
  const bobsCard = creationMeta('bob', round + 1000, on)

  it('hides cards others create during the round', () => {
    expect(isHiddenByPrivateMode(bobsCard, on, 'ana')).toBe(true)
  })

  it('shows people their own cards', () => {
    expect(isHiddenByPrivateMode(bobsCard, on, 'bob')).toBe(false)
  })

  it('shows everything once revealed', () => {
    expect(isHiddenByPrivateMode(bobsCard, off, 'ana')).toBe(false)
    expect(isHiddenByPrivateMode(bobsCard, null, 'ana')).toBe(false)
  })

  it('shows cards made before the round, in an earlier round, or without a creator', () => {
    expect(isHiddenByPrivateMode(creationMeta('bob', round - 1, null), on, 'ana')).toBe(false)
    const earlier = creationMeta('bob', 10, { ...on, startedAt: 10 })
    expect(isHiddenByPrivateMode(earlier, on, 'ana')).toBe(false)
    expect(isHiddenByPrivateMode({}, on, 'ana')).toBe(false)
  })

  it('does not depend on the creator’s clock', () => {
    // Bob's clock is an hour behind; his card still belongs to the round.
    const skewed = creationMeta('bob', round - 3_600_000, on)
    expect(isHiddenByPrivateMode(skewed, on, 'ana')).toBe(true)
  })
})
