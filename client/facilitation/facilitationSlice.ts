/** Local (per-browser, not persisted) state of the facilitation UI. */
export interface FacilitationSlice {
  /** The facilitator's controls, under the workshop bar. */
  isFacilitatorPanelOpen: boolean
  setFacilitatorPanelOpen: (isOpen: boolean) => void
  /** The vote session whose results the results panel shows; null = panel closed. */
  resultsSessionId: string | null
  /** Opens the results panel on a session; it shares the right side with the comments list. */
  showVoteResults: (sessionId: string | null) => void
  /** The current step's prompt under the bar (unfolds again whenever the step changes). */
  isStepPromptOpen: boolean
  setStepPromptOpen: (isOpen: boolean) => void
  /** Whether changing the step also brings everyone's view to the step's frame. */
  isBringingEveryoneOnStep: boolean
  setBringingEveryoneOnStep: (isOn: boolean) => void
  /** The versions dialog. */
  isVersionsDialogOpen: boolean
  setVersionsDialogOpen: (isOpen: boolean) => void
}

type SetSlice = (update: Partial<FacilitationSlice> & { isCommentsPanelOpen?: boolean }) => void

/** The facilitation slice of the UI store. */
export function createFacilitationSlice(set: SetSlice): FacilitationSlice {
  return {
    isFacilitatorPanelOpen: false,
    setFacilitatorPanelOpen: (isFacilitatorPanelOpen) => set({ isFacilitatorPanelOpen }),
    resultsSessionId: null,
    showVoteResults: (resultsSessionId) =>
      set(
        resultsSessionId === null
          ? { resultsSessionId }
          : { resultsSessionId, isCommentsPanelOpen: false },
      ),
    isStepPromptOpen: true,
    setStepPromptOpen: (isStepPromptOpen) => set({ isStepPromptOpen }),
    isBringingEveryoneOnStep: true,
    setBringingEveryoneOnStep: (isBringingEveryoneOnStep) => set({ isBringingEveryoneOnStep }),
    isVersionsDialogOpen: false,
    setVersionsDialogOpen: (isVersionsDialogOpen) => set({ isVersionsDialogOpen }),
  }
}
