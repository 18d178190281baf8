import { describe, expect, it } from 'vitest'
import { findParentLoops, type ParentLink } from '../../shared/parentLoops'

function links(pairs: [string, string][]): ParentLink[] {
  return pairs.map(([id, parentId]) => ({ id, typeName: 'shape', parentId }))
}

function loopsOf(records: ParentLink[]): string[] {
  const byId = new Map(records.map((record) => [record.id, record]))
  const page = { id: 'page:p', typeName: 'page' }
  return findParentLoops(records, (id) => byId.get(id) ?? (id === page.id ? page : undefined))
}

describe('findParentLoops', () => {
  it('finds nothing on a board whose shapes all lead to a page', () => {
    expect(
      loopsOf(
        links([
          ['shape:a', 'page:p'],
          ['shape:b', 'shape:a'],
          ['shape:c', 'shape:b'],
        ]),
      ),
    ).toEqual([])
  })

  it('finds a shape that is its own parent', () => {
    expect(loopsOf(links([['shape:a', 'shape:a']]))).toEqual(['shape:a'])
  })

  it('finds one shape of each loop, also when other shapes hang below it', () => {
    const records = links([
      ['shape:child', 'shape:b'],
      ['shape:a', 'shape:b'],
      ['shape:b', 'shape:a'],
      ['shape:x', 'shape:y'],
      ['shape:y', 'shape:z'],
      ['shape:z', 'shape:x'],
      ['shape:fine', 'page:p'],
    ])
    expect(loopsOf(records)).toEqual(['shape:b', 'shape:x'])
  })

  it('walks a chain of 10,000 shapes once', () => {
    const records = links(
      Array.from({ length: 10_000 }, (_, i) => [
        `shape:${i}`,
        i === 0 ? 'page:p' : `shape:${i - 1}`,
      ]),
    )
    expect(loopsOf(records.reverse())).toEqual([])
  })
})
