import type { PanelsSlice } from '../state/panelsSlice'

/** Local (per-browser, not persisted) state of the facilitation UI. */
export interface FacilitationSlice {
  /** The facilitator's controls, a popover under the workshop bar. */
  isFacilitatorPanelOpen: boolean
  setFacilitatorPanelOpen: (isOpen: boolean) => void
  /** The vote session the results panel shows (kept while the panel is closed). */
  resultsSessionId: string | null
  /** Opens the results panel on a session. */
  showVoteResults: (sessionId: string) => void
  /** The current step's prompt under the bar (for someone away from the step's frame). */
  isStepPromptOpen: boolean
  setStepPromptOpen: (isOpen: boolean) => void
  /** Whether changing the step also brings everyone's view to the step's frame. */
  isBringingEveryoneOnStep: boolean
  setBringingEveryoneOnStep: (isOn: boolean) => void
  /** The versions dialog. Opening it closes the facilitator's popover, which it would hide. */
  isVersionsDialogOpen: boolean
  setVersionsDialogOpen: (isOpen: boolean) => void
}

type SetSlice = (update: Partial<FacilitationSlice>) => void

/** The facilitation slice of the UI store. */
export function createFacilitationSlice(set: SetSlice, get: () => PanelsSlice): FacilitationSlice {
  return {
    isFacilitatorPanelOpen: false,
    setFacilitatorPanelOpen: (isFacilitatorPanelOpen) => set({ isFacilitatorPanelOpen }),
    resultsSessionId: null,
    showVoteResults: (resultsSessionId) => {
      set({ resultsSessionId })
      get().showPanel('voteResults')
    },
    isStepPromptOpen: false,
    setStepPromptOpen: (isStepPromptOpen) => set({ isStepPromptOpen }),
    isBringingEveryoneOnStep: true,
    setBringingEveryoneOnStep: (isBringingEveryoneOnStep) => set({ isBringingEveryoneOnStep }),
    isVersionsDialogOpen: false,
    setVersionsDialogOpen: (isVersionsDialogOpen) =>
      set(
        isVersionsDialogOpen
          ? { isVersionsDialogOpen, isFacilitatorPanelOpen: false }
          : { isVersionsDialogOpen },
      ),
  }
}
