import { useState } from 'react'
import { useValue } from 'tldraw'
import { useUiStore } from '../state/uiStore'
import { Popover } from '../ui/Popover'
import { useTabs } from '../ui/useTabs'
import { AgendaSection } from './AgendaSection'
import { CloseIcon, HistoryIcon } from '../ui/icons'
import { RoomSection } from './RoomSection'
import { useWorkshop } from './useFacilitation'
import { VoteSection } from './VoteSection'

const tabKeys = ['agenda', 'vote', 'room'] as const
type Tab = (typeof tabKeys)[number]
const tabLabels: Readonly<Record<Tab, string>> = { agenda: 'Agenda', vote: 'Voting', room: 'Room' }

/** The popover's id, which its button controls. */
export const facilitatorPanelId = 'facilitator-controls'

/**
 * The facilitator's controls, only ever rendered for the facilitator: the agenda and timer,
 * dot voting, and the room (summon, locks, private mode); versions open in their own dialog.
 */
export function FacilitatorPanel() {
  const workshop = useWorkshop()
  const setOpen = useUiStore((state) => state.setFacilitatorPanelOpen)
  const setVersionsOpen = useUiStore((state) => state.setVersionsDialogOpen)
  const hasOpenVote = useValue('has open vote', () => workshop.$openSession.get() !== null, [
    workshop,
  ])
  const [tab, setTab] = useState<Tab>(hasOpenVote ? 'vote' : 'agenda')
  const tabs = useTabs(tabKeys, tab, setTab)

  return (
    <Popover
      id={facilitatorPanelId}
      className="fx-panel"
      label="Facilitator controls"
      onClose={() => setOpen(false)}
    >
      <header className="fx-panel__header">
        <div className="fx-tabs" role="tablist" aria-label="Facilitation">
          {tabKeys.map((key) => (
            <button key={key} type="button" {...tabs.tabProps(key)}>
              {tabLabels[key]}
              {key === 'vote' && hasOpenVote && <span className="fx-live-dot" />}
            </button>
          ))}
        </div>
        <button type="button" className="fx-tab-link" onClick={() => setVersionsOpen(true)}>
          <HistoryIcon size={14} />
          Versions
        </button>
        <button
          type="button"
          className="fx-icon-button"
          aria-label="Close facilitator controls"
          onClick={() => setOpen(false)}
        >
          <CloseIcon />
        </button>
      </header>
      <div className="fx-panel__body" {...tabs.panelProps}>
        {tab === 'agenda' && <AgendaSection />}
        {tab === 'vote' && <VoteSection />}
        {tab === 'room' && <RoomSection />}
      </div>
    </Popover>
  )
}
