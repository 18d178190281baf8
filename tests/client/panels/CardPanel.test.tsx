import { act, fireEvent, screen } from '@testing-library/react'
import type { Editor, TLShapeId } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CardPanel } from '../../../client/panels/CardPanel'
import type { EvidenceCardShape } from '../../../shared/schema/evidenceCard'
import { addShape, createCardEditor, renderWithEditor } from '../shapes/cardEditor'

let editor: Editor
let attributeId: TLShapeId
let evidenceId: TLShapeId

beforeEach(() => {
  editor = createCardEditor()
  attributeId = addShape(editor, {
    type: 'icp-attribute',
    props: { category: 'industry', value: 'Video games', importance: 'must' },
  })
  evidenceId = addShape(editor, {
    type: 'icp-evidence',
    x: 400,
    props: { customer: 'Riot Forge', salesCycleDays: 21, lifetimeValue: 184000 },
  })
})

afterEach(() => editor.dispose())

const evidence = () => editor.getShape(evidenceId) as EvidenceCardShape
const select = (...ids: TLShapeId[]) => act(() => void editor.select(...ids))

describe('CardPanel', () => {
  it('shows nothing unless exactly one card is selected', () => {
    const geoId = addShape(editor, { type: 'geo' })
    renderWithEditor(editor, <CardPanel />)
    expect(screen.queryByRole('region')).toBeNull()

    select(geoId)
    expect(screen.queryByRole('region')).toBeNull()

    select(attributeId, evidenceId)
    expect(screen.queryByRole('region')).toBeNull()

    select(attributeId)
    expect(screen.getByRole('region', { name: 'Attribute' })).toBeTruthy()

    act(() => void editor.selectNone())
    expect(screen.queryByRole('region')).toBeNull()
  })

  it('closes by deselecting the card', () => {
    select(attributeId)
    renderWithEditor(editor, <CardPanel />)
    fireEvent.click(screen.getByRole('button', { name: 'Close card panel' }))
    expect(editor.getSelectedShapeIds()).toEqual([])
    expect(screen.queryByRole('region')).toBeNull()
  })

  it('changes the importance through a select, as an undoable edit', () => {
    select(attributeId)
    renderWithEditor(editor, <CardPanel />)
    const importance = screen.getByLabelText('Importance') as HTMLSelectElement
    expect(importance.value).toBe('must')

    fireEvent.change(importance, { target: { value: 'nice' } })
    expect(editor.getShape(attributeId)?.props).toMatchObject({ importance: 'nice' })
    expect(importance.value).toBe('nice')

    act(() => void editor.undo())
    expect(editor.getShape(attributeId)?.props).toMatchObject({ importance: 'must' })
  })

  it('offers every category, grouped, and edits text fields', () => {
    select(attributeId)
    renderWithEditor(editor, <CardPanel />)
    const category = screen.getByLabelText('Category') as HTMLSelectElement
    expect([...category.querySelectorAll('optgroup')].map((group) => group.label)).toEqual([
      'Firmographics',
      'Technographics',
      'Specialized data points',
      'Consumer traits (B2C)',
    ])
    fireEvent.change(category, { target: { value: 'location' } })
    fireEvent.change(screen.getByLabelText('Value'), { target: { value: 'US or Canada' } })
    expect(editor.getShape(attributeId)?.props).toMatchObject({
      category: 'location',
      value: 'US or Canada',
    })
  })

  it('shows an error for "abc" in a number field and leaves the record unchanged', () => {
    select(evidenceId)
    renderWithEditor(editor, <CardPanel />)
    const before = evidence()
    const cycle = screen.getByLabelText('Sales cycle (days)') as HTMLInputElement
    expect(cycle.value).toBe('21')

    fireEvent.focus(cycle)
    fireEvent.change(cycle, { target: { value: 'abc' } })
    expect(screen.getByRole('alert').textContent).toBe('Enter a number')
    expect(cycle.getAttribute('aria-invalid')).toBe('true')
    fireEvent.blur(cycle)
    expect(cycle.value).toBe('abc')
    expect(evidence()).toEqual(before)
  })

  it('rejects a negative sales cycle', () => {
    select(evidenceId)
    renderWithEditor(editor, <CardPanel />)
    fireEvent.change(screen.getByLabelText('Sales cycle (days)'), { target: { value: '-5' } })
    expect(screen.getByRole('alert').textContent).toBe('Must be 0 or more')
    expect(evidence().props.salesCycleDays).toBe(21)
  })

  it('stores an emptied number field as null (unknown)', () => {
    select(evidenceId)
    renderWithEditor(editor, <CardPanel />)
    fireEvent.change(screen.getByLabelText('Sales cycle (days)'), { target: { value: '' } })
    expect(evidence().props.salesCycleDays).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('stores a valid number once the error is fixed', () => {
    select(evidenceId)
    renderWithEditor(editor, <CardPanel />)
    const ltv = screen.getByLabelText('Lifetime value')
    fireEvent.change(ltv, { target: { value: '1.2.3' } })
    expect(evidence().props.lifetimeValue).toBe(184000)
    fireEvent.change(ltv, { target: { value: '$250k' } })
    expect(screen.queryByRole('alert')).toBeNull()
    expect(evidence().props.lifetimeValue).toBe(250000)
  })

  it('requires a review cadence and a whole number of months', () => {
    const statementId = addShape(editor, { type: 'icp-statement' })
    select(statementId)
    renderWithEditor(editor, <CardPanel />)
    const cadence = screen.getByLabelText('Review every (months)')
    fireEvent.change(cadence, { target: { value: '' } })
    expect(screen.getByRole('alert').textContent).toBe('Required')
    fireEvent.change(cadence, { target: { value: '1.5' } })
    expect(screen.getByRole('alert').textContent).toBe('Use a whole number')
    expect(editor.getShape(statementId)?.props).toMatchObject({ reviewCadenceMonths: 3 })
    fireEvent.change(cadence, { target: { value: '6' } })
    expect(editor.getShape(statementId)?.props).toMatchObject({ reviewCadenceMonths: 6 })
  })

  it('edits the review date with a date input', () => {
    const statementId = addShape(editor, { type: 'icp-statement' })
    select(statementId)
    renderWithEditor(editor, <CardPanel />)
    const date = screen.getByLabelText('Last reviewed') as HTMLInputElement
    expect(date.type).toBe('date')
    fireEvent.change(date, { target: { value: '2026-03-31' } })
    expect(editor.getShape(statementId)?.props).toMatchObject({ reviewDate: '2026-03-31' })
    fireEvent.change(date, { target: { value: '' } })
    expect(editor.getShape(statementId)?.props).toMatchObject({ reviewDate: '' })
  })

  it('edits one-per-line lists in textareas', () => {
    const personaId = addShape(editor, { type: 'icp-persona' })
    select(personaId)
    renderWithEditor(editor, <CardPanel />)
    const goals = screen.getByLabelText('Goals')
    expect(goals.tagName).toBe('TEXTAREA')
    fireEvent.change(goals, { target: { value: 'Grow revenue\nHire faster' } })
    expect(editor.getShape(personaId)?.props).toMatchObject({ goals: 'Grow revenue\nHire faster' })
  })

  it('keeps keystrokes in its inputs away from tldraw shortcuts', () => {
    select(attributeId)
    renderWithEditor(editor, <CardPanel />)
    const onBodyKey = vi.fn()
    const onContainerKey = vi.fn()
    document.body.addEventListener('keydown', onBodyKey)
    editor.getContainer().addEventListener('keydown', onContainerKey)
    try {
      fireEvent.keyDown(screen.getByLabelText('Value'), { key: 'v' })
      fireEvent.keyDown(screen.getByLabelText('Value'), { key: 'Delete' })
    } finally {
      document.body.removeEventListener('keydown', onBodyKey)
      editor.getContainer().removeEventListener('keydown', onContainerKey)
    }
    expect(onBodyKey).not.toHaveBeenCalled()
    expect(onContainerKey).not.toHaveBeenCalled()
  })
})

describe('CardPanel: how values read', () => {
  it('says how the value reads and which items are matched as text, live as it is typed', () => {
    const id = addShape(editor, {
      type: 'icp-attribute',
      y: 600,
      props: { category: 'location', value: 'US and Canada' },
    })
    select(id)
    renderWithEditor(editor, <CardPanel />)
    const reading = () => screen.getByTestId('panel-value-reading').textContent
    expect(reading()).toBe('Read as any of: United States, Canada')
    fireEvent.change(screen.getByLabelText('Value'), { target: { value: 'US or Cascadia' } })
    expect(reading()).toBe(
      'Read as any of: United States, "Cascadia" (as text). “Cascadia” is not a known term: matched as text.',
    )
  })

  it('offers the any/all switch only for a list, and stores the weight as a number', () => {
    const id = addShape(editor, {
      type: 'icp-attribute',
      y: 600,
      props: { category: 'technographic', value: 'HubSpot' },
    })
    select(id)
    renderWithEditor(editor, <CardPanel />)
    expect(screen.queryByLabelText('A lead needs')).toBeNull()
    fireEvent.change(screen.getByLabelText('Value'), { target: { value: 'Shopify + QuickBooks' } })
    fireEvent.change(screen.getByLabelText('A lead needs'), { target: { value: 'all' } })
    fireEvent.change(screen.getByLabelText('Weight in the fit score'), { target: { value: '3' } })
    expect(editor.getShape(id)?.props).toMatchObject({ listMatch: 'all', weight: 3 })
    expect(screen.getByTestId('panel-value-reading').textContent).toBe(
      'Read as all of: Shopify, QuickBooks',
    )
  })

  it.each([
    ['icp-persona', 'Seniority', 'seniority', 'vp'],
    ['icp-pain', 'Severity', 'severity', 'high'],
  ] as const)('lets %s %s be left unset, stored as null', (type, label, prop, value) => {
    const id = addShape(editor, { type, y: 600 })
    select(id)
    renderWithEditor(editor, <CardPanel />)
    const field = screen.getByLabelText(label) as HTMLSelectElement
    expect(field.value).toBe('')
    expect(field.options[0]!.textContent).toBe('Not set')
    fireEvent.change(field, { target: { value } })
    expect((editor.getShape(id)!.props as Record<string, unknown>)[prop]).toBe(value)
    fireEvent.change(field, { target: { value: '' } })
    expect((editor.getShape(id)!.props as Record<string, unknown>)[prop]).toBeNull()
  })
})
