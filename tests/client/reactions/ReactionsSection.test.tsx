import { act, fireEvent, screen, within } from '@testing-library/react'
import type { Editor, TLShapeId } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CardPanel } from '../../../client/panels/CardPanel'
import * as Y from 'yjs'
import { readEntries, writeEntries } from '../../../shared/keyValueEntries'
import type { Role } from '../../../shared/workshop/roles'
import {
  createTestBoard,
  renderOnBoard,
  resetFacilitationUi,
  type TestBoard,
} from '../boardHarness'
import { addShape, createCardEditor } from '../shapes/cardEditor'
import { putRecords } from '../../helpers/records'
import { person, reaction } from '../../helpers/workshopEntries'

let editor: Editor
let cardId: TLShapeId
let board: TestBoard

beforeEach(() => {
  resetFacilitationUi()
  editor = createCardEditor()
  cardId = addShape(editor, { type: 'icp-attribute', props: { value: 'Video games' } })
  act(() => void editor.select(cardId))
})

afterEach(() => editor.dispose())

/** Renders the card panel of the selected card for someone with `role` (the local person: `me`). */
function renderPanel(role: Role) {
  board = createTestBoard(role)
  renderOnBoard(editor, board, <CardPanel />)
  return within(screen.getByRole('region', { name: 'Reactions' }))
}

/** Writes entries into the board's roots, as other people's clients (and the server) would. */
function seed(root: string, entries: { key: string; value: unknown }[]) {
  act(() =>
    writeEntries(board.doc.getArray(root), {
      set: new Map(entries.map(({ key, value }) => [key, value])),
    }),
  )
}

/** The board's reactions, as stored (key → value). */
function storedReactions() {
  return Object.fromEntries(readEntries(board.doc.getArray('reactions')))
}

function named(id: string, name: string) {
  return { key: `person:${id}`, value: { ...person(id), name } }
}

describe('the card panel’s reactions', () => {
  it('adds and takes back the local person’s own reaction with a toggle button', () => {
    const section = renderPanel('commenter')
    expect(section.getByText('No reactions yet.')).toBeTruthy()
    const agree = section.getByRole('button', { name: 'Agree: 0' })
    expect(agree.getAttribute('aria-pressed')).toBe('false')

    fireEvent.click(agree)
    const mine = storedReactions()[`reaction:${cardId}:me:agree`]
    expect(mine).toMatchObject({ kind: 'reaction', shapeId: cardId, participantId: 'me' })
    expect(Object.keys(storedReactions())).toEqual([`reaction:${cardId}:me:agree`])
    const pressed = section.getByRole('button', { name: 'Agree: 1' })
    expect(pressed.getAttribute('aria-pressed')).toBe('true')
    expect(section.getByRole('list').textContent).toBe('Agree You')

    fireEvent.click(pressed)
    expect(storedReactions()).toEqual({})
    expect(section.getByRole('button', { name: 'Agree: 0' }).getAttribute('aria-pressed')).toBe(
      'false',
    )
  })

  it('says who reacted with the names on the board’s list of people, in the order they did', () => {
    const section = renderPanel('editor')
    seed('people', [named('p-alice', 'Alice Chen'), named('p-bob', 'Bob Diaz')])
    seed('reactions', [
      reaction(cardId, 'p-bob', 'agree', 2),
      reaction(cardId, 'p-alice', 'agree', 1),
      reaction(cardId, 'p-gone', 'question', 3),
      // Someone else's card, and an entry under a key that is not its content's: not this card's.
      reaction('shape:other', 'p-alice', 'agree'),
      { key: `reaction:${cardId}:p-eve:agree`, value: reaction(cardId, 'p-bob').value },
    ])
    expect(section.getByRole('button', { name: 'Agree: 2' }).getAttribute('aria-pressed')).toBe(
      'false',
    )
    expect(
      section.getAllByRole('listitem').map((item) => [item.dataset.reaction, item.textContent]),
    ).toEqual([
      ['agree', 'Agree Alice Chen and Bob Diaz'],
      ['question', 'Question someone who left'],
    ])
  })

  it('shows a viewer who reacted, with nothing to press, and nothing at all without reactions', () => {
    board = createTestBoard('viewer')
    const { unmount } = renderOnBoard(editor, board, <CardPanel />)
    expect(screen.queryByRole('region', { name: 'Reactions' })).toBeNull()
    seed('reactions', [reaction(cardId, 'p-alice', 'evidence')])
    const section = within(screen.getByRole('region', { name: 'Reactions' }))
    expect(section.queryAllByRole('button')).toEqual([])
    expect(section.getByRole('list').textContent).toBe('Needs evidence someone who left')
    unmount()
  })

  it('offers no reactions on the local person’s private-brainstorm card until it is revealed', () => {
    // The card is in the person's private doc, as the bridge writes it during private mode.
    const privateDoc = new Y.Doc()
    putRecords(privateDoc, editor.getShape(cardId)!)
    board = createTestBoard('editor')
    Object.assign(board.connection, { privateDoc })
    renderOnBoard(editor, board, <CardPanel />)
    expect(screen.getByRole('complementary', { name: 'Attribute' })).toBeTruthy()
    expect(screen.queryByRole('region', { name: 'Reactions' })).toBeNull()
  })

  it('refuses a reaction beyond the per-person cap with a message, and writes nothing', () => {
    const section = renderPanel('commenter')
    seed(
      'reactions',
      Array.from({ length: 500 }, (_, i) => reaction(`shape:elsewhere-${i}`, 'me', 'agree')),
    )
    fireEvent.click(section.getByRole('button', { name: 'Key point: 0' }))
    expect(section.getByRole('alert').textContent).toBe(
      'One person may have at most 500 reactions on a board: take some back first.',
    )
    expect(Object.keys(storedReactions())).toHaveLength(500)
    expect(storedReactions()[`reaction:${cardId}:me:important`]).toBeUndefined()
  })
})
