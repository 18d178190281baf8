import { act, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import type { Editor } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Dialog } from '../../../client/ui/Dialog'
import { Popover } from '../../../client/ui/Popover'
import { SidePanel } from '../../../client/ui/SidePanel'
import { useKeepKeysFromCanvas } from '../../../client/ui/useKeepKeysFromCanvas'
import { useTabs } from '../../../client/ui/useTabs'
import { createCardEditor, renderWithEditor } from '../shapes/cardEditor'

let editor: Editor
beforeEach(() => {
  editor = createCardEditor()
})
afterEach(() => editor.dispose())

/** Records, for each keydown, whether tldraw's container saw it unhandled and whether the body saw it. */
function listenLikeTldraw() {
  const seen: { key: string; handled: boolean }[] = []
  const body: string[] = []
  const onContainer = (event: KeyboardEvent) =>
    seen.push({ key: event.key, handled: editor.wasEventAlreadyHandled(event) })
  const onBody = (event: KeyboardEvent) => body.push(event.key)
  editor.getContainer().addEventListener('keydown', onContainer)
  document.body.addEventListener('keydown', onBody)
  return {
    seen,
    body,
    stop: () => {
      editor.getContainer().removeEventListener('keydown', onContainer)
      document.body.removeEventListener('keydown', onBody)
    },
  }
}

function Field({ onEscape }: { onEscape?: () => void }) {
  const keys = useKeepKeysFromCanvas<HTMLInputElement>({ onEscape })
  return <input aria-label="Field" {...keys} />
}

describe('useKeepKeysFromCanvas', () => {
  it('marks keys as handled for tldraw’s container and stops them before its body shortcuts', () => {
    renderWithEditor(editor, <Field />)
    const tldraw = listenLikeTldraw()
    fireEvent.keyDown(screen.getByLabelText('Field'), { key: 'd' })
    fireEvent.keyDown(screen.getByLabelText('Field'), { key: 'Delete' })
    tldraw.stop()
    expect(tldraw.seen).toEqual([
      { key: 'd', handled: true },
      { key: 'Delete', handled: true },
    ])
    expect(tldraw.body).toEqual([])
  })

  it('leaves keys outside the element to tldraw', () => {
    renderWithEditor(
      editor,
      <>
        <Field />
        <button type="button">Elsewhere</button>
      </>,
    )
    const tldraw = listenLikeTldraw()
    fireEvent.keyDown(screen.getByRole('button', { name: 'Elsewhere' }), { key: 'd' })
    tldraw.stop()
    expect(tldraw.seen).toEqual([{ key: 'd', handled: false }])
    expect(tldraw.body).toEqual(['d'])
  })

  it('calls onEscape unless an inner handler claimed the Escape', () => {
    const onEscape = vi.fn()
    function Claiming() {
      const keys = useKeepKeysFromCanvas<HTMLDivElement>({ onEscape })
      return (
        <div {...keys}>
          <input aria-label="Plain" />
          <input aria-label="Menu" onKeyDown={(event) => event.preventDefault()} />
        </div>
      )
    }
    renderWithEditor(editor, <Claiming />)
    fireEvent.keyDown(screen.getByLabelText('Menu'), { key: 'Escape' })
    expect(onEscape).not.toHaveBeenCalled()
    fireEvent.keyDown(screen.getByLabelText('Plain'), { key: 'Escape' })
    expect(onEscape).toHaveBeenCalledTimes(1)
  })
})

describe('Dialog', () => {
  it('is a modal dialog named by its title and described by its description', () => {
    render(
      <Dialog title="Versions" description="Saved snapshots" onClose={() => {}}>
        <p>Body</p>
      </Dialog>,
    )
    const dialog = screen.getByRole('dialog', { name: 'Versions' })
    expect(dialog.hasAttribute('open')).toBe(true)
    expect(dialog.getAttribute('aria-describedby')).toBe(
      screen.getByText('Saved snapshots').getAttribute('id'),
    )
  })

  it('asks to close on Escape, on the backdrop and with its button, not on a press inside', () => {
    const onClose = vi.fn()
    render(
      <Dialog title="Share this board" onClose={onClose}>
        <p>Body</p>
      </Dialog>,
    )
    const dialog = screen.getByRole('dialog')
    fireEvent.pointerDown(screen.getByText('Body'))
    expect(onClose).not.toHaveBeenCalled()
    fireEvent(dialog, new Event('cancel', { cancelable: true }))
    fireEvent.pointerDown(dialog)
    fireEvent.click(screen.getByRole('button', { name: 'Close' }))
    expect(onClose).toHaveBeenCalledTimes(3)
  })

  it('without onClose has no close button and stays open on Escape', () => {
    render(
      <Dialog title="Join the workshop">
        <p>Body</p>
      </Dialog>,
    )
    const cancel = new Event('cancel', { cancelable: true })
    fireEvent(screen.getByRole('dialog'), cancel)
    expect(cancel.defaultPrevented).toBe(true)
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('gives the focus back to where it was when it closes', () => {
    function Opener() {
      const [isOpen, setOpen] = useState(false)
      return (
        <>
          <button type="button" onClick={() => setOpen(true)}>
            Open
          </button>
          {isOpen && (
            <Dialog title="Versions" onClose={() => setOpen(false)}>
              <input aria-label="Name" autoFocus />
            </Dialog>
          )}
        </>
      )
    }
    render(<Opener />)
    const opener = screen.getByRole('button', { name: 'Open' })
    opener.focus()
    fireEvent.click(opener)
    fireEvent.click(screen.getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })
})

describe('SidePanel', () => {
  it('is a complementary landmark named by its title, closed by its button', () => {
    const onClose = vi.fn()
    renderWithEditor(
      editor,
      <SidePanel title="Comments" closeLabel="Close comments" onClose={onClose}>
        <p>List</p>
      </SidePanel>,
    )
    expect(screen.getByRole('complementary', { name: 'Comments' })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Close comments' }))
    expect(onClose).toHaveBeenCalledTimes(1)
  })

  it('hands the keyboard back to the canvas on Escape and keeps other keys to itself', () => {
    renderWithEditor(
      editor,
      <SidePanel title="ICP document" closeLabel="Close" onClose={() => {}}>
        <input aria-label="Search" />
      </SidePanel>,
    )
    // tldraw's container takes the focus (tabIndex -1 in a real board).
    editor.getContainer().tabIndex = -1
    const field = screen.getByLabelText('Search')
    field.focus()
    const tldraw = listenLikeTldraw()
    fireEvent.keyDown(field, { key: 'x' })
    fireEvent.keyDown(field, { key: 'Escape' })
    tldraw.stop()
    expect(tldraw.seen.every((event) => event.handled)).toBe(true)
    expect(tldraw.body).toEqual([])
    expect(document.activeElement).toBe(editor.getContainer())
  })
})

describe('Popover', () => {
  function WithPopover({ onClose }: { onClose: () => void }) {
    return (
      <>
        <button type="button" aria-controls="menu" aria-expanded>
          Facilitate
        </button>
        <button type="button">Card</button>
        <Popover id="menu" label="Facilitator controls" onClose={onClose}>
          <button type="button">Inside</button>
        </Popover>
      </>
    )
  }

  it('closes on a press outside it, but not inside it or on its own button', () => {
    const onClose = vi.fn()
    renderWithEditor(editor, <WithPopover onClose={onClose} />)
    fireEvent.pointerDown(screen.getByRole('button', { name: 'Inside' }))
    fireEvent.pointerDown(screen.getByRole('button', { name: 'Facilitate' }))
    expect(onClose).not.toHaveBeenCalled()
    fireEvent.pointerDown(screen.getByRole('button', { name: 'Card' }))
    expect(onClose).toHaveBeenCalledTimes(1)
  })

  it('closes on Escape and gives the focus back to its button', () => {
    const onClose = vi.fn()
    renderWithEditor(editor, <WithPopover onClose={onClose} />)
    act(() => screen.getByRole('button', { name: 'Inside' }).focus())
    fireEvent.keyDown(screen.getByRole('button', { name: 'Inside' }), { key: 'Escape' })
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Facilitate' }))
  })
})

describe('useTabs', () => {
  function Steps() {
    const keys = ['one', 'two', 'three'] as const
    const [selected, setSelected] = useState<(typeof keys)[number]>('one')
    const tabs = useTabs(keys, selected, setSelected)
    return (
      <>
        <div role="tablist" aria-label="Steps">
          {keys.map((key) => (
            <button key={key} type="button" {...tabs.tabProps(key)}>
              {key}
            </button>
          ))}
        </div>
        <div {...tabs.panelProps}>Panel {selected}</div>
      </>
    )
  }

  it('moves between tabs with the arrow keys, Home and End, one Tab stop for the list', () => {
    render(<Steps />)
    const tab = (name: string) => screen.getByRole('tab', { name })
    expect(tab('one').tabIndex).toBe(0)
    expect(tab('two').tabIndex).toBe(-1)
    fireEvent.keyDown(tab('one'), { key: 'ArrowRight' })
    expect(tab('two').getAttribute('aria-selected')).toBe('true')
    expect(document.activeElement).toBe(tab('two'))
    fireEvent.keyDown(tab('two'), { key: 'End' })
    expect(document.activeElement).toBe(tab('three'))
    fireEvent.keyDown(tab('three'), { key: 'ArrowRight' })
    expect(document.activeElement).toBe(tab('one'))
    expect(screen.getByRole('tabpanel', { name: 'one' }).textContent).toBe('Panel one')
  })
})
