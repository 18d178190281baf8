import { fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import {
  CommentThreadCard,
  type CommentThreadCardProps,
} from '../../../client/comments/CommentThreadCard'
import { buildThreads } from '../../../shared/workshop/commentThreads'
import type { Comment, CommentThread } from '../../../shared/workshop/workshopLayout'

const now = Date.UTC(2026, 10, 23, 12, 0)
const people = [
  { id: 'dana', name: 'Dana Reyes', color: '#1971c2' },
  { id: 'lee', name: 'Lee Chen', color: '#2f9e44' },
  { id: 'ada', name: 'Ada Lopez', color: '#e03131' },
]

const thread: CommentThread = {
  kind: 'thread',
  id: 't1',
  anchor: { type: 'shape', shapeId: 'shape:industry', pageId: 'page:1' },
  authorId: 'dana',
  createdAt: now - 3_600_000,
  status: 'open',
  statusBy: null,
  statusAt: null,
}

function comment(id: string, changes: Partial<Comment>): Comment {
  return {
    kind: 'comment',
    id,
    threadId: 't1',
    authorId: 'dana',
    authorName: 'Dana Reyes',
    authorColor: '#1971c2',
    body: 'text',
    mentions: [],
    createdAt: now - 3_600_000,
    editedAt: null,
    ...changes,
  }
}

const [view] = buildThreads([
  thread,
  comment('c1', { body: 'Is this all video games or only console studios?' }),
  comment('c2', {
    authorId: 'lee',
    authorName: 'Lee Chen',
    authorColor: '#2f9e44',
    body: '@Dana Reyes console only, per the CRM',
    mentions: ['dana'],
    createdAt: now - 5 * 60_000,
    editedAt: now - 60_000,
  }),
])

function renderCard(changes: Partial<CommentThreadCardProps> = {}) {
  const props: CommentThreadCardProps = {
    view: view!,
    anchorLabel: 'Attribute “Industry: video games”',
    selfId: 'lee',
    people,
    now,
    canComment: true,
    canModerate: false,
    onPost: vi.fn(),
    onResolve: vi.fn(),
    onEdit: vi.fn(),
    onDelete: vi.fn(),
    onClose: vi.fn(),
    ...changes,
  }
  render(<CommentThreadCard {...props} />)
  return props
}

describe('CommentThreadCard', () => {
  it('shows where the thread is pinned and each comment’s author, age, edit mark and mentions', () => {
    renderCard()
    expect(screen.getByText('Attribute “Industry: video games”')).toBeTruthy()
    const items = screen.getAllByRole('listitem')
    expect(within(items[0]!).getByText('Dana Reyes')).toBeTruthy()
    expect(within(items[0]!).getByText('1h')).toBeTruthy()
    expect(within(items[1]!).getByText('5m')).toBeTruthy()
    expect(within(items[1]!).getByText('edited')).toBeTruthy()
    const mention = within(items[1]!).getByText('@Dana Reyes')
    expect(mention.className).toBe('comment-mention')
  })

  it('posts a reply with Enter, mentioning someone picked from the @ list', () => {
    const props = renderCard()
    const box = screen.getByRole('combobox', { name: 'Reply…' }) as HTMLTextAreaElement
    fireEvent.change(box, { target: { value: 'Thanks @a', selectionStart: 9 } })
    const options = screen.getAllByRole('option').map((option) => option.textContent)
    // Names starting with "a" first; never the person typing (Lee).
    expect(options).toEqual(['ALAda Lopez', 'DRDana Reyes'])
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(box.value).toBe('Thanks @Dana Reyes ')
    expect(screen.queryByRole('listbox')).toBeNull()

    fireEvent.change(box, { target: { value: 'Thanks @Dana Reyes, agreed', selectionStart: 26 } })
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(props.onPost).toHaveBeenCalledWith('Thanks @Dana Reyes, agreed', ['dana'])
    expect(box.value).toBe('')
  })

  it('starts a new line with Shift+Enter and does not post an empty reply', () => {
    const props = renderCard()
    const box = screen.getByRole('combobox', { name: 'Reply…' })
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true })
    fireEvent.change(box, { target: { value: '   ' } })
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(props.onPost).not.toHaveBeenCalled()
    expect((screen.getByRole('button', { name: 'Reply' }) as HTMLButtonElement).disabled).toBe(true)
  })

  it('resolves an open thread and reopens a resolved one', () => {
    const props = renderCard()
    fireEvent.click(screen.getByRole('button', { name: /Resolve/ }))
    expect(props.onResolve).toHaveBeenCalledWith(true)

    const resolved = {
      ...view!,
      thread: { ...thread, status: 'resolved' as const, statusBy: 'Ada', statusAt: now - 120_000 },
    }
    const again = renderCard({ view: resolved })
    expect(screen.getByText(/Resolved by Ada/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: /Reopen/ }))
    expect(again.onResolve).toHaveBeenCalledWith(false)
  })

  it('lets people edit and delete their own comments only', () => {
    const props = renderCard()
    const [danas, lees] = screen.getAllByRole('listitem')
    expect(within(danas!).queryByRole('button', { name: 'Edit' })).toBeNull()
    expect(within(danas!).queryByRole('button', { name: 'Delete' })).toBeNull()

    fireEvent.click(within(lees!).getByRole('button', { name: 'Edit' }))
    const editor = within(lees!).getByRole('combobox', { name: 'Edit comment' })
    fireEvent.change(editor, { target: { value: 'Console only, CRM and interviews agree' } })
    fireEvent.click(within(lees!).getByRole('button', { name: 'Save' }))
    expect(props.onEdit).toHaveBeenCalledWith('c2', 'Console only, CRM and interviews agree', [])

    fireEvent.click(within(lees!).getByRole('button', { name: 'Delete' }))
    const confirm = within(lees!).getByRole('alertdialog')
    expect(confirm.textContent).toContain('Delete this reply?')
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }))
    expect(props.onDelete).toHaveBeenCalledWith('c2')
  })

  it('warns that deleting the opening comment deletes the thread', () => {
    renderCard({ selfId: 'dana' })
    const [danas] = screen.getAllByRole('listitem')
    fireEvent.click(within(danas!).getByRole('button', { name: 'Delete' }))
    expect(within(danas!).getByRole('alertdialog').textContent).toContain(
      'Delete this thread and its reply?',
    )
  })

  it('lets the facilitator delete anyone’s comment, but not edit it', () => {
    renderCard({ selfId: 'ada', canModerate: true })
    const [danas] = screen.getAllByRole('listitem')
    expect(within(danas!).getByRole('button', { name: 'Delete' })).toBeTruthy()
    expect(within(danas!).queryByRole('button', { name: 'Edit' })).toBeNull()
  })

  it('shows viewers the conversation without a reply box or actions', () => {
    renderCard({ canComment: false })
    expect(screen.queryByRole('combobox')).toBeNull()
    expect(screen.queryByRole('button', { name: /Resolve/ })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull()
    expect(
      screen.getByText(
        'You can read comments. To reply, ask the facilitator for a commenter link.',
      ),
    ).toBeTruthy()
  })

  it('is a composer alone for a new thread', () => {
    const props = renderCard({ view: null, anchorLabel: 'On the canvas' })
    expect(screen.getByText('New comment · On the canvas')).toBeTruthy()
    const box = screen.getByRole('combobox', { name: 'Add a comment…' })
    fireEvent.change(box, { target: { value: 'Where is the budget card?' } })
    fireEvent.click(screen.getByRole('button', { name: 'Post comment' }))
    expect(props.onPost).toHaveBeenCalledWith('Where is the budget card?', [])
  })
})
