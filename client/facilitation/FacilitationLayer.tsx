import { VersionsDialog } from '../versions/VersionsDialog'
import { FacilitationEffects } from './FacilitationEffects'
import { VoteResultsPanel } from './VoteResultsPanel'
import { WorkshopBar } from './WorkshopBar'

/** Everything facilitation mounts inside `<Tldraw>` besides its slots: behaviour and panels. */
export function FacilitationLayer() {
  return (
    <>
      <FacilitationEffects />
      <WorkshopBar />
      <VoteResultsPanel />
      <VersionsDialog />
    </>
  )
}
