import { DefaultPeopleMenu, useValue } from 'tldraw'
import { ShareButton } from '../access/ShareButton'
import { CommentsButton } from '../comments/CommentsButton'
import { CustomerDataButton } from '../data/CustomerDataButton'
import { useUiStore } from '../state/uiStore'
import { useBoard } from './boardContext'
import { ConnectionBadge, OfflineNotice } from './ConnectionBadge'
import { UnreadableNotice } from './UnreadableNotice'

/**
 * Top-right corner: connection badge, who is here (tldraw's people menu), the comments list, the
 * ICP document and the share dialog.
 */
export function BoardSharePanel() {
  const { connection } = useBoard()
  const status = useValue(connection.$status)
  const dropReason = useValue(connection.$dropReason)
  const isIcpPanelOpen = useUiStore((state) => state.isIcpPanelOpen)
  const setIcpPanelOpen = useUiStore((state) => state.setIcpPanelOpen)

  return (
    <div className="tlui-share-zone board-share-panel" draggable={false}>
      <ConnectionBadge status={status} detail={dropReason} />
      <OfflineNotice status={status} />
      <UnreadableNotice />
      {status === 'connected' && <DefaultPeopleMenu />}
      <CommentsButton />
      <CustomerDataButton />
      <button
        className="button button--small"
        aria-pressed={isIcpPanelOpen}
        onClick={() => setIcpPanelOpen(!isIcpPanelOpen)}
      >
        ICP document
      </button>
      <ShareButton />
    </div>
  )
}
