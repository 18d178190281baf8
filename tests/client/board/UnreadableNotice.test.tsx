import { render, screen } from '@testing-library/react'
import { atom } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { BoardContext } from '../../../client/board/boardContext'
import { UnreadableNotice } from '../../../client/board/UnreadableNotice'
import type { BoardConnection } from '../../../client/sync/boardConnection'

function renderWith(count: number) {
  const $unreadable = atom('unreadable', count)
  const connection = { $unreadable } as unknown as BoardConnection
  render(
    <BoardContext.Provider value={{ connection, roomId: 'room-test' }}>
      <UnreadableNotice />
    </BoardContext.Provider>,
  )
  return $unreadable
}

describe('UnreadableNotice', () => {
  it('says how many items this version cannot show, and that nothing is lost', () => {
    renderWith(3)
    expect(screen.getByRole('status').textContent).toBe(
      '3 items on this board can’t be shown by this version of ICP Workshop. Nothing is lost: reload the page to see them.',
    )
  })

  it('says nothing while every record can be read', () => {
    renderWith(0)
    expect(screen.queryByRole('status')).toBeNull()
  })
})
