import { DefaultPeopleMenu, useValue } from 'tldraw'
import { ShareButton } from '../access/ShareButton'
import { CommentsButton } from '../comments/CommentsButton'
import { CustomerDataButton } from '../data/CustomerDataButton'
import { PanelToggle } from '../ui/PanelToggle'
import { useScreenLayout } from '../ui/screenLayout'
import { useBoard } from './boardContext'
import { BoardMenu } from './BoardMenu'
import { ConnectionBadge, OfflineNotice } from './ConnectionBadge'
import { UnreadableNotice } from './UnreadableNotice'
import { useCoversCanvas } from './visibleArea'

/**
 * Top-right corner: connection badge, who is here (tldraw's people menu), the comments list, the
 * ICP document and the share dialog. On a narrow screen the four actions fold into one menu, and
 * on a phone the people menu gives way to them.
 */
export function BoardSharePanel() {
  const { connection } = useBoard()
  const status = useValue(connection.$status)
  const dropReason = useValue(connection.$dropReason)
  const coversTop = useCoversCanvas('top')
  const layout = useScreenLayout()

  return (
    <div ref={coversTop} className="tlui-share-zone board-share-panel" draggable={false}>
      <ConnectionBadge status={status} detail={dropReason} />
      <OfflineNotice status={status} />
      <UnreadableNotice />
      {status === 'connected' && layout !== 'phone' && <DefaultPeopleMenu />}
      {layout === 'desktop' ? (
        <>
          <CommentsButton />
          <CustomerDataButton />
          <PanelToggle panel="icp">ICP document</PanelToggle>
          <ShareButton />
        </>
      ) : (
        <BoardMenu />
      )}
    </div>
  )
}
