/** The side panels a person opens from the top bar; one is open at a time, on the left. */
export const sidePanels = ['icp', 'data', 'comments', 'voteResults'] as const
export type SidePanelId = (typeof sidePanels)[number]

/** The element id of a side panel, which its button controls. */
export function sidePanelDomId(panel: SidePanelId): string {
  return `side-panel-${panel}`
}

export interface PanelsSlice {
  /** The open side panel, or null. The one field every panel reads and writes. */
  openPanel: SidePanelId | null
  /** Opens `panel` in place of the open one. */
  showPanel: (panel: SidePanelId) => void
  /** Closes `panel` if it is the open one (another panel that took its place stays). */
  closePanel: (panel: SidePanelId) => void
  /** Opens `panel`, or closes it when it is open. */
  togglePanel: (panel: SidePanelId) => void
  /**
   * On a phone, the card whose details sheet is open: a tap on a card opens it, a selection
   * alone (a drag, Show) does not, and a side panel opened over it hides it.
   */
  cardSheetId: string | null
  setCardSheet: (shapeId: string | null) => void
  /** Which compiled ICP the ICP panel and the data steps show (its id), when there are several. */
  selectedIcpId: string | null
  selectIcp: (icpId: string | null) => void
}

type SetSlice = (update: (state: PanelsSlice) => Partial<PanelsSlice>) => void

/** The panels slice of the UI store (not persisted). */
export function createPanelsSlice(set: SetSlice): PanelsSlice {
  return {
    openPanel: null,
    showPanel: (panel) => set(() => ({ openPanel: panel })),
    closePanel: (panel) => set((state) => (state.openPanel === panel ? { openPanel: null } : {})),
    togglePanel: (panel) =>
      set((state) => ({ openPanel: state.openPanel === panel ? null : panel })),
    cardSheetId: null,
    setCardSheet: (cardSheetId) => set(() => ({ cardSheetId })),
    selectedIcpId: null,
    selectIcp: (selectedIcpId) => set(() => ({ selectedIcpId })),
  }
}
