import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ConnectionBadge, OfflineNotice } from '../../../client/board/ConnectionBadge'

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
      'You are offline. Keep working: your edits are kept on this device and will sync when the connection returns.',
    )
  })

  it('adds why the server dropped the connection while reconnecting, but not once live again', () => {
    const { rerender } = render(
      <ConnectionBadge status="reconnecting" detail="The server is restarting." />,
    )
    expect(screen.getByRole('status').getAttribute('title')).toBe(
      'The server is restarting. Connection lost. Keep working: your edits are kept and sent when it returns.',
    )
    rerender(<ConnectionBadge status="connected" detail="The server is restarting." />)
    expect(screen.getByRole('status').getAttribute('title')).toBe(
      'Connected: your edits are saved and shared live',
    )
  })

  it('says under the top bar, only while offline, that edits are kept and will sync', () => {
    const { rerender } = render(<OfflineNotice status="offline" />)
    expect(screen.getByRole('status').textContent).toBe(
      'You are offline. Your edits are kept on this device and will sync when the connection returns.',
    )
    rerender(<OfflineNotice status="reconnecting" />)
    expect(screen.queryByRole('status')).toBeNull()
  })
})
