import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../../client/app/api'
import { ImportDialog, type ImportDialogProps } from '../../../client/data/ImportDialog'
import type { ColumnMapping } from '../../../shared/data/dataset'

const crmCsv = [
  'Company Name,Industry,Employees,Lifetime Value (USD),Churned,Account Owner',
  'Acme,SaaS,250,"$45,000",No,Ana',
  'Globex,Retail,1200,"$12,000",Yes,Ben',
].join('\n')

function renderDialog(props: Partial<ImportDialogProps> = {}) {
  const onImport = vi.fn<(mapping: ColumnMapping) => Promise<void>>(() => Promise.resolve())
  const onCancel = vi.fn()
  render(
    <ImportDialog
      kind="customers"
      fileName="export.csv"
      text={crmCsv}
      onCancel={onCancel}
      onImport={onImport}
      {...props}
    />,
  )
  return { onImport, onCancel }
}

function select(header: string): HTMLSelectElement {
  return screen.getByLabelText(`Import ${header} as`)
}

function importButton(): HTMLButtonElement {
  return screen.getByRole('button', { name: /^Import \d/ })
}

describe('ImportDialog', () => {
  it('lists every column with samples and the field suggested from its header', () => {
    renderDialog()
    expect(screen.getByText('export.csv')).toBeTruthy()
    expect(screen.getByText(/2 rows · 6 columns/)).toBeTruthy()
    expect(select('Company Name').value).toBe('field:name')
    expect(select('Industry').value).toBe('field:industry')
    expect(select('Employees').value).toBe('field:employees')
    expect(select('Lifetime Value (USD)').value).toBe('field:clv')
    expect(select('Churned').value).toBe('field:churned')
    expect(select('Account Owner').value).toBe('ignore')
    const industryRow = select('Industry').closest('[role="row"]') as HTMLElement
    expect(within(industryRow).getByText('SaaS · Retail')).toBeTruthy()
  })

  it('checks the whole file and imports with the confirmed mapping', async () => {
    const { onImport } = renderDialog()
    expect(await screen.findByText('Ready: 2 customers, 5 columns mapped.')).toBeTruthy()
    fireEvent.change(select('Account Owner'), { target: { value: 'custom:category' } })
    expect(await screen.findByText('Ready: 2 customers, 6 columns mapped.')).toBeTruthy()
    await act(async () => fireEvent.click(importButton()))
    expect(onImport).toHaveBeenCalledWith([
      { column: 0, field: 'name' },
      { column: 1, field: 'industry' },
      { column: 2, field: 'employees' },
      { column: 3, field: 'clv' },
      { column: 4, field: 'churned' },
      { column: 5, field: 'custom', type: 'category', label: 'Account Owner' },
    ])
  })

  it('shows row-numbered problems and keeps Import disabled until the mapping reads cleanly', async () => {
    renderDialog()
    // Names are not numbers: every row fails.
    fireEvent.change(select('Company Name'), { target: { value: 'field:employees' } })
    expect(select('Employees').value).toBe('ignore')
    const alert = await screen.findByRole('alert')
    expect(within(alert).getByText(/^2 problems to fix/)).toBeTruthy()
    expect(within(alert).getByText('Row 2: Company Name "Acme" is not a number.')).toBeTruthy()
    expect(within(alert).getByText('Row 3: Company Name "Globex" is not a number.')).toBeTruthy()
    expect(importButton().disabled).toBe(true)

    fireEvent.change(select('Company Name'), { target: { value: 'field:name' } })
    fireEvent.change(select('Employees'), { target: { value: 'field:employees' } })
    expect(await screen.findByText('Ready: 2 customers, 5 columns mapped.')).toBeTruthy()
    expect(importButton().disabled).toBe(false)
  })

  it('says what a refused import was refused for, and lets the person try again', async () => {
    const onImport = vi.fn(() =>
      Promise.reject(
        new ApiError('The file has 1 problem; nothing was imported.', 422, {
          error: 'The file has 1 problem; nothing was imported.',
          problems: [{ row: 9, message: 'Row 9: NPS "11" is outside 0 to 10.' }],
          problemCount: 1,
        }),
      ),
    )
    renderDialog({ onImport })
    await screen.findByText(/^Ready/)
    await act(async () => fireEvent.click(importButton()))
    const alert = screen.getByRole('alert')
    expect(within(alert).getByText('The file has 1 problem; nothing was imported.')).toBeTruthy()
    expect(within(alert).getByText('Row 9: NPS "11" is outside 0 to 10.')).toBeTruthy()
    expect(importButton().disabled).toBe(false)
  })

  it('refuses files that cannot be read, with their row numbers', () => {
    renderDialog({ text: 'Name,Size\nAcme,10\nGlobex,1,200\n' })
    const alert = screen.getByRole('alert')
    expect(
      within(alert).getByText(
        'Row 3: has 3 values but the header has 2 columns (is a value with a comma missing its quotes?).',
      ),
    ).toBeTruthy()
    expect(importButton().disabled).toBe(true)
  })

  it('refuses more than 50,000 rows before sending anything', () => {
    renderDialog({ text: `Name\n${'Acme\n'.repeat(50_001)}` })
    expect(
      screen.getByText('The file has more than 50,000 rows; the limit is 50,000.'),
    ).toBeTruthy()
    expect(importButton().disabled).toBe(true)
  })

  it('offers no value fields for an account list', async () => {
    renderDialog({ kind: 'accounts' })
    expect(select('Lifetime Value (USD)').value).toBe('ignore')
    const options = [...select('Industry').options].map((option) => option.value)
    expect(options).not.toContain('field:clv')
    expect(await screen.findByText('Ready: 2 accounts, 3 columns mapped.')).toBeTruthy()
  })

  it('warns when customers have no value column to rank them by', async () => {
    renderDialog({ text: 'Company,Industry\nAcme,SaaS\n' })
    expect(await screen.findByText(/^No value column \(lifetime value, sales cycle/)).toBeTruthy()
  })

  it('closes with Escape (the dialog’s cancel request) or Cancel', () => {
    const { onCancel } = renderDialog()
    // jsdom has no Escape-to-cancel of its own; a browser turns Escape into this event.
    fireEvent(screen.getByRole('dialog'), new Event('cancel', { cancelable: true }))
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(onCancel).toHaveBeenCalledTimes(2)
  })
})
