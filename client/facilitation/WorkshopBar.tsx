import { useEditor, useValue } from 'tldraw'
import { getVisibleArea, useCoversCanvas } from '../board/visibleArea'
import { useUiStore } from '../state/uiStore'
import { ChevronDownIcon, HistoryIcon, WandIcon } from '../ui/icons'
import { useKeepKeysFromCanvas } from '../ui/useKeepKeysFromCanvas'
import { FacilitatorPanel, facilitatorPanelId } from './FacilitatorPanel'
import { FollowButton } from './FollowButton'
import { StepChip, StepPrompt } from './StepChip'
import { TimerChip } from './TimerChip'
import { useIsFacilitator } from './useFacilitation'
import { VoteChip } from './VoteChip'
import { WorkshopBanners } from './WorkshopBanners'
import './facilitation.css'

/**
 * The workshop's state for everyone, under the board title: current step and its prompt, the
 * timer, the vote, following the facilitator, and the lock / private-mode banners. The
 * facilitator also gets the "Facilitate" menu with every control.
 */
export function WorkshopBar() {
  const editor = useEditor()
  const isFacilitator = useIsFacilitator()
  const color = useUiStore((state) => state.identity.color)
  const isPanelOpen = useUiStore((state) => state.isFacilitatorPanelOpen)
  const setPanelOpen = useUiStore((state) => state.setFacilitatorPanelOpen)
  const setVersionsOpen = useUiStore((state) => state.setVersionsDialogOpen)
  const coversTop = useCoversCanvas('top')
  const keys = useKeepKeysFromCanvas<HTMLDivElement>()
  // Centred in the part of the canvas the side panels leave free.
  const area = useValue(
    'workshop bar place',
    () => {
      const { midX, w } = getVisibleArea(editor)
      return { midX, w }
    },
    [editor],
  )

  return (
    <div
      {...keys}
      className="fx-bar"
      style={{ ['--fx-my-color' as string]: color, left: area.midX }}
    >
      <div ref={coversTop} className="fx-bar__row" style={{ maxWidth: Math.min(880, area.w - 32) }}>
        <StepChip />
        <TimerChip />
        <VoteChip />
        <FollowButton />
        {isFacilitator ? (
          <button
            type="button"
            className="fx-chip fx-chip--action fx-facilitate"
            aria-expanded={isPanelOpen}
            aria-haspopup="dialog"
            aria-controls={facilitatorPanelId}
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
