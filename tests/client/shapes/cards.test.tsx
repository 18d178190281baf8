import { act, fireEvent, screen } from '@testing-library/react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createCardAt,
  createCardAtViewportCenter,
  startEditingCard,
} from '../../../client/shapes/cardTools'
import { initialsOf } from '../../../client/shapes/PersonaCardShapeUtil'
import { clearStatementViews, setStatementViews } from '../../../client/shapes/statementText'
import { addShape, createCardEditor, renderWithEditor } from './cardEditor'

let editor: Editor
beforeEach(() => {
  editor = createCardEditor()
})
afterEach(() => {
  clearStatementViews()
  editor.dispose()
})

/** Renders a card the way the canvas does: its ShapeUtil's component, again on every change. */
function LiveCard({ id }: { id: TLShapeId }) {
  const shape = useValue('card', () => editor.getShape(id), [id])
  return shape ? editor.getShapeUtil(shape).component(shape) : null
}

function renderCard(id: TLShapeId) {
  return renderWithEditor(editor, <LiveCard id={id} />)
}

describe('attribute card', () => {
  it('shows category, group, value, importance and evidence', () => {
    const id = addShape(editor, {
      type: 'icp-attribute',
      props: {
        category: 'location',
        value: 'US or Canada',
        evidenceSource: 'crm',
        evidenceNote: 'Top 20 accounts',
      },
    })
    const { container } = renderCard(id)
    expect(container.textContent).toBe(
      'LocationNice-to-haveFirmographicUS or Canada→ any of: United States, CanadaCRMTop 20 accounts',
    )
  })

  it('warns visibly when the evidence is only an assumption', () => {
    const id = addShape(editor, { type: 'icp-attribute', props: { value: '50-200' } })
    const { container } = renderCard(id)
    const footer = container.querySelector('.icp-evidence-line')!
    expect(footer.classList.contains('icp-evidence-line--assumption')).toBe(true)
    expect(footer.textContent).toBe('Assumptionnot backed by data yet')
  })

  it('suggests an example value while blank', () => {
    const id = addShape(editor, { type: 'icp-attribute', props: { category: 'budget' } })
    renderCard(id)
    expect(screen.getByText('e.g. >= $1M').classList.contains('icp-placeholder')).toBe(true)
  })
})

describe('best customer card', () => {
  it('shows unknown facts as a dash and counts the known ones', () => {
    const id = addShape(editor, {
      type: 'icp-evidence',
      props: { customer: 'Pixel Pals', salesCycleDays: 45, lifetimeValue: 52500, csat: 91 },
    })
    const { container } = renderCard(id)
    const values = [...container.querySelectorAll('.icp-evidence__fact-value')].map(
      (cell) => cell.textContent,
    )
    expect(values).toEqual(['45 days', '—', '—', '53k', '—', '91%'])
    expect(container.querySelector('.icp-evidence__known')?.textContent).toBe('3/6')
  })
})

describe('persona card', () => {
  it('shows role, seniority, department and its list sections', () => {
    const id = addShape(editor, {
      type: 'icp-persona',
      props: {
        title: 'Head of Marketing',
        role: 'decisionMaker',
        seniority: 'director',
        department: 'Marketing',
        goals: 'Grow\nHire',
        objections: 'Price',
      },
    })
    const { container } = renderCard(id)
    expect(container.querySelector('.icp-persona__avatar')?.textContent).toBe('HM')
    expect(container.querySelector('.icp-persona__subtitle')?.textContent).toBe(
      'Director · Marketing',
    )
    expect(container.querySelector('.icp-persona__role')?.textContent).toBe('★ Decision maker')
    expect(
      [...container.querySelectorAll('.icp-persona__section-text')].map((line) => line.textContent),
    ).toEqual(['GoalsGrow · Hire', 'ObjectionsPrice'])
  })

  it.each([
    ['Head of Marketing', 'HM'],
    ['CFO', 'CFO'],
    ['VP of Sales & Ops', 'VS'],
    ['  ', ''],
  ])('makes the monogram of "%s" "%s"', (title, initials) => {
    expect(initialsOf(title)).toBe(initials)
  })
})

describe('disqualifier card', () => {
  it('reads as a rule that rules a lead out', () => {
    const id = addShape(editor, {
      type: 'icp-disqualifier',
      props: { kind: 'budget', rule: '< $5,000', reason: 'Below our minimum order' },
    })
    const { container } = renderCard(id)
    expect(container.textContent).toBe(
      'DisqualifierBudgetRule out if< $5,000→ amount: under $5,000WhyBelow our minimum order',
    )
  })
})

describe('statement card', () => {
  it('shows a placeholder until the board feeds it a compiled statement', () => {
    const id = addShape(editor, { type: 'icp-statement', props: { name: 'Indie studios' } })
    const view = renderCard(id)
    expect(view.container.querySelector('.icp-statement__placeholder')).not.toBeNull()

    act(() =>
      setStatementViews(
        new Map([
          [
            id,
            {
              statement: 'Our ideal customer is a B2C company in the video game industry.',
              warnings: [
                { severity: 'warning', message: 'Only assumptions.' },
                { severity: 'info', message: 'A hint.' },
              ],
            },
          ],
        ]),
      ),
    )
    expect(
      screen.getByText('Our ideal customer is a B2C company in the video game industry.'),
    ).toBeTruthy()
    expect(view.container.querySelector('.icp-statement__health')?.textContent).toBe('1 to fix')
  })

  it('asks for a review date when none is set', () => {
    const id = addShape(editor, { type: 'icp-statement' })
    const { container } = renderCard(id)
    expect(container.querySelector('.icp-statement__pill')?.textContent).toBe('No review date')
  })

  it('flags an overdue review', () => {
    const id = addShape(editor, {
      type: 'icp-statement',
      props: { reviewDate: '2020-01-01', reviewCadenceMonths: 6 },
    })
    const { container } = renderCard(id)
    expect(container.querySelector('.icp-statement__pill')?.textContent).toBe('Review overdue')
    expect(container.querySelector('.icp-statement__footer')?.textContent).toContain(
      'Reviewed 2020-01-01 · every 6 months · next 2020-07-01',
    )
  })
})

describe('editing in place', () => {
  it('turns the text into inputs that write through to the shape', () => {
    const id = addShape(editor, { type: 'icp-attribute', props: { value: 'Video games' } })
    renderCard(id)
    expect(screen.queryByLabelText('Value')).toBeNull()

    act(() => startEditingCard(editor, id))
    expect(editor.getEditingShapeId()).toBe(id)
    fireEvent.change(screen.getByLabelText('Value'), { target: { value: 'Mobile games' } })
    expect(editor.getShape(id)?.props).toMatchObject({ value: 'Mobile games' })
  })

  it('finishes editing on Enter', () => {
    const id = addShape(editor, { type: 'icp-pain' })
    renderCard(id)
    act(() => startEditingCard(editor, id))
    fireEvent.keyDown(screen.getByLabelText('Problem'), { key: 'Enter' })
    expect(editor.getEditingShapeId()).toBeNull()
    expect(editor.getSelectedShapeIds()).toEqual([id])
  })

  it('keeps Enter for new lines in a one-per-line list, and Cmd/Ctrl+Enter finishes', () => {
    const id = addShape(editor, { type: 'icp-persona' })
    renderCard(id)
    act(() => startEditingCard(editor, id))
    const goals = screen.getByLabelText('Goals')
    fireEvent.keyDown(goals, { key: 'Enter' })
    expect(editor.getEditingShapeId()).toBe(id)
    fireEvent.keyDown(goals, { key: 'Enter', ctrlKey: true })
    expect(editor.getEditingShapeId()).toBeNull()
  })

  it('toggles the importance badge while editing', () => {
    const id = addShape(editor, { type: 'icp-attribute' })
    renderCard(id)
    act(() => startEditingCard(editor, id))
    fireEvent.click(screen.getByRole('button', { name: 'Nice-to-have' }))
    expect(editor.getShape(id)?.props).toMatchObject({ importance: 'must' })
  })

  it('switches a list between any and all of its items while editing', () => {
    const id = addShape(editor, {
      type: 'icp-attribute',
      props: { category: 'technographic', value: 'Shopify + QuickBooks' },
    })
    const { container } = renderCard(id)
    expect(screen.queryByRole('button', { name: 'any of' })).toBeNull()
    act(() => startEditingCard(editor, id))
    fireEvent.click(screen.getByRole('button', { name: 'any of' }))
    expect(editor.getShape(id)?.props).toMatchObject({ listMatch: 'all' })
    expect(container.querySelector('[data-testid="value-reading"]')?.textContent).toBe(
      '→ all of: Shopify, QuickBooks',
    )
  })
})

describe('creating cards', () => {
  it('adds a card centred in the viewport and starts editing it', () => {
    const id = createCardAtViewportCenter(editor, 'icp-disqualifier')!
    const shape = editor.getShape(id)!
    const center = editor.getViewportPageBounds().center
    expect(shape.type).toBe('icp-disqualifier')
    expect(editor.getShapePageBounds(id)?.center.toJson()).toEqual(center.toJson())
    expect(editor.getEditingShapeId()).toBe(id)
  })

  it('makes an attribute card a must-have in the step 4 frame and a nice-to-have elsewhere', () => {
    addShape(editor, {
      type: 'frame',
      x: 2000,
      y: 0,
      props: { w: 800, h: 600 },
      meta: { icpStep: 4 },
    })
    addShape(editor, {
      type: 'frame',
      x: 0,
      y: 2000,
      props: { w: 800, h: 600 },
      meta: { icpStep: 2 },
    })
    const inStep4 = createCardAt(editor, 'icp-attribute', { x: 2400, y: 300 })!
    const inStep2 = createCardAt(editor, 'icp-attribute', { x: 400, y: 2300 })!
    const outside = createCardAt(editor, 'icp-attribute', { x: -3000, y: -3000 })!
    expect(
      [inStep4, inStep2, outside].map(
        (id) => (editor.getShape(id)!.props as { importance: string }).importance,
      ),
    ).toEqual(['must', 'nice', 'nice'])
  })

  it('adds nothing on a read-only board', () => {
    editor.updateInstanceState({ isReadonly: true })
    expect(createCardAtViewportCenter(editor, 'icp-attribute')).toBeNull()
    expect(editor.getCurrentPageShapes()).toEqual([])
  })
})
