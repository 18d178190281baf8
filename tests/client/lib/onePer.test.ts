import { describe, expect, it } from 'vitest'
import { onePer } from '../../../client/lib/onePer'

describe('onePer', () => {
  it('creates one value per key object and hands the same one back', () => {
    let created = 0
    const modelOf = onePer((key: object) => ({ key, serial: ++created }))
    const a = {}
    const b = {}
    expect(modelOf(a)).toBe(modelOf(a))
    expect(modelOf(b)).not.toBe(modelOf(a))
    expect(modelOf(b).key).toBe(b)
    expect(created).toBe(2)
  })
})
