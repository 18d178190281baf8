import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ConnectionBadge } from '../../../client/board/ConnectionBadge'

describe('ConnectionBadge', () => {
  it.each([
    ['connected', 'Live'],
    ['connecting', 'Connecting…'],
    ['reconnecting', 'Reconnecting…'],
    ['offline', 'Offline'],
  ] as const)('shows %s as "%s"', (status, label) => {
    render(<ConnectionBadge status={status} />)
    expect(screen.getByRole('status').textContent).toBe(label)
  })

  it('tells an offline person that their edits are kept', () => {
    render(<ConnectionBadge status="offline" />)
    expect(screen.getByRole('status').getAttribute('title')).toBe(
      'You are offline. Keep working: your edits are kept and sent when you are back online.',
    )
  })
})
