import type { TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { attributeCardVersions } from '../../../shared/schema/attributeCard'
import { createBoardSchema } from '../../../shared/schema/boardSchema'
import { painPointCardVersions } from '../../../shared/schema/painPointCard'
import { personaCardVersions } from '../../../shared/schema/personaCard'
import { BoardBuilder } from '../../helpers/boardBuilder'
import { firstCardVersionSchema, migrateRecord } from '../../helpers/migrateRecords'

const schema = createBoardSchema()
const firstVersion = firstCardVersionSchema()

function validate(record: TLRecord): void {
  schema.validateRecord(null as never, record, 'initialize', null)
}

/** A card as the current schema writes it, with `props` overriding the defaults. */
function currentCard(kind: 'attribute' | 'persona' | 'painPoint', props: object): TLRecord {
  const board = new BoardBuilder()
  const page = board.page('Cards')
  const id = board[kind]({ parent: page }, props)
  return board.records().find((record) => record.id === id)!
}

/** The same card at the cards' first props version: `props` replaced wholesale. */
function firstVersionCard(current: TLRecord, props: Record<string, unknown>): TLRecord {
  return { ...current, props } as TLRecord
}

function propsOf(record: TLRecord): Record<string, unknown> {
  return (record as unknown as { props: Record<string, unknown> }).props
}

describe('attribute card props migrations', () => {
  const current = currentCard('attribute', {
    category: 'technographic',
    value: 'Shopify + QuickBooks',
    listMatch: 'all',
    weight: 3,
  })
  const { listMatch: _listMatch, weight: _weight, ...oldProps } = propsOf(current)
  const old = firstVersionCard(current, oldProps)

  it('names the version that added listMatch and weight', () => {
    expect(attributeCardVersions.AddListMatchAndWeight).toBe('com.tldraw.shape.icp-attribute/1')
  })

  it('gives an old card "any of" and weight 1 on the way up, so its reading and score stay', () => {
    expect(() => validate(old)).toThrow()
    const migrated = migrateRecord(old, firstVersion, 'up')
    expect(propsOf(migrated)).toEqual({ ...oldProps, listMatch: 'any', weight: 1 })
    expect(() => validate(migrated)).not.toThrow()
  })

  it('drops listMatch and weight on the way down, leaving the old props exactly', () => {
    expect(propsOf(migrateRecord(current, firstVersion, 'down'))).toEqual(oldProps)
  })
})

describe('persona card props migrations', () => {
  it('names the version that made seniority nullable', () => {
    expect(personaCardVersions.NullableSeniority).toBe('com.tldraw.shape.icp-persona/1')
  })

  it('keeps the seniority of an old card on the way up', () => {
    const old = currentCard('persona', { title: 'CFO', seniority: 'executive' })
    const migrated = migrateRecord(old, firstVersion, 'up')
    expect(propsOf(migrated).seniority).toBe('executive')
    expect(() => validate(migrated)).not.toThrow()
  })

  it('writes the old default for an unset seniority on the way down, and keeps a chosen one', () => {
    const unset = currentCard('persona', { title: 'CFO', seniority: null })
    expect(propsOf(migrateRecord(unset, firstVersion, 'down')).seniority).toBe('manager')
    const chosen = currentCard('persona', { title: 'CFO', seniority: 'vp' })
    expect(propsOf(migrateRecord(chosen, firstVersion, 'down')).seniority).toBe('vp')
  })
})

describe('pain point card props migrations', () => {
  it('names the version that made severity nullable', () => {
    expect(painPointCardVersions.NullableSeverity).toBe('com.tldraw.shape.icp-pain/1')
  })

  it('keeps the severity of an old card on the way up', () => {
    const old = currentCard('painPoint', { problem: 'Slow launches', severity: 'high' })
    const migrated = migrateRecord(old, firstVersion, 'up')
    expect(propsOf(migrated).severity).toBe('high')
    expect(() => validate(migrated)).not.toThrow()
  })

  it('writes the old default for an unset severity on the way down, and keeps a chosen one', () => {
    const unset = currentCard('painPoint', { problem: 'Slow launches', severity: null })
    expect(propsOf(migrateRecord(unset, firstVersion, 'down')).severity).toBe('medium')
    const chosen = currentCard('painPoint', { problem: 'Slow launches', severity: 'critical' })
    expect(propsOf(migrateRecord(chosen, firstVersion, 'down')).severity).toBe('critical')
  })
})
