import type { ConnectionStatus } from '../sync/boardConnection'

const labels: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
}

const titles: Record<ConnectionStatus, string> = {
  connecting: 'Connecting to the workshop server',
  connected: 'Connected: your edits are saved and shared live',
  reconnecting: 'Connection lost. Keep working: your edits are kept and sent when it returns.',
  offline:
    'You are offline. Keep working: your edits are kept on this device and will sync when the connection returns.',
}

/**
 * Shows whether edits are reaching the server right now; while reconnecting after the server
 * dropped the connection on purpose, its reason (`detail`) is part of the tooltip.
 */
export function ConnectionBadge({
  status,
  detail,
}: {
  status: ConnectionStatus
  detail?: string | null
}) {
  const title = status !== 'connected' && detail ? `${detail} ${titles[status]}` : titles[status]
  return (
    <span
      className={`connection-badge connection-badge--${status}`}
      title={title}
      role="status"
      data-status={status}
    >
      <span className="connection-badge__dot" aria-hidden="true" />
      <span className="connection-badge__label">{labels[status]}</span>
    </span>
  )
}

/**
 * While offline, says under the top bar what that means, so nobody has to hover the badge to learn
 * that nothing is lost. Announced to screen readers once, politely.
 */
export function OfflineNotice({ status }: { status: ConnectionStatus }) {
  if (status !== 'offline') return null
  return (
    <div className="offline-notice" role="status" aria-live="polite">
      You are offline. Your edits are kept on this device and will sync when the connection returns.
    </div>
  )
}
