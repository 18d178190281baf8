import { useState } from 'react'
import { DefaultPeopleMenu, useValue } from 'tldraw'
import { useUiStore } from '../state/uiStore'
import { useBoard } from './boardContext'
import { ConnectionBadge } from './ConnectionBadge'

/** Top-right corner: connection badge, who is here (tldraw's people menu) and the share link. */
export function BoardSharePanel() {
  const { connection } = useBoard()
  const status = useValue(connection.$status)
  const [isCopied, setIsCopied] = useState(false)
  const isIcpPanelOpen = useUiStore((state) => state.isIcpPanelOpen)
  const setIcpPanelOpen = useUiStore((state) => state.setIcpPanelOpen)

  const copyLink = async () => {
    await navigator.clipboard?.writeText(window.location.href).catch(() => undefined)
    setIsCopied(true)
    window.setTimeout(() => setIsCopied(false), 2000)
  }

  return (
    <div className="tlui-share-zone board-share-panel" draggable={false}>
      <ConnectionBadge status={status} />
      {status === 'connected' && <DefaultPeopleMenu />}
      <button
        className="button button--small"
        aria-pressed={isIcpPanelOpen}
        onClick={() => setIcpPanelOpen(!isIcpPanelOpen)}
      >
        ICP document
      </button>
      <button className="button button--primary button--small" onClick={copyLink}>
        {isCopied ? 'Link copied' : 'Share'}
      </button>
    </div>
  )
}
