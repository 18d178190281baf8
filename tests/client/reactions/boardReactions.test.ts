import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BoardReactions } from '../../../client/reactions/boardReactions'
import { readEntries, writeEntries } from '../../../shared/keyValueEntries'
import { reaction } from '../../helpers/workshopEntries'

/** A board's doc with `entries` written into its reactions root, and its reactions model. */
function boardWith(entries: { key: string; value: unknown }[]) {
  const doc = new Y.Doc()
  const root = doc.getArray('reactions')
  const write = (list: { key: string; value: unknown }[]) =>
    writeEntries(root, { set: new Map(list.map(({ key, value }) => [key, value])) })
  write(entries)
  return { doc, root, write, reactions: new BoardReactions(doc) }
}

describe('BoardReactions', () => {
  it('reads only the entries that pass the schema under their own key', () => {
    const valid = reaction('shape:a', 'p-ann')
    const { reactions } = boardWith([
      valid,
      {
        key: 'reaction:shape:a:p-bob:agree',
        value: { ...valid.value, participantId: 'p-bob', x: 1 },
      },
      {
        key: 'reaction:shape:a:p-cy:party',
        value: { ...valid.value, participantId: 'p-cy', reaction: 'party' },
      },
      { key: 'reaction:shape:b:p-ann:agree', value: valid.value },
    ])
    expect(reactions.$reactions.get()).toEqual([valid.value])
  })

  it('follows the root as others change it, an entry replaced under its key included', () => {
    const { reactions, write, root } = boardWith([reaction('shape:a', 'p-ann', 'agree', 1)])
    write([reaction('shape:a', 'p-ann', 'agree', 2), reaction('shape:a', 'p-bob', 'question')])
    expect(reactions.$reactions.get()).toEqual([
      reaction('shape:a', 'p-ann', 'agree', 2).value,
      reaction('shape:a', 'p-bob', 'question').value,
    ])
    writeEntries(root, { delete: ['reaction:shape:a:p-ann:agree'] })
    expect(reactions.$reactions.get()).toEqual([reaction('shape:a', 'p-bob', 'question').value])
  })

  it('toggles the local person’s own reaction: added under its key, then deleted', () => {
    const { reactions, root } = boardWith([])
    expect(reactions.toggle('shape:a', 'important', 'p-ann', 1234)).toBeNull()
    expect(Object.fromEntries(readEntries(root))).toEqual({
      'reaction:shape:a:p-ann:important': reaction('shape:a', 'p-ann', 'important', 1234).value,
    })
    expect(reactions.has('shape:a', 'important', 'p-ann')).toBe(true)
    expect(reactions.toggle('shape:a', 'important', 'p-ann')).toBeNull()
    expect(readEntries(root).size).toBe(0)
  })
})
