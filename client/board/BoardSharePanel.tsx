import { DefaultPeopleMenu, useValue } from 'tldraw'
import { ShareButton } from '../access/ShareButton'
import { CommentsButton } from '../comments/CommentsButton'
import { CustomerDataButton } from '../data/CustomerDataButton'
import { PanelToggle } from '../ui/PanelToggle'
import { useBoard } from './boardContext'
import { ConnectionBadge, OfflineNotice } from './ConnectionBadge'
import { UnreadableNotice } from './UnreadableNotice'
import { useCoversCanvas } from './visibleArea'

/**
 * Top-right corner: connection badge, who is here (tldraw's people menu), the comments list, the
 * ICP document and the share dialog.
 */
export function BoardSharePanel() {
  const { connection } = useBoard()
  const status = useValue(connection.$status)
  const dropReason = useValue(connection.$dropReason)
  const coversTop = useCoversCanvas('top')

  return (
    <div ref={coversTop} className="tlui-share-zone board-share-panel" draggable={false}>
      <ConnectionBadge status={status} detail={dropReason} />
      <OfflineNotice status={status} />
      <UnreadableNotice />
      {status === 'connected' && <DefaultPeopleMenu />}
      <CommentsButton />
      <CustomerDataButton />
      <PanelToggle panel="icp">ICP document</PanelToggle>
      <ShareButton />
    </div>
  )
}
