import { useUiStore } from '../state/uiStore'
import { FacilitatorPanel } from './FacilitatorPanel'
import { FollowButton } from './FollowButton'
import { ChevronDownIcon, HistoryIcon, WandIcon } from './icons'
import { StepChip, StepPrompt } from './StepChip'
import { TimerChip } from './TimerChip'
import { useIsFacilitator } from './useFacilitation'
import { VoteChip } from './VoteChip'
import { WorkshopBanners } from './WorkshopBanners'
import './facilitation.css'

/** Room taken by a side panel (ICP document, data, comments, vote results) and its margin. */
const sidePanelWidth = 388

/**
 * The workshop's state for everyone, under the board title: current step and its prompt, the
 * timer, the vote, following the facilitator, and the lock / private-mode banners. The
 * facilitator also gets the "Facilitate" menu with every control.
 */
export function WorkshopBar() {
  const isFacilitator = useIsFacilitator()
  const color = useUiStore((state) => state.identity.color)
  const isPanelOpen = useUiStore((state) => state.isFacilitatorPanelOpen)
  const setPanelOpen = useUiStore((state) => state.setFacilitatorPanelOpen)
  const setVersionsOpen = useUiStore((state) => state.setVersionsDialogOpen)
  // Centred in the canvas area the side panels leave free.
  const leftInset = useUiStore((state) =>
    state.isIcpPanelOpen || state.isDataPanelOpen ? sidePanelWidth : 0,
  )
  const rightInset = useUiStore((state) =>
    state.resultsSessionId !== null || state.isCommentsPanelOpen ? sidePanelWidth : 0,
  )

  return (
    <div
      className="fx-bar"
      style={{
        ['--fx-my-color' as string]: color,
        left: `calc(${leftInset}px + (100% - ${leftInset + rightInset}px) / 2)`,
      }}
      onKeyDown={(event) => event.stopPropagation()}
    >
      <div
        className="fx-bar__row"
        style={{ maxWidth: `min(880px, calc(100vw - ${leftInset + rightInset + 32}px))` }}
      >
        <StepChip />
        <TimerChip />
        <VoteChip />
        <FollowButton />
        {isFacilitator ? (
          <button
            type="button"
            className="fx-chip fx-chip--action fx-facilitate"
            aria-expanded={isPanelOpen}
            onClick={() => setPanelOpen(!isPanelOpen)}
          >
            <WandIcon />
            Facilitate
            <ChevronDownIcon size={12} />
          </button>
        ) : (
          <button
            type="button"
            className="fx-chip fx-chip--action fx-chip--icon"
            aria-label="Version history"
            title="Version history"
            onClick={() => setVersionsOpen(true)}
          >
            <HistoryIcon />
          </button>
        )}
      </div>
      {isFacilitator && isPanelOpen && <FacilitatorPanel />}
      {!(isFacilitator && isPanelOpen) && <StepPrompt />}
      <WorkshopBanners />
    </div>
  )
}
