import type { PanelsSlice } from '../state/panelsSlice'

/** Tabs of the customer data panel, in the workshop's order. */
export const dataTabs = ['customers', 'commonalities', 'scoring'] as const
export type DataTab = (typeof dataTabs)[number]

export interface DataPanelSlice {
  dataTab: DataTab
  /** Opens the customer data panel (on `tab` when given). */
  openDataPanel: (tab?: DataTab) => void
  setDataTab: (tab: DataTab) => void
}

type SetSlice = (update: Partial<DataPanelSlice>) => void

/** The customer-data panel slice of the UI store (not persisted). */
export function createDataPanelSlice(set: SetSlice, get: () => PanelsSlice): DataPanelSlice {
  return {
    dataTab: 'customers',
    openDataPanel: (tab) => {
      if (tab) set({ dataTab: tab })
      get().showPanel('data')
    },
    setDataTab: (dataTab) => set({ dataTab }),
  }
}
