/** Tabs of the customer data panel, in the workshop's order (steps 1-2, then 5). */
export const dataTabs = ['customers', 'commonalities', 'scoring'] as const
export type DataTab = (typeof dataTabs)[number]

export interface DataPanelSlice {
  isDataPanelOpen: boolean
  dataTab: DataTab
  /** Opens the panel (on `tab` when given); it shares the left side with the ICP panel. */
  openDataPanel: (tab?: DataTab) => void
  closeDataPanel: () => void
  setDataTab: (tab: DataTab) => void
}

type SetSlice = (update: Partial<DataPanelSlice> & { isIcpPanelOpen?: boolean }) => void

/** The customer-data panel slice of the UI store (not persisted). */
export function createDataPanelSlice(set: SetSlice): DataPanelSlice {
  return {
    isDataPanelOpen: false,
    dataTab: 'customers',
    openDataPanel: (tab) =>
      set({ isDataPanelOpen: true, isIcpPanelOpen: false, ...(tab ? { dataTab: tab } : {}) }),
    closeDataPanel: () => set({ isDataPanelOpen: false }),
    setDataTab: (dataTab) => set({ dataTab }),
  }
}
